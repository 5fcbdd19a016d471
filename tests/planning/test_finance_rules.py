"""The revenue forecast RAG, table by table: boundaries, underspend, zero budget."""

from decimal import Decimal as D

import pytest

from planning.finance_rules import (
    DEFAULT_THRESHOLDS,
    Thresholds,
    revenue_rating,
    scale_warning,
    variance,
)

COUNCIL_EXAMPLE = Thresholds(
    amber_percent=D(2), amber_amount=D(50000), red_percent=D(5), red_amount=D(100000)
)
PERCENT_ONLY = Thresholds(amber_percent=D(2), red_percent=D(5))
AMOUNT_ONLY = Thresholds(amber_amount=D(1000), red_amount=D(5000))


@pytest.mark.parametrize(
    ("budget", "forecast", "thresholds", "rag", "words"),
    [
        # 5% of £1m is £50k, lower than £100k: red from £50k over
        (D(1000000), D(1050000), COUNCIL_EXAMPLE, "red", "reaches the red threshold (5% of"),
        (D(1000000), D("1049999.99"), COUNCIL_EXAMPLE, "amber", "amber threshold (2% of"),
        (D(1000000), D(1020000), COUNCIL_EXAMPLE, "amber", "(2.0%)"),
        (D(1000000), D("1019999.99"), COUNCIL_EXAMPLE, "green", "below the threshold"),
        # £100k is lower than 5% of £10m (£500k): red from £100k over
        (D(10000000), D(10100000), COUNCIL_EXAMPLE, "red", "threshold (£100,000)"),
        (D(10000000), D("10099999"), COUNCIL_EXAMPLE, "amber", "threshold (£50,000)"),
        (D(10000000), D(10049999), COUNCIL_EXAMPLE, "green", "overspend of £49,999"),
        # on budget and underspends are green
        (D(1000000), D(1000000), COUNCIL_EXAMPLE, "green", "exactly the budget"),
        (D(1000000), D(800000), COUNCIL_EXAMPLE, "green", "underspend of £200,000 (20.0%)"),
        # zero budget: only the amount applies
        (D(0), D(100000), COUNCIL_EXAMPLE, "red", "against a zero budget"),
        (D(0), D(60000), COUNCIL_EXAMPLE, "amber", "£60,000 against a zero budget"),
        (D(0), D(10), COUNCIL_EXAMPLE, "green", "below the threshold (£50,000)"),
        (D(0), D(10), PERCENT_ONLY, "green", "no thresholds are set"),
        (D(0), D(0), PERCENT_ONLY, "green", "exactly the budget"),
        # one part only
        (D(200000), D(210000), PERCENT_ONLY, "red", "(5.0%)"),
        (D(200000), D(203999), PERCENT_ONLY, "green", "below the threshold (2% of budget)"),
        (D(200000), D(205000), AMOUNT_ONLY, "red", "(£5,000)"),
        (D(200000), D(201000), AMOUNT_ONLY, "amber", "(£1,000)"),
        (D(200000), D(205000), Thresholds(), "green", "no thresholds are set"),
        # no forecast
        (D(200000), None, COUNCIL_EXAMPLE, "none", "No forecast"),
    ],
)
def test_revenue_rating(budget, forecast, thresholds, rag, words):
    rating = revenue_rating(budget=budget, forecast=forecast, thresholds=thresholds)
    assert rating.rag == rag
    assert words in rating.explanation
    assert rating.word  # a word always goes with the colour
    if rag != "none":
        assert rating.explanation.startswith(rag.upper())


def test_variance_is_forecast_less_budget_with_its_share():
    assert variance(budget=D(200), forecast=D(210)).amount == D(10)
    assert variance(budget=D(200), forecast=D(210)).percent == D(5)
    assert variance(budget=D(200), forecast=D(150)).percent == D(-25)
    assert variance(budget=D(0), forecast=D(5)).percent is None


def test_every_level_has_defaults_with_red_beyond_amber():
    for thresholds in DEFAULT_THRESHOLDS.values():
        assert thresholds.red_percent > thresholds.amber_percent
        assert thresholds.red_amount > thresholds.amber_amount


def test_words_for_each_rating():
    rating = revenue_rating(budget=D(1), forecast=None, thresholds=Thresholds())
    assert (rating.word, rating.css) == ("No forecast", "grey")
    rating = revenue_rating(budget=D(1), forecast=D(1), thresholds=Thresholds())
    assert (rating.word, rating.css) == ("Green", "green")


# --- figures in the wrong units --------------------------------------------------------

BUDGET = D(16400000)


@pytest.mark.parametrize(
    ("figure", "budget", "looks_like"),
    [
        (D("21.7"), BUDGET, "£ millions"),  # 21.7 meaning £21.7m
        (D("16.4"), BUDGET, "£ millions"),
        (D(16400), BUDGET, "£ thousands"),  # 16,400 meaning £16.4m
        (D(2170), BUDGET, "£ thousands"),
        (D(16401), BUDGET, ""),  # more than a thousandth of the budget
        (D(1230000), BUDGET, ""),
        (D(17000000), BUDGET, ""),
        (D("0.5"), BUDGET, ""),  # too small to be the budget in any unit
        (D(0), BUDGET, ""),
        (None, BUDGET, ""),
        (D("21.7"), D(0), ""),
        (D("21.7"), None, ""),
        (D(15), D(20000), "£ thousands"),  # a forecast of £15 on £20,000 is unlikely too
    ],
)
def test_a_figure_that_reads_as_thousands_or_millions_against_the_budget(
    figure, budget, looks_like
):
    warning = scale_warning(figure, budget=budget, what="the forecast outturn")
    assert (looks_like in warning) if looks_like else warning == ""


def test_the_scale_warning_says_what_the_figure_would_be_in_pounds():
    assert scale_warning(D("21.7"), budget=BUDGET, what="the forecast outturn") == (
        "The forecast outturn of £21.70 looks like £ millions against a budget of "
        "£16,400,000: enter figures in pounds (21.7 million is £21,700,000)"
    )
