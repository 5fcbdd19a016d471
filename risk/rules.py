"""Risk rules in council language, as pure functions (no queries)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core import periods
from core.ratings import Shown

# The default 5 × 5 matrix: labels for each level, and the council's score bands.
DEFAULT_LIKELIHOOD = [
    {"label": "Rare", "description": "May occur only in exceptional circumstances"},
    {"label": "Unlikely", "description": "Could occur at some time"},
    {"label": "Possible", "description": "Might occur at some time"},
    {"label": "Likely", "description": "Will probably occur in most circumstances"},
    {"label": "Almost certain", "description": "Expected to occur in most circumstances"},
]
DEFAULT_IMPACT = [
    {"label": "Negligible", "description": "Little effect on services, money or reputation"},
    {"label": "Minor", "description": "Short disruption, small cost, local interest"},
    {"label": "Moderate", "description": "Noticeable disruption or cost, some complaint"},
    {"label": "Major", "description": "Serious failure, significant cost, regional attention"},
    {"label": "Severe", "description": "Statutory failure, harm, national attention"},
]
DEFAULT_BANDS = [
    {"name": "Low", "min": 1, "max": 4, "colour": "green", "review_days": 180},
    {"name": "Medium", "min": 5, "max": 11, "colour": "amber", "review_days": 90},
    {"name": "High", "min": 12, "max": 15, "colour": "red", "review_days": 60},
    {"name": "Very high", "min": 16, "max": 25, "colour": "red", "review_days": 30},
]
# The colours councils give their bands. Each is drawn as a tag with the band's name in it,
# so the colour only reinforces the words (black and purple tags carry light-on-dark and
# dark-on-light text of at least 7:1 contrast).
COLOURS = ("green", "amber", "red", "blue", "grey", "yellow", "orange", "purple", "black")

# The most a risk in each appetite may score and still be within appetite (5 × 5 scale).
APPETITE_MAX_SCORE = {"averse": 4, "minimal": 6, "cautious": 10, "open": 15, "eager": 25}


@dataclass(frozen=True)
class Band:
    """A score band: its name, the scores it holds, its colour and how often its risks are
    reviewed — every `review_months` calendar months (red monthly, amber quarterly) or
    every `review_days` days."""

    name: str
    min: int
    max: int
    colour: str
    review_days: int | None = None
    review_months: int | None = None

    @property
    def shown(self) -> Shown:
        return Shown(self.colour, self.name)

    @property
    def cadence(self) -> str:
        """The review cadence in words: "every month", "every 3 months", "every 30 days"."""
        if self.review_months:
            if self.review_months == 1:
                return "every month"
            return f"every {self.review_months} months"
        return "every day" if self.review_days == 1 else f"every {self.review_days} days"


def score(likelihood: int, impact: int) -> int:
    """A risk's score is its likelihood times its impact."""
    return likelihood * impact


def possible_scores(likelihood_levels: int, impact_levels: int) -> list[int]:
    """The scores a matrix can produce: every likelihood times every impact (a 5 × 5
    matrix cannot produce 7, 11, 13, 14, 17, 18, 19, 21, 22, 23 or 24)."""
    return sorted(
        {
            lik * imp
            for lik in range(1, likelihood_levels + 1)
            for imp in range(1, impact_levels + 1)
        }
    )


TO_BE_CONFIRMED = "To be confirmed"


def shown_score(value: int | None) -> str:
    """A score as written on pages and downloads: a target not yet agreed reads
    "To be confirmed", never blank or zero."""
    return TO_BE_CONFIRMED if value is None else str(value)


def bands_problems(
    bands: list[dict], top_score: int, possible: list[int] | None = None
) -> list[str]:
    """Bands must hold every score the matrix can produce exactly once (a score it cannot
    produce, like 7 on a 5 × 5, may be left out), stay within 1 to the top score, and each
    have a name, a colour from the council set and a review cadence in days. Without
    `possible`, every score from 1 to the top score can occur (a score-only register)."""
    possible = list(range(1, top_score + 1)) if possible is None else possible
    problems = []
    seen: list[int] = []
    for band in bands:
        try:
            b = Band(**band)
        except TypeError:
            problems.append(
                f"Each band needs name, min, max, colour and review_days or review_months: {band}"
            )
            continue
        if not b.name:
            problems.append("Give every band a name")
        if b.colour not in COLOURS:
            problems.append(f"Band {b.name}: choose a colour from {', '.join(COLOURS)}")
        if b.min > b.max:
            problems.append(f"Band {b.name}: the lowest score is above the highest")
        elif b.min < 1 or b.max > top_score:
            problems.append(f"Band {b.name}: keep its scores between 1 and {top_score}")
        elif not any(b.min <= value <= b.max for value in possible):
            problems.append(f"Band {b.name}: it holds no score the matrix can produce")
        problems += _cadence_problems(b)
        seen.extend(range(b.min, b.max + 1))
    twice = sorted({value for value in seen if seen.count(value) > 1})
    missing = [value for value in possible if value not in seen]
    if twice:
        problems.append(
            "The bands must hold each score exactly once: "
            f"{', '.join(map(str, twice))} {'is' if len(twice) == 1 else 'are'} in two bands"
        )
    if missing:
        problems.append(
            "The bands must hold each score the matrix can produce exactly once: "
            f"{', '.join(map(str, missing))} {'is' if len(missing) == 1 else 'are'} in no band"
        )
    return problems


