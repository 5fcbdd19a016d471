"""Reads for the delivery plan section, quarterly updates and QA: each a fixed number of
queries whatever the size of the plan or the council."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from core.periods import after_day
from planning.delivery_rules import (
    BLUE,
    RED,
    current_due_date,
    first_quarter,
    is_overdue,
    quarter_positions,
    update_due_state,
)
from planning.models import (
    ActionUpdate,
    Ambition,
    FinancialYear,
    Impact,
    Milestone,
    PlanReview,
    PlanStatus,
    ReviewStep,
    ServiceAction,
    ServicePlan,
)
from planning.permissions import plans_visible_to, scope_for, served_related

from .sections import self_assessment_section


def actions_with_status(queryset: QuerySet) -> QuerySet:
    """Actions with their lead, what they serve, milestones and latest RAG (one query,
    plus one for milestones)."""
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        queryset.select_related("lead", "impact", *served_related(ServiceAction))
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_date")))
        .annotate(latest_rag=Subquery(latest.values("rag")[:1]))
    )


def mark_overdue(actions, *, today: dt.date) -> None:
    for action in actions:
        action.overdue = is_overdue(
            due_date=action.current_due_date, rag=action.latest_rag, today=today
        )


def latest_updates(actions) -> dict[int, ActionUpdate]:
    """Each action's most recent update, with who posted it (one query)."""
    latest: dict[int, ActionUpdate] = {}
    for update in (
        ActionUpdate.objects.filter(action__in=[a.pk for a in actions])
        .select_related("posted_by")
        .order_by("action_id", "-created_at", "-pk")
    ):
        latest.setdefault(update.action_id, update)
    return latest


@dataclass
class ImpactGroup:
    impact: Impact | None
    actions: list[ServiceAction]


def delivery_section(plan: ServicePlan, *, today: dt.date) -> list[ImpactGroup]:
    """The plan's impacts, each with its actions (RAG, overdue, milestones, thread link);
    actions not yet under an impact come last. Four queries."""
    impacts = list(plan.impacts.all())
    actions = list(actions_with_status(plan.items.all()))
    mark_overdue(actions, today=today)
    latest = latest_updates(actions)
    by_impact = defaultdict(list)
    for action in actions:
        action.latest_update = latest.get(action.pk)
        by_impact[action.impact_id].append(action)
    groups = [ImpactGroup(impact, by_impact.get(impact.pk, [])) for impact in impacts]
    if by_impact.get(None):
        groups.append(ImpactGroup(None, by_impact[None]))
    return groups


def needs_linking(plan: ServicePlan) -> list[ServiceAction]:
    """Actions rolled forward into this plan whose original served something up the golden
    thread but which serve nothing: what they served has no copy in this year yet. Each
    with what its original served (one query)."""
    fields = ServiceAction.SERVES_FIELDS
    was_linked = Q()
    for field in fields:
        was_linked |= Q(**{f"rolled_from__{field}__isnull": False})
    return list(
        plan.items.filter(was_linked, rolled_from__isnull=False, **dict.fromkeys(fields))
        .select_related(*(f"rolled_from__{field}" for field in fields))
        .order_by("order", "ref", "pk")
    )


def open_actions(plan: ServicePlan) -> list[ServiceAction]:
    """The plan's actions not yet completed (latest update not BLUE)."""
    return [a for a in actions_with_status(plan.items.all()) if a.latest_rag != BLUE]


@dataclass
class OwedUpdate:
    action: ServiceAction
    state: str  # "due" or "late"
    quarter: int


def my_updates(*, user, today: dt.date) -> tuple[FinancialYear | None, int | None, list]:
    """Every action the person leads, in the current year's plans, whose update for this
    quarter is due or late (three queries)."""
    year = FinancialYear.objects.current()
    if year is None:
        return None, None, []
    quarter = year.quarter_of(today)
    actions = list(
        actions_with_status(ServiceAction.objects.filter(lead=user, plan__year=year))
        .select_related("plan__service", "plan__year")
        .order_by("due_date", "ref")
    )
    updated = defaultdict(set)
    for action_id, q in ActionUpdate.objects.filter(action__in=actions).values_list(
        "action_id", "quarter"
    ):
        updated[action_id].add(q)
    mark_overdue(actions, today=today)
    owed = []
    for action in actions:
        state = update_due_state(
            quarter_now=quarter,
            quarters_updated=updated[action.pk],
            first_owed=first_quarter(
                start_date=action.start_date, year_start=year.starts, quarter_of=year.quarter_of
            ),
            completed=action.latest_rag == BLUE,
        )
        if state:
            owed.append(OwedUpdate(action=action, state=state, quarter=quarter))
    return year, quarter, owed


def action_updates(action: ServiceAction) -> list[ActionUpdate]:
    return list(action.updates.select_related("posted_by"))


