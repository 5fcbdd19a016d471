"""The council's people and the roles they hold.

In each service a head of service line-manages one or two service managers, who manage
the staff in their teams; each director line-manages their heads of service. Around them:
assistant directors, performance leads, Management Board and Audit & Governance Committee
members, and an administrator. Some of them are the named demo sign-ins.
"""

from dataclasses import dataclass

from planning.models import Person, Role, RoleAssignment

from .base import (
    EMAIL_DOMAIN,
    Council,
    ServiceShape,
    bulk_add,
    rng_for,
    service_shape,
    team_names,
)
from .catalogue import DIRECTORATES, PORTFOLIOS, DirectorateEntry, ServiceEntry
from .words import FIRST_NAMES, LAST_NAMES, STAFF_TITLES

FIRST_DIRECTORATE = DIRECTORATES[0]
FIRST_SERVICE = FIRST_DIRECTORATE.services[0]

# Seats in the council (slots) that the named demo sign-ins fill.
NAMED_SLOTS = {
    "admin": "admin",
    "board.1": "board",
    "committee.1": "committee",
    f"lead.{FIRST_DIRECTORATE.portfolio}": "lead",
    f"director.{FIRST_DIRECTORATE.code}": "director",
    f"ad.{FIRST_DIRECTORATE.code}.1": "ad",
    f"{FIRST_SERVICE.code}.hos": "head",
    f"{FIRST_SERVICE.code}.m1": "manager",
    f"{FIRST_SERVICE.code}.s01": "staff",
}

BOARD = (
    "Chief Executive",
    "Director of Finance (Section 151 Officer)",
    "Head of Legal Services and Monitoring Officer",
)
COMMITTEE = (
    "Councillor, Chair of the Audit & Governance Committee",
    "Councillor, Audit & Governance Committee",
    "Independent Member, Audit & Governance Committee",
)


@dataclass(frozen=True)
class PersonSpec:
    """A person to be: their seat, job, where they work and who manages them."""

    slot: str
    job_title: str
    service: str | None = None
    team: str | None = None
    manager: str | None = None
    admin: bool = False

    @property
    def username(self) -> str:
        return username_for(self.slot)


@dataclass(frozen=True)
class RoleSpec:
    slot: str
    role: str
    unit: str | None = None  # "service", "directorate", "area" or "portfolio"
    unit_id: int | None = None


def username_for(slot: str) -> str:
    return NAMED_SLOTS.get(slot, slot)


def staff_slot(*, service: ServiceEntry, number: int) -> str:
    return f"{service.code}.s{number:02d}"


def manager_slot(*, service: ServiceEntry, number: int) -> str:
    return f"{service.code}.m{number}"


def head_slot(*, service: ServiceEntry) -> str:
    return f"{service.code}.hos"


def leader_specs(*, council: Council) -> tuple[list[PersonSpec], list[RoleSpec]]:
    """The administrator, Board and Committee members, a performance lead for each
    portfolio, a director for each directorate and an assistant director for each area."""
    people = [PersonSpec("admin", "Systems Administrator", admin=True)]
    roles = []
    for number, title in enumerate(BOARD, start=1):
        people.append(PersonSpec(f"board.{number}", title))
        roles.append(RoleSpec(f"board.{number}", Role.BOARD_MEMBER))
    for number, title in enumerate(COMMITTEE, start=1):
        people.append(PersonSpec(f"committee.{number}", title))
        roles.append(RoleSpec(f"committee.{number}", Role.COMMITTEE_MEMBER))
    for name in PORTFOLIOS:
        slot = f"lead.{name}"
        people.append(PersonSpec(slot, f"Performance and Improvement Lead, {name}"))
        roles.append(RoleSpec(slot, Role.PERFORMANCE_LEAD, "portfolio", council.portfolios[name]))
    for directorate in DIRECTORATES:
        _directorate_leaders(council=council, directorate=directorate, people=people, roles=roles)
    return people, roles


def _directorate_leaders(
    *, council: Council, directorate: DirectorateEntry, people: list, roles: list
) -> None:
    director = f"director.{directorate.code}"
    people.append(PersonSpec(director, f"Director of {directorate.name}"))
    roles.append(
        RoleSpec(director, Role.DIRECTOR, "directorate", council.directorates[directorate.code])
    )
    for number, area in enumerate(directorate.areas, start=1):
        slot = f"ad.{directorate.code}.{number}"
        people.append(PersonSpec(slot, f"Assistant Director, {area}", manager=director))
        area_id = council.areas[(directorate.code, area)]
        roles.append(RoleSpec(slot, Role.ASSISTANT_DIRECTOR, "area", area_id))


