"""The council's periods, as pure functions of dates.

- A financial year runs from 1 April to 31 March. It is known by the calendar year it
  starts in (its start year) and written "2026/27".
- Its quarters are three months each: Q1 is April to June, Q2 July to September, Q3
  October to December and Q4 January to March. A quarter is written "Q1 2026/27".
- A month is named by its first day and written "April 2026"; within a year, April is
  month 0 and March month 11.
- A position "as at" a day includes everything done on that day, by the clock in the UK
  (Europe/London, GMT or BST): the day ends at midnight London time, whatever the server's
  clock says.
"""

import calendar
import datetime as dt
import functools
from zoneinfo import ZoneInfo

FIRST_MONTH = 4  # April
UK = ZoneInfo("Europe/London")


def start_year_of(day: dt.date) -> int:
    """The start year of the financial year the day falls in: January to March belong to
    the year that started the April before."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def month_index(day: dt.date) -> int:
    """The month's place in its financial year: April 0 to March 11."""
    return (day.month - FIRST_MONTH) % 12


def quarter_of(day: dt.date) -> int:
    """The quarter (1 to 4) of its financial year the day falls in."""
    return month_index(day) // 3 + 1


def year_and_quarter(day: dt.date) -> tuple[int, int]:
    """(start year, quarter) of the day: 23 November 2026 is (2026, 3)."""
    return start_year_of(day), quarter_of(day)


def previous_quarter(start_year: int, quarter: int) -> tuple[int, int]:
    """The quarter before, across the year end: before Q1 2026/27 comes Q4 2025/26."""
    return (start_year, quarter - 1) if quarter > 1 else (start_year - 1, 4)


def quarter_reached(start_year: int, day: dt.date) -> int:
    """How many of the year's quarters have begun by the day: 0 before the year starts,
    4 once it is over."""
    if day < year_starts(start_year):
        return 0
    if day > year_ends(start_year):
        return 4
    return quarter_of(day)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), on the month's last day if it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of the day's month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def after_day(day: dt.date) -> dt.datetime:
    """The first moment after the day ends in the UK (midnight London time at its end, an
    aware datetime): a thing done at or after it was done after the day, so a position as
    at 30 November counts an update posted at 23:59 on 30 November and not one posted on 1
    December."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=UK)


def year_starts(start_year: int) -> dt.date:
    return dt.date(start_year, FIRST_MONTH, 1)


def year_ends(start_year: int) -> dt.date:
    return dt.date(start_year + 1, FIRST_MONTH, 1) - dt.timedelta(days=1)


def months_of(start_year: int) -> list[dt.date]:
    """The first day of each month of the year, April to March."""
    return list(_months(start_year))


@functools.cache
def _months(start_year: int) -> tuple[dt.date, ...]:
    # Worked out once per year: a dashboard asks for a year's months thousands of times.
    return tuple(add_months(year_starts(start_year), n) for n in range(12))


def quarter_starts(start_year: int, quarter: int) -> dt.date:
    return add_months(year_starts(start_year), 3 * (quarter - 1))


def quarter_ends(start_year: int, quarter: int) -> dt.date:
    return month_end(add_months(year_starts(start_year), 3 * quarter - 1))


def quarters_of(start_year: int) -> list[tuple[int, dt.date, dt.date]]:
    """Each quarter's number with its first and last day, Q1 first."""
    return list(_quarters(start_year))


@functools.cache
def _quarters(start_year: int) -> tuple[tuple[int, dt.date, dt.date], ...]:
    return tuple(
        (q, quarter_starts(start_year, q), quarter_ends(start_year, q)) for q in range(1, 5)
    )


def year_label(start_year: int) -> str:
    """ "2026/27" """
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def quarter_label(start_year: int, quarter: int) -> str:
    """ "Q1 2026/27" """
    return f"Q{quarter} {year_label(start_year)}"


def month_label(day: dt.date) -> str:
    """ "April 2026" """
    return f"{day:%B %Y}"
