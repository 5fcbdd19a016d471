"""Money as the council writes it."""

from decimal import Decimal as D

import pytest

from core.money import pounds_and_pence, whole_pounds


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("1234"), "£1,234"),
        (D("1234.5"), "£1,235"),
        (D("1234.49"), "£1,234"),
        (D("-1234.5"), "-£1,235"),
        (D("0"), "£0"),
        (1080000, "£1,080,000"),
        ("250.4", "£250"),
        (None, ""),
        ("", ""),
    ],
)
def test_whole_pounds_round_half_up_with_the_sign_first(value, text):
    assert whole_pounds(value) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (D("1080000"), "£1,080,000"),
        (D("1080000.00"), "£1,080,000"),
        (D("1080000.5"), "£1,080,000.50"),
        (D("0.05"), "£0.05"),
        (None, ""),
    ],
)
def test_pence_are_shown_only_when_there_are_some(amount, text):
    assert pounds_and_pence(amount) == text


def test_no_amount_can_be_written_as_a_word():
    assert pounds_and_pence(None, missing="none") == "none"
    assert whole_pounds(None, missing="–") == "–"
