"""The recommendation RAG rule, as a pure function with the rule in council language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.ratings import Shown

COMPLETE = {"implemented", "verified", "closed"}


# The tracker's RAG rules a council may choose between (TrackerRule in the admin).
BY_MARGIN = "margin"  # progress behind the time elapsed by at most N points (the default)
BY_SHARE = "share"  # progress as a share of the time elapsed
BY_DUE_DATE = "due_date"  # dates only: how soon the due date is
RULES = {
    BY_MARGIN: "Progress against time elapsed: points behind",
    BY_SHARE: "Progress against time elapsed: share of the pace needed",
    BY_DUE_DATE: "Due date only",
}


@dataclass(frozen=True)
class TrackerPolicy:
    """The council's rule for a recommendation's RAG and its settings.

    - `margin` (default): how far progress may trail the time elapsed, in percentage points,
      and still be GREEN (`green_margin`) or AMBER (`amber_margin`).
    - `share`: progress divided by the time elapsed, as a percentage (40% done with 50% of
      the time gone is 80% of the pace needed): at least `green_share` is GREEN, at least
      `amber_share` AMBER.
    - `due_date`: progress is not judged; due within `due_soon_days` days is AMBER, later
      GREEN.
    """

    rule: str = BY_MARGIN
    green_margin: int = 10
    amber_margin: int = 30
    green_share: int = 90
    amber_share: int = 60
    due_soon_days: int = 90

    @property
    def description(self) -> str:
        """The rule in one sentence, for the tracker page and the committee papers."""
        common = "complete is BLUE; past the current due date (revised if extended) is RED; "
        if self.rule == BY_SHARE:
            return (
                f"{common}otherwise progress is taken as a share of the time elapsed since the "
                f"action was agreed: {self.green_share}% of the pace needed or more is GREEN, "
                f"{self.amber_share}% or more AMBER, less RED"
            )
        if self.rule == BY_DUE_DATE:
            return (
                f"{common}otherwise due within {self.due_soon_days} days is AMBER and due later "
                "GREEN, whatever the progress"
            )
        return (
            f"{common}otherwise progress is compared with the time elapsed since the action was "
            f"agreed: up to {self.green_margin} points behind is GREEN, up to "
            f"{self.amber_margin} AMBER, further behind RED"
        )


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
    the current due date (revised if extended) and not complete is RED; otherwise the
    council's chosen rule (TrackerPolicy) decides. By default progress is compared with the
    share of time elapsed from agreement to due date: no more than the green margin (default
    10 points) behind is GREEN, no more than the amber margin (default 30 points) behind is
    AMBER, further behind is RED. An override replaces the computed colour and shows its
    reason."""
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
    if policy.rule == BY_DUE_DATE:
        return _by_due_date(due, today, policy)
    if agreed_on is None or agreed_on >= due:
        elapsed = 100
    else:
        span = (due - agreed_on).days
        elapsed = round(100 * max(0, (today - agreed_on).days) / span)
    words = f"{percent}% done with {elapsed}% of the time gone"
    if policy.rule == BY_SHARE:
        return _by_share(percent, elapsed, words, policy)
    behind = elapsed - percent
    if behind <= policy.green_margin:
        return ProgressRating("green", f"On track: {words}")
    if behind <= policy.amber_margin:
        return ProgressRating("amber", f"Behind: {words}")
    return ProgressRating("red", f"Well behind: {words}")


def _by_share(percent: int, elapsed: int, words: str, policy: TrackerPolicy) -> ProgressRating:
    """Progress as a share of the time elapsed (none elapsed yet: on track)."""
    if elapsed == 0:
        return ProgressRating("green", f"On track: {words}")
    pace = round(100 * percent / elapsed)
    said = f"{words} ({pace}% of the pace needed"
    if pace >= policy.green_share:
        return ProgressRating("green", f"On track: {said}; green from {policy.green_share}%)")
    if pace >= policy.amber_share:
        return ProgressRating("amber", f"Behind: {said}; green from {policy.green_share}%)")
    return ProgressRating("red", f"Well behind: {said}; amber from {policy.amber_share}%)")


def _by_due_date(due: dt.date, today: dt.date, policy: TrackerPolicy) -> ProgressRating:
    days = (due - today).days
    when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
    if days <= policy.due_soon_days:
        return ProgressRating(
            "amber", f"Due {when} ({due:%d %b %Y}): within {policy.due_soon_days} days"
        )
    return ProgressRating(
        "green", f"Due {when} ({due:%d %b %Y}): more than {policy.due_soon_days} days away"
    )


def days_overdue(*, status: str, due: dt.date | None, today: dt.date) -> int:
    """Days past the current due date for a recommendation not yet complete; else 0."""
    if due is None or status in COMPLETE or status == "superseded" or today <= due:
        return 0
    return (today - due).days
