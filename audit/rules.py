"""The recommendation RAG rule, as a pure function with the rule in council language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.ratings import Shown

COMPLETE = {"implemented", "verified", "closed"}


@dataclass(frozen=True)
class TrackerPolicy:
    """How far progress may trail the time elapsed (in percentage points) and still be
    GREEN, or AMBER. Set by TRACKER_RAG_GREEN_MARGIN / TRACKER_RAG_AMBER_MARGIN."""

    green_margin: int = 10
    amber_margin: int = 30


@dataclass(frozen=True)
class ProgressRating:
    """A recommendation's RAG for its progress, with the rule's explanation, and whether
    someone set it by hand."""

    rag: str  # green, amber, red, blue, grey
    explanation: str
    overridden: bool = False

    @property
    def shown(self) -> Shown:
        return Shown(self.rag, self.rag.capitalize())


def recommendation_rag(
    *,
    status: str,
    percent_complete: int,
    agreed_on: dt.date | None,
    due: dt.date | None,
    today: dt.date,
    policy: TrackerPolicy = TrackerPolicy(),
    override: str = "",
    override_reason: str = "",
) -> ProgressRating:
    """Rule: implemented, verified or closed is BLUE (complete); superseded is GREY; past
    the current due date (revised if extended) and not complete is RED; otherwise progress
    is compared with the share of time elapsed from agreement to due date: no more than
    the green margin (default 10 points) behind is GREEN, no more than the amber margin
    (default 30 points) behind is AMBER, further behind is RED. An override replaces the
    computed colour and shows its reason."""
    computed = _computed(status, percent_complete, agreed_on, due, today, policy)
    if override:
        return ProgressRating(
            override,
            f"Set to {override.upper()} by hand: {override_reason} "
            f"(the rule gives {computed.rag.upper()}: {computed.explanation})",
            overridden=True,
        )
    return computed


def _computed(status, percent, agreed_on, due, today, policy) -> ProgressRating:
    if status in COMPLETE:
        return ProgressRating("blue", "Complete")
    if status == "superseded":
        return ProgressRating("grey", "Superseded by a later recommendation")
    if due is None:
        return ProgressRating("grey", "No due date agreed yet")
    if today > due:
        days = (today - due).days
        return ProgressRating("red", f"{days} days past the due date of {due:%d %b %Y}")
    if agreed_on is None or agreed_on >= due:
        elapsed = 100
    else:
        span = (due - agreed_on).days
        elapsed = round(100 * max(0, (today - agreed_on).days) / span)
    behind = elapsed - percent
    words = f"{percent}% done with {elapsed}% of the time gone"
    if behind <= policy.green_margin:
        return ProgressRating("green", f"On track: {words}")
    if behind <= policy.amber_margin:
        return ProgressRating("amber", f"Behind: {words}")
    return ProgressRating("red", f"Well behind: {words}")


def days_overdue(*, status: str, due: dt.date | None, today: dt.date) -> int:
    """Days past the current due date for a recommendation not yet complete; else 0."""
    if due is None or status in COMPLETE or status == "superseded" or today <= due:
        return 0
    return (today - due).days
