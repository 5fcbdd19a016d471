"""Reading files as councils write them (core.imports): encodings, messy workbooks, dates,
financial years and amounts."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from core.imports import (
    ValueRefused,
    parse_amount,
    parse_date,
    parse_financial_year,
    parse_yes_no,
    read_book,
)
from core.uploads import UploadRefused

D = dt.date
TEMPLATES = {"Actions": ("ref", "title"), "Milestones": ("action", "due date")}


def saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("typed", "month_end", "expected"),
    [
        ("31/03/2026", False, D(2026, 3, 31)),
        ("1/4/2026", False, D(2026, 4, 1)),
        ("31-03-2026", False, D(2026, 3, 31)),
        ("31.03.2026", False, D(2026, 3, 31)),
        ("2026-03-31", False, D(2026, 3, 31)),
        ("31 March 2026", False, D(2026, 3, 31)),
        ("31st March 2026", False, D(2026, 3, 31)),
        ("1 Sept 2026", False, D(2026, 9, 1)),
        ("  29 Feb 2028 ", False, D(2028, 2, 29)),
        ("March 2026", False, D(2026, 3, 1)),
        ("March 2026", True, D(2026, 3, 31)),
        ("Feb 2028", True, D(2028, 2, 29)),
        ("Feb 2027", True, D(2027, 2, 28)),
        ("03/2026", False, D(2026, 3, 1)),
        ("2026-03", True, D(2026, 3, 31)),
        ("", False, None),
        ("   ", False, None),
    ],
)
def test_dates_are_read_as_councils_write_them(typed, month_end, expected):
    assert parse_date(typed, what="the due date", month_end=month_end) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31 November 2026", "31 November 2026 is not a date: November has 30 days"),
        ("31/11/2026", "31/11/2026 is not a date: November has 30 days"),
        ("29/02/2027", "29/02/2027 is not a date: February 2027 has 28 days"),
        ("30 Feb 2028", "30 Feb 2028 is not a date: February 2028 has 29 days"),
        ("2026-04-31", "2026-04-31 is not a date: April has 30 days"),
        ("03/31/2026", "03/31/2026 is not a date: there is no month 31 (write the day first"),
        ("13/2026", "13/2026 is not a month: there are 12 months in a year"),
        ("31/03/26", "Enter the due date with the year in full, like 31/03/2026"),
        ("next Tuesday", "Enter the due date as a date, like 31/03/2026 (not “next Tuesday”)"),
        ("Smarch 2026", "Enter the due date as a date, like 31/03/2026"),
        ("0/03/2026", "0/03/2026 is not a date: March has 31 days"),
    ],
)
def test_a_date_that_does_not_exist_is_named_plainly(typed, message):
    with pytest.raises(ValueRefused) as refused:
        parse_date(typed, what="the due date")
    assert str(refused.value).startswith(message)
    assert "day is out of range" not in str(refused.value)


@pytest.mark.parametrize(
    ("typed", "start"),
    [
        ("2025/26", 2025),
        ("2025-26", 2025),
        ("2025/2026", 2025),
        ("FY 2025/26", 2025),
        ("1999/00", 1999),
        ("", None),
    ],
)
def test_financial_years_are_read_by_their_start_year(typed, start):
    assert parse_financial_year(typed) == start


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2025/27", "2025/27 is not a financial year: the year that starts in 2025 is 2025/26"),
        ("2025", "Enter the financial year like 2025/26 (not “2025”)"),
        ("25/26", "Enter the financial year like 2025/26"),
    ],
)
def test_a_financial_year_that_does_not_follow_on_is_refused(typed, message):
    with pytest.raises(ValueRefused) as refused:
        parse_financial_year(typed)
    assert str(refused.value).startswith(message)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("£1,234.50", Decimal("1234.50")),
        ("125000", Decimal(125000)),
        ("-£20", Decimal(-20)),
        ("", None),
    ],
)
def test_amounts_are_read_as_every_number_is(typed, amount):
    assert parse_amount(typed, what="the budget") == amount


@pytest.mark.parametrize("typed", ["£1.2m", "(500)", "85,2", "twelve"])
def test_an_amount_that_is_not_one_is_refused_with_the_number_rules_message(typed):
    with pytest.raises(ValueRefused):
        parse_amount(typed, what="the budget")


@pytest.mark.parametrize(
    ("typed", "value"), [("Yes", True), ("y", True), ("TRUE", True), ("No", False), ("", False)]
)
def test_yes_and_no(typed, value):
    assert parse_yes_no(typed, what="done") is value


def test_yes_or_no_refuses_anything_else():
    with pytest.raises(ValueRefused, match="Enter Yes or No for done"):
        parse_yes_no("maybe", what="done")


@pytest.mark.parametrize(
    "content",
    [
        "ref,title\nA1,Parks café £5\n".encode(),
        "\ufeffref,title\nA1,Parks café £5\n".encode(),
        "ref,title\nA1,Parks café £5\n".encode("cp1252"),
    ],
    ids=["utf-8", "utf-8 with BOM", "windows-1252"],
)
def test_a_csv_is_read_in_the_encodings_office_software_saves(content):
    book = read_book("actions.csv", content, templates=TEMPLATES)
    rows = book.sheets["Actions"].rows
    assert [(row.number, row.cells) for row in rows] == [
        (2, {"ref": "A1", "title": "Parks café £5"})
    ]


def test_a_csv_of_a_several_sheet_template_must_be_named_after_its_sheet():
    with pytest.raises(UploadRefused, match="name the file after it"):
        read_book("plan.csv", b"ref,title\n", templates=TEMPLATES)


def messy_workbook() -> Workbook:
    """A council's workbook: a merged title above the headings, blank rows, a merged
    cell spanning rows, a formula with its saved value, a hidden sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Actions"
    sheet["A1"] = "Parks business plan 2026/27"
    sheet.merge_cells("A1:D1")
    sheet.append([])
    sheet.append(["Ref", "Title", "Impact", "Budget"])
    sheet.append(["A1", "Plant trees", "Greener parks", 100])
    sheet.append(["A2", "Water trees", None, 200])
    sheet.merge_cells("C4:C5")
    sheet.append([])
    sheet.append([None, None, None, None])
    sheet.append(["A3", "Count trees", "Fewer floods", "=B4"])
    hidden = book.create_sheet("Lookups")
    hidden.append(["ref", "title"])
    hidden.sheet_state = "hidden"
    return book


