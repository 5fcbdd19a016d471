"""The indicator RAG engine: pure functions, no database, used wherever a rating appears.

The rules, in council terms (this docstring is their statement; the table-driven tests
in tests/performance/test_rag.py hold the engine to it):

- GREEN: the target is met. Polarity decides the direction; equal counts as met.
- AMBER: missed, but by no more than the tolerance. By default the tolerance is 10% of
  the target (higher is better: value ≥ target × 0.9; lower is better: value ≤ target × 1.1).
  Exactly at the tolerance is AMBER.
- RED: missed by more than the tolerance.
- The council sets a default policy; an indicator may override it with a tolerance as a
  percentage of its target or as an absolute amount, an optional green band ("within 5%
  counts as green") and an optional floor standard (worse than it is RED whatever the
  tolerance).
- A target of zero or below has no meaningful percentage: it needs an absolute tolerance
  (and an absolute green band). Without one, any miss is RED and the explanation says why.
- Kinds of rule a council may choose, per indicator:
  - a strict target ("less than 3%"): only better than the target is met, equal is a miss;
  - amber by the floor standard: a miss that still meets the floor is AMBER, worse RED;
  - low and high targets: meeting the better one is GREEN, between them AMBER, beyond RED;
  - direction-dependent amber: a miss within the tolerance is AMBER if the value improved
    on the previous period and RED if not (with no previous value, AMBER, and it says so).
- No value yet → NO DATA; a data-only indicator, or no target → NOT RATED.
- Every rating carries a one-line explanation in plain English naming the rule applied,
  e.g. "AMBER: 82.0% is 8.9% below the 90.0% target (amber within 10%)".

Arithmetic is in Decimal so that boundaries are exact: 90 × 0.9 is 81, not 80.99999.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from core.ratings import Shown

HUNDRED = Decimal(100)
ZERO = Decimal(0)


class Polarity(enum.StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Rating(enum.StrEnum):
    """An indicator's rating against its target."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_DATA = "no_data"
    NOT_RATED = "not_rated"

    @property
    def word(self) -> str:
        return {"no_data": "No data", "not_rated": "Not rated"}.get(self.value, self.value.title())

    @property
    def css(self) -> str:
        """The stylesheet's tag modifier: gt-rag--green|amber|red|grey."""
        return self.value if self in (Rating.GREEN, Rating.AMBER, Rating.RED) else "grey"

    @property
    def shown(self) -> Shown:
        return Shown(self.css, self.word)

    @property
    def severity(self) -> int:
        """Worse ratings are larger: GREEN 0, AMBER 1, RED 2 (unrated ones are None-like -1)."""
        return {"green": 0, "amber": 1, "red": 2}.get(self.value, -1)


class Unit(enum.StrEnum):
    NUMBER = "number"
    PERCENTAGE = "percentage"
    MONEY = "money"
    DAYS = "days"
    SECONDS = "seconds"
    MINUTES = "minutes"
    RATE = "rate"


# Units written after the number, singular for exactly one: "1 day", "2.5 minutes".
COUNTED = {Unit.DAYS: "day", Unit.SECONDS: "second", Unit.MINUTES: "minute"}


class Aggregation(enum.StrEnum):
    SUM = "sum"
    AVERAGE = "average"
    LATEST = "latest"
    CUMULATIVE = "cumulative"


class AmberRule(enum.StrEnum):
    """What makes a miss amber rather than red."""

    TOLERANCE = "tolerance"  # within the tolerance of the target
    FLOOR = "floor"  # the floor standard is still met
    RANGE = "range"  # between the low and the high target
    TRAVEL = "travel"  # within the tolerance and improving on the previous period


