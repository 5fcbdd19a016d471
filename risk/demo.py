"""Demo risk registers for the invented council: a register for every service, every
directorate and the council, with risks linked to the plan items they threaten, some
escalated (with their log), and four quarters of reviews each.

About 500 risks at council scale. Idempotent: registers are matched on their unit and
risks on (register, reference), so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core import periods
from planning.demo.base import HISTORY_REASON, rng_for
from planning.models import Directorate, Role, RoleAssignment, Service, ServiceAction

from . import rules, services
from .models import (
    Appetite,
    Category,
    CategoryAppetite,
    Level,
    Risk,
    RiskEscalation,
    RiskRegister,
    RiskReview,
    Treatment,
)

COUNCIL_RISKS = 500
EVENTS = (
    ("Loss of key staff", "Recruitment market is tight", "Services slow down or stop"),
    ("Contractor fails", "A single supplier holds the contract", "Work stops and costs rise"),
    ("Budget overspend", "Demand rises faster than funding", "Savings must be found in year"),
    ("Cyber attack", "Old systems and phishing", "Systems are down for days"),
    ("Data breach", "Paper files and shared inboxes", "Fines and loss of trust"),
    ("Severe weather", "More frequent storms and floods", "Sites close and repairs pile up"),
    ("Legal challenge", "Decisions not fully recorded", "Court costs and delay"),
    ("Safeguarding failure", "High caseloads", "Harm to a child or adult at risk"),
    ("Building failure", "Ageing estate", "Sites close; people moved at short notice"),
    ("Demand surge", "Cost of living pressures", "Waiting lists grow"),
)


def _quarters(today: dt.date) -> list[tuple[int, int, dt.date]]:
    """The last four financial quarters, oldest first, with a review day in each."""
    year, quarter = periods.year_and_quarter(today)
    out = []
    for _ in range(4):
        day = periods.quarter_starts(year, quarter).replace(day=10)
        out.append((year, quarter, min(day, today)))
        year, quarter = periods.previous_quarter(year, quarter)
    return list(reversed(out))


def demo_seed(*, scale: str) -> dict[str, int]:
    created: Counter = Counter()
    matrix = services.matrix_default()
    _appetites(created)
    services_qs = list(
        Service.objects.select_related("directorate").order_by("directorate", "code")
    )
    if not services_qs:
        return {}
    heads = _role_people(Role.HEAD_OF_SERVICE, "service_id")
    directors = _role_people(Role.DIRECTOR, "directorate_id")
    registers = _registers(matrix, services_qs, created)
    actions = _actions_by_service()
    directorates = list(Directorate.objects.order_by("code"))
    fallback_owner = next(iter(heads.values()), None) or next(iter(directors.values()), None)
    if fallback_owner is None:
        return dict(created)
    per_service = 4 if scale == "small" else max(4, (COUNCIL_RISKS - 80) // len(services_qs) + 1)
    plans = []
    for service in services_qs:
        owner = heads.get(service.pk, fallback_owner)
        plans += [
            (
                registers[("service", service.pk)],
                owner,
                f"{service.code.upper()[:6]}-R{n:02d}",
                actions.get(service.pk, []),
                n,
            )
            for n in range(1, per_service + 1)
        ]
    for directorate in directorates:
        owner = directors.get(directorate.pk, fallback_owner)
        plans += [
            (
                registers[("directorate", directorate.pk)],
                owner,
                f"{directorate.code.upper()[:6]}-D{n:02d}",
                [],
                n,
            )
            for n in range(1, (4 if scale == "small" else 10) + 1)
        ]
    plans += [
        (registers[("corporate", None)], fallback_owner, f"CORP-{n:02d}", [], n)
        for n in range(1, (6 if scale == "small" else 16) + 1)
    ]
    existing = set(Risk.objects.values_list("register_id", "ref"))
    today = timezone.localdate()
    new = [_risk(*plan, today=today) for plan in plans if (plan[0].pk, plan[2]) not in existing]
    saved = bulk_create_with_history(
        new, Risk, batch_size=500, default_change_reason=HISTORY_REASON
    )
    created["risks"] += len(saved)
    _reviews_and_escalations(saved, today, created)
    return dict(created)


def _appetites(created: Counter) -> None:
    have = set(CategoryAppetite.objects.values_list("category", flat=True))
    choice = {
        Category.SAFEGUARDING: Appetite.AVERSE,
        Category.HEALTH_SAFETY: Appetite.AVERSE,
        Category.LEGAL: Appetite.MINIMAL,
        Category.FINANCIAL: Appetite.CAUTIOUS,
        Category.TECHNOLOGY: Appetite.CAUTIOUS,
        Category.PEOPLE: Appetite.CAUTIOUS,
        Category.SERVICE_DELIVERY: Appetite.OPEN,
        Category.REPUTATION: Appetite.CAUTIOUS,
        Category.ENVIRONMENT: Appetite.OPEN,
    }
    rows = [CategoryAppetite(category=c, appetite=a) for c, a in choice.items() if c not in have]
    created["risk appetites"] += len(
        bulk_create_with_history(rows, CategoryAppetite, default_change_reason=HISTORY_REASON)
    )


def _role_people(role: str, unit: str):
    from planning.models import Person

    ids = dict(
        RoleAssignment.objects.filter(role=role).order_by("pk").values_list(unit, "person_id")
    )
    people = Person.objects.in_bulk(set(ids.values()))
    return {key: people[pid] for key, pid in ids.items()}


def _registers(matrix, services_qs, created: Counter) -> dict:
    found = {}
    for register in RiskRegister.objects.all():
        key = register.service_id if register.level == Level.SERVICE else register.directorate_id
        found[(register.level, key)] = register
    new = []
    if ("corporate", None) not in found:
        new.append(RiskRegister(level=Level.CORPORATE, matrix=matrix))
    for directorate in Directorate.objects.all():
        if ("directorate", directorate.pk) not in found:
            new.append(
                RiskRegister(level=Level.DIRECTORATE, directorate=directorate, matrix=matrix)
            )
    for service in services_qs:
        if ("service", service.pk) not in found:
            new.append(
                RiskRegister(
                    level=Level.SERVICE,
                    service=service,
                    directorate_id=service.directorate_id,
                    matrix=matrix,
                )
            )
    saved = bulk_create_with_history(new, RiskRegister, default_change_reason=HISTORY_REASON)
    created["risk registers"] += len(saved)
    for register in saved:
        key = register.service_id if register.level == Level.SERVICE else register.directorate_id
        found[(register.level, key)] = register
    return found


def _actions_by_service() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for pk, service_id in ServiceAction.objects.filter(plan__year__is_current=True).values_list(
        "pk", "plan__service_id"
    ):
        out.setdefault(service_id, []).append(pk)
    return out


def _risk(register, owner, ref, actions, n, *, today) -> Risk:
    rng = rng_for("risk", ref)
    event, cause, consequence = EVENTS[rng.randrange(len(EVENTS))]
    inherent = (rng.randint(3, 5), rng.randint(3, 5))
    current = (rng.randint(1, inherent[0]), rng.randint(2, inherent[1]))
    target = (max(1, current[0] - 1), max(1, current[1] - 1))
    band = register.matrix.band(rules.score(*current))
    last_review = today - dt.timedelta(days=rng.randint(5, 40))
    return Risk(
        register=register,
        ref=ref,
        title=f"{event} ({ref})",
        cause=cause,
        event=event,
        consequence=consequence,
        category=rng.choice(Category.values),
        owner=owner,
        threatens_action_id=actions[n % len(actions)] if actions else None,
        inherent_likelihood=inherent[0],
        inherent_impact=inherent[1],
        controls="Business continuity plan; monthly monitoring at the service's management meeting",
        current_likelihood=current[0],
        current_impact=current[1],
        target_likelihood=target[0],
        target_impact=target[1],
        target_date=today + dt.timedelta(days=rng.randint(60, 400)),
        treatment=rng.choice(Treatment.values),
        last_review_date=last_review,
        next_review_date=rules.next_review(last_review, band),
        escalated_to=_escalation(register.level, rng.random()),
    )


def _escalation(level: str, roll: float) -> str:
    """About one service risk in eight shown in its directorate's register, one in
    twenty-five in the corporate register, and one directorate risk in five."""
    if level == Level.SERVICE and roll < 0.04:
        return Level.CORPORATE
    if level == Level.SERVICE and roll < 0.125:
        return Level.DIRECTORATE
    if level == Level.DIRECTORATE and roll < 0.2:
        return Level.CORPORATE
    return ""


def _reviews_and_escalations(risks: list[Risk], today: dt.date, created: Counter) -> None:
    """Four quarters of reviews for each new risk, ending at its current score, and the
    log entry of each escalated risk's escalation."""
    reviews, escalations = [], []
    quarters = _quarters(today)
    now = timezone.now()
    for risk in risks:
        rng = rng_for("review", risk.ref)
        lik, imp = risk.current_likelihood, risk.current_impact
        path = [(lik, imp)]
        for _ in range(3):
            lik = min(5, max(1, lik + rng.choice((-1, 0, 0, 1))))
            imp = min(5, max(1, imp + rng.choice((-1, 0, 0, 1))))
            path.append((lik, imp))
        path.reverse()
        for (year, quarter, day), (lik, imp) in zip(quarters, path, strict=True):
            reviews.append(
                RiskReview(
                    risk=risk,
                    start_year=year,
                    quarter=quarter,
                    reviewed_on=day,
                    reviewed_by=risk.owner,
                    likelihood=lik,
                    impact=imp,
                    commentary="Reviewed at the management team meeting",
                )
            )
        if risk.escalated_to:
            escalations.append(
                RiskEscalation(
                    risk=risk,
                    from_level=risk.register.level,
                    to_level=risk.escalated_to,
                    by=risk.owner,
                    at=now - dt.timedelta(days=rng.randint(10, 200)),
                    reason="Score and reach beyond what the service can manage alone",
                )
            )
    created["risk reviews"] += len(
        bulk_create_with_history(
            reviews, RiskReview, batch_size=500, default_change_reason=HISTORY_REASON
        )
    )
    created["risk escalations"] += len(
        bulk_create_with_history(
            escalations, RiskEscalation, batch_size=500, default_change_reason=HISTORY_REASON
        )
    )
