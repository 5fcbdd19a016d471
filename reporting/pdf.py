"""Committee papers as tagged PDFs (PDF/UA-1), A4 landscape, from print templates.

A paper's print template extends reporting/pdf/base.html and draws its long table from
`rows`. A short paper is one WeasyPrint document. A long one (thousands of rows) is laid
out in parts of ROWS_PER_PART rows, each written to a tagged PDF of its own before the next
is laid out, so the worker holds one part's layout at a time rather than the whole paper's
(WeasyPrint keeps every page's boxes until it writes; at 5,000 rows that was 1.6 GB, and
its collector and writer grow faster than the paper). With more than one CPU the rows are
split into contiguous runs laid out side by side, one in the worker and each other in a
process of its own (PDF_PROCESSES). The parts are then joined into one tagged PDF and the
page footers ("Page x of y") drawn on each page once the number of pages is known.

The template sees `part`: "first" (the title, summary and the first rows, without
footers), "rows" (only the table, continued, without footers), "footers" (only the page
footers, on `footer_pages` empty pages), or nothing for a paper made in one piece.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pikepdf
from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

# Rows laid out at a time in a long paper: about 20 pages, ~150 MB of layout.
ROWS_PER_PART = 400


def render_pdf(
    template: str, context: dict, *, base_url: str = "", rows_per_part: int = ROWS_PER_PART
) -> bytes:
    """Render a print template (A4 landscape @page, repeating table header, page x of y in
    the footer) to a tagged PDF."""
    context = {"council_name": settings.COUNCIL_NAME, **context}
    base_url = base_url or str(settings.BASE_DIR)
    rows = context.get("rows")
    if not rows or len(rows) <= rows_per_part:
        with _collector_paused():
            return _html(template, context, base_url).write_pdf(pdf_variant="pdf/ua-1")
    return _render_in_parts(template, context, base_url, rows, rows_per_part)


def _html(template: str, context: dict, base_url: str) -> HTML:
    return HTML(string=render_to_string(template, context), base_url=base_url)


@contextmanager
def _collector_paused():
    """WeasyPrint builds hundreds of thousands of small objects (boxes, styles) that live
    until the part is written; Python's cyclic collector would scan them again and again
    as they grow (a sixth of the time). Pause it for one document and collect once after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.collect()


