"""The council's years, its Council Plan and Delivery Plan, and its organisation:
directorates with their plans, assistant-director areas, portfolios, services and teams.

Each step reads what is already there by its natural key and adds only what is missing.
"""

from planning.models import (
    Ambition,
    AssistantDirectorArea,
    CorporatePlan,
    DeliveryActivity,
    DeliveryPlan,
    Directorate,
    DirectoratePlan,
    DirectoratePriority,
    FinancialYear,
    KeyProgramme,
    PlanStatus,
    Portfolio,
    Service,
    Team,
)

from .base import PLAN_YEAR, YEARS, Council, bulk_add, rng_for, team_names
from .catalogue import DIRECTORATES, PORTFOLIOS
from .thread import ACTIVITIES, AMBITIONS, CORPORATE_PLAN_TITLE, KEY_PROGRAMMES, PRIORITIES


def years_seed(*, council: Council) -> None:
    """Four financial years, 2024/25 to 2027/28; 2026/27 is the current one unless an
    administrator has already marked another."""
    existing = set(FinancialYear.objects.values_list("start_year", flat=True))
    has_current = FinancialYear.objects.filter(is_current=True).exists()
    rows = [
        FinancialYear(start_year=year, is_current=year == PLAN_YEAR and not has_current)
        for year in YEARS
        if year not in existing
    ]
    bulk_add(council=council, model=FinancialYear, rows=rows)
    council.year = FinancialYear.objects.get(start_year=PLAN_YEAR)


def corporate_plan_seed(*, council: Council) -> None:
    """The published four-year Council Plan from 2026/27 and its five ambitions."""
    plan = CorporatePlan.objects.filter(first_year=council.year).first()
    if plan is None:
        row = CorporatePlan(
            title=CORPORATE_PLAN_TITLE,
            first_year=council.year,
            years=4,
            status=PlanStatus.PUBLISHED,
        )
        [plan] = bulk_add(council=council, model=CorporatePlan, rows=[row])
    council.corporate_plan_id = plan.pk
    rows = [
        Ambition(
            plan_id=plan.pk,
            ref=entry.ref,
            title=entry.title,
            description=entry.description,
            success_measures=entry.success_measures,
            order=order,
        )
        for order, entry in enumerate(AMBITIONS, start=1)
    ]
    council.ambitions = items_add(council=council, model=Ambition, plan_id=plan.pk, rows=rows)


def delivery_plan_seed(*, council: Council) -> None:
    """The published 2026/27 Delivery Plan: activities under each ambition, two orphans."""
    plan = DeliveryPlan.objects.filter(year=council.year).first()
    if plan is None:
        row = DeliveryPlan(
            year=council.year,
            corporate_plan_id=council.corporate_plan_id,
            status=PlanStatus.PUBLISHED,
        )
        [plan] = bulk_add(council=council, model=DeliveryPlan, rows=[row])
    council.delivery_plan_id = plan.pk
    rows = [
        DeliveryActivity(
            plan_id=plan.pk,
            ref=entry.ref,
            title=entry.title,
            how_measured=entry.how_measured,
            serves_ambition_id=council.ambitions.get(entry.ambition),
            order=order,
        )
        for order, entry in enumerate(ACTIVITIES, start=1)
    ]
    council.activities = items_add(
        council=council, model=DeliveryActivity, plan_id=plan.pk, rows=rows
    )


def items_add(*, council: Council, model: type, plan_id: int, rows: list) -> dict[str, int]:
    """Add the items whose reference the plan does not have yet; return every item's id
    by reference."""
    existing = dict(model.objects.filter(plan_id=plan_id).values_list("ref", "pk"))
    saved = bulk_add(
        council=council, model=model, rows=[row for row in rows if row.ref not in existing]
    )
    return existing | {row.ref: row.pk for row in saved}


def organisation_seed(*, council: Council) -> None:
    """Directorates, their assistant-director areas, the portfolios, and the services
    (with their teams) that belong to this size of council."""
    _directorates_seed(council=council)
    _areas_seed(council=council)
    _portfolios_seed(council=council)
    _services_seed(council=council)
    _teams_seed(council=council)


def _directorates_seed(*, council: Council) -> None:
    existing = dict(Directorate.objects.values_list("code", "pk"))
    rows = [Directorate(code=d.code, name=d.name) for d in DIRECTORATES if d.code not in existing]
    saved = bulk_add(council=council, model=Directorate, rows=rows)
    council.directorates = existing | {row.code: row.pk for row in saved}


def _areas_seed(*, council: Council) -> None:
    by_id = {pk: code for code, pk in council.directorates.items()}
    existing = {
        (by_id.get(directorate_id), name): pk
        for directorate_id, name, pk in AssistantDirectorArea.objects.values_list(
            "directorate_id", "name", "pk"
        )
    }
    rows = [
        AssistantDirectorArea(directorate_id=council.directorates[d.code], name=name)
        for d in DIRECTORATES
        for name in d.areas
        if (d.code, name) not in existing
    ]
    saved = bulk_add(council=council, model=AssistantDirectorArea, rows=rows)
    council.areas = existing | {(by_id[row.directorate_id], row.name): row.pk for row in saved}


