"""What an item may be linked to up the golden thread, and which links a page may draw."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet

from planning.models import (
    Ambition,
    AssistantDirectorArea,
    DeliveryActivity,
    DirectoratePlan,
    DirectoratePriority,
    PersonalDevelopmentPlan,
    Role,
    RoleAssignment,
    Service,
    ServiceAction,
    ServicePlan,
)

from .plans import can_view_plan
from .scope import plans_visible_to, scope_for

# --- what an item may be linked to up the golden thread ------------------------------


def linkable_items(user, *, item, model) -> QuerySet:
    """The items of `model` that this person may link `item` to (what it serves, or for an
    indicator in a plan, what it measures). Both the picker and its check use this rule.

    An item is linked to an item of a higher level, of the same year (an ambition: of a
    corporate plan covering the year), that the person may see, and that is within the
    item's own reach:
    - corporate ambitions and Delivery Plan activities: any (everyone reads those plans);
    - directorate priorities: of the item's own directorate (an action's service's; for a
      personal objective, its owner's service's or the directorate they direct or serve
      as assistant director);
    - service actions: of the item's own service (a personal objective's owner's, an
      indicator's plan's) in the same year.
    Administrators and whole-council readers see every plan, so only the reach applies.
    """
    rows = model.objects.all()
    year = item.plan.year
    if scope_for(user).person_id is None or model not in item.servable_models():
        return rows.none()
    if model is Ambition:
        start = year.start_year
        return rows.filter(
            plan__first_year__start_year__lte=start,
            plan__first_year__start_year__gt=start - F("plan__years"),
        )
    rows = rows.filter(plan__year_id=year.pk)
    if model is DeliveryActivity:
        return rows
    if model is DirectoratePriority:
        return rows.filter(
            _own_directorate(item), plans_visible_to(user, DirectoratePlan, "plan__")
        )
    if model is ServiceAction:
        service_id = _own_service_id(item)
        if service_id is None:
            return rows.none()
        return rows.filter(plan__service_id=service_id).filter(
            plans_visible_to(user, ServicePlan, "plan__")
        )
    return rows.none()


def _own_service_id(item) -> int | None:
    plan = item.plan
    if isinstance(plan, PersonalDevelopmentPlan):
        return plan.person.service_id
    return getattr(plan, "service_id", None)


def _own_directorate(item) -> Q:
    """The directorate(s) an item's priorities come from, as a filter on priorities."""
    plan = item.plan
    if isinstance(plan, ServicePlan):
        return Q(plan__directorate_id=plan.service.directorate_id)
    if not isinstance(plan, PersonalDevelopmentPlan):
        return Q(pk__in=[])
    person = plan.person
    roles = RoleAssignment.objects.filter(person_id=person.pk)
    return (
        Q(
            plan__directorate_id__in=Service.objects.filter(pk=person.service_id).values(
                "directorate_id"
            )
        )
        | Q(plan__directorate_id__in=roles.filter(role=Role.DIRECTOR).values("directorate_id"))
        | Q(
            plan__directorate_id__in=AssistantDirectorArea.objects.filter(
                pk__in=roles.filter(role=Role.ASSISTANT_DIRECTOR).values("area_id")
            ).values("directorate_id")
        )
    )


# --- which links a page may draw ------------------------------------------------------


def mark_openable(user, objects, *, plan_of=lambda obj: obj):
    """Set `can_open` on each object: whether this person may open the page of the plan
    `plan_of(obj)` gives (the object itself for a plan, `obj.plan` for an item). Pages
    draw a link only where it is true and plain text otherwise, so nobody is shown a door
    they cannot open. Reads only the person's scope and the rows already fetched (callers
    select_related the plans, and a service plan's service), so no query per row."""
    for obj in objects:
        if obj is not None:
            plan = plan_of(obj)
            obj.can_open = plan is not None and can_view_plan(user, plan)
    return objects


def served_related(model) -> list[str]:
    """What to select_related with items of `model` so that what each serves, and that
    item's plan, come in the same query (for `mark_served_openable`)."""
    paths = []
    for name in model.SERVES_FIELDS:
        paths += [name, f"{name}__plan"]
        if model._meta.get_field(name).related_model is ServiceAction:
            paths.append(f"{name}__plan__service")
    return paths


def mark_served_openable(user, items):
    """Set `can_open` on what each item serves (see `mark_openable`)."""
    mark_openable(user, [item.serves for item in items], plan_of=lambda target: target.plan)
    return items
