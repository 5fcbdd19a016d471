# ruff: noqa: E501 (a table of whole explanations reads best one case a line)
"""The kinds of rating rule councils use, each with its own explanation (performance.rag):
strict targets, amber by a floor standard, low and high targets, and direction-dependent
amber."""

from decimal import Decimal

import pytest

from performance.models import IndicatorDefinition, rules_over
from performance.rag import AmberRule, Format, Polarity, Policy, Rating, Unit, rate

PCT = Format(Unit.PERCENTAGE, 1)
H, L = Polarity.HIGHER, Polarity.LOWER
STRICT = Policy(strict=True)
FLOOR = Policy(floor=Decimal(80), amber=AmberRule.FLOOR)
RANGE = Policy(low_target=Decimal(85), amber=AmberRule.RANGE)
RANGE_LOWER = Policy(low_target=Decimal(5), amber=AmberRule.RANGE)
TRAVEL = Policy(amber=AmberRule.TRAVEL)


def D(text) -> Decimal:
    return Decimal(str(text))


CASES = [
    # strict targets: equal is a miss (lower is better: "less than 3%")
    (2.9, 3, L, STRICT, None, Rating.GREEN, "GREEN: 2.9% is below the 3.0% target (strict target met)"),
    (3, 3, L, STRICT, None, Rating.AMBER, "AMBER: 3.0% equals the 3.0% target, which it must beat (strict target: equal is a miss; amber within 10%)"),
    (3.2, 3, L, STRICT, None, Rating.AMBER, "AMBER: 3.2% is 6.7% above the 3.0% target (amber within 10%)"),
    (3.5, 3, L, STRICT, None, Rating.RED, "RED: 3.5% is 16.7% above the 3.0% target (red beyond 10%)"),
    (91, 90, H, STRICT, None, Rating.GREEN, "GREEN: 91.0% is above the 90.0% target (strict target met)"),
    (90, 90, H, Policy(strict=True, tolerance_percent=Decimal(0)), None, Rating.AMBER, "AMBER: 90.0% equals the 90.0% target, which it must beat (strict target: equal is a miss; amber within 0%)"),
    # meets-or-beats: equal is met
    (3, 3, L, Policy(), None, Rating.GREEN, "GREEN: 3.0% meets the 3.0% target (target met)"),
    (90, 90, H, Policy(), None, Rating.GREEN, "GREEN: 90.0% meets the 90.0% target (target met)"),
    # amber by the floor standard: floor met but target missed, whatever the tolerance
    (81, 90, H, FLOOR, None, Rating.AMBER, "AMBER: 81.0% misses the 90.0% target but meets the 80.0% floor standard (amber while the floor standard is met)"),
    (80, 90, H, FLOOR, None, Rating.AMBER, "AMBER: 80.0% misses the 90.0% target but meets the 80.0% floor standard (amber while the floor standard is met)"),
    (79.9, 90, H, FLOOR, None, Rating.RED, "RED: 79.9% is below the 80.0% floor standard (red whatever the tolerance)"),
    (90, 90, H, FLOOR, None, Rating.GREEN, "GREEN: 90.0% meets the 90.0% target (target met)"),
    # low and high targets: amber between them
    (90, 90, H, RANGE, None, Rating.GREEN, "GREEN: 90.0% meets the 90.0% target (target met)"),
    (87, 90, H, RANGE, None, Rating.AMBER, "AMBER: 87.0% is between the 85.0% low target and the 90.0% high target (amber between the low and high targets)"),
    (85, 90, H, RANGE, None, Rating.AMBER, "AMBER: 85.0% is between the 85.0% low target and the 90.0% high target (amber between the low and high targets)"),
    (84.9, 90, H, RANGE, None, Rating.RED, "RED: 84.9% is below the 85.0% low target (red beyond the low target)"),
    (4, 3, L, RANGE_LOWER, None, Rating.AMBER, "AMBER: 4.0% is between the 3.0% low target and the 5.0% high target (amber between the low and high targets)"),
    (5.1, 3, L, RANGE_LOWER, None, Rating.RED, "RED: 5.1% is above the 5.0% high target (red beyond the high target)"),
    (2, 3, L, RANGE_LOWER, None, Rating.GREEN, "GREEN: 2.0% meets the 3.0% target (target met)"),
    # direction-dependent amber: a miss within the tolerance is amber only if improving
    (85, 90, H, TRAVEL, True, Rating.AMBER, "AMBER: 85.0% is 5.6% below the 90.0% target (amber within 10% and improving)"),
    (85, 90, H, TRAVEL, False, Rating.RED, "RED: 85.0% is 5.6% below the 90.0% target (red: within 10% but not improving)"),
    (85, 90, H, TRAVEL, None, Rating.AMBER, "AMBER: 85.0% is 5.6% below the 90.0% target (amber within 10%; no previous value shows whether it is improving)"),
    (70, 90, H, TRAVEL, True, Rating.RED, "RED: 70.0% is 22.2% below the 90.0% target (red beyond 10%)"),
    (95, 90, H, TRAVEL, False, Rating.GREEN, "GREEN: 95.0% meets the 90.0% target (target met)"),
    (3.2, 3, L, TRAVEL, False, Rating.RED, "RED: 3.2% is 6.7% above the 3.0% target (red: within 10% but not improving)"),
    # the tolerance rule ignores whether it is improving
    (85, 90, H, Policy(), False, Rating.AMBER, "AMBER: 85.0% is 5.6% below the 90.0% target (amber within 10%)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "target", "polarity", "policy", "improving", "rating", "text"), CASES
)
def test_each_kind_of_rule_rates_and_explains(value, target, polarity, policy, improving, rating, text):  # fmt: skip
    result = rate(
        value=D(value),
        target=D(target),
        polarity=polarity,
        policy=policy,
        fmt=PCT,
        improving=improving,
    )
    assert (result.rating, result.explanation) == (rating, text)


def test_a_floor_or_range_kind_without_its_number_falls_back_to_the_tolerance():
    for policy in (Policy(amber=AmberRule.FLOOR), Policy(amber=AmberRule.RANGE)):
        result = rate(value=D(85), target=D(90), polarity=H, policy=policy, fmt=PCT)
        assert result.explanation == (
            "AMBER: 85.0% is 5.6% below the 90.0% target (amber within 10%)"
        )


def test_an_indicators_own_settings_keep_the_kind_when_merged_with_the_council_default():
    definition = IndicatorDefinition(
        strict_target=True, amber_rule=AmberRule.RANGE, low_target=Decimal(85)
    )
    policy = rules_over(Policy(tolerance_percent=Decimal(5)), definition)
    assert (policy.strict, policy.amber, policy.low_target) == (True, AmberRule.RANGE, 85)
    assert policy.tolerance_percent == 5
