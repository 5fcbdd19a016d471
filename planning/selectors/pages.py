"""Reads behind the organisation pages and the planning forms: a directorate's and a
service's pages, the orphans page's years, and the people and rows a form offers or
edits. Each is scoped by the caller's fetch-and-authorise, or reads the organisation,
which everyone signed in may see."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from core.history import HistoryEntry, field_values
from planning.choices import people_choices
from planning.models import (
    Assurance,
    CommitmentSource,
    Directorate,
    FinancialYear,
    Person,
    SelfAssessmentEntry,
    Service,
    ServicePlan,
    Workforce,
)
from planning.permissions import mark_openable

from . import directorate_services_with_plans, heads_of_service


def directorate_page_for_user(*, user, pk: int) -> dict:
    """A directorate, its services with this year's plans, and its own plan for the year
    (linked only if the person may open it)."""
    directorate = get_object_or_404(Directorate, pk=pk)
    year = FinancialYear.objects.current()
    services = directorate_services_with_plans(directorate, year)
    plan = directorate.plans.filter(year=year).select_related("year").first()
    mark_openable(user, [plan])
    return {"directorate": directorate, "services": services, "plan": plan, "year": year}


def service_page_for_user(*, user, pk: int) -> dict:
    """A service with its structure, its plans of every year (linked where the person may
    open them), its teams and its heads of service."""
    service = get_object_or_404(Service.objects.with_structure(), pk=pk)
    plans = mark_openable(user, list(service.plans.select_related("year", "service")))
    return {
        "service": service,
        "plans": plans,
        "teams": list(service.teams.all()),
        "heads": heads_of_service([service]).get(service.pk, []),
    }


def year_list_and_chosen(*, wanted: str) -> tuple[list[FinancialYear], FinancialYear | None]:
    """Every financial year, and the one asked for (this year when none is asked): 404 for
    a year that does not exist."""
    years = list(FinancialYear.objects.all())
    year = FinancialYear.objects.current()
    if wanted:
        year = next((y for y in years if str(y.pk) == wanted), None)
        if year is None:
            raise Http404("No such year")
    return years, year


def people_to_choose(*, plan: ServicePlan, keep_id: int | None) -> list:
    """The people a service plan's form offers (as a lead or owner): the service's active
    people, and whoever holds the role now even if they have moved on."""
    people = Person.objects.filter(service=plan.service_id, is_active=True)
    if keep_id:
        people = people | Person.objects.filter(pk=keep_id)
    return people_choices(people.distinct(), first_service_id=plan.service_id)


def person_get(*, pk: int | None) -> Person | None:
    return Person.objects.filter(pk=pk).first() if pk else None


def commitment_source_list() -> list[tuple[int, str]]:
    return [(source.pk, source.name) for source in CommitmentSource.objects.all()]


def commitment_source_get(*, pk) -> CommitmentSource | None:
    return CommitmentSource.objects.filter(pk=pk).first()


def assurance_get_for_plan(*, plan: ServicePlan) -> Assurance | None:
    return Assurance.objects.filter(plan=plan).first()


def workforce_get_for_plan(*, plan: ServicePlan) -> Workforce | None:
    return Workforce.objects.filter(plan=plan).first()


def self_assessment_entry_get(*, plan: ServicePlan, theme: str) -> SelfAssessmentEntry | None:
    return SelfAssessmentEntry.objects.filter(plan=plan, theme=theme).first()


def removed_register_rows(*, plan, registers) -> list:
    """Register rows taken off the plan, newest first, with who removed them, when and
    why, and what they held (one query per kind of register; each register names its model
    and label)."""
    removed = []
    for register in registers:
        records = register.model.history.filter(plan_id=plan.pk, history_type="-")
        for record in records.select_related("history_user"):
            removed.append(
                {
                    "label": register.label.capitalize(),
                    "name": str(record.instance),
                    "entry": HistoryEntry(
                        when=record.history_date,
                        who=record.history_user,
                        kind="Removed",
                        reason=record.history_change_reason or "",
                        changes=field_values(record.instance, record),
                    ),
                }
            )
    return sorted(removed, key=lambda row: row["entry"].when, reverse=True)
