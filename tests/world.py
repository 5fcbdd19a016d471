"""A small council with one person per kind of user, for view and permission tests.

Two directorates; "head" leads the Parks service in Place, whose plan is a draft; "other"
leads Libraries in Communities (another directorate), whose plan is published. The thread
runs ambition → activity → priority → action → objective in Place.
"""

from dataclasses import dataclass

from planning.models import PlanStatus, Role

from . import factories as f

PERSONAS = [
    "admin",
    "lead",
    "board",
    "committee",
    "director",
    "ad",
    "head",
    "manager",
    "staff",
    "other_head",
    "other_staff",
]


@dataclass
class World:
    people: dict
    year: object
    corporate: object
    delivery: object
    directorate_plan: object
    service_plan: object
    other_plan: object
    other_draft_plan: object
    pdp: object
    manager_pdp: object
    other_pdp: object
    ambition: object
    activity: object
    priority: object
    action: object
    other_action: object
    objective: object
    service: object
    other_service: object


def build_world() -> World:
    year = f.FinancialYearFactory(start_year=2026, is_current=True)
    place = f.DirectorateFactory(name="Place", code="place")
    communities = f.DirectorateFactory(name="Communities", code="communities")
    area = f.AreaFactory(directorate=place, name="Environment")
    portfolio = f.PortfolioFactory(name="Place portfolio")
    parks = f.ServiceFactory(
        name="Parks", code="parks", directorate=place, area=area, portfolio=portfolio
    )
    libraries = f.ServiceFactory(name="Libraries", code="libraries", directorate=communities)
    leisure = f.ServiceFactory(name="Leisure", code="leisure", directorate=communities)

    people = {name: f.PersonFactory(username=name) for name in PERSONAS}
    people["admin"].is_superuser = people["admin"].is_staff = True
    people["admin"].save()
    for name, service in [
        ("head", parks),
        ("manager", parks),
        ("staff", parks),
        ("other_head", libraries),
        ("other_staff", libraries),
    ]:
        people[name].service = service
    people["director"].line_manager = None
    people["head"].line_manager = people["director"]
    people["manager"].line_manager = people["head"]
    people["staff"].line_manager = people["manager"]
    people["other_staff"].line_manager = people["other_head"]
    for person in people.values():
        person.save()

    f.RoleFactory(person=people["head"], role=Role.HEAD_OF_SERVICE, service=parks)
    f.RoleFactory(person=people["manager"], role=Role.SERVICE_MANAGER, service=parks)
    f.RoleFactory(person=people["other_head"], role=Role.HEAD_OF_SERVICE, service=libraries)
    f.RoleFactory(person=people["director"], role=Role.DIRECTOR, directorate=place)
    f.RoleFactory(person=people["ad"], role=Role.ASSISTANT_DIRECTOR, area=area)
    f.RoleFactory(person=people["lead"], role=Role.PERFORMANCE_LEAD, portfolio=portfolio)
    f.RoleFactory(person=people["board"], role=Role.BOARD_MEMBER)
    f.RoleFactory(person=people["committee"], role=Role.COMMITTEE_MEMBER)

    corporate = f.CorporatePlanFactory(first_year=year)
    delivery = f.DeliveryPlanFactory(year=year, corporate_plan=corporate)
    directorate_plan = f.DirectoratePlanFactory(year=year, directorate=place)
    service_plan = f.ServicePlanFactory(year=year, service=parks, status=PlanStatus.DRAFT)
    other_plan = f.ServicePlanFactory(year=year, service=libraries, status=PlanStatus.PUBLISHED)
    other_draft_plan = f.ServicePlanFactory(year=year, service=leisure, status=PlanStatus.DRAFT)
    ambition = f.AmbitionFactory(plan=corporate, title="Green and clean places")
    activity = f.ActivityFactory(plan=delivery, serves_ambition=ambition)
    priority = f.PriorityFactory(plan=directorate_plan, serves_activity=activity)
    action = f.ActionFactory(
        plan=service_plan, serves_priority=priority, lead=people["head"], title="Replant the park"
    )
    other_action = f.ActionFactory(plan=other_plan, serves_activity=activity)
    f.ActionFactory(plan=other_draft_plan, serves_activity=activity)
    pdp = f.PdpFactory(year=year, person=people["staff"])
    objective = f.ObjectiveFactory(plan=pdp, serves_action=action, title="Lead the replanting")
    manager_pdp = f.PdpFactory(year=year, person=people["manager"])
    f.ObjectiveFactory(plan=manager_pdp, serves_action=action)
    other_pdp = f.PdpFactory(year=year, person=people["other_staff"])
    f.ObjectiveFactory(plan=other_pdp, serves_action=other_action)
    return World(
        people=people,
        year=year,
        corporate=corporate,
        delivery=delivery,
        directorate_plan=directorate_plan,
        service_plan=service_plan,
        other_plan=other_plan,
        other_draft_plan=other_draft_plan,
        pdp=pdp,
        manager_pdp=manager_pdp,
        other_pdp=other_pdp,
        ambition=ambition,
        activity=activity,
        priority=priority,
        action=action,
        other_action=other_action,
        objective=objective,
        service=parks,
        other_service=libraries,
    )
