"""Demo audits and other commitments for the invented council: internal and external
audit reports, the annual governance statement and scrutiny reviews, with about 300
recommendations at council scale in every status — some extended (once or twice, with
the performance lead's approval), some waiting for a decision, some overdue.

Idempotent: audits are matched on title and recommendations on (audit, reference).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from planning.demo.base import HISTORY_REASON, rng_for
from planning.models import Role, RoleAssignment, Service

from .models import Audit, Decision, ExtensionRequest, Opinion, Recommendation, Source, Status

COUNCIL_RECOMMENDATIONS = 300
SUBJECTS = (
    "Procurement cards",
    "Contract management",
    "Payroll changes",
    "Income collection",
    "Information governance",
    "Business continuity",
    "Health and safety inspections",
    "Fleet management",
    "Grant claims",
    "Asset register",
    "Debt recovery",
    "Safer recruitment",
)
FINDINGS = (
    ("Approvals were not always recorded", "Record every approval in the system"),
    ("Reconciliations were late", "Reconcile monthly and sign off within ten days"),
    ("Policies were out of date", "Review and republish the policy"),
    ("Access rights were not reviewed", "Review access rights each quarter"),
    ("Contract waivers lacked evidence", "Keep the evidence with each waiver"),
)


def demo_seed(*, scale: str) -> dict[str, int]:
    created: Counter = Counter()
    services = list(Service.objects.order_by("directorate__code", "code"))
    if not services:
        return {}
    heads = dict(
        RoleAssignment.objects.filter(role=Role.HEAD_OF_SERVICE)
        .order_by("pk")
        .values_list("service_id", "person_id")
    )
    lead_ids = list(
        RoleAssignment.objects.filter(role=Role.PERFORMANCE_LEAD).values_list(
            "portfolio_id", "person_id"
        )
    )
    leads = dict(lead_ids)
    any_lead = lead_ids[0][1] if lead_ids else None
    total = 40 if scale == "small" else COUNCIL_RECOMMENDATIONS
    today = timezone.localdate()
    audits = _audits(services, total, today, created)
    existing = set(Recommendation.objects.values_list("audit_id", "ref"))
    new, plans = [], []
    for n in range(total):
        audit = audits[n % len(audits)]
        service = services[(n * 7) % len(services)] if n % 9 else services[0]
        ref = f"R{n // len(audits) + 1}"
        if (audit.pk, ref) in existing or service.pk not in heads:
            continue
        rec, plan = _recommendation(n, audit, service, heads[service.pk], ref, today)
        new.append(rec)
        plans.append((plan, leads.get(service.portfolio_id, any_lead)))
    saved = bulk_create_with_history(
        new, Recommendation, batch_size=500, default_change_reason=HISTORY_REASON
    )
    created["recommendations"] += len(saved)
    _extensions(saved, plans, today, created)
    return dict(created)


def _audits(services, total: int, today: dt.date, created: Counter) -> list[Audit]:
    count = max(6, total // 10)
    sources = [Source.INTERNAL_AUDIT] * 6 + [
        Source.EXTERNAL_AUDIT,
        Source.GOVERNANCE,
        Source.SCRUTINY,
    ]
    specs = []
    for n in range(count):
        source = sources[n % len(sources)]
        subject = SUBJECTS[n % len(SUBJECTS)]
        title = {
            Source.INTERNAL_AUDIT: f"{subject} audit {n + 1}",
            Source.EXTERNAL_AUDIT: f"External audit annual report: {subject.lower()} ({n + 1})",
            Source.GOVERNANCE: f"Annual governance statement action plan ({n + 1})",
            Source.SCRUTINY: f"Scrutiny task and finish group: {subject.lower()} ({n + 1})",
        }[source]
        specs.append((title, source))
    have = {a.title: a for a in Audit.objects.filter(title__in=[t for t, _ in specs])}
    new = []
    for title, source in specs:
        if title in have:
            continue
        rng = rng_for("audit", title)
        new.append(
            Audit(
                title=title,
                source=source,
                body={
                    Source.INTERNAL_AUDIT: "Elmbridge Vale Internal Audit Partnership",
                    Source.EXTERNAL_AUDIT: "Vale & Downs LLP, external auditor",
                    Source.GOVERNANCE: "Audit & Governance Committee",
                    Source.SCRUTINY: "Overview and Scrutiny Committee",
                }[source],
                report_date=today - dt.timedelta(days=rng.randint(60, 600)),
                opinion=rng.choice(Opinion.values)
                if source in (Source.INTERNAL_AUDIT, Source.EXTERNAL_AUDIT)
                else "",
            )
        )
    saved = bulk_create_with_history(new, Audit, default_change_reason=HISTORY_REASON)
    created["audits"] += len(saved)
    for audit in saved:
        have[audit.title] = audit
    audits = [have[title] for title, _ in specs]
    for n, audit in enumerate(saved):
        audit.services.set([services[(n * 5 + k) % len(services)] for k in range(3)])
    return audits


# Status mix: (status, share of recommendations)
STATUS_MIX = (
    (Status.NOT_STARTED, 0.15),
    (Status.IN_PROGRESS, 0.45),
    (Status.IMPLEMENTED, 0.15),
    (Status.VERIFIED, 0.1),
    (Status.CLOSED, 0.1),
    (Status.SUPERSEDED, 0.05),
)


def _recommendation(n, audit, service, owner_id, ref, today):
    rng = rng_for("recommendation", audit.title, ref)
    statuses, weights = zip(*STATUS_MIX, strict=True)
    status = statuses[n % len(statuses)] if n < len(statuses) else rng.choices(statuses, weights)[0]
    agreed = audit.report_date + dt.timedelta(days=rng.randint(7, 40))
    due = agreed + dt.timedelta(days=rng.randint(90, 540))
    percent = {
        Status.NOT_STARTED: 0,
        Status.IN_PROGRESS: rng.randrange(10, 95, 5),
        Status.SUPERSEDED: rng.randrange(0, 60, 10),
    }.get(status, 100)
    finding, recommendation = FINDINGS[rng.randrange(len(FINDINGS))]
    # plan: 0 none, 1 one approved extension, 2 two approved, 3 waiting for a decision
    plan = (
        rng.choices((0, 1, 2, 3), (70, 15, 5, 10))[0]
        if status in (Status.NOT_STARTED, Status.IN_PROGRESS)
        else 0
    )
    rec = Recommendation(
        audit=audit,
        service=service,
        ref=ref,
        title=f"{recommendation} ({service.name})",
        priority=rng.choice((1, 2, 2, 3, 3)),
        finding=finding,
        recommendation=recommendation,
        agreed_action=f"The head of {service.name} will {recommendation.lower()}",
        owner_id=owner_id,
        agreed_on=agreed,
        original_due_date=due,
        percent_complete=percent,
        status=status,
        commentary="Progress reported at the quarterly review"
        if status != Status.NOT_STARTED
        else "",
    )
    if plan in (1, 2):
        rec.revision_count = plan
        rec.revised_due_date = due + dt.timedelta(days=90 * plan)
        rec.revision_reason = "Supplier delays outside the service's control"
    return rec, plan


def _extensions(recs, plans, today: dt.date, created: Counter) -> None:
    rows = []
    now = timezone.now()
    for rec, (plan, lead_id) in zip(recs, plans, strict=True):
        if plan in (1, 2) and lead_id:
            for k in range(1, plan + 1):
                rows.append(
                    ExtensionRequest(
                        recommendation=rec,
                        requested_by_id=rec.owner_id,
                        requested_at=now - dt.timedelta(days=100 * (plan - k + 1)),
                        proposed_date=rec.original_due_date + dt.timedelta(days=90 * k),
                        reason=rec.revision_reason,
                        decision=Decision.APPROVED,
                        decided_by_id=lead_id,
                        decided_at=now - dt.timedelta(days=100 * (plan - k + 1) - 3),
                    )
                )
        elif plan == 3:
            rows.append(
                ExtensionRequest(
                    recommendation=rec,
                    requested_by_id=rec.owner_id,
                    requested_at=now - dt.timedelta(days=4),
                    proposed_date=max(rec.due_date, today) + dt.timedelta(days=120),
                    reason="Waiting for the new system to go live",
                )
            )
    created["extension requests"] += len(
        bulk_create_with_history(
            rows, ExtensionRequest, batch_size=500, default_change_reason=HISTORY_REASON
        )
    )