def test_a_messy_workbook_is_read_as_the_person_sees_it():
    book = read_book("plan.xlsx", saved(messy_workbook()), templates=TEMPLATES | {"Lookups": ()})
    sheet = book.sheets["Actions"]
    assert sheet.heading_row == 3
    assert [(row.number, row.get("ref"), row.get("impact")) for row in sheet.rows] == [
        (4, "A1", "Greener parks"),
        (5, "A2", "Greener parks"),
        (8, "A3", "Fewer floods"),
    ]
    assert book.hidden == ["Lookups"]
    assert "Lookups" not in book.sheets
    assert sheet.column_letter("budget") == "D"


def test_a_formula_is_never_stored_and_one_without_a_saved_value_is_named():
    book = read_book("plan.xlsx", saved(messy_workbook()), templates=TEMPLATES)
    row = book.sheets["Actions"].rows[-1]
    # openpyxl saves no worked-out value: the formula is not read as "=B4", nor worked out.
    assert row.get("budget") == ""
    assert row.unworked == ["budget"]


def test_a_formulas_saved_value_is_read():
    """A workbook saved by a spreadsheet holds each formula's last value beside it."""
    content = saved(messy_workbook())
    # Put a saved value beside the formula, as Excel or LibreOffice would.
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b'<c r="D8"><f>B4</f><v></v>', b'<c r="D8" t="str"><f>B4</f><v>Plant trees</v>'
                )
            target.writestr(item, data)
    book = read_book("plan.xlsx", out.getvalue(), templates=TEMPLATES)
    row = book.sheets["Actions"].rows[-1]
    assert row.get("budget") == "Plant trees"
    assert row.unworked == []


def test_a_sheet_without_its_headings_is_refused_naming_them():
    book = Workbook()
    book.active.title = "Actions"
    book.active.append(["Reference", "Title"])
    with pytest.raises(
        UploadRefused, match="“Actions” must have the template's column headings; missing: ref"
    ):
        read_book("plan.xlsx", saved(book), templates=TEMPLATES)


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(UploadRefused, match="not a readable Excel workbook"):
        read_book("plan.xlsx", b"hello", templates=TEMPLATES)


def test_dates_and_booleans_in_real_cells_come_through_as_text_the_parsers_read():
    book = Workbook()
    book.active.title = "Milestones"
    book.active.append(["Action", "Due date", "Done"])
    book.active.append(["A1", dt.datetime(2026, 3, 31), True])
    row = read_book("m.xlsx", saved(book), templates=TEMPLATES).sheets["Milestones"].rows[0]
    assert parse_date(row.get("due date"), what="the due date") == D(2026, 3, 31)
    assert row.get("done") == "Yes"


def test_a_column_that_declares_its_unit_is_read_in_it_and_handed_on_in_pounds():
    book = Workbook()
    sheet = book.active
    sheet.title = "Actions"
    sheet.append(["Ref", "Title", "Budget (£000)", "Cost (£m)", "Spend (£)"])
    sheet.append(["A1", "Plant trees", "125.5", 1.2, "£1,000"])
    sheet.append(["A2", "Water trees", "lots", None, ""])
    rows = read_book("plan.xlsx", saved(book), templates=TEMPLATES).sheets["Actions"].rows
    assert [row.cells for row in rows] == [
        {
            "ref": "A1",
            "title": "Plant trees",
            "budget (£)": "125500.00",
            "cost (£)": "1200000.00",
            "spend (£)": "£1,000",
        },
        # Not a figure: handed on as typed, for the column's reader to name the problem.
        {
            "ref": "A2",
            "title": "Water trees",
            "budget (£)": "lots",
            "cost (£)": "",
            "spend (£)": "",
        },
    ]
