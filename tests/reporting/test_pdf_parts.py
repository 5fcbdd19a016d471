"""A long committee paper is laid out in parts and joined: it reads as the paper made in one
piece would (every row once, in order; page x of y on every page) and stays one tagged PDF."""

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from reporting.pdf import render_pdf

ROWS = 150
PART = 40


def paper(rows_per_part: int) -> bytes:
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
    return PdfReader(io.BytesIO(paper(PART)))


def page_texts(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def refs(reader: PdfReader) -> list[str]:
    return re.findall(r"REC-\d{3}", " ".join(page_texts(reader)))


def test_every_row_once_in_order_on_as_many_pages(whole, joined):
    assert refs(joined) == [f"REC-{n:03}" for n in range(ROWS)]
    assert refs(joined) == refs(whole)
    assert len(joined.pages) == len(whole.pages) > ROWS // PART


def test_each_page_is_numbered_of_the_whole_paper(joined):
    total = len(joined.pages)
    for n, text in enumerate(page_texts(joined), start=1):
        assert f"Page {n} of {total}" in text
        assert "Recommendation tracker · 1 July 2026" in text
    first = page_texts(joined)[0]
    assert first.index("Summary") < first.index("Recommendations")


def test_the_joined_paper_is_one_tagged_pdf(joined):
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
