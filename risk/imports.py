"""Bringing a council's risk registers in from its own workbook (a core.bulk kind).

The rules, in council terms:

- Sheet Risks holds one row a risk: the register it is in, its reference, title, owner,
  category, cause, consequence, existing controls, the inherent, current and target scores,
  target date, treatment and status. The register is named as the council writes it: a
  service (its name or code, or "Parks risk register"), a directorate ("Place directorate")
  or "Corporate". A service's register not opened yet is opened by the import with the
  council's matrix; a name that matches nothing, or both a service and a directorate, is a
  problem.
- Risks are matched by register and reference, never guessed. A column the sheet does not
  have leaves that part of each risk as it is; importing never removes anything.
- Scores are given as the register's matrix keeps them: likelihood and impact (a score
  beside them must be their product), or on a score-only register the score alone. A
  target left empty, or written "TBC" or "To be confirmed", is to be confirmed.
- Sheet Further actions: the risk's reference, the action, its owner, due date and status;
  an action is matched by its risk and its words.
- Sheet Reviews: the risk's reference, the quarter ("Q2 2025/26"), the date of the review,
  who reviewed it (the risk's owner if not given), the scores and a note. A review may be
  for an earlier quarter (backdated) as the review rules allow: never for a quarter not yet
  started, never dated in the future or before its quarter, and a past quarter's review
  stands (importing the same one again leaves it). The risk's current score follows its
  latest quarter reviewed. Who imported a review and when is kept apart from its own date.
- A risk reference on Further actions or Reviews names the risk in the Risks sheet or
  already held; one held in two registers needs a Register column to say which.
- People are named by user name or email ("Alex Jones (ajones)" as exported).
- Who may import into which register: planning.permissions.bulk_registers.
- Importing is all or nothing, only as checked, and every record keeps "Imported from
  <file> by <person>" in its history.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from core import bulk, periods
from core.history import EditConflict, check_version, locked
from core.imports import Book, parse_date
from core.saving import save_with_history
from core.uploads import CheckedFile, CheckedRow
from planning.bulk_rows import (
    choice,
    find_person,
    imported_reason,
    parse_quarter,
    people_named,
    plain,
    sheet_data,
)
from planning.models import Directorate, Service
from planning.permissions import IMPORT_RISK_REGISTERS
from planning.workbook.rows import outcome, rows_of, same_text

from . import rules, scores
from .models import (
    ActionStatus,
    Category,
    Level,
    Risk,
    RiskAction,
    RiskMatrix,
    RiskRegister,
    RiskReview,
    RiskStatus,
    Treatment,
)

RISKS, ACTIONS, REVIEWS = "Risks", "Further actions", "Reviews"
TEMPLATES = {
    RISKS: ("register", "reference", "risk", "owner"),
    ACTIONS: ("risk reference", "action", "owner"),
    REVIEWS: ("risk reference", "review date"),
}
SCORE_HEADINGS = tuple(
    f"{kind} {part}"
    for kind in ("inherent", "current", "target")
    for part in ("likelihood", "impact", "score")
)
OPTIONAL = {
    RISKS: (
        "category",
        "cause",
        "consequence",
        *SCORE_HEADINGS[:3],
        "existing controls",
        *SCORE_HEADINGS[3:],
        "target date",
        "treatment",
        "status",
    ),
    ACTIONS: ("register", "due date", "status"),
    REVIEWS: ("register", "quarter", "reviewed by", "likelihood", "impact", "score", "note"),
}
RISK_TEXT = {"risk": "title", "cause": "cause", "consequence": "consequence"}
RISK_TEXT |= {"existing controls": "controls"}
FIELD_WORDS = {
    "title": "risk",
    "controls": "existing controls",
    "owner_id": "owner",
    "target_to_be_confirmed": "target score",
    "description": "action",
    "due_date": "due date",
    "reviewed_on": "review date",
    "reviewed_by_id": "reviewed by",
    "commentary": "note",
    "score_given": "score",
}


# --- what the rows refer to -----------------------------------------------------------------


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
        for text in (f"{directorate.name} directorate", f"{directorate} directorate risk register"):
            name(text, found)
        if plain(directorate.name) not in names:
            name(directorate.name, found)
    return names


def _place(cells, heading: str, places: dict, actor) -> Place | None:
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
            place = _place(cells, "register", self.places, actor)
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


# --- the check ------------------------------------------------------------------------------


@dataclass
class RiskChange:
    place: tuple
    ref: str
    values: dict
    existing: int | None
    version: str


@dataclass
class ActionChange:
    place: tuple
    ref: str
    values: dict
    existing: int | None
    version: str


@dataclass
class ReviewChange:
    place: tuple
    ref: str
    quarter: tuple[int, int]
    values: dict
    existing: int | None
    version: str


def registers_check(*, book: Book, actor, options: dict) -> CheckedFile:
    """What importing the workbook would do, row by row and sheet by sheet (writes
    nothing)."""
    lookups = Lookups.of(book)
    result = CheckedFile(rows=[])
    for name, check in (
        (RISKS, _check_risks),
        (ACTIONS, _check_actions),
        (REVIEWS, _check_reviews),
    ):
        sheet = sheet_data(book, name)
        if sheet is not None:
            result.rows += check(sheet, lookups, actor)
    return result


def _check_risks(sheet: dict, lookups: Lookups, actor) -> list[CheckedRow]:
    keys = Counter()
    checked = []
    for row, cells in rows_of(sheet, RISKS):
        ref = cells.text("reference")
        row.detail = f"{ref} {cells.text('risk')}".strip()
        place = _place(cells, "register", lookups.places, actor)
        if not ref:
            cells.problem("reference", "Enter the risk's reference: risks are matched by it")
        existing = lookups.risks.get((place.key, ref.lower())) if place and ref else None
        if place and ref:
            keys[(place.key, ref.lower())] += 1
            if keys[(place.key, ref.lower())] > 1:
                cells.problem("reference", f"{ref} is on an earlier row for the same register")
        values = _risk_values(cells, lookups, existing, place)
        if place and ref:
            lookups.filed.setdefault((place.key, ref.lower()), (place, values.get("owner")))
        if row.errors:
            checked.append(row)
            continue
        owner = values.pop("owner", None)
        if owner is not None:
            values["owner_id"] = owner.pk
        changes = _changes(existing, values)
        outcome(row, existing, changes)
        if place.register is None:
            row.outcome += f" (opens the {place})"
        row.entry = RiskChange(place.key, ref, values, existing and existing.pk, row.version)
        checked.append(row)
    return checked


def _risk_values(cells, lookups: Lookups, existing: Risk | None, place: Place | None) -> dict:
    values: dict = {}
    for heading, name in RISK_TEXT.items():
        if cells.has(heading):
            values[name] = cells.text(heading)
    if not cells.text("risk"):
        cells.problem("risk", "Enter the risk")
    values["owner"] = find_person(cells, "owner", lookups.people, what="the risk's owner")
    for heading, name, choices, what in (
        ("category", "category", Category.choices, "category"),
        ("treatment", "treatment", Treatment.choices, "treatment"),
        ("status", "status", RiskStatus.choices, "status"),
    ):
        if cells.has(heading):
            value = choice(cells, heading, choices, what=what)
            if value is not None:
                values[name] = value
    if existing is None and not cells.text("category"):
        cells.problem("category", "Choose the risk's category")
    if cells.has("target date"):
        values["target_date"] = cells.read("target date", parse_date, what="the target date")
    if place is not None:
        for kind in ("inherent", "current", "target"):
            given = scores.read(cells, place.matrix, kind, required=existing is None)
            if given is not None:
                values |= given
    if existing is None and "target_to_be_confirmed" not in values:
        values["target_to_be_confirmed"] = True  # no target given for a new risk
    return values


def _changes(existing, values: dict) -> list[str]:
    if existing is None:
        return []
    changed = []
    for name, value in values.items():
        held = getattr(existing, name)
        same = same_text(held, value) if isinstance(value, str) else held == value
        if not same:
            words = FIELD_WORDS.get(name, name.replace("_score_given", " score").replace("_", " "))
            if words not in changed:
                changed.append(words)
    return changed


def _check_actions(sheet: dict, lookups: Lookups, actor) -> list[CheckedRow]:
    seen = Counter()
    checked = []
    for row, cells in rows_of(sheet, ACTIONS):
        row.detail = f"{cells.text('risk reference')}: {cells.text('action')}"
        named = lookups.risk_named(cells, actor)
        words = cells.text("action")
        if not words:
            cells.problem("action", "Enter the action")
        owner = find_person(cells, "owner", lookups.people, what="the action's owner")
        values = {"description": words, "owner_id": owner and owner.pk}
        if cells.has("due date"):
            values["due_date"] = cells.read(
                "due date", parse_date, what="the due date", month_end=True
            )
        if cells.has("status"):
            values["status"] = choice(cells, "status", ActionStatus.choices, what="status")
            values["status"] = values["status"] or ActionStatus.NOT_STARTED
        if named and words:
            seen[(named[0].key, named[1].lower(), plain(words))] += 1
            if seen[(named[0].key, named[1].lower(), plain(words))] > 1:
                cells.problem("action", "This action is on an earlier row for the same risk")
        if row.errors:
            checked.append(row)
            continue
        place, ref, risk, _ = named
        existing = None
        if risk is not None:
            existing = next(
                (
                    a
                    for a in lookups.actions.get(risk.pk, [])
                    if plain(a.description) == plain(words)
                ),
                None,
            )
        outcome(row, existing, _changes(existing, values))
        row.entry = ActionChange(place.key, ref, values, existing and existing.pk, row.version)
        checked.append(row)
    return checked


def _check_reviews(sheet: dict, lookups: Lookups, actor) -> list[CheckedRow]:
    today = timezone.localdate()
    this_quarter = periods.year_and_quarter(today)
    seen = Counter()
    checked = []
    for row, cells in rows_of(sheet, REVIEWS):
        row.detail = f"{cells.text('risk reference')} {cells.text('quarter')}".strip()
        named = lookups.risk_named(cells, actor)
        reviewed_on = cells.read("review date", parse_date, what="the date of the review")
        if not cells.text("review date"):
            cells.problem("review date", "Enter the date of the review")
        quarter = cells.read("quarter", parse_quarter) if cells.has("quarter") else None
        if quarter is None and reviewed_on and not cells.text("quarter"):
            quarter = periods.year_and_quarter(reviewed_on)
        by = None
        if cells.text("reviewed by"):
            by = find_person(cells, "reviewed by", lookups.people, what="who reviewed it")
        given = scores.read_review(cells, named[0].matrix) if named else None
        if row.errors:
            checked.append(row)
            continue
        place, ref, risk, owner = named
        reviewer = by or owner
        if reviewer is None:
            cells.problem("reviewed by", "Enter who reviewed the risk")
            checked.append(row)
            continue
        values = given | {
            "reviewed_on": reviewed_on,
            "reviewed_by_id": reviewer.pk,
            "commentary": cells.text("note"),
        }
        existing = lookups.reviews.get((risk.pk, *quarter)) if risk else None
        changes = _changes(existing, values)
        problem = rules.review_quarter_problem(
            quarter=quarter,
            this_quarter=this_quarter,
            reviewed_on=reviewed_on,
            today=today,
            already_reviewed=existing is not None and bool(changes),
        )
        seen[(place.key, ref.lower(), quarter)] += 1
        if seen[(place.key, ref.lower(), quarter)] > 1:
            problem = ("quarter", f"{ref} has an earlier row for {periods.quarter_label(*quarter)}")
        if problem:
            heading = "quarter" if problem[0] == "quarter" else "review date"
            cells.problem(heading if cells.has(heading) else "review date", problem[1])
            checked.append(row)
            continue
        outcome(row, existing, changes)
        if row.changed and quarter < this_quarter:
            row.outcome += " (backdated)"
        row.entry = ReviewChange(
            place.key, ref, quarter, values, existing and existing.pk, row.version
        )
        checked.append(row)
    return checked


# --- saving -----------------------------------------------------------------------------------


@transaction.atomic
def registers_save(*, entries: list, actor, source: str) -> int:
    """Write what the checked workbook adds and changes, all or nothing, each record with
    "Imported from <file> by <person>" in its history. A record someone saved since the
    check is refused (EditConflict), and nothing is written. Returns how many records."""
    from .services import register_for

    reason = imported_reason(source, actor)
    registers: dict[tuple, RiskRegister] = {}
    risks: dict[tuple, Risk] = {}

    def register_of(key: tuple) -> RiskRegister:
        if key not in registers:
            level, service_id, directorate_id = key
            registers[key] = register_for(
                level=level,
                service=Service.objects.get(pk=service_id) if service_id else None,
                directorate=Directorate.objects.get(pk=directorate_id) if directorate_id else None,
            )
        return registers[key]

    def risk_of(key: tuple, ref: str) -> Risk:
        if (key, ref.lower()) not in risks:
            risks[(key, ref.lower())] = locked(
                Risk.objects.select_related("register__matrix").get(
                    register=register_of(key), ref__iexact=ref
                )
            )
        return risks[(key, ref.lower())]

    for entry in entries:
        if isinstance(entry, RiskChange):
            risks[(entry.place, entry.ref.lower())] = _save_risk(entry, register_of, actor, reason)
        elif isinstance(entry, ActionChange):
            _save_action(entry, risk_of(entry.place, entry.ref), actor, reason)
    reviews = sorted((e for e in entries if isinstance(e, ReviewChange)), key=lambda e: e.quarter)
    for entry in reviews:
        _save_review(entry, risk_of(entry.place, entry.ref), actor, reason, source)
    return len(entries)


def _held(model, pk: int, version: str):
    """The record as the check saw it, held until the import ends; refused (EditConflict)
    if someone saved or removed it since."""
    record = model._default_manager.filter(pk=pk).first()
    if record is None:
        raise EditConflict(who=None, when=None, changes=[], removed=True)
    record = locked(record)
    check_version(record, version)
    return record


def _save_risk(entry: RiskChange, register_of, actor, reason: str) -> Risk:
    register = register_of(entry.place)
    if entry.existing:
        risk = _held(Risk, entry.existing, entry.version)
    else:
        locked(register)
        risk = Risk(register=register, ref=entry.ref)
    risk.register = register
    for name, value in entry.values.items():
        setattr(risk, name, value)
    risk.next_review_date = risk.next_review_due(register.matrix.band(risk.current_score))
    save_with_history(risk, actor=actor, reason=reason)
    return risk


def _save_action(entry: ActionChange, risk: Risk, actor, reason: str) -> None:
    action = _held(RiskAction, entry.existing, entry.version) if entry.existing else None
    action = action or RiskAction(risk=risk)
    for name, value in entry.values.items():
        setattr(action, name, value)
    save_with_history(action, actor=actor, reason=reason)


def _save_review(entry: ReviewChange, risk: Risk, actor, reason: str, source: str) -> None:
    """A review as the source gives it, entered now by the person importing; the risk's
    current score follows it when no later quarter has been reviewed."""
    review = _held(RiskReview, entry.existing, entry.version) if entry.existing else None
    start_year, number = entry.quarter
    review = review or RiskReview(risk=risk, start_year=start_year, quarter=number)
    for name, value in entry.values.items():
        setattr(review, name, value)
    review.entered_by, review.entered_at, review.imported_from = actor, timezone.now(), source
    later = RiskReview.objects.filter(risk=risk, start_year__gt=start_year).exists() or (
        RiskReview.objects.filter(risk=risk, start_year=start_year, quarter__gt=number).exists()
    )
    save_with_history(review, actor=actor, reason=reason)
    if later:
        return
    for part in ("likelihood", "impact", "score_given"):
        setattr(risk, f"current_{part}", getattr(review, part))
    reviewed_on: dt.date = review.reviewed_on
    risk.last_review_date = max(reviewed_on, risk.last_review_date or reviewed_on)
    risk.next_review_date = risk.next_review_due(risk.register.matrix.band(risk.current_score))
    save_with_history(risk, actor=actor, reason=f"{reason}: reviewed for {review.quarter_label}")


KIND = bulk.BulkKind(
    slug="risk-registers",
    title="Risk registers",
    summary=(
        "Risks of the corporate, directorate and service registers with their scores, "
        "controls, further actions and quarterly reviews (earlier quarters too)"
    ),
    permission=IMPORT_RISK_REGISTERS,
    templates=TEMPLATES,
    optional=OPTIONAL,
    check=registers_check,
    save=registers_save,
    examples={
        RISKS: [
            [
                "Parks",
                "PK-01",
                "Tree disease spreads",
                "Alex Jones (ajones)",
                "Service delivery",
                "Ash dieback",
                "Closed paths",
                "3",
                "4",
                "12",
                "Surveys",
                "2",
                "4",
                "8",
                "",
                "",
                "TBC",
                "31/03/2027",
                "Treat",
                "Open",
            ],
        ],
        ACTIONS: [["PK-01", "Fell infected trees", "ajones", "Parks", "31/12/2026", "In progress"]],
        REVIEWS: [
            ["PK-01", "30/09/2025", "Parks", "Q2 2025/26", "ajones", "2", "4", "8", "Surveys done"]
        ],
    },
)


def register() -> None:
    bulk.register(KIND)
