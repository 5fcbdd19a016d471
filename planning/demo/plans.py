"""Service Business Plans with their actions, and Personal Development Plans with their
objectives: the lower end of the golden thread.

Almost every action serves something above it and almost every objective serves an
action of its owner's own service; a few serve nothing, as real plans do, for the
orphans page to find.
"""

import datetime as dt
from collections import defaultdict

from planning.models import (
    PdpObjective,
    PersonalDevelopmentPlan,
    PlanStatus,
    ServiceAction,
    ServicePlan,
)

from .base import MAX_ACTIONS, Council, bulk_add, rng_for, service_shape
from .catalogue import DIRECTORATES, DirectorateEntry, ServiceEntry
from .people import (
    PersonSpec,
    head_slot,
    manager_slot,
    service_people_specs,
    staff_slot,
    username_for,
)
from .thread import ACTIVITIES, DIRECTORATE_AMBITIONS, PRIORITIES
from .words import (
    ACTION_DESCRIPTIONS,
    ACTION_TEMPLATES,
    DEVELOPMENT_NEEDS,
    DEVELOPMENT_OBJECTIVES,
    MID_YEAR_NOTES,
    OBJECTIVE_TEMPLATES,
    PRIORITY_OBJECTIVE_TEMPLATE,
)

ORPHAN_ACTION_RATE = 0.02
ORPHAN_OBJECTIVE_RATE = 0.015
PDP_STATUSES = (
    (PlanStatus.DRAFT, 2),
    (PlanStatus.SUBMITTED, 2),
    (PlanStatus.RETURNED, 1),
    (PlanStatus.SIGNED_OFF, 6),
)


def _choose(options: list | tuple, pick: float):
    """The option a random number in [0, 1) lands on."""
    return options[int(pick * len(options))]


def service_plans_seed(*, council: Council) -> None:
    """A 2026/27 business plan for every service, in a mix of states, with its actions."""
    existing = dict(ServicePlan.objects.filter(year=council.year).values_list("service_id", "pk"))
    rows = []
    for directorate, index, entry in council.scale.services():
        service_id = council.services[entry.code].pk
        if service_id not in existing:
            first = directorate is DIRECTORATES[0] and index == 0
            shape = service_shape(service=entry, scale=council.scale, first=first)
            rows.append(
                ServicePlan(service_id=service_id, year=council.year, status=shape.plan_status)
            )
    saved = bulk_add(council=council, model=ServicePlan, rows=rows)
    existing |= {plan.service_id: plan.pk for plan in saved}
    council.service_plans = {
        code: existing[service.pk] for code, service in council.services.items()
    }
    _actions_seed(council=council)


def _actions_seed(*, council: Council) -> None:
    existing = set(
        ServiceAction.objects.filter(plan_id__in=council.service_plans.values()).values_list(
            "plan_id", "ref"
        )
    )
    rows = [
        row
        for directorate, index, entry in council.scale.services()
        for row in action_rows(council=council, directorate=directorate, index=index, service=entry)
        if (row.plan_id, row.ref) not in existing
    ]
    bulk_add(council=council, model=ServiceAction, rows=rows)


def action_rows(
    *, council: Council, directorate: DirectorateEntry, index: int, service: ServiceEntry
) -> list[ServiceAction]:
    """A service's actions: tangible deliverables with a lead officer from the service and
    start and due dates inside the year. Every service draws its full council-scale list,
    so the small council's actions are the first of them."""
    shape = service_shape(service=service, scale=council.scale, first=False)
    rng = rng_for("actions", service.code)
    titles = rng.sample(
        [
            template.format(s=subject)
            for template in ACTION_TEMPLATES
            for subject in service.subjects
        ],
        MAX_ACTIONS,
    )
    leads = [head_slot(service=service)]
    leads += [manager_slot(service=service, number=n) for n in range(1, shape.managers + 1)]
    leads += [staff_slot(service=service, number=n) for n in range(1, 4)]
    year = council.year
    rows = []
    for number, title in enumerate(titles, start=1):
        draw, pick = rng.random(), rng.random()
        # The head of service leads the first two actions themselves.
        lead = leads[0] if number <= 2 else rng.choice(leads)
        start = year.starts + dt.timedelta(days=rng.randint(0, 240))
        row = ServiceAction(
            plan_id=council.service_plans[service.code],
            ref=f"{service.code.upper()}-{number:02d}",
            title=title,
            description=rng.choice(ACTION_DESCRIPTIONS),
            order=number,
            lead_id=council.people[username_for(lead)],
            start_date=start,
            due_date=min(start + dt.timedelta(days=rng.randint(45, 300)), year.ends),
            **_action_serves(
                council=council,
                directorate=directorate,
                deliberate_orphan=index == 1 and number == 5,
                number=number,
                draw=draw,
                pick=pick,
            ),
        )
        rows.append(row)
    return rows[: shape.actions]


