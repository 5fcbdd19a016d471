"""Reading a number as a person types it, the one way for every page and every upload.

The rules, in council terms:

- Digits are 0 to 9. Superscripts, Arabic-Indic, full-width and other digits are refused,
  so "2030¹" is never read as a number.
- A full stop is the decimal point. A comma separates thousands only where it is one: after
  one to three digits, then groups of exactly three (1,234 / 1,234,567.5 / 12,345). Any
  other comma ("85,2", "1,23", "1,2345", "64,5") is refused with a message saying to use a
  full stop for decimals, because guessing would turn 85,2% into 852%.
- Spaces between digits are refused ("1 234"): a space is a thousands separator in some
  countries and a slip in others, so the person is asked to type 1234 or 1,234. Spaces
  around the number, or between it and a £ or % sign, are ignored.
- "-5", "−5" (the typographic minus sign) and "–5" (the dash a word processor may put in)
  are the same number; "+5" is 5.
- "(500)", an accountant's way of writing a negative, is refused with a message to type
  -500: it is never guessed to be negative, nor read as 500.
- Money may carry a pound sign (£1,234.50, -£20); a percentage a per cent sign (12%).
  Other numbers carry neither, and a percentage never carries £ (or money %).
- Shorthand such as "£1.2m", "12k" or "3bn" is refused with the whole number to type.
- A number has at most `places` decimal places and is smaller than `largest`.

`parse_number` gives the number, None for nothing typed, or raises NumberRefused with the
message to show, naming the figure (`what`, like "the forecast outturn").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

NUMBER, PERCENTAGE, MONEY = "number", "percentage", "money"
LARGEST = Decimal(10) ** 12
MAX_PLACES = 20  # beyond any field: a form field says how many places it takes
MINUS_SIGNS = "\u2212\u2012\u2013\ufe63\uff0d"  # minus, figure dash, en dash, small and full-width
PLAIN = re.compile(r"(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]+)?|\.[0-9]+", re.ASCII)
SHORTHAND = re.compile(
    r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*(k|m|mn|bn|b|thousand|million|billion)", re.ASCII | re.I
)
SCALES = {
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "million": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "billion": 10**9,
}
EXAMPLES = {NUMBER: "82.5", PERCENTAGE: "82.5", MONEY: "125000"}


class NumberRefused(ValueError):
    """The text is not a number that can be taken; str() is the message for the person."""


def parse_number(
    raw: str | None,
    *,
    what: str,
    kind: str = NUMBER,
    places: int = 4,
    largest: Decimal = LARGEST,
    invalid: str = "",
) -> Decimal | None:
    """The number typed, by the rules above; None when nothing was typed.

    `kind` is NUMBER, PERCENTAGE or MONEY (which decides the sign allowed after or before
    it); `invalid` replaces the message for text that is not a number at all."""
    text = _normalise(raw or "")
    if not text:
        return None
    example = EXAMPLES.get(kind, "82.5")
    invalid = invalid or f"Enter {what} as a number, like {example}"
    negative, body = _sign_and_body(text, what=what, kind=kind)
    _check_digits(body, text=text, what=what, invalid=invalid, largest=largest)
    try:
        number = Decimal(body.replace(",", ""))
    except InvalidOperation:
        raise NumberRefused(invalid) from None
    if negative:
        number = -number
    if abs(number) >= largest:
        raise NumberRefused(f"Enter {what} as a number smaller than {_words(largest)}")
    if number.as_tuple().exponent < -places:
        if kind == MONEY and places == 2:
            raise NumberRefused(f"Enter {what} in pounds and pence (no more than 2 decimal places)")
        raise NumberRefused(f"Enter {what} with no more than {places} decimal places")
    return number


def _normalise(raw: str) -> str:
    """The text with its ends trimmed, every kind of minus sign as "-" and non-breaking
    spaces as spaces."""
    text = raw.strip()
    for sign in MINUS_SIGNS:
        text = text.replace(sign, "-")
    return text.replace("\u00a0", " ").replace("\u202f", " ").strip()


def _sign_and_body(text: str, *, what: str, kind: str) -> tuple[bool, str]:
    """Whether the number is negative, and its digits without the sign and the £ or %
    (refused where the kind of number takes neither): "-£20" and "£-20" are both -20."""
    if text.startswith("(") and text.endswith(")"):
        inner = text[1:-1].strip().removeprefix("£").strip()
        raise NumberRefused(
            f"Enter {what} with a minus sign for a negative number, like -{inner or '500'}"
        )
    sign = ""
    if text[:1] in "+-":
        sign, text = text[0], text[1:].strip()
    if text.startswith("£"):
        if kind != MONEY:
            raise NumberRefused(f"Enter {what} as a number without a £ sign")
        text = text[1:].strip()
        if text[:1] in "+-" and not sign:
            sign, text = text[0], text[1:].strip()
    if text.endswith("%"):
        if kind != PERCENTAGE:
            raise NumberRefused(f"Enter {what} as a number without a % sign")
        text = text[:-1].strip()
    return sign == "-", text


def _check_digits(
    body: str, *, text: str, what: str, invalid: str, largest: Decimal = LARGEST
) -> None:
    """Refuse, saying how to type it, anything but plain digits grouped as the rules say."""
    if PLAIN.fullmatch(body):
        return
    if any(ch.isnumeric() and not ("0" <= ch <= "9") for ch in body):
        raise NumberRefused(f"Enter {what} using the digits 0 to 9")
    shorthand = SHORTHAND.fullmatch(body)
    if shorthand and PLAIN.fullmatch(shorthand.group(1)):
        whole = Decimal(shorthand.group(1).replace(",", "")) * SCALES[shorthand.group(2).lower()]
        if whole >= largest * 1000:
            example = "1,200,000"
        elif whole == whole.to_integral_value():
            example = f"{int(whole):,}"
        else:
            example = f"{whole:,f}"
        raise NumberRefused(f"Enter {what} as the whole number, like {example}, not {text.strip()}")
    if re.fullmatch(r"[0-9][0-9,. ]*", body, re.ASCII) and re.search(r"[0-9] +[0-9]", body):
        raise NumberRefused(
            f"Enter {what} without spaces between the digits, like {body.replace(' ', '')}"
        )
    if re.fullmatch(r"[0-9]*,[0-9]+", body, re.ASCII):
        raise NumberRefused(
            f"Enter {what} with a full stop for decimals, like {body.replace(',', '.')} "
            "(a comma only separates thousands, like 1,234)"
        )
    if re.fullmatch(r"[0-9][0-9,]*(?:\.[0-9]+)?", body, re.ASCII):
        raise NumberRefused(
            f"Enter {what} with commas only between thousands, like 1,234,567.5, "
            "and a full stop for decimals"
        )
    raise NumberRefused(invalid)


def _words(largest: Decimal) -> str:
    names = {10**12: "1 trillion", 10**9: "1 billion", 10**6: "1 million"}
    return names.get(int(largest), f"{largest:,f}")


# --- money in a declared unit --------------------------------------------------------------

POUNDS, THOUSANDS, MILLIONS = "£", "£000", "£m"
UNITS = {POUNDS: Decimal(1), THOUSANDS: Decimal(1000), MILLIONS: Decimal(1000000)}
UNIT_CHOICES = [
    (POUNDS, "Pounds (£)"),
    (THOUSANDS, "Thousands of pounds (£000)"),
    (MILLIONS, "Millions of pounds (£m)"),
]
UNIT_NAMES = {
    POUNDS: ("£", "pounds", "gbp", "£s", "£1"),
    THOUSANDS: ("£000", "£000s", "£'000", "£k", "k", "000", "000s", "thousands", "£ thousands"),
    MILLIONS: ("£m", "£mn", "m", "millions", "£ millions", "£000,000"),
}
_UNIT_LOOKUP = {name: unit for unit, names in UNIT_NAMES.items() for name in names}


def read_unit(raw: str | None, *, default: str = POUNDS) -> str:
    """The money unit a file or a form declares: £ (pounds), £000 (thousands of pounds) or £m
    (millions), written in any of the usual ways (£k, thousands, £'000, £ millions...); blank
    is `default`. Raises NumberRefused naming the three units for anything else."""
    text = " ".join((raw or "").strip().lower().split())
    if not text:
        return default
    unit = _UNIT_LOOKUP.get(text) or _UNIT_LOOKUP.get(text.replace(" ", ""))
    if unit is None:
        raise NumberRefused(f"Enter the unit as £, £000 or £m (not “{(raw or '').strip()}”)")
    return unit


def parse_money_in_unit(
    raw: str | None, *, what: str, unit: str = POUNDS, largest: Decimal = LARGEST
) -> Decimal | None:
    """An amount typed in `unit` (core.numbers rules for money), given back in pounds and
    pence: "125.5" in £000 is £125,500 and "1.2" in £m is £1,200,000. A figure in a larger
    unit may carry more decimal places, as long as it comes to whole pence. None for blank."""
    scale = UNITS[unit]
    places = 2 + len(str(int(scale))) - 1
    amount = parse_number(
        raw,
        what=what,
        kind=MONEY,
        places=places,
        largest=largest / scale,
        invalid=f"Enter {what} as an amount in pounds, like 125000"
        if unit == POUNDS
        else f"Enter {what} as an amount in {unit}, like 125.5",
    )
    return None if amount is None else to_pounds(amount, unit=unit)


def to_pounds(amount: Decimal, *, unit: str) -> Decimal:
    """An amount in `unit` (£, £000 or £m) converted to pounds and pence, exactly."""
    return (amount * UNITS[unit]).quantize(Decimal("0.01"))