def service_people_specs(
    *, council: Council, directorate: DirectorateEntry, service: ServiceEntry
) -> tuple[list[PersonSpec], list[RoleSpec]]:
    """A service's head, its managers (one per team, at most two) and its staff, each
    member of staff reporting to the manager of their team."""
    shape = service_shape(service=service, scale=council.scale, first=False)
    teams = team_names(service=service)
    service_id = council.services[service.code].pk
    head = head_slot(service=service)
    people = [
        PersonSpec(
            head,
            f"Head of {service.name}",
            service=service.code,
            manager=f"director.{directorate.code}",
        )
    ]
    roles = [RoleSpec(head, Role.HEAD_OF_SERVICE, "service", service_id)]
    for number in range(1, shape.managers + 1):
        slot = manager_slot(service=service, number=number)
        team = teams[number - 1]
        people.append(
            PersonSpec(slot, f"{team} Team Manager", service=service.code, team=team, manager=head)
        )
        roles.append(RoleSpec(slot, Role.SERVICE_MANAGER, "service", service_id))
    people += _staff_specs(service=service, shape=shape, teams=teams)
    return people, roles


def _staff_specs(*, service: ServiceEntry, shape: ServiceShape, teams: list[str]) -> list:
    rng = rng_for("staff", service.code)
    specs = []
    for number in range(1, shape.staff + 1):
        team_index = (number - 1) % len(teams)
        manager = manager_slot(service=service, number=team_index % shape.managers + 1)
        title = f"{rng.choice(STAFF_TITLES)}, {teams[team_index]}"
        slot = staff_slot(service=service, number=number)
        specs.append(
            PersonSpec(slot, title, service=service.code, team=teams[team_index], manager=manager)
        )
    return specs


def people_add(*, council: Council, specs: list[PersonSpec]) -> None:
    """Create the people not yet there, managers before the people they manage, so each
    wave can point at the one before."""
    council.people = dict(Person.objects.values_list("username", "pk"))
    pending = [spec for spec in specs if spec.username not in council.people]
    while pending:
        ready = [
            spec
            for spec in pending
            if spec.manager is None or username_for(spec.manager) in council.people
        ]
        if not ready:
            raise ValueError(f"No line manager for {', '.join(s.username for s in pending)}")
        rows = [_person_row(council=council, spec=spec) for spec in ready]
        saved = bulk_add(council=council, model=Person, rows=rows)
        council.people |= {person.username: person.pk for person in saved}
        pending = [spec for spec in pending if spec.username not in council.people]


def _person_row(*, council: Council, spec: PersonSpec) -> Person:
    rng = rng_for("person", spec.slot)
    service = council.services[spec.service] if spec.service else None
    return Person(
        username=spec.username,
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        email=f"{spec.username}@{EMAIL_DOMAIN}",
        password=council.password_hash,
        job_title=spec.job_title,
        is_staff=spec.admin,
        is_superuser=spec.admin,
        service_id=service.pk if service else None,
        team_id=council.teams[(spec.service, spec.team)] if spec.team else None,
        line_manager_id=council.people[username_for(spec.manager)] if spec.manager else None,
    )


def roles_add(*, council: Council, specs: list[RoleSpec]) -> None:
    """Give each person the roles they should hold and do not yet."""
    existing = set(
        RoleAssignment.objects.values_list(
            "person_id", "role", "service_id", "directorate_id", "area_id", "portfolio_id"
        )
    )
    rows = []
    for spec in specs:
        units = {f"{name}_id": None for name in ("service", "directorate", "area", "portfolio")}
        if spec.unit:
            units[f"{spec.unit}_id"] = spec.unit_id
        person_id = council.people[username_for(spec.slot)]
        if (person_id, spec.role, *units.values()) not in existing:
            rows.append(RoleAssignment(person_id=person_id, role=spec.role, **units))
    bulk_add(council=council, model=RoleAssignment, rows=rows)


def people_seed(*, council: Council) -> None:
    """Everyone in the council of this size, and their roles."""
    people, roles = leader_specs(council=council)
    for directorate, _, service in council.scale.services():
        more_people, more_roles = service_people_specs(
            council=council, directorate=directorate, service=service
        )
        people += more_people
        roles += more_roles
    people_add(council=council, specs=people)
    roles_add(council=council, specs=roles)
