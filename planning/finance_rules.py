"""Rating a revenue forecast: pure functions, no database.

The rules, in council terms:

- Variance is forecast outturn minus current budget: positive is an overspend, negative an
  underspend. As a percentage it is of the current budget; a zero budget has no percentage.
- The council sets, for each level (service, directorate, council), when an overspend turns
  AMBER and when RED. Each colour has a percentage of the budget and an amount in pounds,
  and whichever is reached first — the lower of the two — applies: "an overspend of 5% or
  £100k, whichever is lower, is red". Reaching a threshold exactly counts.
- A threshold left blank is not used; with neither part set, that colour is never given.
- With a zero budget only the amount applies (there is no percentage of nothing).
- On budget, or an underspend, is GREEN.
- No forecast yet → NO FORECAST.
- Every rating carries one line of plain English naming the rule that decided it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core.money import pounds_and_pence, whole_pounds
from core.ratings import Shown

HUNDRED = Decimal(100)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Thresholds:
    """Overspend thresholds for one level: percentages of budget and amounts in pounds."""

    amber_percent: Decimal | None = None
    amber_amount: Decimal | None = None
    red_percent: Decimal | None = None
    red_amount: Decimal | None = None


DEFAULT_THRESHOLDS = {
    "service": Thresholds(Decimal(2), Decimal(50000), Decimal(5), Decimal(100000)),
    "directorate": Thresholds(Decimal(1), Decimal(250000), Decimal(3), Decimal(500000)),
    "council": Thresholds(Decimal(1), Decimal(500000), Decimal(2), Decimal(1000000)),
}


@dataclass(frozen=True)
class FinanceRating:
    rag: str  # green | amber | red | none
    explanation: str

    @property
    def word(self) -> str:
        return "No forecast" if self.rag == "none" else self.rag.title()

    @property
    def css(self) -> str:
        return "grey" if self.rag == "none" else self.rag

    @property
    def shown(self) -> Shown:
        return Shown(self.css, self.word)


@dataclass(frozen=True)
class Variance:
    amount: Decimal
    percent: Decimal | None  # None for a zero budget


def percent_text(value: Decimal) -> str:
    return f"{abs(value).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def variance(*, budget: Decimal, forecast: Decimal) -> Variance:
    """Forecast minus budget, in pounds and as a percentage of the budget."""
    amount = forecast - budget
    percent = None if budget == ZERO else (amount * HUNDRED / budget)
    return Variance(amount=amount, percent=percent)


def _limit(*, budget: Decimal, percent: Decimal | None, amount: Decimal | None):
    """The overspend at which a colour starts: the lower of its two parts that apply."""
    limits = []
    if percent is not None and budget > ZERO:
        limits.append((budget * percent / HUNDRED, f"{percent.normalize():f}% of budget"))
    if amount is not None:
        limits.append((amount, whole_pounds(abs(amount))))
    return min(limits, key=lambda pair: pair[0]) if limits else None


def revenue_rating(
    *, budget: Decimal, forecast: Decimal | None, thresholds: Thresholds
) -> FinanceRating:
    """RED or AMBER when the forecast overspend reaches that colour's threshold (the lower of
    its percentage of budget and its amount); otherwise GREEN."""
    if forecast is None:
        return FinanceRating("none", "No forecast has been entered yet")
    var = variance(budget=budget, forecast=forecast)
    if var.amount <= ZERO:
        if var.amount == ZERO:
            return FinanceRating("green", "GREEN: forecast to spend exactly the budget")
        share = f" ({percent_text(var.percent)})" if var.percent is not None else ""
        return FinanceRating(
            "green",
            f"GREEN: forecast underspend of {whole_pounds(abs(var.amount))}{share}",
        )
    over = f"forecast overspend of {whole_pounds(abs(var.amount))}"
    if var.percent is not None:
        over += f" ({percent_text(var.percent)})"
    elif budget == ZERO:
        over += " against a zero budget"
    for rag, percent, amount in (
        ("red", thresholds.red_percent, thresholds.red_amount),
        ("amber", thresholds.amber_percent, thresholds.amber_amount),
    ):
        limit = _limit(budget=budget, percent=percent, amount=amount)
        if limit is not None and var.amount >= limit[0]:
            return FinanceRating(
                rag, f"{rag.upper()}: {over} reaches the {rag} threshold ({limit[1]})"
            )
    below = _limit(
        budget=budget, percent=thresholds.amber_percent, amount=thresholds.amber_amount
    ) or _limit(budget=budget, percent=thresholds.red_percent, amount=thresholds.red_amount)
    if below is None:
        return FinanceRating("green", f"GREEN: {over}; no thresholds are set")
    return FinanceRating("green", f"GREEN: {over} is below the threshold ({below[1]})")


# --- a plan's revenue budget, one definition ---------------------------------------------


@dataclass(frozen=True)
class PlanBudget:
    """A service plan's revenue budget, the one definition every page, export and report
    uses:

    - `original`: the original budget for the year, as set by full council and entered in
      the Finance section; the plan's budget. None until finance has set it.
    - `current`: the budget as it stands after virements (what the forecast is rated against).
    - `lines_total`: what the Resources section's budget lines (what the money buys) add up
      to. The lines break the original budget down: they are not a second budget.
    - `unallocated`: the original budget less the lines' total (negative when the lines come
      to more); None without an original budget or without lines.
    """

    original: Decimal | None
    current: Decimal | None
    lines_total: Decimal | None
    unallocated: Decimal | None

    @property
    def lines_agree(self) -> bool:
        return self.unallocated is None or self.unallocated == ZERO

    @property
    def lines_note(self) -> str:
        """How the budget lines stand against the original budget, in one sentence."""
        if self.lines_total is None:
            return "No budget lines yet: the Resources section says what the budget buys"
        total = whole_pounds(self.lines_total)
        if self.original is None:
            return (
                f"The budget lines add up to {total}; the original budget has not been set "
                "in the Finance section yet"
            )
        original = whole_pounds(self.original)
        if self.unallocated == ZERO:
            return f"The budget lines add up to the original budget of {original}"
        gap = whole_pounds(abs(self.unallocated))
        if self.unallocated > ZERO:
            return (
                f"The budget lines add up to {total}: {gap} of the original budget of "
                f"{original} is not on a line yet"
            )
        return (
            f"The budget lines add up to {total}: {gap} more than the original budget of {original}"
        )


def plan_budget(
    *, original: Decimal | None, current: Decimal | None, line_budgets: list[Decimal]
) -> PlanBudget:
    """The plan's revenue budget from the Finance section's budget and the Resources
    section's lines (see PlanBudget)."""
    lines_total = sum(line_budgets, ZERO) if line_budgets else None
    unallocated = None
    if original is not None and lines_total is not None:
        unallocated = original - lines_total
    return PlanBudget(original, current, lines_total, unallocated)


