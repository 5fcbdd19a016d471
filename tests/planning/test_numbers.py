"""The one way a typed or uploaded number is read (core.numbers), as a table, and the
same rules on the pages that take numbers."""

from decimal import Decimal as D

import pytest

from core.numbers import MONEY, NUMBER, PERCENTAGE, NumberRefused, parse_number

READ = [
    ("1,234", NUMBER, D(1234)),
    ("12,345", NUMBER, D(12345)),
    ("1,234,567.5", NUMBER, D("1234567.5")),
    ("37,912,000", MONEY, D(37912000)),
    ("£1,234.50", MONEY, D("1234.50")),
    ("£ 125,000", MONEY, D(125000)),
    ("-£20", MONEY, D(-20)),
    ("£-20", MONEY, D(-20)),
    ("12%", PERCENTAGE, D(12)),
    ("85.2 %", PERCENTAGE, D("85.2")),
    ("85.2", PERCENTAGE, D("85.2")),
    ("−5", NUMBER, D(-5)),  # the typographic minus sign
    ("–5", NUMBER, D(-5)),  # an en dash, as a word processor may put in
    ("-5", NUMBER, D(-5)),
    ("+5", NUMBER, D(5)),
    (" 82.5 ", NUMBER, D("82.5")),
    (".5", NUMBER, D("0.5")),
    ("0", NUMBER, D(0)),
    ("", NUMBER, None),
    ("   ", NUMBER, None),
]

REFUSED = [
    ("85,2", PERCENTAGE, "Enter the value with a full stop for decimals, like 85.2"),
    ("85,2%", PERCENTAGE, "with a full stop for decimals, like 85.2"),
    ("64,5", NUMBER, "with a full stop for decimals, like 64.5"),
    ("1,23", NUMBER, "with a full stop for decimals, like 1.23"),
    ("1,2345", NUMBER, "with a full stop for decimals, like 1.2345"),
    ("12,34,567", NUMBER, "with commas only between thousands, like 1,234,567.5"),
    ("1,2,3", NUMBER, "with commas only between thousands"),
    ("1 234", NUMBER, "Enter the value without spaces between the digits, like 1234"),
    ("1 234 567", MONEY, "without spaces between the digits, like 1234567"),
    ("(500)", MONEY, "Enter the value with a minus sign for a negative number, like -500"),
    ("(£500)", MONEY, "with a minus sign for a negative number, like -500"),
    ("£1.2m", MONEY, "Enter the value as the whole number, like 1,200,000, not £1.2m"),
    ("12k", NUMBER, "as the whole number, like 12,000, not 12k"),
    ("3bn", MONEY, "as the whole number, like 3,000,000,000"),
    ("2 million", MONEY, "as the whole number, like 2,000,000"),
    ("²", NUMBER, "Enter the value using the digits 0 to 9"),
    ("2030¹", NUMBER, "using the digits 0 to 9"),
    ("٣٤", NUMBER, "using the digits 0 to 9"),  # Arabic-Indic
    ("１２", NUMBER, "using the digits 0 to 9"),  # full-width
    ("½", NUMBER, "using the digits 0 to 9"),
    ("12%", NUMBER, "Enter the value as a number without a % sign"),
    ("12%", MONEY, "without a % sign"),
    ("£12", PERCENTAGE, "Enter the value as a number without a £ sign"),
    ("eighty", NUMBER, "Enter the value as a number, like 82.5"),
    ("1e5", NUMBER, "as a number, like 82.5"),
    ("NaN", NUMBER, "as a number, like 82.5"),
    ("Infinity", NUMBER, "as a number, like 82.5"),
    ("--5", NUMBER, "as a number, like 82.5"),
    ("5-", NUMBER, "as a number, like 82.5"),
    ("1.234.567", NUMBER, "as a number, like 82.5"),
    ("1.23456", NUMBER, "Enter the value with no more than 4 decimal places"),
    ("1000000000000", NUMBER, "Enter the value as a number smaller than 1 trillion"),
    ("12\x00", NUMBER, "as a number, like 82.5"),
    ("9" * 5000 + "k", NUMBER, "as the whole number, like 1,200,000"),
    ("1" * 5000, NUMBER, "smaller than 1 trillion"),
    ("0." + "0" * 5000 + "1", NUMBER, "no more than 4 decimal places"),
]


@pytest.mark.parametrize(("text", "kind", "number"), READ)
def test_a_number_typed_the_uk_way_is_read(text, kind, number):
    assert parse_number(text, what="the value", kind=kind) == number


@pytest.mark.parametrize(("text", "kind", "message"), REFUSED)
def test_anything_else_is_refused_saying_how_to_type_it(text, kind, message):
    with pytest.raises(NumberRefused) as refusal:
        parse_number(text, what="the value", kind=kind)
    assert message in str(refusal.value)


def test_money_to_more_than_pence_is_refused_in_pounds_and_pence():
    with pytest.raises(NumberRefused, match="in pounds and pence"):
        parse_number("1.234", what="the budget", kind=MONEY, places=2)


def test_a_message_for_text_that_is_no_number_can_be_the_forms_own():
    with pytest.raises(NumberRefused, match="^The budget must be a number, like 125000$"):
        parse_number("lots", what="the budget", invalid="The budget must be a number, like 125000")