def _cadence_problems(band: Band) -> list[str]:
    days, months = band.review_days, band.review_months
    if (days is None) == (months is None):
        return [f"Band {band.name}: give its review cadence in days or in months (one of them)"]
    value = days if months is None else months
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        return [f"Band {band.name}: review at least every day or every month"]
    return []


def band_for(bands: list[dict], value: int) -> Band:
    """The band whose range holds the score."""
    for band in bands:
        if band["min"] <= value <= band["max"]:
            return Band(**band)
    raise ValueError(f"No band holds the score {value}")


def next_review(reviewed_on: dt.date, band: Band) -> dt.date:
    """The next review falls the band's cadence after the last one (e.g. very high: 30 days;
    a monthly band reviewed on 31 January is next due on 28 or 29 February)."""
    if band.review_months:
        return periods.add_months(reviewed_on, band.review_months)
    return reviewed_on + dt.timedelta(days=band.review_days)


def next_review_due(*, last_reviewed: dt.date | None, opened_on: dt.date, band: Band) -> dt.date:
    """When a risk is next due for review: its current band's cadence after its last
    review, or after it was opened if it has never been reviewed. The one definition that
    every page, download and report shows."""
    return next_review(last_reviewed or opened_on, band)


def review_quarter_problem(
    *,
    quarter: tuple[int, int],
    this_quarter: tuple[int, int],
    reviewed_on: dt.date,
    today: dt.date,
    already_reviewed: bool,
) -> tuple[str, str] | None:
    """A review is for this quarter or an earlier one (recorded late, "backdated"), never
    for a quarter that has not started; it cannot be dated in the future or before its
    quarter began. A past quarter keeps the review it has: a second one for it is refused
    (this quarter's review may still be corrected, and the correction replaces it).

    Returns (the field the refusal is about, "quarter" or "reviewed_on"; the message)."""
    label = periods.quarter_label(*quarter)
    if quarter > this_quarter:
        return "quarter", f"{label} has not started yet: choose this quarter or an earlier one"
    if reviewed_on > today:
        return "reviewed_on", "The date of the review must be today or in the past"
    if reviewed_on < periods.quarter_starts(*quarter):
        return "reviewed_on", f"The date of the review must be on or after the start of {label}"
    if already_reviewed and quarter < this_quarter:
        message = f"{label} already has a review: a past quarter's review cannot be replaced"
        return "quarter", message
    return None


def within_appetite(appetite: str, value: int, top_score: int = 25) -> bool:
    """A risk is within appetite when its current score is no more than its category's
    appetite allows (averse 4, minimal 6, cautious 10, open 15, eager 25 on a 5 × 5 scale,
    scaled for larger or smaller matrices)."""
    limit = APPETITE_MAX_SCORE[appetite] * top_score / 25
    return value <= limit


def direction(previous: int | None, current: int | None) -> str:
    """Direction of travel from last quarter's score to this quarter's: lower is better."""
    if previous is None or current is None:
        return "new"
    if current < previous:
        return "improving"
    if current > previous:
        return "worsening"
    return "unchanged"


def escalation_prompt(value: int, level: str, threshold: int = 16) -> str | None:
    """A risk scoring at least the threshold (default 16) below corporate level should be
    considered for the corporate register; one scoring at least 12 on a service register
    for the directorate's."""
    if value >= threshold and level != "corporate":
        return (
            f"This risk scores {threshold} or more: "
            "consider escalating it to the corporate register"
        )
    if value >= 12 and level == "service":
        return "This risk scores 12 or more: consider escalating it to the directorate register"
    return None