def _action_serves(
    *,
    council: Council,
    directorate: DirectorateEntry,
    deliberate_orphan: bool,
    number: int,
    draw: float,
    pick: float,
) -> dict[str, int]:
    """The first action of every service serves its directorate's first priority, so the
    thread can always be walked from it. The fifth action of each directorate's second
    service serves nothing, as do about 2 in 100 others. Of the rest, about 7 in 100 serve a
    Delivery Plan activity directly, 3 in 100 an ambition, and the others a priority of
    their own directorate."""
    priorities = [entry.ref for entry in PRIORITIES[directorate.code]]
    ambitions = DIRECTORATE_AMBITIONS[directorate.code]
    if number == 1:
        return {"serves_priority_id": council.priorities[priorities[0]]}
    if deliberate_orphan or draw < ORPHAN_ACTION_RATE:
        return {}
    if draw < 0.09:
        activities = [entry.ref for entry in ACTIVITIES if entry.ambition in ambitions]
        return {"serves_activity_id": council.activities[_choose(activities, pick)]}
    if draw < 0.12:
        return {"serves_ambition_id": council.ambitions[_choose(ambitions, pick)]}
    return {"serves_priority_id": council.priorities[_choose(priorities, pick)]}


def pdps_seed(*, council: Council) -> None:
    """A 2026/27 PDP for every head of service, manager and member of staff, with two to
    four objectives each."""
    members = [
        (directorate, index, spec)
        for directorate, index, entry in council.scale.services()
        for spec in service_people_specs(council=council, directorate=directorate, service=entry)[0]
    ]
    existing = dict(
        PersonalDevelopmentPlan.objects.filter(year=council.year).values_list("person_id", "pk")
    )
    rows = [
        PersonalDevelopmentPlan(
            person_id=council.people[spec.username],
            year=council.year,
            status=_pdp_status(spec),
            **_pdp_notes(spec),
        )
        for _, _, spec in members
        if council.people[spec.username] not in existing
    ]
    saved = bulk_add(council=council, model=PersonalDevelopmentPlan, rows=rows)
    existing |= {pdp.person_id: pdp.pk for pdp in saved}
    _objectives_seed(council=council, members=members, pdps=existing)


def _pdp_notes(spec: PersonSpec) -> dict[str, str]:
    """Development needs for nearly everyone; mid-year notes for most (the demo year is
    past its half-way point); year-end notes for nobody yet."""
    rng = rng_for("pdp-notes", spec.slot)
    named = spec.username != spec.slot
    needs, mid, pick = rng.random(), rng.random(), rng.random()
    return {
        "development_needs": _choose(DEVELOPMENT_NEEDS, pick) if named or needs < 0.9 else "",
        "mid_year_review": _choose(MID_YEAR_NOTES, pick) if not named and mid < 0.7 else "",
    }


def _pdp_status(spec: PersonSpec) -> str:
    if spec.username != spec.slot:  # a named demo sign-in
        return PlanStatus.SIGNED_OFF
    statuses, weights = zip(*PDP_STATUSES, strict=True)
    return rng_for("pdp", spec.slot).choices(statuses, weights)[0]


def _objectives_seed(*, council: Council, members: list, pdps: dict[int, int]) -> None:
    actions = defaultdict(list)
    for plan_id, ref, title, pk in (
        ServiceAction.objects.filter(plan_id__in=council.service_plans.values())
        .order_by("plan_id", "order", "ref")
        .values_list("plan_id", "ref", "title", "pk")
    ):
        actions[plan_id].append((ref, title, pk))
    existing = set(
        PdpObjective.objects.filter(plan_id__in=pdps.values()).values_list("plan_id", "ref")
    )
    rows = []
    for directorate, index, spec in members:
        pdp_id = pdps[council.people[spec.username]]
        service_actions = actions[council.service_plans[spec.service]]
        for row in objective_rows(
            council=council,
            directorate=directorate,
            spec=spec,
            pdp_id=pdp_id,
            actions=service_actions,
            deliberate_orphan=index == 1 and spec.slot.endswith(".s02"),
        ):
            if (row.plan_id, row.ref) not in existing:
                rows.append(row)
    bulk_add(council=council, model=PdpObjective, rows=rows)


def objective_rows(
    *,
    council: Council,
    directorate: DirectorateEntry,
    spec: PersonSpec,
    pdp_id: int,
    actions: list[tuple[str, str, int]],
    deliberate_orphan: bool,
) -> list[PdpObjective]:
    """Most objectives serve an action of the person's own service; about 1 in 20 serves a
    directorate priority and a few are personal development that serves nothing (always
    the second objective of the second member of staff in each directorate's second
    service). The named demo sign-ins' objectives all serve actions."""
    rng = rng_for("objectives", spec.slot)
    named = spec.username != spec.slot
    priorities = PRIORITIES[directorate.code]
    rows = []
    for number in range(1, rng.randint(2, 4) + 1):
        draw, pick, wording = rng.random(), rng.random(), rng.random()
        row = PdpObjective(plan_id=pdp_id, ref=f"O{number}", order=number)
        if (deliberate_orphan and number == 2) or (not named and draw < ORPHAN_OBJECTIVE_RATE):
            row.title = _choose(DEVELOPMENT_OBJECTIVES, wording)
        elif not named and draw < 0.065:
            priority = _choose(priorities, pick)
            row.title = PRIORITY_OBJECTIVE_TEMPLATE.format(title=priority.title)
            row.serves_priority_id = council.priorities[priority.ref]
        else:
            ref, title, pk = _choose(actions, pick)
            task = title[0].lower() + title[1:]
            row.title = _choose(OBJECTIVE_TEMPLATES, wording).format(ref=ref, task=task)
            row.serves_action_id = pk
        rows.append(row)
    return rows
