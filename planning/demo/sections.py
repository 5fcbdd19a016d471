"""The self-assessment of every demo Service Business Plan. Children's social care
services answer the safeguarding inspection questions; the others the six themes."""

from simple_history.utils import bulk_update_with_history

from planning.models import SelfAssessmentEntry, SelfAssessmentVariant, Service, themes_for

from .base import HISTORY_REASON, Council, bulk_add, rng_for
from .words import SELF_ASSESSMENT

SAFEGUARDING_SERVICES = {"csw", "cic", "lvc", "fos", "adp"}


def self_assessment_seed(*, council: Council) -> None:
    """Set the variant of children's safeguarding services, then write a narrative for
    every theme of every plan that has no self-assessment yet (a few themes of draft
    plans are left blank, as real drafts are)."""
    services = [
        council.services[code] for code in SAFEGUARDING_SERVICES if code in council.services
    ]
    changed = [s for s in services if s.self_assessment_variant != "childrens_safeguarding"]
    for service in changed:
        service.self_assessment_variant = SelfAssessmentVariant.CHILDRENS_SAFEGUARDING
    if changed:
        bulk_update_with_history(
            changed, Service, ["self_assessment_variant"], default_change_reason=HISTORY_REASON
        )
    have = set(
        SelfAssessmentEntry.objects.filter(plan_id__in=council.service_plans.values())
        .values_list("plan_id", flat=True)
        .distinct()
    )
    rows = []
    for _, _, entry in council.scale.services():
        plan_id = council.service_plans[entry.code]
        if plan_id in have:
            continue
        rng = rng_for("self-assessment", entry.code)
        variant = council.services[entry.code].self_assessment_variant
        for theme in themes_for(variant):
            if rng.random() < 0.08:
                continue
            text = rng.choice(SELF_ASSESSMENT[theme.key]).format(service=entry.name)
            rows.append(SelfAssessmentEntry(plan_id=plan_id, theme=theme.key, narrative=text))
    bulk_add(council=council, model=SelfAssessmentEntry, rows=rows)


def commitments_seed(*, council: Council) -> None:
    """None to three commitments from other sources for each plan without any: owners
    from the service, due dates through the year, a mix of status and RAG."""
    import datetime as dt

    from planning.models import Commitment, CommitmentSource

    from .people import head_slot, username_for
    from .words import COMMITMENTS

    sources = list(CommitmentSource.objects.values_list("pk", flat=True))
    if not sources:
        return
    have = set(
        Commitment.objects.filter(plan_id__in=council.service_plans.values()).values_list(
            "plan_id", flat=True
        )
    )
    rows = []
    for _, _, entry in council.scale.services():
        plan_id = council.service_plans[entry.code]
        if plan_id in have:
            continue
        rng = rng_for("commitments", entry.code)
        for _ in range(rng.randint(0, 3)):
            title, action = rng.choice(COMMITMENTS)
            status = rng.choice(("not_started", "in_progress", "in_progress", "complete"))
            rag = "blue" if status == "complete" else rng.choice(("green", "green", "amber", "red"))
            rows.append(
                Commitment(
                    plan_id=plan_id,
                    source_id=rng.choice(sources),
                    title=title.format(service=entry.name),
                    agreed_action=action,
                    owner_id=council.people[username_for(head_slot(service=entry))],
                    due_date=council.year.starts + dt.timedelta(days=rng.randint(60, 360)),
                    status=status,
                    rag=rag,
                )
            )
    bulk_add(council=council, model=Commitment, rows=rows)


def assurance_seed(*, council: Council) -> None:
    """A checklist, key dates, two to four policies and one to three contracts for each
    plan without an assurance record: a few answers 'partly' or 'no', some policies due
    for review and some contracts due for renewal."""
    import datetime as dt
    from decimal import Decimal

    from planning.models import ASSURANCE_QUESTIONS, Assurance, Contract, Policy

    from .words import ASSURANCE_EVIDENCE, CONTRACTS, POLICIES, SUPPLIERS

    have = set(
        Assurance.objects.filter(plan_id__in=council.service_plans.values()).values_list(
            "plan_id", flat=True
        )
    )
    assurances, policies, contracts = [], [], []
    start = council.year.starts
    for _, _, entry in council.scale.services():
        plan_id = council.service_plans[entry.code]
        if plan_id in have:
            continue
        rng = rng_for("assurance", entry.code)
        answers = {}
        for key, _ in ASSURANCE_QUESTIONS:
            answer = rng.choices(("yes", "partly", "no"), (75, 20, 5))[0]
            answers[key] = {"answer": answer, "evidence": rng.choice(ASSURANCE_EVIDENCE[answer])}
        assurances.append(
            Assurance(
                plan_id=plan_id,
                answers=answers,
                bcp_last_tested=start - dt.timedelta(days=rng.randint(30, 500)),
                delegation_last_reviewed=start - dt.timedelta(days=rng.randint(0, 400)),
            )
        )
        for name in rng.sample(POLICIES, rng.randint(2, 4)):
            policies.append(
                Policy(
                    plan_id=plan_id,
                    name=name.format(service=entry.name),
                    owner=f"{entry.name} manager",
                    next_review=start + dt.timedelta(days=rng.randint(-60, 700)),
                )
            )
        for name in rng.sample(CONTRACTS, rng.randint(1, 3)):
            contracts.append(
                Contract(
                    plan_id=plan_id,
                    name=name.format(s=entry.subjects[0]),
                    supplier=rng.choice(SUPPLIERS),
                    value=Decimal(rng.randint(2, 400) * 5000),
                    end_date=start + dt.timedelta(days=rng.randint(200, 1400)),
                    renewal_lead_months=rng.choice((3, 6, 6, 9, 12)),
                )
            )
    bulk_add(council=council, model=Assurance, rows=assurances)
    bulk_add(council=council, model=Policy, rows=policies)
    bulk_add(council=council, model=Contract, rows=contracts)