# --- figures in the wrong units --------------------------------------------------------

SCALES = ((Decimal(1000000), "£ millions", "million"), (Decimal(1000), "£ thousands", "thousand"))


def scale_warning(figure: Decimal | None, *, budget: Decimal | None, what: str) -> str:
    """Why a figure looks as if it was written in £ thousands or £ millions when the budget
    it goes with is in pounds: it is no more than a thousandth of the budget, and a thousand (or a
    million) times it would be within ten times of the budget either way (21.7 against a
    £16.4m budget reads as £21.7m; 16,400 against it as £16.4m). "" when it does not look
    so, or there is no budget to judge by."""
    if figure is None or budget is None or figure <= ZERO or budget <= ZERO:
        return ""
    if figure * 1000 > budget:
        return ""
    for scale, name, word in SCALES:
        scaled = figure * scale
        if budget / 10 <= scaled <= budget * 10:
            return (
                f"{what.capitalize()} of {pounds_and_pence(figure)} looks like {name} against "
                f"a budget of {pounds_and_pence(budget)}: enter figures in pounds "
                f"({_plain(figure)} {word} is {pounds_and_pence(scaled)})"
            )
    return ""


def _plain(amount: Decimal) -> str:
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount.normalize():,f}"


TOO_BIG = Decimal(100)  # a figure this many times the budget cannot be right


def magnitude_problem(
    figure: Decimal | None, *, budget: Decimal | None, what: str, unit: str = "£"
) -> str:
    """Why a figure cannot be taken: it is more than 100 times the budget it goes with (a
    file in pounds declared as £ thousands comes out 1,000 times too big). "" when it fits,
    or there is no budget to judge by."""
    if figure is None or budget is None or budget <= ZERO or figure <= budget * TOO_BIG:
        return ""
    declared = {"£000": "£ thousands", "£m": "£ millions"}.get(unit, "pounds")
    return (
        f"{what.capitalize()} of {pounds_and_pence(figure)} is more than {TOO_BIG:,} times the "
        f"budget of {pounds_and_pence(budget)}: check the unit (the amounts were read as "
        f"{declared})"
    )
