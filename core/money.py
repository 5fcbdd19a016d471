"""How money is written: always with a pound sign and thousands separators.

- Whole pounds (tables, totals, explanations): rounded half up to the pound, "£1,234";
  a negative amount has its minus sign before the pound sign, "-£1,234".
- Pounds and pence (what a person typed or a file held, echoed back to them): pence only
  when there are some, "£1,080,000" or "£1,080,000.50".
- No amount is written as nothing, or as the word the caller asks for.
"""

from decimal import ROUND_HALF_UP, Decimal


def whole_pounds(value, *, missing: str = "") -> str:
    """£1,234 and -£1,234: to the nearest pound (half a pound rounds away from zero)."""
    if value is None or value == "":
        return missing
    whole = Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"-£{-whole:,}" if whole < 0 else f"£{whole:,}"


def pounds_and_pence(amount: Decimal | None, *, missing: str = "") -> str:
    """£1,080,000 or £1,080,000.50: the amount as given, pence only when there are some."""
    if amount is None:
        return missing
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"
