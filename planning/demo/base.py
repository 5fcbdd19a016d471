"""What every step of the demo seed shares: the fixed randomness, the two sizes of
council, the record of what has been built so far, and the one way rows are written."""

import random
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth.hashers import make_password
from django.db.models import Model
from simple_history.utils import bulk_create_with_history

from planning.models import FinancialYear, PlanStatus, Service

from .catalogue import DIRECTORATES, SMALL_SERVICES, DirectorateEntry, ServiceEntry

SEED = "elmbridge-vale"
HISTORY_REASON = "Demo council seed"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - the published password of the demo sign-ins
EMAIL_DOMAIN = "elmbridgevale.example"
YEARS = (2024, 2025, 2026, 2027)
PLAN_YEAR = 2026
BATCH_SIZE = 500
# The most actions any service has at council scale. Every service draws this many, so
# the small council's actions are the first few of the full council's, drawn alike.
MAX_ACTIONS = 22


def rng_for(*parts: object) -> random.Random:
    """A random stream fixed by its name: each part of the council comes out the same on
    every run, whatever else is seeded around it."""
    return random.Random(":".join([SEED, *map(str, parts)]))


@dataclass(frozen=True)
class Scale:
    """How big a council to build: the small one to click around, or a whole council's
    worth (60+ services, 1,200+ actions, 1,500+ people) to measure pages against."""

    name: str

    @property
    def is_small(self) -> bool:
        return self.name == "small"

    def services(self) -> list[tuple[DirectorateEntry, int, ServiceEntry]]:
        """The services in this council with their directorate and place in it."""
        chosen = []
        for directorate in DIRECTORATES:
            count = SMALL_SERVICES[directorate.code] if self.is_small else None
            for index, service in enumerate(directorate.services[:count]):
                chosen.append((directorate, index, service))
        return chosen


SCALES = {name: Scale(name) for name in ("small", "council")}


@dataclass(frozen=True)
class ServiceShape:
    """The size and state of one service: fixed per service, so the small council's
    version of a service is the start of the full council's."""

    managers: int
    teams: int
    staff: int
    actions: int
    plan_status: str


SERVICE_PLAN_STATUSES = (
    (PlanStatus.PUBLISHED, 40),
    (PlanStatus.SIGNED_OFF, 20),
    (PlanStatus.SUBMITTED, 15),
    (PlanStatus.RETURNED, 10),
    (PlanStatus.DRAFT, 15),
)


def service_shape(*, service: ServiceEntry, scale: Scale, first: bool) -> ServiceShape:
    """1–2 managers, 2–3 teams; 3–5 staff and 6–10 actions in the small council, 20–24
    staff and 19–22 actions in the full one. The demo head's plan is always published."""
    rng = rng_for("shape", service.code)
    managers, teams = rng.randint(1, 2), rng.randint(2, 3)
    small_staff, council_staff = rng.randint(3, 5), rng.randint(20, 24)
    small_actions, council_actions = rng.randint(6, 10), rng.randint(19, MAX_ACTIONS)
    statuses, weights = zip(*SERVICE_PLAN_STATUSES, strict=True)
    status = rng.choices(statuses, weights)[0]
    return ServiceShape(
        managers=managers,
        teams=teams,
        staff=small_staff if scale.is_small else council_staff,
        actions=small_actions if scale.is_small else council_actions,
        plan_status=PlanStatus.PUBLISHED if first else status,
    )


def team_names(*, service: ServiceEntry) -> list[str]:
    """Two or three teams a service, named after the main things it delivers."""
    count = service_shape(service=service, scale=SCALES["small"], first=False).teams
    return [heading(subject) for subject in service.subjects[:count]]


def heading(words: str) -> str:
    """Capitalise each word, leaving abbreviations such as EHC or CCTV as they are."""
    return " ".join(word[0].upper() + word[1:] for word in words.split())


@dataclass
class Council:
    """What the seed has found or built so far, by natural key, so later steps can point
    at earlier ones without asking the database again."""

    scale: Scale
    year: FinancialYear | None = None
    corporate_plan_id: int | None = None
    delivery_plan_id: int | None = None
    ambitions: dict[str, int] = field(default_factory=dict)
    activities: dict[str, int] = field(default_factory=dict)
    directorates: dict[str, int] = field(default_factory=dict)
    areas: dict[tuple[str, str], int] = field(default_factory=dict)
    portfolios: dict[str, int] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    teams: dict[tuple[str, str], int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    directorate_plans: dict[str, int] = field(default_factory=dict)
    priorities: dict[str, int] = field(default_factory=dict)
    service_plans: dict[str, int] = field(default_factory=dict)
    created: Counter = field(default_factory=Counter)

    @cached_property
    def password_hash(self) -> str:
        """The demo password, hashed once for every person (hashing is slow on purpose)."""
        return make_password(DEMO_PASSWORD)


def bulk_add(*, council: Council, model: type[Model], rows: list[Model]) -> list[Model]:
    """Write new rows in batches, each with its 'created' history entry, and count them."""
    if not rows:
        return []
    saved = bulk_create_with_history(
        rows, model, batch_size=BATCH_SIZE, default_change_reason=HISTORY_REASON
    )
    council.created[model._meta.verbose_name_plural] += len(saved)
    return saved
