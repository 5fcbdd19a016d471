"""An invented council to try Golden Thread with, or to measure it against.

`demo_council_seed(scale="small")` builds the Borough of Elmbridge Vale: its years, Council
Plan and Delivery Plan, directorates with their plans, services with business plans and
actions, and people with roles and PDPs, all joined up the golden thread. `scale="council"`
builds a whole council's worth.

Running it again adds only what is missing (everything is matched on its natural key:
codes, usernames, one plan a year, item references), so it never duplicates, and the
full council can be seeded on top of the small one. Every row is written with its
history entry.
"""

from dataclasses import dataclass
from importlib import import_module, util

from django.apps import apps
from django.db import transaction

from planning.models import PdpObjective, Person, Service, ServiceAction

from .base import DEMO_PASSWORD, HISTORY_REASON, SCALES, Council
from .catalogue import DIRECTORATES
from .delivery import delivery_seed
from .finance import finance_seed
from .people import people_seed
from .plans import pdps_seed, service_plans_seed
from .resources import resources_seed
from .sections import assurance_seed, commitments_seed, self_assessment_seed
from .structure import (
    corporate_plan_seed,
    delivery_plan_seed,
    directorate_plans_seed,
    key_programmes_seed,
    organisation_seed,
    years_seed,
)

__all__ = [
    "DEMO_PASSWORD",
    "HISTORY_REASON",
    "SCALES",
    "SIGN_INS",
    "DemoSeedResult",
    "demo_app_seeds",
    "demo_council_seed",
]

_DIRECTORATE = DIRECTORATES[0]
_SERVICE = _DIRECTORATE.services[0]

# The demo sign-ins, always the same, all with DEMO_PASSWORD.
SIGN_INS = (
    ("admin", "Administrator: everything, through the admin"),
    ("head", f"Head of service, {_SERVICE.name}"),
    ("manager", f"Service manager, {_SERVICE.name} (reports to head)"),
    ("staff", f"Staff member, {_SERVICE.name} (reports to manager; has a PDP)"),
    ("director", f"Director, {_DIRECTORATE.name} (head's line manager)"),
    ("ad", f"Assistant director, {_DIRECTORATE.areas[0]}"),
    ("lead", f"Performance lead, {_DIRECTORATE.portfolio} portfolio"),
    ("board", "Management Board member"),
    ("committee", "Audit & Governance Committee member"),
)


@dataclass(frozen=True)
class DemoSeedResult:
    """What a seed run added (by kind of record) and how big the council now is."""

    scale: str
    created: dict[str, int]
    totals: dict[str, int]

    @property
    def created_count(self) -> int:
        return sum(self.created.values())


def demo_council_seed(*, scale: str = "small") -> DemoSeedResult:
    """Build the invented council at the given scale ("small" or "council"), adding only
    what is not there yet, all in one transaction."""
    if scale not in SCALES:
        raise ValueError(f"Choose a scale from {', '.join(SCALES)}")
    council = Council(scale=SCALES[scale])
    with transaction.atomic():
        years_seed(council=council)
        corporate_plan_seed(council=council)
        delivery_plan_seed(council=council)
        organisation_seed(council=council)
        directorate_plans_seed(council=council)
        key_programmes_seed(council=council)
        people_seed(council=council)
        service_plans_seed(council=council)
        pdps_seed(council=council)
        delivery_seed(council=council)
        self_assessment_seed(council=council)
        commitments_seed(council=council)
        assurance_seed(council=council)
        resources_seed(council=council)
        finance_seed(council=council)
    return DemoSeedResult(scale=scale, created=dict(council.created), totals=council_size())


def council_size() -> dict[str, int]:
    """How many services, actions, people and PDP objectives the council has."""
    return {
        "services": Service.objects.count(),
        "actions": ServiceAction.objects.count(),
        "people": Person.objects.count(),
        "objectives": PdpObjective.objects.count(),
    }


def demo_app_seeds(*, scale: str = "small") -> dict[str, int]:
    """Run every other app's demo builder (`<app>.demo.demo_seed(scale=...)`, if it has
    one), in INSTALLED_APPS order, after the council itself exists.

    The apps built on planning (indicators, risks, audit, reporting) add their own demo
    data this way; planning never imports them.
    """
    created: dict[str, int] = {}
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        if config.name == "planning" or not util.find_spec(config.name):
            continue
        if util.find_spec(module_name) is None:
            continue
        with transaction.atomic():
            created |= import_module(module_name).demo_seed(scale=scale)
    return created
