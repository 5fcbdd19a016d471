"""The indicator library import: definitions, and years of values and targets, checked from
real-shaped council workbooks (made here, not by our own exporter) and saved all or
nothing with history."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from core import bulk
from core.imports import ValueRefused, read_book
from core.uploads import UploadRefused
from performance.library_save import library_save
from performance.library_values import parse_period
from performance.models import AnnualTarget, IndicatorDefinition, IndicatorRating, IndicatorValue
from tests.factories import FinancialYearFactory

pytestmark = pytest.mark.django_db

KIND = bulk.KINDS["indicator-library"]
INDICATOR_HEADINGS = [
    "Reference",
    "Title",
    "Unit",
    "Polarity",
    "Frequency",
    "Owner",
    "Service",
    "Tolerance",
]
VALUE_HEADINGS = ["Reference", "Period", "Value", "Target", "Note"]


@pytest.fixture(autouse=True)
def _today(settings, world):
    """Late November 2026, with last year (2025/26) set up too."""
    settings.PLANNING_TODAY = "2026-11-23"
    FinancialYearFactory(start_year=2025, is_current=False)


def workbook(indicators=None, values=None, *, messy=False) -> bytes:
    """A council's library workbook; `messy` adds a merged title above the headings, blank
    rows, a merged reference spanning rows, a formula and a hidden lookups sheet."""
    book = Workbook()
    book.remove(book.active)
    for name, headings, rows in (
        ("Indicators", INDICATOR_HEADINGS, indicators),
        ("Values", VALUE_HEADINGS, values),
    ):
        if rows is None:
            continue
        sheet = book.create_sheet(name)
        if messy:
            sheet["A1"] = f"Council KPI return: {name}"
            sheet.merge_cells("A1:E1")
            sheet.append([])
        sheet.append(headings)
        for row in rows:
            sheet.append(row)
            if messy:
                sheet.append([])
    if messy:
        lookups = book.create_sheet("Lookups")
        lookups.append(["Unit", "Percentage"])
        lookups.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def check(content: bytes, world, name="library.xlsx", who="lead"):
    book = read_book(name, content, templates=KIND.templates, max_rows=bulk.MAX_ROWS)
    return KIND.check(book=book, actor=world.people[who], options={})


def problems(checked) -> list[str]:
    return [f"{row.subject} {row.number}: {e}" for row in checked.rows for e in row.errors]


NEW = ["RC-01", "Household waste recycled", "%", "Higher", "Monthly", "head", "parks", "5%"]


@pytest.mark.ratings_by_services  # the import keeps the stored ratings itself
def test_a_new_indicator_with_two_years_of_values_and_targets_is_checked_then_saved(world, perf):
    values = [
        ["RC-01", "2025/26", None, 45, None],
        ["RC-01", "April 2025", 42, 44, "Wet month"],
        ["RC-01", "2025-05", "42%", None, None],
        ["RC-01", dt.datetime(2025, 6, 30), 44, None, None],
        ["RC-01", "2026/27", None, 50, None],
        ["RC-01", "Oct 2026", 49, None, None],
    ]
    checked = check(workbook([NEW], values), world)
    assert problems(checked) == []
    assert not IndicatorDefinition.objects.filter(ref="RC-01").exists()  # a dry run
    assert [row.outcome for row in checked.rows][:2] == [
        "Will be added",
        "Will set the target to 45.0%",
    ]
    assert checked.rows[2].outcome == "Will add the value 42.0%, set the target to 44.0%"

    saved = library_save(entries=checked.entries, actor=world.people["lead"], source="kpi.xlsx")
    definition = IndicatorDefinition.objects.get(ref="RC-01")
    assert definition.tolerance_percent == Decimal(5)
    assert definition.owner == world.people["head"]
    assert definition.service == world.service
    assert saved == 1 + 4 + 2
    april = definition.values.get(month=dt.date(2025, 4, 1))
    assert (april.value, april.commentary, april.is_late) == (Decimal(42), "Wet month", False)
    history = april.history.get()
    assert history.history_change_reason == f"Imported from kpi.xlsx by {world.people['lead']}"
    assert history.history_user == world.people["lead"]
    target = AnnualTarget.objects.get(definition=definition, year__start_year=2025)
    assert target.value == Decimal(45)
    assert target.profile_values[0] == Decimal(44)
    # The stored ratings follow, as after any entry.
    rating = IndicatorRating.objects.get(definition=definition, month=dt.date(2025, 4, 1))
    assert rating.rating == "amber"  # 42% against 44%, within the imported 5% tolerance


def test_importing_the_same_file_again_changes_nothing(world, perf):
    values = [["PK-01", "April 2026", 80, None, "Survey"], ["PK-01", "2026-05", 85, None, None]]
    content = workbook(None, values)
    first = check(content, world)
    library_save(entries=first.entries, actor=world.people["lead"], source="a.xlsx")
    again = check(content, world)
    assert [row.outcome for row in again.rows] == ["No change", "No change"]
    assert again.entries == []
    assert IndicatorValue.history.filter(definition_id=perf.percent.pk).count() == 2


def test_a_held_value_is_changed_only_where_the_file_differs_and_keeps_its_history(world, perf):
    IndicatorValue.objects.create(
        definition=perf.percent, month=dt.date(2026, 4, 1), value=70, commentary="From the grid"
    )
    checked = check(workbook(None, [["pk-01", "2026-04", 72, None, None]]), world)
    assert checked.rows[0].outcome == "Will change the value 70.0% to 72.0%"
    library_save(entries=checked.entries, actor=world.people["admin"], source="fix.csv")
    value = IndicatorValue.objects.get(definition=perf.percent)
    assert (value.value, value.commentary) == (Decimal(72), "From the grid")
    assert [h.value for h in value.history.order_by("history_date")] == [70, 72]


def test_a_messy_workbook_is_read_as_the_council_sees_it(world, perf):
    indicators = [NEW]
    values = [["RC-01", "Q1 2026/27", 41, None, None]]
    content = workbook(indicators, values, messy=True)
    book = read_book("k.xlsx", content, templates=KIND.templates)
    assert book.hidden == ["Lookups"]
    checked = KIND.check(book=book, actor=world.people["lead"], options={})
    # A monthly indicator takes months, so a quarter is named as the problem, by its row.
    assert problems(checked) == [
        "Values 4: Column B (period): RC-01 is monthly: give a month, like April 2024"
    ]


def test_a_formulas_saved_value_is_read_and_one_never_worked_out_is_a_problem(world, perf):
    content = workbook(None, [["PK-01", "2026-04", "=40+2", None, None]])
    checked = check(content, world)
    assert problems(checked) == [
        "Values 2: Column C (value): Value holds a formula whose value has not been worked "
        "out: open the file in a spreadsheet and save it, or type the value"
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["ZZ-99", "2026-04", 1, None, None], "Column A (reference): ZZ-99 is not in the library"),
        (["PK-01", "31 November 2026", 1, None, None], "November has 30 days"),
        (["PK-01", "Q5 2026/27", 1, None, None], "Enter the period as a date"),
        (["PK-01", "2026-12", 1, None, None], "December 2026 has not ended yet"),
        (["PK-01", "2026-04", "lots", None, None], "Column C (value): Enter the value"),
        (["PK-03", "2026-04", 1, 5, None], "PK-03 is data only: it takes no target"),
        (["PK-01", "2030/31", None, 5, None], "There is no financial year 2030/31 yet"),
        (["PK-01", "2026/27", 5, None, None], "a year's row takes only the year's target"),
        (["PK-01", "2026-04", None, None, "Why"], "Enter the value to go with the note"),
        (["LB-01", "2025-04", None, 5, None], "Give LB-01's target for 2025/26 on a row"),
    ],
)
def test_each_bad_values_row_is_named_by_sheet_row_and_column(world, perf, row, message):
    checked = check(workbook(None, [row]), world)
    found = problems(checked)
    assert len(found) == 1, found
    assert found[0].startswith("Values 2: ")
    assert message in found[0]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ["XX-01", "", "%", "Higher", "Monthly", "", "parks", ""],
            "Enter the new indicator's title",
        ),
        (["XX-01", "T", "Furlongs", "Higher", "Monthly", "", "parks", ""], "Enter the unit as one"),
        (["XX-01", "T", "%", "Higher", "Fortnightly", "", "parks", ""], "Enter the frequency"),
        (["XX-01", "T", "%", "Higher", "Monthly", "nobody", "parks", ""], "Nobody signs in as"),
        (["XX-01", "T", "%", "Higher", "Monthly", "", "zoo", ""], "There is no service “zoo”"),
        (["XX-01", "T", "%", "Higher", "Monthly", "", "parks", "150%"], "0% to 100%"),
    ],
)
def test_each_bad_indicator_row_is_named(world, perf, row, message):
    found = problems(check(workbook([row]), world))
    assert len(found) == 1, found
    assert found[0].startswith("Indicators 2: Column ")
    assert message in found[0]


def test_an_existing_indicator_changes_only_where_the_file_differs(world, perf):
    row = ["PK-02", "Days to clear fly-tipping", "Days", "Lower", "Monthly", "", "parks", "2"]
    checked = check(workbook([row]), world)
    assert checked.rows[0].outcome == "Will change: amber tolerance (amount)"
    library_save(entries=checked.entries, actor=world.people["lead"], source="lib.xlsx")
    perf.days.refresh_from_db()
    assert perf.days.tolerance_absolute == Decimal(2)
    reason = perf.days.history.first().history_change_reason
    assert reason == f"Imported from lib.xlsx by {world.people['lead']}"


def test_a_value_saved_after_the_check_stops_the_whole_import(world, perf):
    values = [["PK-01", "2026-04", 80, None, None], ["PK-01", "2026-05", 81, None, None]]
    checked = check(workbook(None, values), world)
    IndicatorValue.objects.create(definition=perf.percent, month=dt.date(2026, 5, 1), value=60)
    with pytest.raises(ValidationError, match="changed since the file was checked"):
        library_save(entries=checked.entries, actor=world.people["lead"], source="a.xlsx")
    assert IndicatorValue.objects.count() == 1


def test_a_file_without_either_sheet_is_refused(world, perf):
    book = Workbook()
    book.active.title = "Sheet1"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(UploadRefused, match="neither an Indicators nor a Values sheet"):
        check(buffer.getvalue(), world)


def test_a_values_csv_is_read_as_the_values_sheet(world, perf):
    content = "Reference,Period,Value,Target,Note\nPK-01,April 2026,80,,Café £\n".encode("cp1252")
    checked = check(content, world, name="Values.csv")
    assert problems(checked) == []
    assert checked.entries[0].note == "Café £"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("April 2024", ("month", dt.date(2024, 4, 1), 2024)),
        ("2024-04", ("month", dt.date(2024, 4, 1), 2024)),
        ("15/01/2025", ("month", dt.date(2025, 1, 1), 2024)),
        ("Q1 2024/25", ("quarter", dt.date(2024, 6, 1), 2024)),
        ("q4 2024-25", ("quarter", dt.date(2025, 3, 1), 2024)),
        ("2024/25", ("year", dt.date(2025, 3, 1), 2024)),
    ],
)
def test_periods_are_read_as_councils_write_them(text, period):
    assert parse_period(text) == period


def test_a_period_that_could_be_a_month_or_a_year_is_refused_not_guessed():
    with pytest.raises(ValueRefused, match="2011-12 could be December 2011 or the year 2011/12"):
        parse_period("2011-12")
    assert parse_period("2011/12")[0] == "year"


def test_the_template_has_a_sheet_per_template_sheet_and_notes_and_no_formulas():
    from openpyxl import load_workbook

    content = bulk.template_workbook(KIND)
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Indicators", "Values", "Notes"]
    assert [c.value for c in book["Values"][1]] == [
        "reference",
        "period",
        "value",
        "target",
        "note",
    ]
    assert all(c.data_type != "f" for s in book for row in s.iter_rows() for c in row)
    assert bulk.template_csv(KIND) is None  # two sheets: only a workbook holds them
