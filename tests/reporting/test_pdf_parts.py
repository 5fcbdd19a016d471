"""A long committee paper is laid out in parts and joined: it reads as the paper made in one
piece would (every row once, in order; page x of y on every page) and stays one tagged PDF,
whether its parts are laid out one after another or by two processes side by side."""

import datetime as dt
import io
import re
import subprocess
import time
from unittest import mock

import pytest
from django.test import override_settings
from pypdf import PdfReader

from reporting import pdf
from reporting.pdf import render_pdf

ROWS = 150
PART = 40


def paper(rows_per_part: int, last_cell: object = None) -> bytes:
    rows = [
        (
            f"REC-{n:03}",
            f"Recommendation number {n} about the depot{' and its fences' * (n % 4)}",
            "Internal audit of the depot (Internal audit)",
            "Grounds maintenance, Head of Service",
            "High",
            "01/06/2026",
            "Not revised",
            "In progress, 30%",
            n % 40,
            "On track",
            "A note" * (n % 3),
        )
        for n in range(ROWS)
    ]
    if last_cell is not None:
        rows[-1] = (*rows[-1][:-1], last_cell)
    context = {
        "title": "Recommendation tracker",
        "today": dt.date(2026, 7, 1),
        "sections": [("Recommendations", [("Open", ROWS)])],
        "rows": rows,
    }
    return render_pdf("reporting/pdf/tracker.html", context, rows_per_part=rows_per_part)


@pytest.fixture(scope="module")
def whole() -> PdfReader:
    return PdfReader(io.BytesIO(paper(ROWS)))


@pytest.fixture(scope="module")
def joined() -> PdfReader:
    with override_settings(PDF_PROCESSES=1):
        return PdfReader(io.BytesIO(paper(PART)))


@pytest.fixture(scope="module")
def in_parallel() -> PdfReader:
    started, popen = [], subprocess.Popen

    def recorded(command, **kwargs):
        started.append(command)
        return popen(command, **kwargs)

    with pytest.MonkeyPatch.context() as patch, override_settings(PDF_PROCESSES=2):
        patch.setattr(pdf, "_cpus", lambda: 2)
        patch.setattr(pdf.subprocess, "Popen", recorded)
        reader = PdfReader(io.BytesIO(paper(PART)))
    reader.started = started
    return reader


@pytest.fixture
def two_processes(settings, monkeypatch):
    settings.PDF_PROCESSES = 2
    monkeypatch.setattr(pdf, "_cpus", lambda: 2)


def page_texts(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def refs(reader: PdfReader) -> list[str]:
    return re.findall(r"REC-\d{3}", " ".join(page_texts(reader)))


def test_every_row_once_in_order_on_as_many_pages(whole, joined):
    assert refs(joined) == [f"REC-{n:03}" for n in range(ROWS)]
    assert refs(joined) == refs(whole)
    assert len(joined.pages) == len(whole.pages) > ROWS // PART


def test_laid_out_side_by_side_every_row_is_once_in_order(whole, in_parallel):
    assert in_parallel.started == [[pdf.sys.executable, "-m", "reporting.pdf_part", mock.ANY]]
    assert refs(in_parallel) == [f"REC-{n:03}" for n in range(ROWS)]
    # Where the two runs meet, the first run's last page may be part-filled.
    assert len(whole.pages) <= len(in_parallel.pages) <= len(whole.pages) + 1


@pytest.mark.parametrize("name", ["joined", "in_parallel"])
def test_each_page_is_numbered_of_the_whole_paper(name, request):
    joined = request.getfixturevalue(name)
    total = len(joined.pages)
    for n, text in enumerate(page_texts(joined), start=1):
        assert f"Page {n} of {total}" in text
        assert "Recommendation tracker · 1 July 2026" in text
    first = page_texts(joined)[0]
    assert first.index("Summary") < first.index("Recommendations")
    assert sum(text.count("Summary") for text in page_texts(joined)) == 1


@pytest.mark.parametrize("name", ["joined", "in_parallel"])
def test_the_joined_paper_is_one_tagged_pdf(name, request):
    joined = request.getfixturevalue(name)
    root = joined.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    tree = root["/StructTreeRoot"]
    (document,) = tree["/K"] if isinstance(tree["/K"], list) else [tree["/K"]]
    document = document.get_object()
    assert document["/S"] == "/Document"
    pages = {page.indirect_reference.idnum for page in joined.pages}

    # Every page's marked content is found through the parent tree, under its own key.
    nums = tree["/ParentTree"]["/Nums"]
    keys = [nums[n] for n in range(0, len(nums), 2)]
    assert len(keys) == len(set(keys))
    marked = {nums[n]: nums[n + 1] for n in range(0, len(nums), 2)}
    page_keys = [page["/StructParents"] for page in joined.pages]
    assert len(set(page_keys)) == len(page_keys)
    assert all(len(marked[key]) > 0 for key in page_keys)

    # One Document element holds a table for each page of rows, each with its header row,
    # and every element names a page of this paper and its parent.
    tables, headers = 0, 0
    stack = [(document, tree["/K"][0].idnum if isinstance(tree["/K"], list) else None, None)]
    while stack:
        element, number, parent = stack.pop()
        if parent is not None:
            assert element.raw_get("/P").idnum == parent
        if "/Pg" in element:
            assert element.raw_get("/Pg").idnum in pages
        tables += element["/S"] == "/Table"
        headers += element["/S"] == "/TH"
        kids = element.raw_get("/K") if "/K" in element else []
        kids = kids.get_object() if hasattr(kids, "get_object") else kids
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "idnum") and isinstance(kid.get_object(), dict):
                stack.append((kid.get_object(), kid.idnum, number))
    assert tables >= len(joined.pages) - 1
    assert headers == 11 * (tables - 1) + 2  # and the summary table, of two columns


def test_the_outline_opens_on_the_first_pages(joined):
    titles = [item.title for item in joined.outline if not isinstance(item, list)]
    assert titles[0] == "Recommendation tracker"


class Unprintable:
    def __str__(self):
        raise ValueError("a cell that cannot be printed")


class Endless:
    def __str__(self):
        time.sleep(120)
        return "never"


def test_a_run_that_fails_in_its_own_process_fails_the_paper_with_its_message(two_processes):
    # The last row is in the second run, laid out by a process of its own.
    with pytest.raises(RuntimeError, match="a cell that cannot be printed") as failed:
        paper(PART, last_cell=Unprintable())
    assert f"rows {ROWS // 2 + 1} to {ROWS} of the paper failed" in str(failed.value)


def test_a_run_that_outlasts_the_report_run_fails_the_paper_and_is_stopped(
    two_processes, settings, monkeypatch
):
    settings.REPORT_STALE_SECONDS = 0
    started, popen = [], subprocess.Popen

    def recorded(command, **kwargs):
        started.append(popen(command, **kwargs))
        return started[-1]

    monkeypatch.setattr(pdf.subprocess, "Popen", recorded)
    with pytest.raises(RuntimeError, match="took more than 0 s"):
        paper(PART, last_cell=Endless())
    (child,) = started
    assert child.returncode is not None