def _portfolios_seed(*, council: Council) -> None:
    existing = dict(Portfolio.objects.values_list("name", "pk"))
    rows = [Portfolio(name=name) for name in PORTFOLIOS if name not in existing]
    saved = bulk_add(council=council, model=Portfolio, rows=rows)
    council.portfolios = existing | {row.name: row.pk for row in saved}


def _services_seed(*, council: Council) -> None:
    """Services alternate between their directorate's areas, so even the small council has
    services in every area; each service sits in its directorate's portfolio."""
    existing = {service.code: service for service in Service.objects.all()}
    rows = []
    for directorate, index, service in council.scale.services():
        if service.code in existing:
            continue
        area = directorate.areas[index % len(directorate.areas)]
        rows.append(
            Service(
                code=service.code,
                name=service.name,
                directorate_id=council.directorates[directorate.code],
                area_id=council.areas[(directorate.code, area)],
                portfolio_id=council.portfolios[directorate.portfolio],
            )
        )
    saved = bulk_add(council=council, model=Service, rows=rows)
    wanted = {service.code for _, _, service in council.scale.services()}
    council.services = {
        code: service
        for code, service in (existing | {s.code: s for s in saved}).items()
        if code in wanted
    }


def _teams_seed(*, council: Council) -> None:
    existing = {
        (service_id, name): pk
        for service_id, name, pk in Team.objects.filter(
            service__in=[s.pk for s in council.services.values()]
        ).values_list("service_id", "name", "pk")
    }
    rows = []
    for _, _, entry in council.scale.services():
        service_id = council.services[entry.code].pk
        for name in team_names(service=entry):
            if (service_id, name) not in existing:
                rows.append(Team(service_id=service_id, name=name))
    saved = bulk_add(council=council, model=Team, rows=rows)
    code_of = {service.pk: code for code, service in council.services.items()}
    council.teams = {
        (code_of[service_id], name): pk
        for (service_id, name), pk in (
            existing | {(row.service_id, row.name): row.pk for row in saved}
        ).items()
    }


def directorate_plans_seed(*, council: Council) -> None:
    """Each directorate's 2026/27 plan on a page with its priorities. Most priorities serve
    a Delivery Plan activity, a few an ambition directly, and some nothing at all."""
    existing = dict(
        DirectoratePlan.objects.filter(year=council.year).values_list("directorate_id", "pk")
    )
    rows = []
    for position, directorate in enumerate(DIRECTORATES):
        directorate_id = council.directorates[directorate.code]
        if directorate_id not in existing:
            rows.append(
                DirectoratePlan(
                    directorate_id=directorate_id,
                    year=council.year,
                    status=_directorate_plan_status(code=directorate.code, first=position == 0),
                )
            )
    saved = bulk_add(council=council, model=DirectoratePlan, rows=rows)
    existing |= {row.directorate_id: row.pk for row in saved}
    for directorate in DIRECTORATES:
        plan_id = existing[council.directorates[directorate.code]]
        council.directorate_plans[directorate.code] = plan_id
        council.priorities |= items_add(
            council=council,
            model=DirectoratePriority,
            plan_id=plan_id,
            rows=[
                _priority_row(council=council, plan_id=plan_id, entry=entry, order=order)
                for order, entry in enumerate(PRIORITIES[directorate.code], start=1)
            ],
        )


def key_programmes_seed(*, council: Council) -> None:
    """Each directorate plan's key programmes, for its plan on a page."""
    have = set(KeyProgramme.objects.values_list("plan_id", flat=True).distinct())
    rows = [
        KeyProgramme(plan_id=plan_id, name=name, programme_ref=ref, summary=summary, order=n)
        for code, plan_id in council.directorate_plans.items()
        if plan_id not in have
        for n, (name, ref, summary) in enumerate(KEY_PROGRAMMES[code], start=1)
    ]
    bulk_add(council=council, model=KeyProgramme, rows=rows)


def _directorate_plan_status(*, code: str, first: bool) -> str:
    if first:
        return PlanStatus.PUBLISHED
    choices = (PlanStatus.PUBLISHED, PlanStatus.SIGNED_OFF, PlanStatus.SUBMITTED)
    return rng_for("directorate-plan", code).choices(choices, (3, 1, 1))[0]


def _priority_row(*, council: Council, plan_id: int, entry, order: int) -> DirectoratePriority:
    return DirectoratePriority(
        plan_id=plan_id,
        ref=entry.ref,
        title=entry.title,
        order=order,
        serves_activity_id=council.activities.get(entry.serves),
        serves_ambition_id=council.ambitions.get(entry.serves),
    )
