"""The RAG engine, table-driven: every rule, both polarities, the boundaries exactly."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from performance.rag import (
    DEFAULT_POLICY,
    Aggregation,
    Format,
    Polarity,
    Policy,
    Rating,
    Unit,
    combine,
    direction_of_travel,
    period_target,
    rate,
    shown_places,
    target_to_date,
)

HI, LO = Polarity.HIGHER, Polarity.LOWER
G, A, R = Rating.GREEN, Rating.AMBER, Rating.RED
PCT = Format(Unit.PERCENTAGE, 1)
NUM = Format(Unit.NUMBER, 0)


def policy(**kwargs) -> Policy:
    return DEFAULT_POLICY.merged(**{k: D(str(v)) for k, v in kwargs.items()})


# (value, target, polarity, policy, expected rating)
CASES = [
    # default policy, higher is better
    ("90", "90", HI, DEFAULT_POLICY, G),
    ("95", "90", HI, DEFAULT_POLICY, G),
    ("89.99", "90", HI, DEFAULT_POLICY, A),
    ("82", "90", HI, DEFAULT_POLICY, A),
    ("81", "90", HI, DEFAULT_POLICY, A),  # exactly at the tolerance: amber
    ("80.99", "90", HI, DEFAULT_POLICY, R),
    ("0", "90", HI, DEFAULT_POLICY, R),
    ("-5", "90", HI, DEFAULT_POLICY, R),
    # default policy, lower is better
    ("10", "10", LO, DEFAULT_POLICY, G),
    ("8", "10", LO, DEFAULT_POLICY, G),
    ("10.5", "10", LO, DEFAULT_POLICY, A),
    ("11", "10", LO, DEFAULT_POLICY, A),  # exactly at the tolerance
    ("11.0001", "10", LO, DEFAULT_POLICY, R),
    ("20", "10", LO, DEFAULT_POLICY, R),
    # percentage tolerance other than 10
    ("76", "80", HI, policy(tolerance_percent=5), A),
    ("75.99", "80", HI, policy(tolerance_percent=5), R),
    ("84", "80", LO, policy(tolerance_percent=5), A),
    ("84.01", "80", LO, policy(tolerance_percent=5), R),
    ("79", "80", HI, policy(tolerance_percent=0), R),
    # absolute tolerance
    ("88", "90", HI, policy(tolerance_absolute=2), A),
    ("87.9", "90", HI, policy(tolerance_absolute=2), R),
    ("12", "10", LO, policy(tolerance_absolute=2), A),
    ("12.1", "10", LO, policy(tolerance_absolute=2), R),
    # zero target
    ("0", "0", LO, DEFAULT_POLICY, G),
    ("1", "0", LO, DEFAULT_POLICY, R),  # no absolute tolerance: any miss is red
    ("1", "0", LO, policy(tolerance_absolute=1), A),
    ("1.5", "0", LO, policy(tolerance_absolute=1), R),
    ("-1", "0", HI, DEFAULT_POLICY, R),
    ("-1", "0", HI, policy(tolerance_absolute="1"), A),
    ("5", "0", HI, DEFAULT_POLICY, G),
    # negative target (a net change, say)
    ("-10", "-10", HI, DEFAULT_POLICY, G),
    ("-11", "-10", HI, DEFAULT_POLICY, R),  # percentage of a negative target: refused
    ("-11", "-10", HI, policy(tolerance_absolute=2), A),
    ("-13", "-10", HI, policy(tolerance_absolute=2), R),
    ("-12", "-10", LO, DEFAULT_POLICY, G),
    ("-9", "-10", LO, policy(tolerance_absolute=1), A),
    # green band
    ("86", "90", HI, policy(green_band_percent=5), G),
    ("85.5", "90", HI, policy(green_band_percent=5), G),  # exactly at the band
    ("85.4", "90", HI, policy(green_band_percent=5), A),
    ("10.5", "10", LO, policy(green_band_percent=5), G),
    ("10.6", "10", LO, policy(green_band_percent=5), A),
    ("0.5", "0", LO, policy(green_band_absolute="0.5", tolerance_absolute=1), G),
    ("0.5", "0", LO, policy(green_band_percent=5, tolerance_absolute=1), A),
    # floor standard
    ("69", "90", HI, policy(floor=70), R),
    ("70", "90", HI, policy(floor=70, tolerance_percent=30), A),
    ("85", "90", HI, policy(floor=86), R),  # within tolerance but below the floor
    ("13", "10", LO, policy(floor=12, tolerance_percent=50), R),
    ("12", "10", LO, policy(floor=12, tolerance_percent=50), A),
    ("95", "90", HI, policy(floor=70), G),
    # money and large numbers
    ("1000000", "1000000", HI, DEFAULT_POLICY, G),
    ("900000", "1000000", HI, DEFAULT_POLICY, A),
    ("899999.99", "1000000", HI, DEFAULT_POLICY, R),
]


@pytest.mark.parametrize(("value", "target", "polarity", "pol", "expected"), CASES)
def test_rating_table(value, target, polarity, pol, expected):
    result = rate(value=D(value), target=D(target), polarity=polarity, policy=pol, fmt=PCT)
    assert result.rating == expected, result.explanation
    assert result.explanation.startswith(f"{expected.word.upper()}: ")


def test_there_are_at_least_forty_table_cases():
    assert len(CASES) >= 40


def test_the_design_example_is_amber_with_its_explanation():
    result = rate(value=D(82), target=D(90), polarity=HI, fmt=PCT)
    assert result.rating == Rating.AMBER
    assert result.explanation == "AMBER: 82.0% is 8.9% below the 90.0% target (amber within 10%)"


@pytest.mark.parametrize(
    ("kwargs", "explanation"),
    [
        (
            {"value": D(95), "target": D(90), "polarity": HI},
            "GREEN: 95.0% meets the 90.0% target (target met)",
        ),
        (
            {"value": D(70), "target": D(90), "polarity": HI},
            "RED: 70.0% is 22.2% below the 90.0% target (red beyond 10%)",
        ),
        (
            {"value": D(11), "target": D(10), "polarity": LO},
            "AMBER: 11.0% is 10.0% above the 10.0% target (amber within 10%)",
        ),
        (
            {"value": D("80.99"), "target": D(90), "polarity": HI},
            # rounded to one place it would read "10.0%", as if at the limit
            "RED: 81.0% is 10.01% below the 90.0% target (red beyond 10%)",
        ),
        (
            {"value": None, "target": D(90), "polarity": HI},
            "NO DATA: no value yet (target 90.0%)",
        ),
        (
            {"value": None, "target": None, "polarity": HI},
            "NO DATA: no value has been entered for this period (no value)",
        ),
        (
            {"value": D(5), "target": None, "polarity": HI},
            "NOT RATED: no target is set for this period (no target)",
        ),
        (
            {"value": D(5), "target": D(9), "polarity": HI, "data_only": True},
            "NOT RATED: a data-only indicator has no target (data-only indicator)",
        ),
        (
            {"value": D(65), "target": D(90), "polarity": HI, "policy": policy(floor=70)},
            "RED: 65.0% is below the 70.0% floor standard (red whatever the tolerance)",
        ),
        (
            {
                "value": D(87),
                "target": D(90),
                "polarity": HI,
                "policy": policy(green_band_percent=5),
            },
            "GREEN: 87.0% is 3.3% below the 90.0% target (green within 5%)",
        ),
    ],
)
def test_explanations_in_plain_english(kwargs, explanation):
    assert rate(fmt=PCT, **kwargs).explanation == explanation


def test_zero_target_without_absolute_tolerance_says_why_it_is_red():
    result = rate(value=D(2), target=D(0), polarity=LO, fmt=NUM)
    assert result.rating == Rating.RED
    assert result.explanation == (
        "RED: 2 is 2 above the 0 target (a zero or negative target needs an absolute "
        "tolerance; without one any miss is red)"
    )


def test_absolute_tolerance_is_written_in_the_indicators_units():
    days = Format(Unit.DAYS, 1)
    result = rate(
        value=D(12), target=D(10), polarity=LO, policy=policy(tolerance_absolute=3), fmt=days
    )
    assert result.explanation == (
        "AMBER: 12.0 days is 2.0 days above the 10.0 days target (amber within 3.0 days)"
    )


def test_money_is_written_in_pounds():
    money = Format(Unit.MONEY, 0)
    result = rate(value=D(950000), target=D(1000000), polarity=HI, fmt=money)
    assert result.explanation == (
        "AMBER: £950,000 is 5.0% below the £1,000,000 target (amber within 10%)"
    )


def test_percentage_points_for_an_absolute_tolerance_on_a_percentage():
    result = rate(
        value=D(88), target=D(90), polarity=HI, policy=policy(tolerance_absolute=3), fmt=PCT
    )
    assert result.explanation == (
        "AMBER: 88.0% is 2.0 percentage points below the 90.0% target "
        "(amber within 3.0 percentage points)"
    )


def test_an_indicator_setting_an_absolute_tolerance_replaces_the_default_percentage():
    merged = DEFAULT_POLICY.merged(tolerance_absolute=D(1))
    assert merged.tolerance_percent is None
    assert merged.tolerance_absolute == D(1)
    assert DEFAULT_POLICY.merged(tolerance_percent=D(5)).tolerance_percent == D(5)


# --- aggregation -------------------------------------------------------------------

MONTHS = [D(10), D(20), None, D(30)]


@pytest.mark.parametrize(
    ("aggregation", "expected"),
    [
        (Aggregation.SUM, D(60)),
        (Aggregation.AVERAGE, D(20)),
        (Aggregation.LATEST, D(30)),
        (Aggregation.CUMULATIVE, D(30)),
    ],
)
def test_values_combine_by_aggregation(aggregation, expected):
    assert combine(MONTHS, aggregation) == expected


@pytest.mark.parametrize("aggregation", list(Aggregation))
def test_no_values_combine_to_no_data(aggregation):
    assert combine([None, None], aggregation) is None
    assert combine([], aggregation) is None


PROFILE = [D(5), D(10), D(15), D(20)] + [None] * 8


@pytest.mark.parametrize(
    ("aggregation", "profile", "periods", "expected"),
    [
        (Aggregation.SUM, None, 3, D(30)),  # 120 pro rata
        (Aggregation.SUM, PROFILE, 3, D(30)),  # 5 + 10 + 15
        (Aggregation.CUMULATIVE, PROFILE, 4, D(50)),
        (Aggregation.CUMULATIVE, None, 6, D(60)),
        (Aggregation.AVERAGE, None, 3, D(120)),
        (Aggregation.AVERAGE, PROFILE, 2, D(10)),
        (Aggregation.LATEST, PROFILE, 4, D(20)),
        (Aggregation.LATEST, PROFILE, 9, D(20)),  # latest profiled period so far
        (Aggregation.LATEST, None, 9, D(120)),
    ],
)
def test_target_to_date(aggregation, profile, periods, expected):
    assert (
        target_to_date(annual=D(120), profile=profile, periods=periods, aggregation=aggregation)
        == expected
    )


def test_no_annual_target_and_no_profile_is_no_target():
    for aggregation in Aggregation:
        assert target_to_date(annual=None, profile=None, periods=3, aggregation=aggregation) is None


@pytest.mark.parametrize(
    ("aggregation", "index", "expected"),
    [
        (Aggregation.SUM, 0, D(5)),
        (Aggregation.SUM, 5, D(10)),  # 120 ÷ 12 where not profiled
        (Aggregation.CUMULATIVE, 2, D(30)),
        (Aggregation.AVERAGE, 5, D(120)),
        (Aggregation.LATEST, 1, D(10)),
    ],
)
def test_period_target(aggregation, index, expected):
    assert (
        period_target(annual=D(120), profile=PROFILE, index=index, aggregation=aggregation)
        == expected
    )


def test_cumulative_year_to_date_compares_with_the_profiled_target_to_date():
    """Cumulative 28 after three months against a profile of 5, 10, 15 (30 to date): amber,
    though well short of the annual 120."""
    values = [D(4), D(13), D(28)]
    value = combine(values, Aggregation.CUMULATIVE)
    target = target_to_date(
        annual=D(120), profile=PROFILE, periods=3, aggregation=Aggregation.CUMULATIVE
    )
    assert rate(value=value, target=target, polarity=HI).rating == Rating.AMBER


# --- direction of travel -----------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "word", "arrow"),
    [
        (D(5), D(4), HI, "Improving", "↑"),
        (D(3), D(4), HI, "Worsening", "↓"),
        (D(3), D(4), LO, "Improving", "↓"),
        (D(5), D(4), LO, "Worsening", "↑"),
        (D(4), D(4), HI, "No change", "→"),
        (D(4), None, HI, "No comparison", ""),
        (None, D(4), LO, "No comparison", ""),
    ],
)
def test_direction_of_travel(current, previous, polarity, word, arrow):
    travel = direction_of_travel(current=current, previous=previous, polarity=polarity)
    assert (travel.word, travel.arrow) == (word, arrow)
    assert travel.explanation.startswith(word)


def test_direction_of_travel_names_what_it_compares_with():
    travel = direction_of_travel(
        current=D(70), previous=D(75), polarity=HI, against="March 2026", fmt=PCT
    )
    assert travel.explanation == "Worsening: down from 75.0% in March 2026"


# --- invariants --------------------------------------------------------------------

numbers = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False)
percents = st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=1))
amounts = st.one_of(st.none(), st.decimals(min_value=0, max_value=1000, places=2))
policies = st.builds(
    Policy,
    tolerance_percent=percents,
    tolerance_absolute=amounts,
    green_band_percent=percents,
    green_band_absolute=amounts,
    floor=st.one_of(st.none(), numbers),
)


@given(a=numbers, b=numbers, target=numbers, pol=policies, polarity=st.sampled_from(Polarity))
def test_a_better_value_never_gets_a_worse_rating(a, b, target, pol, polarity):
    better, worse = (max(a, b), min(a, b)) if polarity == HI else (min(a, b), max(a, b))
    rated_better = rate(value=better, target=target, polarity=polarity, policy=pol)
    rated_worse = rate(value=worse, target=target, polarity=polarity, policy=pol)
    assert rated_better.rating.severity <= rated_worse.rating.severity


@given(value=numbers, target=numbers, pol=policies, polarity=st.sampled_from(Polarity))
def test_every_rating_is_one_of_the_three_and_names_its_rule(value, target, pol, polarity):
    result = rate(value=value, target=target, polarity=polarity, policy=pol)
    assert result.rating in (G, A, R)
    assert result.explanation.startswith(result.rating.word.upper() + ": ")
    assert result.explanation.endswith(f"({result.rule})")
    assert result.rule


@given(value=numbers, target=numbers, pol=policies, polarity=st.sampled_from(Polarity))
def test_meeting_the_target_above_the_floor_is_always_green(value, target, pol, polarity):
    met = value >= target if polarity == HI else value <= target
    above_floor = pol.floor is None or (
        value >= pol.floor if polarity == HI else value <= pol.floor
    )
    if met and above_floor:
        assert rate(value=value, target=target, polarity=polarity, policy=pol).rating == G


@given(target=st.decimals(min_value=-1000, max_value=0, places=2), miss=numbers)
def test_zero_or_negative_targets_never_divide_and_any_miss_is_red(target, miss):
    value = target - abs(miss) if miss else target - 1
    result = rate(value=value, target=target, polarity=HI)
    assert result.rating == R
    assert "absolute tolerance" in result.explanation


@given(
    values=st.lists(st.one_of(st.none(), numbers), max_size=12),
    aggregation=st.sampled_from(Aggregation),
)
def test_combined_value_lies_within_what_was_entered_except_sums(values, aggregation):
    result = combine(values, aggregation)
    present = [v for v in values if v is not None]
    if not present:
        assert result is None
    elif aggregation != Aggregation.SUM:
        assert min(present) <= result <= max(present)


# --- explanations that read right (issue 15) ---------------------------------------

PCT0 = Format(Unit.PERCENTAGE, 0)
IN_POINTS = Policy(gaps_in_points=True)


@pytest.mark.parametrize(
    ("kwargs", "fmt", "explanation"),
    [
        # a miss never reads as equal to the target: more places where rounding would hide it
        (
            {"value": D("99.7"), "target": D(100), "policy": IN_POINTS},
            PCT0,
            "AMBER: 99.7% is 0.3 percentage points below the 100% target "
            "(amber within 10% of the target)",
        ),
        (
            {"value": D("99.7"), "target": D(100)},
            PCT0,
            "AMBER: 99.7% is 0.3% below the 100% target (amber within 10%)",
        ),
        (
            {"value": D("99.97"), "target": D(100)},
            PCT,
            "AMBER: 99.97% is 0.03% below the 100.0% target (amber within 10%)",
        ),
        # the target as set, not rounded, so the gap agrees with it
        (
            {"value": D(90), "target": D("94.56"), "policy": IN_POINTS},
            PCT,
            "AMBER: 90.0% is 4.56 percentage points below the 94.56% target "
            "(amber within 10% of the target)",
        ),
        # singular and plural
        (
            {"value": D(89), "target": D(90), "policy": IN_POINTS},
            PCT0,
            "AMBER: 89% is 1 percentage point below the 90% target "
            "(amber within 10% of the target)",
        ),
        (
            {"value": D(88), "target": D(90), "policy": IN_POINTS},
            PCT0,
            "AMBER: 88% is 2 percentage points below the 90% target "
            "(amber within 10% of the target)",
        ),
        (
            {"value": D(89), "target": D(90), "policy": Policy(tolerance_absolute=D(1))},
            PCT0,
            "AMBER: 89% is 1 percentage point below the 90% target "
            "(amber within 1 percentage point)",
        ),
        # points are a setting: a percentage's miss as a share of the target otherwise
        (
            {"value": D(88), "target": D(90)},
            PCT0,
            "AMBER: 88% is 2.2% below the 90% target (amber within 10%)",
        ),
        # a floor is written with places enough to show the value is below it
        (
            {"value": D("69.96"), "target": D(90), "policy": Policy(floor=D(70))},
            PCT,
            "RED: 69.96% is below the 70.0% floor standard (red whatever the tolerance)",
        ),
        # seconds and minutes, lower is better
        (
            {"value": D(21), "target": D(20), "polarity": LO},
            Format(Unit.SECONDS, 0),
            "AMBER: 21 seconds is 5.0% above the 20 seconds target (amber within 10%)",
        ),
        (
            {"value": D(1), "target": D("1.5"), "polarity": LO},
            Format(Unit.MINUTES, 0),
            "GREEN: 1 minute meets the 1.5 minutes target (target met)",
        ),
        (
            {
                "value": D(12),
                "target": D(10),
                "polarity": LO,
                "policy": policy(tolerance_absolute=3),
            },
            Format(Unit.DAYS, 0),
            "AMBER: 12 days is 2 days above the 10 days target (amber within 3 days)",
        ),
        (
            {
                "value": D(11),
                "target": D(10),
                "polarity": LO,
                "policy": policy(tolerance_absolute=3),
            },
            Format(Unit.DAYS, 0),
            "AMBER: 11 days is 1 day above the 10 days target (amber within 3 days)",
        ),
        # no value yet, but a target: say what it is
        ({"value": None, "target": D(95)}, PCT0, "NO DATA: no value yet (target 95%)"),
        ({"value": None, "target": D("94.5")}, PCT0, "NO DATA: no value yet (target 94.5%)"),
    ],
)
def test_explanations_read_right(kwargs, fmt, explanation):
    result = rate(fmt=fmt, **({"polarity": HI} | kwargs))
    assert result.explanation == explanation


@pytest.mark.parametrize(
    ("number", "places", "unlike", "expected"),
    [
        (D("99.7"), 0, D(100), 1),
        (D("99.97"), 1, D(100), 2),
        (D("99.99999"), 1, D(100), 4),  # four places at most
        (D(100), 0, D(100), 0),
        (D("94.56"), 1, None, 2),
        (D("94.5"), 1, None, 1),
        (D(90), 1, None, 1),
    ],
)
def test_places_enough_to_show_a_number_apart(number, places, unlike, expected):
    assert shown_places(number, places, unlike=unlike) == expected
