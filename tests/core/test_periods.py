"""The council's periods: financial years from April, their quarters and months."""

import datetime as dt

import pytest

from core import periods

D = dt.date


@pytest.mark.parametrize(
    ("day", "start_year", "quarter", "index"),
    [
        (D(2026, 4, 1), 2026, 1, 0),
        (D(2026, 6, 30), 2026, 1, 2),
        (D(2026, 7, 1), 2026, 2, 3),
        (D(2026, 9, 30), 2026, 2, 5),
        (D(2026, 10, 1), 2026, 3, 6),
        (D(2026, 11, 23), 2026, 3, 7),
        (D(2026, 12, 31), 2026, 3, 8),
        (D(2027, 1, 1), 2026, 4, 9),
        (D(2027, 1, 5), 2026, 4, 9),
        (D(2027, 3, 31), 2026, 4, 11),
        (D(2027, 4, 1), 2027, 1, 0),
    ],
)
def test_a_day_falls_in_one_financial_year_quarter_and_month(day, start_year, quarter, index):
    assert periods.start_year_of(day) == start_year
    assert periods.quarter_of(day) == quarter
    assert periods.year_and_quarter(day) == (start_year, quarter)
    assert periods.month_index(day) == index


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (D(2026, 4, 1), (2026, 1)),
        (D(2026, 6, 30), (2026, 1)),
        (D(2026, 7, 1), (2026, 2)),
        (D(2026, 11, 23), (2026, 3)),
        (D(2027, 1, 5), (2026, 4)),
        (D(2027, 3, 31), (2026, 4)),
    ],
)
def test_financial_quarters(day, quarter):
    assert periods.year_and_quarter(day) == quarter


@pytest.mark.parametrize(
    ("start_year", "quarter", "before"),
    [(2026, 1, (2025, 4)), (2026, 2, (2026, 1)), (2026, 3, (2026, 2)), (2026, 4, (2026, 3))],
)
def test_previous_quarter_wraps_to_last_year(start_year, quarter, before):
    assert periods.previous_quarter(start_year, quarter) == before


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 11, 23), 6, D(2027, 5, 23)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2026, 11, 23), 0, D(2026, 11, 23)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2027, 1, 15), -1, D(2026, 12, 15)),
    ],
)
def test_add_months(day, months, expected):
    assert periods.add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (D(2026, 4, 1), D(2026, 4, 30)),
        (D(2026, 12, 9), D(2026, 12, 31)),
        (D(2027, 2, 1), D(2027, 2, 28)),
        (D(2028, 2, 1), D(2028, 2, 29)),
    ],
)
def test_a_month_ends_on_its_last_day(day, end):
    assert periods.month_end(day) == end
    assert periods.month_start(end) == day.replace(day=1)


def test_a_year_runs_april_to_march():
    assert periods.year_starts(2026) == D(2026, 4, 1)
    assert periods.year_ends(2026) == D(2027, 3, 31)
    months = periods.months_of(2026)
    assert months[0] == D(2026, 4, 1)
    assert months[8] == D(2026, 12, 1)
    assert months[9] == D(2027, 1, 1)
    assert months[11] == D(2027, 3, 1)
    assert len(months) == 12


@pytest.mark.parametrize(
    ("quarter", "starts", "ends"),
    [
        (1, D(2026, 4, 1), D(2026, 6, 30)),
        (2, D(2026, 7, 1), D(2026, 9, 30)),
        (3, D(2026, 10, 1), D(2026, 12, 31)),
        (4, D(2027, 1, 1), D(2027, 3, 31)),
    ],
)
def test_each_quarter_is_three_months_from_april(quarter, starts, ends):
    assert periods.quarter_starts(2026, quarter) == starts
    assert periods.quarter_ends(2026, quarter) == ends
    assert periods.quarters_of(2026)[quarter - 1] == (quarter, starts, ends)


@pytest.mark.parametrize(
    ("start_year", "year", "quarter"),
    [
        (2026, "2026/27", "Q1 2026/27"),
        (2099, "2099/00", "Q1 2099/00"),
        (2009, "2009/10", "Q1 2009/10"),
    ],
)
def test_periods_are_written_as_the_council_writes_them(start_year, year, quarter):
    assert periods.year_label(start_year) == year
    assert periods.quarter_label(start_year, 1) == quarter


def test_a_month_is_written_in_full():
    assert periods.month_label(D(2026, 4, 1)) == "April 2026"


@pytest.mark.parametrize(
    ("day", "reached"),
    [
        (D(2026, 3, 31), 0),
        (D(2026, 4, 1), 1),
        (D(2026, 11, 23), 3),
        (D(2027, 3, 31), 4),
        (D(2027, 4, 1), 4),
    ],
)
def test_quarters_reached_count_none_before_the_year_and_all_after(day, reached):
    assert periods.quarter_reached(2026, day) == reached