@dataclass(frozen=True)
class Policy:
    """How misses are judged. Exactly one of the tolerances applies: the absolute amount
    if set, otherwise the percentage of the target."""

    tolerance_percent: Decimal | None = Decimal(10)
    tolerance_absolute: Decimal | None = None
    green_band_percent: Decimal | None = None
    green_band_absolute: Decimal | None = None
    floor: Decimal | None = None
    # The council states a percentage indicator's miss in percentage points (88% is "2
    # percentage points below" 90%) rather than as a share of the target ("2.2% below").
    gaps_in_points: bool = False
    low_target: Decimal | None = None
    strict: bool = False
    amber: AmberRule = AmberRule.TOLERANCE

    def kind(self, *, strict: bool, amber: AmberRule) -> Policy:
        """This policy with the indicator's kind of target and amber rule."""
        return replace(self, strict=strict, amber=amber)

    def merged(self, **overrides: Decimal | None) -> Policy:
        """This policy with an indicator's own settings laid over it (None keeps ours).

        An absolute tolerance set on the indicator replaces the default percentage."""
        values = {k: v for k, v in overrides.items() if v is not None}
        base = dict(self.__dict__)
        if "tolerance_absolute" in values:
            base["tolerance_percent"] = None
        if "tolerance_percent" in values:
            base["tolerance_absolute"] = None
        return Policy(**(base | values))


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class Format:
    """How an indicator's numbers are written."""

    unit: Unit = Unit.NUMBER
    places: int = 1
    rate_per: int | None = None

    def value(self, number: Decimal) -> str:
        text = _fixed(number, self.places)
        if self.unit == Unit.PERCENTAGE:
            return f"{text}%"
        if self.unit == Unit.MONEY:
            sign = "-" if number < 0 else ""
            return f"{sign}£{_fixed(abs(number), self.places)}"
        if self.unit in COUNTED:
            return _counted(text, COUNTED[self.unit])
        if self.unit == Unit.RATE and self.rate_per:
            return f"{text} per {self.rate_per:,}"
        return text

    def amount(self, number: Decimal) -> str:
        """A difference: percentage points for percentages ("1 percentage point")."""
        if self.unit == Unit.PERCENTAGE:
            return _counted(_fixed(number, self.places), "percentage point")
        return self.value(number)

    def at(self, places: int) -> Format:
        return replace(self, places=places)


def _counted(text: str, noun: str) -> str:
    """ "1 day", "1.0 day", "2 days", "0.5 days": singular only for exactly one."""
    return f"{text} {noun}" if Decimal(text.replace(",", "")) == 1 else f"{text} {noun}s"


def shown_places(number: Decimal, places: int, *, unlike: Decimal | None = None) -> int:
    """The decimal places to write `number` with: the indicator's own, or more (up to
    four) where fewer would hide part of it, or make it look equal to `unlike` (a miss of
    99.97% must not read as the 100% target)."""
    number = Decimal(number)
    for more in range(places, max(places, 4) + 1):
        written = Decimal(_fixed(number, more).replace(",", ""))
        exact = unlike is None and written == number
        apart = unlike is not None and (number == unlike or written != Decimal(unlike))
        if exact or apart:
            return more
    return max(places, 4)


def shown_against(value: Decimal, target: Decimal, fmt: Format) -> tuple[str, str]:
    """A value and its target written side by side, as the explanation writes them: a
    miss never looks equal to the target, and the target is written as set."""
    mine, goals = _against(Decimal(value), Decimal(target), fmt)
    return mine.value(Decimal(value)), goals.value(Decimal(target))


def _against(value: Decimal, limit: Decimal, fmt: Format) -> tuple[Format, Format]:
    """How a value and the target (or floor) it is compared with are written: the limit
    exactly as set (94.56%, not 94.6%), the value with places enough to differ from it
    when it does. Returns (value's format, limit's format)."""
    limit_places = shown_places(limit, fmt.places)
    value_places = shown_places(value, fmt.places, unlike=limit)
    return fmt.at(value_places), fmt.at(limit_places)