def _render_in_parts(
    template: str, context: dict, base_url: str, rows: list, rows_per_part: int
) -> bytes:
    runs = min(settings.PDF_PROCESSES, _cpus(), -(-len(rows) // rows_per_part))
    if runs <= 1:
        parts = layout_parts(template, context, base_url, rows, rows_per_part, "first")
    else:
        parts = _laid_out_in_parallel(template, context, base_url, rows, rows_per_part, runs)
    return _joined(parts, template, context, base_url)


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def _laid_out_in_parallel(
    template: str, context: dict, base_url: str, rows: list, rows_per_part: int, runs: int
) -> list[bytes]:
    """The rows in `runs` contiguous runs, the first laid out here while each of the others is
    laid out by a process of its own (`python -m reporting.pdf_part`, a plain subprocess, as
    a Celery worker's children cannot have children of their own through multiprocessing).
    Each run carries partial pages over between its own parts; the last page of a run but the
    last may be part-filled. A run that fails, or is not done within REPORT_STALE_SECONDS,
    fails the paper with the reason."""
    size = -(-len(rows) // runs)
    bounds = [(start, min(start + size, len(rows))) for start in range(0, len(rows), size)]
    # A run may take as long as a report run may go without a sign of life.
    timeout = settings.REPORT_STALE_SECONDS
    deadline = time.monotonic() + timeout
    context = {key: value for key, value in context.items() if key != "rows"}
    with tempfile.TemporaryDirectory(prefix="paper-") as scratch:
        children = []
        try:
            for n, (start, end) in enumerate(bounds[1:], start=1):
                job = Path(scratch) / f"run-{n}"
                job.with_suffix(".job").write_bytes(
                    pickle.dumps((template, context, base_url, rows[start:end], rows_per_part))
                )
                with job.with_suffix(".err").open("wb") as errors:
                    children.append(
                        subprocess.Popen(
                            [sys.executable, "-m", "reporting.pdf_part", str(job)],
                            cwd=settings.BASE_DIR,
                            stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=errors,
                        )
                    )
            start, end = bounds[0]
            parts = layout_parts(template, context, base_url, rows[start:end], rows_per_part)
            for n, child in enumerate(children, start=1):
                job = Path(scratch) / f"run-{n}"
                try:
                    child.wait(timeout=max(deadline - time.monotonic(), 0))
                except subprocess.TimeoutExpired:
                    raise RuntimeError(
                        f"laying out rows {bounds[n][0] + 1} to {bounds[n][1]} of the paper "
                        f"took more than {timeout} s"
                    ) from None
                if child.returncode:
                    message = job.with_suffix(".err").read_text(errors="replace").strip()
                    raise RuntimeError(
                        f"laying out rows {bounds[n][0] + 1} to {bounds[n][1]} of the paper "
                        f"failed: {message.splitlines()[-1] if message else child.returncode}"
                    )
                parts += pickle.loads(job.with_suffix(".pdfs").read_bytes())
        finally:
            for child in children:
                if child.poll() is None:
                    child.kill()
                    child.wait()
    return parts


def layout_parts(
    template: str, context: dict, base_url: str, rows: list, rows_per_part: int, part="first"
) -> list[bytes]:
    """The rows laid out in parts of up to rows_per_part rows, each a tagged PDF; `part` is
    the first part's ("first" for the start of the paper, "rows" for a run after it)."""
    parts: list[bytes] = []
    start = 0
    while True:
        chunk = rows[start : start + rows_per_part]
        last = start + len(chunk) >= len(rows)
        with _collector_paused():
            document = _html(template, {**context, "part": part, "rows": chunk}, base_url).render()
            pages = document.pages
            taken = len(chunk)
            if not last and len(pages) > 1:
                # The rows on the part's last page are laid out again at the top of the
                # next part, so that every page but the run's last is full.
                carried = _body_rows(pages[-1])
                taken = len(_body_rows(*pages[:-1]) - carried)
                if taken:
                    pages = pages[:-1]
                else:
                    taken = len(chunk)
            parts.append(document.copy(pages).write_pdf(pdf_variant="pdf/ua-1"))
            del document, pages
        start += taken
        part = "rows"
        if start >= len(rows):
            return parts


def _body_rows(*pages) -> set[int]:
    """The table body rows (by their HTML element) with a part on these pages."""
    found: set[int] = set()
    for page in pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if isinstance(box, boxes.TableRowGroupBox):
                if not box.is_header:
                    found.update(id(row.element) for row in box.children)
            elif isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.LineBox):
                stack.extend(box.children)
    return found


def _joined(parts: list[bytes], template: str, context: dict, base_url: str) -> bytes:
    """One tagged PDF of the parts, in order: the first part's catalogue (language, title,
    outline, PDF/UA metadata) with every part's pages, and each part's structure elements
    under the first's Document element (as WeasyPrint itself tags each page's part of a
    table as a table of its own), the parent tree renumbered to match."""
    paper = pikepdf.open(io.BytesIO(parts[0]))
    root = paper.Root.StructTreeRoot
    document = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
    nums = root.ParentTree.Nums
    keys = {int(nums[n]) for n in range(0, len(nums), 2)}
    next_key = max(keys, default=-1) + 1
    for data in parts[1:]:
        part = pikepdf.open(io.BytesIO(data))
        part_root = part.Root.StructTreeRoot
        part_document = part_root.K[0] if isinstance(part_root.K, pikepdf.Array) else part_root.K
        kids = part_document.K
        for kid in kids:
            # Detach from the part's own Document so that copying stops here.
            del kid.P
        part_nums = part_root.ParentTree.Nums
        renumbered = {}
        for n in range(0, len(part_nums), 2):
            renumbered[int(part_nums[n])] = next_key
            next_key += 1
        for page in part.pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = renumbered[int(page.obj.StructParents)]
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = renumbered[int(annotation.StructParent)]
        paper.pages.extend(part.pages)
        for kid in _copied(paper, kids):
            kid.P = document
            document.K.append(kid)
        for n in range(0, len(part_nums), 2):
            nums.append(renumbered[int(part_nums[n])])
            nums.append(_copied(paper, part_nums[n + 1]))
        part.close()
    root.ParentTreeNextKey = next_key
    _draw_footers(paper, template, context, base_url)
    out = io.BytesIO()
    paper.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    return out.getvalue()


def _copied(paper: pikepdf.Pdf, value):
    """A part's object in the joined paper (objects already copied, like its pages, are
    reused); an array held directly is copied item by item."""
    if isinstance(value, pikepdf.Array) and not value.is_indirect:
        return pikepdf.Array([_copied(paper, item) for item in value])
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return paper.copy_foreign(value)
    return value


def _draw_footers(paper: pikepdf.Pdf, template: str, context: dict, base_url: str) -> None:
    """The page footers, laid out by WeasyPrint on as many empty pages as the paper has,
    drawn on each page as a pagination artefact (outside the structure tree, as a screen
    reader expects of running footers)."""
    footers = _html(
        template, {**context, "part": "footers", "footer_pages": range(len(paper.pages))}, base_url
    ).write_pdf()
    footer_pdf = pikepdf.open(io.BytesIO(footers))
    if len(footer_pdf.pages) != len(paper.pages):
        raise RuntimeError(
            f"the footers came to {len(footer_pdf.pages)} pages, the paper to {len(paper.pages)}"
        )
    for page, footer in zip(paper.pages, footer_pdf.pages, strict=True):
        form = paper.copy_foreign(footer.as_form_xobject())
        name = page.add_resource(form, pikepdf.Name.XObject, prefix="Footer")
        # The page's own drawing is wrapped in q … Q so that its transformation
        # (WeasyPrint draws from the top left) does not move the footer.
        page.contents_add(paper.make_stream(b"q\n"), prepend=True)
        page.contents_add(
            paper.make_stream(
                b"\nQ /Artifact <</Type /Pagination /Subtype /Footer>> BDC q "
                + str(name).encode()
                + b" Do Q EMC\n"
            ),
            prepend=False,
        )
