"""When a month's value is due, and which months are open for values: pure date rules."""

import datetime as dt

from core.periods import add_months, month_end


def month_closes(month: dt.date) -> dt.date:
    """A month's value is due by the last day of the month after it (April's by 31 May);
    from the day after, the month is closed and a value entered for it is late."""
    return month_end(add_months(month, 1))


def is_late(*, month: dt.date, entered_on: dt.date) -> bool:
    """Entered after the month closed. Late values are accepted, and recorded as late."""
    return entered_on > month_closes(month)


def is_open(*, month: dt.date, today: dt.date) -> bool:
    """A month takes values once it has ended: nobody can report a month still under way."""
    return month.replace(day=1) < today.replace(day=1)