def _fixed(number: Decimal, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    return f"{Decimal(number).quantize(quantum, rounding=ROUND_HALF_UP):,}"


def _percent(number: Decimal, exact_against: Decimal | None = None) -> str:
    """A percentage to one place, with more places where rounding would make it look equal
    to the limit it is being compared with, or make a miss look like none."""
    for places in (1, 2, 3, 4):
        text = _fixed(number, places)
        written = Decimal(text.replace(",", ""))
        if number and not written:
            continue  # a miss never reads as 0.0%
        if exact_against is None or number == exact_against or written != exact_against:
            return f"{text}%"
    return f"{number.normalize()}%"


def _limit(number: Decimal) -> str:
    """A policy percentage as written by the council: 10, 7.5."""
    text = f"{number.normalize():f}"
    return f"{text}%"


@dataclass(frozen=True)
class RagResult:
    rating: Rating
    explanation: str
    rule: str  # the rule applied, as named in the explanation's brackets

    @property
    def word(self) -> str:
        return self.rating.word

    @property
    def shown(self) -> Shown:
        return self.rating.shown


def _result(rating: Rating, sentence: str, rule: str) -> RagResult:
    return RagResult(rating, f"{rating.word.upper()}: {sentence} ({rule})", rule)


def better_or_equal(value: Decimal, other: Decimal, polarity: Polarity) -> bool:
    return value >= other if polarity == Polarity.HIGHER else value <= other


def rate(
    *,
    value: Decimal | None,
    target: Decimal | None,
    polarity: Polarity,
    policy: Policy = DEFAULT_POLICY,
    fmt: Format = Format(),
    data_only: bool = False,
    improving: bool | None = None,
) -> RagResult:
    """Rate one value against its target under a policy; see the module docstring.

    `improving` says whether the value is better than the previous period's (None: no
    previous value); only the direction-dependent amber rule reads it."""
    if data_only:
        return _result(
            Rating.NOT_RATED, "a data-only indicator has no target", "data-only indicator"
        )
    if value is None and target is not None:
        goal = fmt.at(shown_places(Decimal(target), fmt.places)).value(Decimal(target))
        return RagResult(Rating.NO_DATA, f"NO DATA: no value yet (target {goal})", "no value")
    if value is None:
        return _result(Rating.NO_DATA, "no value has been entered for this period", "no value")
    if target is None:
        return _result(Rating.NOT_RATED, "no target is set for this period", "no target")
    value, target = Decimal(value), Decimal(target)
    direction = "below" if polarity == Polarity.HIGHER else "above"

    if policy.floor is not None and not better_or_equal(value, policy.floor, polarity):
        mine, floors = _against(value, Decimal(policy.floor), fmt)
        return _result(
            Rating.RED,
            f"{mine.value(value)} is {direction} the {floors.value(policy.floor)} floor standard",
            "red whatever the tolerance",
        )
    mine, goals = _against(value, target, fmt)
    shown, goal = mine.value(value), goals.value(target)
    # the gap is written to the places of whichever of the two needed more
    gap = fmt.at(max(mine.places, goals.places))
    in_points = policy.gaps_in_points and fmt.unit == Unit.PERCENTAGE
    of_target = " of the target" if in_points else ""
    if policy.strict:
        beaten = "above" if polarity == Polarity.HIGHER else "below"
        if value != target and better_or_equal(value, target, polarity):
            sentence = f"{shown} is {beaten} the {goal} target"
            return _result(Rating.GREEN, sentence, "strict target met")
    elif better_or_equal(value, target, polarity):
        return _result(Rating.GREEN, f"{shown} meets the {goal} target", "target met")

    miss = abs(value - target)
    positive = target > 0
    band = _amount(policy.green_band_absolute, policy.green_band_percent, target)
    tolerance = _amount(policy.tolerance_absolute, policy.tolerance_percent, target)

    def how_far(limit_percent: Decimal | None) -> str:
        relative = policy.tolerance_absolute is None or limit_percent is not None
        if positive and relative and not in_points:
            return _percent(miss / target * HUNDRED, limit_percent)
        return gap.amount(miss)

    if band is not None and miss <= band:
        rule = (
            f"green within {fmt.amount(policy.green_band_absolute)}"
            if policy.green_band_absolute is not None
            else f"green within {_limit(policy.green_band_percent)}{of_target}"
        )
        far = how_far(policy.green_band_percent if policy.green_band_absolute is None else None)
        return _result(Rating.GREEN, f"{shown} is {far} {direction} the {goal} target", rule)

    if value == target:  # only under a strict target
        sentence = f"{shown} equals the {goal} target, which it must beat"
        return _strict_equal(policy, sentence, tolerance, fmt, improving)
    kind = _other_kind(value, target, policy, polarity, fmt, shown, goal, direction)
    if kind is not None:
        return kind

    if tolerance is None:
        return _result(
            Rating.RED,
            f"{shown} is {gap.amount(miss)} {direction} the {goal} target",
            "a zero or negative target needs an absolute tolerance; without one any miss is red",
        )
    if policy.tolerance_absolute is not None:
        limit_text, limit_percent = fmt.amount(policy.tolerance_absolute), None
    else:
        limit_text = f"{_limit(policy.tolerance_percent)}{of_target}"
        limit_percent = policy.tolerance_percent
    far = how_far(limit_percent)
    sentence = f"{shown} is {far} {direction} the {goal} target"
    if miss <= tolerance:
        return _within(policy, sentence, limit_text, improving)
    return _result(Rating.RED, sentence, f"red beyond {limit_text}")


def _within(policy: Policy, sentence: str, limit_text: str, improving: bool | None) -> RagResult:
    """A miss within the tolerance: amber, except under the direction-dependent rule, where
    it is amber only if improving on the previous period and red if not."""
    if policy.amber != AmberRule.TRAVEL:
        return _result(Rating.AMBER, sentence, f"amber within {limit_text}")
    if improving is None:
        rule = f"amber within {limit_text}; no previous value shows whether it is improving"
        return _result(Rating.AMBER, sentence, rule)
    if improving:
        return _result(Rating.AMBER, sentence, f"amber within {limit_text} and improving")
    return _result(Rating.RED, sentence, f"red: within {limit_text} but not improving")


def _strict_equal(policy, sentence, tolerance, fmt, improving) -> RagResult:
    """Equal to a strict target: a miss by nothing, so within any tolerance (amber), and
    within the floor or low target too."""
    if policy.amber == AmberRule.FLOOR and policy.floor is not None:
        return _result(Rating.AMBER, sentence, "strict target: equal is a miss")
    if policy.amber == AmberRule.RANGE and policy.low_target is not None:
        return _result(Rating.AMBER, sentence, "strict target: equal is a miss")
    if tolerance is None:
        return _result(Rating.RED, sentence, "strict target: equal is a miss, and no tolerance")
    limit = (
        fmt.amount(policy.tolerance_absolute)
        if policy.tolerance_absolute is not None
        else _limit(policy.tolerance_percent)
    )
    result = _within(policy, sentence, limit, improving)
    return _result(result.rating, sentence, f"strict target: equal is a miss; {result.rule}")


def _other_kind(value, target, policy, polarity, fmt, shown, goal, direction):
    """A miss judged by a floor standard (amber while the floor is met) or by low and high
    targets (amber between them, red beyond the second); None for the tolerance rules."""
    if policy.amber == AmberRule.FLOOR and policy.floor is not None:
        floor = fmt.value(policy.floor)
        sentence = f"{shown} misses the {goal} target but meets the {floor} floor standard"
        return _result(Rating.AMBER, sentence, "amber while the floor standard is met")
    if policy.amber != AmberRule.RANGE or policy.low_target is None:
        return None
    second = fmt.value(policy.low_target)
    low, high = (second, goal) if polarity == Polarity.HIGHER else (goal, second)
    if not better_or_equal(value, policy.low_target, polarity):
        word = "low" if polarity == Polarity.HIGHER else "high"
        sentence = f"{shown} is {direction} the {second} {word} target"
        return _result(Rating.RED, sentence, f"red beyond the {word} target")
    sentence = f"{shown} is between the {low} low target and the {high} high target"
    return _result(Rating.AMBER, sentence, "amber between the low and high targets")


def _amount(absolute: Decimal | None, percent: Decimal | None, target: Decimal) -> Decimal | None:
    """The allowance in the indicator's own units: the absolute amount, else the percentage
    of a positive target; None where a percentage of a zero or negative target would be
    meaningless."""
    if absolute is not None:
        return abs(Decimal(absolute))
    if percent is None or target <= 0:
        return None
    return target * Decimal(percent) / HUNDRED


# --- combining a year's values -----------------------------------------------------


def combine(values: Sequence[Decimal | None], aggregation: Aggregation) -> Decimal | None:
    """The year-to-date value from the period values so far (None where not entered).

    - sum: the values added up;
    - average: their mean;
    - latest: the most recent value (a snapshot);
    - cumulative: each value is already a running total, so the most recent one.
    No values at all gives None (no data)."""
    present = [Decimal(v) for v in values if v is not None]
    if not present:
        return None
    if aggregation == Aggregation.SUM:
        return sum(present, ZERO)
    if aggregation == Aggregation.AVERAGE:
        return sum(present, ZERO) / len(present)
    return present[-1]


def target_to_date(
    *,
    annual: Decimal | None,
    profile: Sequence[Decimal | None] | None,
    periods: int,
    aggregation: Aggregation,
    periods_in_year: int = 12,
) -> Decimal | None:
    """The target to compare the year-to-date value with, after `periods` periods.

    - sum and cumulative: the profiled targets of the periods so far added up; without a
      profile, the annual target pro rata (annual × periods ÷ periods in the year);
    - average and latest: the profiled target of the latest profiled period so far;
      without one, the annual target.
    No annual target and no profile gives None (not rated)."""
    profiled = list(profile or [])[:periods]
    entered = [Decimal(p) for p in profiled if p is not None]
    if aggregation in (Aggregation.SUM, Aggregation.CUMULATIVE):
        if entered:
            return sum(entered, ZERO)
        if annual is None:
            return None
        return Decimal(annual) * periods / periods_in_year
    if entered:
        return entered[-1]
    return None if annual is None else Decimal(annual)


def period_target(
    *,
    annual: Decimal | None,
    profile: Sequence[Decimal | None] | None,
    index: int,
    aggregation: Aggregation,
    periods_in_year: int = 12,
) -> Decimal | None:
    """The target for one period's own value (the entry grid's per-month rating).

    Cumulative values are running totals, so they meet the target to date; summed values
    meet that period's profiled share (or annual ÷ periods); averages and snapshots meet
    the period's profiled level (or the annual target)."""
    if aggregation == Aggregation.CUMULATIVE:
        return target_to_date(
            annual=annual,
            profile=profile,
            periods=index + 1,
            aggregation=aggregation,
            periods_in_year=periods_in_year,
        )
    profiled = list(profile or [])
    own = profiled[index] if index < len(profiled) else None
    if own is not None:
        return Decimal(own)
    if annual is None:
        return None
    if aggregation == Aggregation.SUM:
        return Decimal(annual) / periods_in_year
    return Decimal(annual)


# --- direction of travel -----------------------------------------------------------


@dataclass(frozen=True)
class Travel:
    word: str  # Improving, Worsening, No change, No comparison
    arrow: str  # ↑ ↓ → or "" (the arrow shows which way the number moved)
    explanation: str

    @property
    def css(self) -> str:
        return self.word.lower().replace(" ", "-")

    @property
    def detail(self) -> str:
        """The explanation without its leading word: "down from 75.0% in March 2026"."""
        return self.explanation.partition(": ")[2]


def direction_of_travel(
    *,
    current: Decimal | None,
    previous: Decimal | None,
    polarity: Polarity,
    against: str = "the previous period",
    fmt: Format = Format(),
    measure: str = "",
) -> Travel:
    """Whether the indicator got better or worse than `previous` (the previous period, or
    the same period last year), aware of polarity: for lower-is-better a fall is improving.

    The word says better or worse; the arrow says which way the number itself moved.
    `measure` names what is compared when it is not the value itself ("added in the
    period", for a running total), and the explanation then states both amounts."""
    if current is None or previous is None:
        return Travel("No comparison", "", f"No comparison: no value for {against}")
    current, previous = Decimal(current), Decimal(previous)
    now = f"{fmt.value(current)} {measure}, " if measure else ""
    if current == previous:
        return Travel(
            "No change", "→", f"No change: {now}the same as {against} ({fmt.value(previous)})"
        )
    up = current > previous
    arrow = "↑" if up else "↓"
    improving = up == (polarity == Polarity.HIGHER)
    word = "Improving" if improving else "Worsening"
    moved = "up" if up else "down"
    return Travel(word, arrow, f"{word}: {now}{moved} from {fmt.value(previous)} in {against}")


def period_amounts(
    totals: Sequence[tuple[object, Decimal | None]], *, first_of_year: set
) -> list[tuple[object, Decimal | None]]:
    """A running total's amount for each period: the total less the one before it, or the
    total itself in the first period of a year (the total starts again there). Where either
    total is missing the amount is unknown (None).

    `totals` is (period, running total) in order; `first_of_year` the periods that start a
    year."""
    amounts = []
    for position, (period, total) in enumerate(totals):
        if period in first_of_year or total is None:
            amounts.append((period, total))
            continue
        before = totals[position - 1][1] if position else None
        amounts.append((period, None if before is None else Decimal(total) - Decimal(before)))
    return amounts
