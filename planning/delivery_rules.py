"""The rules of delivery RAG updates and due dates, as pure functions.

Each takes plain values and reads nothing from the database, so the rule is the
docstring and the tests are tables.
"""

import datetime as dt
from dataclasses import dataclass

from core.periods import add_months

GREEN, AMBER, RED, BLUE = "green", "amber", "red", "blue"

COMMENTARY_NEEDED = "Enter commentary: amber and red updates must say what the obstacles are"
RECOVERY_NEEDED = "Enter the recovery action: a red update must say how delivery will recover"
COMPLETION_NEEDED = "Enter the completion date: a blue update records when the action was completed"
COMPLETION_IN_FUTURE = "The completion date must be today or in the past"


def update_problems(
    *,
    rag: str,
    commentary: str,
    recovery_action: str,
    completed_on: dt.date | None,
    today: dt.date | None = None,
) -> dict[str, str]:
    """What is missing from a quarterly update, by field (empty when it may be posted).

    - AMBER and RED need commentary.
    - RED needs the recovery action.
    - BLUE (completed) needs the completion date, which cannot be in the future.
    - GREEN needs nothing more.
    """
    problems = {}
    if rag in (AMBER, RED) and not commentary.strip():
        problems["commentary"] = COMMENTARY_NEEDED
    if rag == RED and not recovery_action.strip():
        problems["recovery_action"] = RECOVERY_NEEDED
    if rag == BLUE:
        if completed_on is None:
            problems["completed_on"] = COMPLETION_NEEDED
        elif today is not None and completed_on > today:
            problems["completed_on"] = COMPLETION_IN_FUTURE
    return problems


def current_due_date(*, due_date: dt.date | None, revised_due_date: dt.date | None):
    """The date an action is now due, the one every page, export and report shows and
    judges by: the revised due date once it has been revised, else the original due date
    (which the pages then show as "originally ...")."""
    return revised_due_date or due_date


def is_overdue(*, due_date: dt.date | None, rag: str | None, today: dt.date) -> bool:
    """An action past its (current) due date and not BLUE is overdue, whatever its RAG
    says: the page shows both. An action with no due date is never overdue; on the due
    date itself it is not yet overdue."""
    return due_date is not None and due_date < today and rag != BLUE


def original_due_date_problem(
    *, signed_off: bool, saved: dt.date | None, wanted: dt.date | None
) -> str | None:
    """Once the plan has been signed off, an action's original due date never changes:
    a later date is recorded as a revised due date, with a reason. Before sign-off the
    due date may be changed freely."""
    if signed_off and saved != wanted:
        return (
            "The original due date cannot change once the plan is signed off: "
            "set a revised due date and give the reason"
        )
    return None


def revision_problems(
    *, current_due: dt.date | None, wanted: dt.date | None, reason: str
) -> dict[str, str]:
    """A revised due date needs a date, one different from the date now in force, and a
    written reason. Each accepted revision adds one to the action's revision count."""
    problems = {}
    if wanted is None:
        problems["revised_due_date"] = "Enter the revised due date"
    elif wanted == current_due:
        problems["revised_due_date"] = "The revised due date must differ from the date now due"
    if not reason.strip():
        problems["reason"] = "Enter the reason the due date is being revised"
    return problems


def first_quarter(*, start_date: dt.date | None, year_start: dt.date, quarter_of) -> int:
    """The first quarter an action owes an update: the quarter it starts in, or Q1 if it
    started before the year (or has no start date)."""
    if start_date is None or start_date < year_start:
        return 1
    return quarter_of(start_date) or 5


def update_due_state(
    *, quarter_now: int | None, quarters_updated: set[int], first_owed: int, completed: bool
) -> str | None:
    """Whether the lead officer owes a quarterly update on an action.

    - Nothing is owed (None) when the action is completed (its latest update is BLUE),
      when it has not started yet (its first quarter is later), when today is outside
      the plan's year, or when this quarter's update is in.
    - "late" when the previous quarter's update never came in either (and the action was
      live then): the lead is behind.
    - Otherwise "due": this quarter's update is still to come.
    """
    if completed or quarter_now is None or first_owed > quarter_now:
        return None
    if quarter_now in quarters_updated:
        return None
    previous = quarter_now - 1
    if previous >= first_owed and previous not in quarters_updated:
        return "late"
    return "due"


def policy_review_due(*, next_review: dt.date | None, today: dt.date) -> bool:
    """A policy's review is due once its next review date has arrived (or passed)."""
    return next_review is not None and next_review <= today


def contract_renewal_due(*, end_date: dt.date | None, lead_months: int, today: dt.date) -> bool:
    """A contract's renewal is due when its end date falls within its renewal lead time
    (N months) from today: re-procurement must already have started. A contract that has
    already ended is due too."""
    return end_date is not None and end_date <= add_months(today, lead_months)


def sickness_comparison(*, service_days, council_days) -> str | None:
    """How a service's sickness days per FTE compare with the council average set for the
    year: "above" (worse), "below" (better) or "equal"; None when either is unknown."""
    if service_days is None or council_days is None:
        return None
    if service_days > council_days:
        return "above"
    if service_days < council_days:
        return "below"
    return "equal"


@dataclass(frozen=True)
class QuarterPosition:
    """An action's delivery position for one quarter of its year: the update that counts
    (its RAG, commentary and recovery action) and which quarters up to this one have had
    an update."""

    rag: str
    commentary: str
    recovery_action: str
    quarters_updated: frozenset[int]


def quarter_positions(updates) -> dict[int, QuarterPosition]:
    """An action's position for each quarter of its year, from its updates: each update a
    (quarter, posted at, id, rag, commentary, recovery action) tuple, in any order.

    - The update that counts for a quarter is the latest posted for that quarter or an
      earlier one: the highest quarter first, then the latest posted (ties broken by id).
      A later quarter's update never changes an earlier quarter's position.
    - A quarter before the action's first update has no position (it is left out).
    """
    ordered = sorted(updates, key=lambda u: (u[0], u[1], u[2]))
    positions = {}
    latest, quarters = None, set()
    remaining = iter(ordered)
    pending = next(remaining, None)
    for quarter in range(1, 5):
        while pending is not None and pending[0] <= quarter:
            latest, quarters = pending, quarters | {pending[0]}
            pending = next(remaining, None)
        if latest is not None:
            positions[quarter] = QuarterPosition(
                rag=latest[3],
                commentary=latest[4],
                recovery_action=latest[5],
                quarters_updated=frozenset(quarters),
            )
    return positions


PDP_REVIEW_MONTHS = {"mid-year": (7, 8), "year-end": (12, 13)}


def pdp_review_state(*, part: str, month_of_year: int, written: bool) -> str | None:
    """Whether a personal development plan's review is owed, by the month of the plan's
    year today falls in (April is 1, March is 12).

    - The mid-year review is due in October (month 7) and late from November on, until
      its notes are written.
    - The year-end review is due in March (month 12); the year then ends, so it is never
      shown as late in its own year.
    - Nothing is owed before the review's month, or once its notes are written.
    """
    due_from, late_from = PDP_REVIEW_MONTHS[part]
    if written or month_of_year < due_from:
        return None
    return "late" if month_of_year >= late_from else "due"
