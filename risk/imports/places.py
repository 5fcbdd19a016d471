"""What the rows of a risk register workbook refer to: registers as the council names them,
people, and the risks, actions and reviews held (read in a fixed number of queries)."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.imports import Book
from planning.models import Directorate, Service
from planning.permissions import IMPORT_RISK_REGISTERS
from planning.workbook.bulk_rows import plain
from planning.workbook.rows import people_named

from .. import rules
from ..models import Level, Risk, RiskAction, RiskMatrix, RiskRegister, RiskReview
from .layout import ACTIONS, REVIEWS, RISKS


@dataclass
class Place:
    """A register as the file names it: the one held, or the one the import opens."""

    level: str
    service: Service | None
    directorate: Directorate | None
    register: RiskRegister | None
    matrix: RiskMatrix

    @property
    def key(self) -> tuple:
        """(level, service, directorate): the directorate only for a directorate's own."""
        directorate = self.directorate.pk if self.level == Level.DIRECTORATE else None
        return (self.level, self.service.pk if self.service else None, directorate)

    def as_register(self) -> RiskRegister:
        return self.register or RiskRegister(
            level=self.level, service=self.service, directorate=self.directorate
        )

    def __str__(self) -> str:
        return str(self.as_register())


def _places() -> dict[str, Place | None]:
    """Every name a register may be written by (lower case); None where a name is shared
    by a service and a directorate, so it must be written more fully."""
    held = {
        (r.level, r.service_id, r.directorate_id if r.level != Level.SERVICE else None): r
        for r in RiskRegister.objects.select_related("service", "directorate", "matrix")
    }
    council = RiskMatrix.objects.filter(name="Council matrix").order_by("-version").first()
    council = council or RiskMatrix(
        name="Council matrix",
        likelihood_levels=rules.DEFAULT_LIKELIHOOD,
        impact_levels=rules.DEFAULT_IMPACT,
        bands=rules.DEFAULT_BANDS,
    )

    def place(level, service=None, directorate=None) -> Place:
        register = held.get((level, service and service.pk, directorate and directorate.pk))
        matrix = register.matrix if register else council
        return Place(
            level, service, directorate or (service and service.directorate), register, matrix
        )

    names: dict[str, Place | None] = {}

    def name(text: str, found: Place) -> None:
        text = plain(text)
        names[text] = None if text in names and names[text].key != found.key else found

    corporate = place(Level.CORPORATE)
    for text in ("corporate", "corporate register", "corporate risk register", "council"):
        name(text, corporate)
    for service in Service.objects.select_related("directorate"):
        found = place(Level.SERVICE, service=service)
        for text in (service.name, service.code, f"{service.name} risk register"):
            name(text, found)
    for directorate in Directorate.objects.all():
        found = place(Level.DIRECTORATE, directorate=directorate)
        for text in (
            directorate.name,
            f"{directorate.name} directorate",
            f"{directorate.name} directorate risk register",
        ):
            name(text, found)
    return names


def place_named(cells, heading: str, places: dict, actor) -> Place | None:
    text = cells.text(heading)
    if not text:
        cells.problem(heading, "Enter the register: a service, “<name> directorate” or Corporate")
        return None
    if plain(text) not in places:
        cells.problem(
            heading,
            f"“{text}” is not a register here: name a service (its name or code), a "
            "directorate (“Place directorate”) or Corporate",
        )
        return None
    found = places[plain(text)]
    if found is None:
        cells.problem(
            heading,
            f"“{text}” names both a service and a directorate: write the service's code, or "
            f"“{text} directorate”",
        )
        return None
    if not actor.has_perm(IMPORT_RISK_REGISTERS, found.as_register()):
        cells.problem(heading, f"You may not import into the {found}: ask whoever keeps it")
        return None
    return found


@dataclass
class Lookups:
    places: dict[str, Place | None]
    people: dict
    risks: dict[tuple, Risk]  # (place key, reference in lower case)
    reviews: dict[tuple, RiskReview]  # (risk pk, start year, quarter)
    actions: dict[int, list[RiskAction]]
    filed: dict[tuple, tuple[Place, object]] = field(default_factory=dict)  # risks in the file

    @property
    def by_key(self) -> dict[tuple, Place]:
        if not hasattr(self, "_by_key"):
            self._by_key = {p.key: p for p in self.places.values() if p is not None}
        return self._by_key

    @classmethod
    def of(cls, book: Book) -> Lookups:
        named = set()
        for sheet, heading in ((RISKS, "owner"), (ACTIONS, "owner"), (REVIEWS, "reviewed by")):
            if sheet in book.sheets:
                named |= {row.get(heading) for row in book.sheets[sheet].rows}
        risks = Risk.objects.select_related("register__service", "register__directorate")
        held = {}
        for risk in risks.select_related("register__matrix", "owner"):
            r = risk.register
            key = (r.level, r.service_id, r.directorate_id if r.level != Level.SERVICE else None)
            held[(key, risk.ref.lower())] = risk
        actions: dict[int, list[RiskAction]] = {}
        for action in RiskAction.objects.all():
            actions.setdefault(action.risk_id, []).append(action)
        return cls(
            places=_places(),
            people=people_named(named),
            risks=held,
            reviews={(v.risk_id, v.start_year, v.quarter): v for v in RiskReview.objects.all()},
            actions=actions,
        )

    def risk_named(self, cells, actor) -> tuple[Place, str, Risk | None, object] | None:
        """The risk a Further actions or Reviews row names: (register, reference, the risk
        held or None, its owner)."""
        ref = cells.text("risk reference")
        if not ref:
            cells.problem("risk reference", "Enter the risk's reference")
            return None
        if cells.text("register"):
            place = place_named(cells, "register", self.places, actor)
            keys = [(place.key, ref.lower())] if place else []
            if place is None:
                return None
        else:
            keys = {k for k in (*self.filed, *self.risks) if k[1] == ref.lower()}
        found = [k for k in keys if k in self.filed or k in self.risks]
        if not found:
            cells.problem(
                "risk reference",
                f"No risk has the reference {ref}: add it to the Risks sheet, or correct it",
            )
            return None
        if len(found) > 1:
            cells.problem(
                "risk reference",
                f"{ref} is in more than one register: add a Register column to say which",
            )
            return None
        key = found[0]
        held = self.risks.get(key)
        if key in self.filed:
            place, owner = self.filed[key]
        else:
            place = self.by_key[key[0]]
            owner = held.owner
        if not actor.has_perm(IMPORT_RISK_REGISTERS, place.as_register()):
            cells.problem("risk reference", f"You may not import into the {place}")
            return None
        return place, held.ref if held else ref, held, owner
