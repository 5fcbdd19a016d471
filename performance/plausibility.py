"""Values that are probably mistyped: pure functions, no database.

These never refuse a value. They say why it looks wrong, so the person can check it before
it is saved (the entry grid asks them to confirm; an upload's check lists it by row).

The rules, in council terms:

- A percentage is expected from 0% to 100%. A value outside that range is questioned
  unless the indicator is marked as one that can be (a percentage change, say, or
  occupancy over capacity).
- A value ten times the last value entered before it or more, or a tenth of it or less, is
  questioned: it is the size of a misplaced decimal point (85.2 typed as 852) or a figure
  in the wrong units. Zero, either way, is not questioned (there is no ratio to speak of), nor is a
  value with nothing before it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from . import rag

JUMP_FACTOR = Decimal(10)
ZERO, HUNDRED = Decimal(0), Decimal(100)


def percentage_warning(value: Decimal, *, fmt: rag.Format, unbounded: bool = False) -> str:
    """Why a percentage outside 0–100% looks wrong; "" when it does not, or when the
    indicator can take any percentage."""
    if fmt.unit != rag.Unit.PERCENTAGE or unbounded or ZERO <= value <= HUNDRED:
        return ""
    return (
        f"{fmt.value(value)} is outside 0% to 100%: check it is the percentage itself, "
        "like 85.2 for 85.2%"
    )


def jump_warning(
    value: Decimal,
    *,
    last: Decimal | None,
    last_month: dt.date | None,
    fmt: rag.Format,
    factor: Decimal = JUMP_FACTOR,
) -> str:
    """Why a value `factor` times the last one or more (or its 1/`factor` or less) looks
    wrong; "" when it does not."""
    if last is None or last == ZERO or value == ZERO:
        return ""
    ratio = abs(value) / abs(last)
    when = f" in {last_month:%B %Y}" if last_month else ""
    if ratio >= factor:
        return (
            f"{fmt.value(value)} is {factor:,} times the last value or more "
            f"({fmt.value(last)}{when}): check the decimal point and the units"
        )
    if ratio * factor <= 1:
        return (
            f"{fmt.value(value)} is a {_fraction(factor)} of the last value or less "
            f"({fmt.value(last)}{when}): check the decimal point and the units"
        )
    return ""


def last_before(month: dt.date, values: dict[dt.date, Decimal]) -> tuple[dt.date, Decimal] | None:
    """The latest of `values` (by month) before `month`, if any."""
    earlier = [m for m in values if m < month]
    if not earlier:
        return None
    latest = max(earlier)
    return latest, values[latest]


def value_warnings(
    value: Decimal | None,
    *,
    month: dt.date,
    fmt: rag.Format,
    unbounded: bool,
    history: dict[dt.date, Decimal],
) -> list[str]:
    """Every reason the month's value looks wrong, against the values `history` holds by
    month (those entered before it count)."""
    if value is None:
        return []
    found = last_before(month, history)
    last_month, last = found if found else (None, None)
    warnings = [
        percentage_warning(value, fmt=fmt, unbounded=unbounded),
        jump_warning(value, last=last, last_month=last_month, fmt=fmt),
    ]
    return [warning for warning in warnings if warning]


def _fraction(factor: Decimal) -> str:
    return "tenth" if factor == JUMP_FACTOR else f"1/{factor:,}"