def plan_feedback(plan: ServicePlan) -> PlanReview | None:
    """The written feedback a returned plan shows at the top until it is resubmitted."""
    if plan.status != PlanStatus.RETURNED:
        return None
    return plan.reviews.filter(step=ReviewStep.RETURNED).select_related("actor").first()


def plan_reviews(plan: ServicePlan) -> list[PlanReview]:
    return list(plan.reviews.select_related("actor"))


def qa_queue(*, user) -> list[ServicePlan]:
    """Submitted plans waiting for QA: the performance lead's portfolio (everything for
    an administrator), oldest submission first (two queries)."""
    scope = scope_for(user)
    plans = (
        ServicePlan.objects.filter(plans_visible_to(user, ServicePlan))
        .filter(status=PlanStatus.SUBMITTED)
        .select_related("service__directorate", "service__portfolio", "year", "last_edited_by")
    )
    if not scope.is_admin:
        plans = plans.filter(service__portfolio__in=scope.portfolios)
    submitted = PlanReview.objects.filter(plan=OuterRef("pk"), step=ReviewStep.SUBMITTED)
    plans = plans.annotate(
        submitted_at=Subquery(submitted.order_by("-created_at").values("created_at")[:1])
    )
    return sorted(plans, key=lambda p: (p.submitted_at is None, p.submitted_at, p.pk))


@dataclass
class SectionCheck:
    label: str
    url: str
    answers: list[tuple[str, str]]
    empty: bool


def plan_check_answers(plan: ServicePlan) -> list[SectionCheck]:
    """What the head of service checks before submitting: each section of the plan this
    version holds, what is in it, and which are empty (twelve queries)."""
    from django.urls import reverse

    impacts = plan.impacts.count()
    actions = list(plan.items.values("lead_id", "due_date", *ServiceAction.SERVES_FIELDS))
    no_lead = sum(1 for a in actions if a["lead_id"] is None)
    no_due = sum(1 for a in actions if a["due_date"] is None)
    unlinked = sum(1 for a in actions if all(a[f] is None for f in ServiceAction.SERVES_FIELDS))
    answers = [
        ("Impacts sought", str(impacts) if impacts else "None yet"),
        ("Actions", str(len(actions)) if actions else "None yet"),
    ]
    if actions:
        answers += [
            ("Actions without a lead officer", str(no_lead)),
            ("Actions without a due date", str(no_due)),
            ("Actions not linked up the golden thread", str(unlinked)),
        ]
    themes = self_assessment_section(plan)
    written = sum(1 for answer in themes if answer.answered)
    return [
        SectionCheck(
            label="Self-assessment",
            url=reverse("planning:plan-self-assessment", args=[plan.pk]),
            answers=[
                (answer.theme.title, "Written" if answer.answered else "Not written yet")
                for answer in themes
            ],
            empty=written == 0,
        ),
        _resources_check(plan),
        _assurance_check(plan),
        SectionCheck(
            label="Other commitments",
            url=reverse("planning:plan-commitments", args=[plan.pk]),
            answers=[("Commitments recorded", str(plan.commitments.count()))],
            empty=False,  # a service may have none: that is an answer, not a gap
        ),
        SectionCheck(
            label="Delivery plan",
            url=reverse("planning:plan-delivery", args=[plan.pk]),
            answers=answers,
            empty=not impacts and not actions,
        ),
    ]


def _assurance_check(plan: ServicePlan) -> SectionCheck:
    from django.urls import reverse

    from planning.models import ASSURANCE_QUESTIONS, Assurance

    assurance = Assurance.objects.filter(plan=plan).first()
    answered = len(
        [a for a in (assurance.answers if assurance else {}).values() if a.get("answer")]
    )
    policies, contracts = plan.policies.count(), plan.contracts.count()
    return SectionCheck(
        label="Assurance",
        url=reverse("planning:plan-assurance", args=[plan.pk]),
        answers=[
            ("Checklist questions answered", f"{answered} of {len(ASSURANCE_QUESTIONS)}"),
            ("Policies in the register", str(policies)),
            ("Contracts in the register", str(contracts)),
        ],
        empty=not answered and not policies and not contracts,
    )


def _resources_check(plan: ServicePlan) -> SectionCheck:
    from django.urls import reverse

    from planning.models import Workforce

    budget, savings, teams = (
        plan.budget_lines.count(),
        plan.savings.count(),
        plan.workforce.count(),
    )
    workforce = Workforce.objects.filter(plan=plan).first()
    sickness = workforce.sickness_days_per_fte if workforce else None
    return SectionCheck(
        label="Resources",
        url=reverse("planning:plan-resources", args=[plan.pk]),
        answers=[
            ("Budget lines", str(budget)),
            ("Named savings", str(savings)),
            ("Teams", str(teams)),
            ("Sickness days per FTE", "Not recorded" if sickness is None else str(sickness)),
        ],
        empty=not budget and not savings and not teams and workforce is None,
    )


# --- every action in the council at a month's end (for the Board's dashboard) -------------


@dataclass
class ActionPosition:
    """One service action as it stood at a date: its latest RAG for a quarter up to then,
    what it serves, whether it is overdue and whether its lead owes an update."""

    pk: int
    ref: str
    title: str
    plan_id: int
    service: str
    directorate_id: int
    directorate: str
    ambition_id: int | None
    lead_id: int | None
    lead: str
    due_date: dt.date | None
    rag: str  # green, amber, red, blue, or "" before the first update
    commentary: str
    recovery_action: str
    overdue: bool
    owes_update: str | None  # "due", "late" or None

    @property
    def rag_key(self) -> str:
        """The RAG it is counted under: "none" before its first update."""
        return self.rag or "none"


def action_positions(
    *, year: FinancialYear, as_at: dt.date, user, narrow: Q | None = None
) -> list[ActionPosition]:
    """Every action the person may open in the year's Service Business Plans as at `as_at`
    (the action page's rule: every count and list built from these shows no more): its RAG is the
    latest update posted for a quarter no later than `as_at`'s quarter (all of them when
    `as_at` is after the year); it is overdue when past its current due date and not BLUE; its
    lead owes an update when the quarter's update is due or late (the rules of
    planning.delivery_rules). Only updates posted by the end of `as_at` in UK time count: the
    position at the end of November never includes an update posted on 3 December. The
    position for the quarter is read as stored (ActionQuarter), and for an action updated
    since `as_at` worked out again from the updates posted by then; only what depends on the
    date is worked out here. One query, two when some action has been updated since.

    `narrow` keeps only the actions a list wants, in the query: it may name the served
    ambition (`ambition`) and the stored RAG (`stored__rag`, null before the first update;
    keep also `posted_after`, the actions updated since, whose RAG then may differ) as well
    as the action's own fields."""
    from django.db.models import FilteredRelation
    from django.db.models.functions import Coalesce

    quarter = year.quarter_of(as_at) if year.contains(as_at) else None
    cutoff = after_day(as_at)
    rows = list(
        ServiceAction.objects.filter(plan__year=year)
        .filter(plans_visible_to(user, ServicePlan, "plan__"))
        .annotate(
            ambition=Coalesce(
                "serves_ambition_id",
                "serves_activity__serves_ambition_id",
                "serves_priority__serves_ambition_id",
                "serves_priority__serves_activity__serves_ambition_id",
            ),
            stored=FilteredRelation(
                "quarter_positions", condition=Q(quarter_positions__quarter=quarter or 4)
            ),
            posted_after=Exists(
                ActionUpdate.objects.filter(
                    action=OuterRef("pk"), quarter__lte=quarter or 4, created_at__gte=cutoff
                )
            ),
        )
        .filter(narrow or Q())
        .order_by("plan__service__name", "ref", "pk")
        .values_list(
            "pk",
            "ref",
            "title",
            "plan_id",
            "plan__service__name",
            "plan__service__directorate_id",
            "plan__service__directorate__name",
            "ambition",
            "lead_id",
            "lead__first_name",
            "lead__last_name",
            "start_date",
            "due_date",
            "revised_due_date",
            "stored__rag",
            "stored__commentary",
            "stored__recovery_action",
            "stored__quarters_updated",
            "posted_after",
        )
    )
    as_it_stood = _positions_before(
        [row[0] for row in rows if row[-1]], quarter=quarter or 4, cutoff=cutoff
    )
    year_start = year.starts

    @cache  # many actions share a start date: each date's first quarter is found once
    def first_owed(start: dt.date | None) -> int:
        return first_quarter(start_date=start, year_start=year_start, quarter_of=year.quarter_of)

    positions = []
    for (pk, ref, title, plan_id, service, dir_id, directorate, ambition, lead_id, first, last,
         start, due, revised, rag, commentary, recovery, updated, later) in rows:  # fmt: skip
        if later:  # updated since `as_at`: its position as it stood at the end of that day
            then = as_it_stood.get(pk)
            rag, commentary, recovery = (
                (then.rag, then.commentary, then.recovery_action) if then else ("", "", "")
            )
            updated = "".join(str(q) for q in sorted(then.quarters_updated)) if then else ""
        due_now = current_due_date(due_date=due, revised_due_date=revised)
        owes = None
        if quarter is not None and rag != BLUE:
            owes = update_due_state(
                quarter_now=quarter,
                quarters_updated={int(q) for q in updated or ""},
                first_owed=first_owed(start),
                completed=False,
            )
        positions.append(
            ActionPosition(
                pk=pk,
                ref=ref,
                title=title,
                plan_id=plan_id,
                service=service,
                directorate_id=dir_id,
                directorate=directorate,
                ambition_id=ambition,
                lead_id=lead_id,
                lead=f"{first} {last}".strip(),
                due_date=due_now,
                rag=rag or "",
                commentary=commentary or "",
                recovery_action=recovery or "",
                overdue=is_overdue(due_date=due_now, rag=rag or None, today=as_at),
                owes_update=owes,
            )
        )
    return positions


def _positions_before(action_ids: list[int], *, quarter: int, cutoff) -> dict:
    """For actions updated since a date, each one's position for `quarter` from only the
    updates posted before `cutoff` (delivery_rules.quarter_positions): what the stored
    position said then. Actions with no update before it are left out. One query, none
    when there are no such actions."""
    if not action_ids:
        return {}
    updates = defaultdict(list)
    for action_id, *update in ActionUpdate.objects.filter(
        action_id__in=action_ids, quarter__lte=quarter, created_at__lt=cutoff
    ).values_list(
        "action_id", "quarter", "created_at", "pk", "rag", "commentary", "recovery_action"
    ):
        updates[action_id].append(update)
    found = {pk: quarter_positions(rows).get(quarter) for pk, rows in updates.items()}
    return {pk: position for pk, position in found.items() if position is not None}


def action_lead_name(*, year: FinancialYear, user, lead_id: int) -> str:
    """The name of a lead officer of the year's actions the person may open ("" when they
    lead none of them). One query."""
    first, last = (
        ServiceAction.objects.filter(plan__year=year, lead_id=lead_id)
        .filter(plans_visible_to(user, ServicePlan, "plan__"))
        .values_list("lead__first_name", "lead__last_name")
        .first()
    ) or ("", "")
    return f"{first} {last}".strip()


# --- the same actions by the corporate ambition they serve (dashboard and quarterly report) --

NO_AMBITION = "Serving no ambition"


@dataclass
class AmbitionDelivery:
    """The service actions serving one ambition of the Corporate Plan covering the year, as
    they stood at a date; `ambition` None holds those serving none of its ambitions."""

    ambition: Ambition | None
    positions: list[ActionPosition]

    @property
    def label(self) -> str:
        if self.ambition is None:
            return NO_AMBITION
        return f"{self.ambition.ref} {self.ambition.title}".strip()

    @property
    def rag_counts(self) -> Counter[str]:
        return Counter(p.rag_key for p in self.positions)

    @property
    def overdue(self) -> int:
        return sum(p.overdue for p in self.positions)

    @property
    def exceptions(self) -> list[ActionPosition]:
        """The actions the Board and the committee are told about: red or overdue."""
        return [p for p in self.positions if p.rag == RED or p.overdue]


@dataclass
class DeliveryByAmbition:
    positions: list[ActionPosition]  # every action, in service and reference order
    ambitions: list[Ambition]  # of the Corporate Plan covering the year, in reference order
    groups: list[AmbitionDelivery]


def delivery_by_ambition(*, year: FinancialYear, as_at: dt.date, user) -> DeliveryByAmbition:
    """Every action the person may open in the year's Service Business Plans as at `as_at`
    (see `action_positions`), grouped by the corporate ambition it serves: one group per
    ambition of the plan covering the year, in reference order, even when no action serves
    it; then one group for the actions serving none of them (or an ambition of another
    plan), last even when it is empty. Three queries."""
    from planning.selectors import ambitions_covering

    positions = action_positions(year=year, as_at=as_at, user=user)
    ambitions = ambitions_covering(year)
    by_ambition = defaultdict(list)
    for position in positions:
        by_ambition[position.ambition_id].append(position)
    known = {a.pk for a in ambitions}
    groups = [AmbitionDelivery(a, by_ambition.get(a.pk, [])) for a in ambitions]
    groups.append(AmbitionDelivery(None, [p for p in positions if p.ambition_id not in known]))
    return DeliveryByAmbition(positions=positions, ambitions=ambitions, groups=groups)


def action_get_with_status(*, pk: int) -> ServiceAction:
    """An action for its own page, with its latest update's status and its plan."""
    return actions_with_status(
        ServiceAction.objects.filter(pk=pk).select_related("plan__year", "plan__service")
    ).get()


def action_get_with_milestones(*, pk: int) -> ServiceAction:
    """An action and its milestones, for the milestones part of its page."""
    return (
        ServiceAction.objects.filter(pk=pk)
        .select_related("plan__year", "plan__service")
        .prefetch_related("milestones")
        .get()
    )


def impact_get_in_plan(*, plan: ServicePlan, pk: int | None) -> Impact | None:
    """One of the plan's own impacts (never another plan's), or None."""
    return plan.impacts.filter(pk=pk).first() if pk else None
