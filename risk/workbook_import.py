"""Importing the Risks sheet of a Service Business Plan's workbook into the service's risk
register (registered with planning.workbook beside the export, see .workbook).

The rules, in council terms:

- A risk is matched by its reference in the service's register; a reference the register
  does not hold adds a risk (for those who may add risks to the register: its service's
  head and managers). Changing a risk is for those who may change it on its own page: its
  owner, the register's keepers, administrators. Others' rows are refused, named.
- Scores are as the register holds them: likelihood and impact on the register's matrix
  (the score, when given, must be likelihood × impact), or on a score-only register a score
  alone from 1 to the matrix's top score. A target left blank, or "TBC", is to be
  confirmed. These are the register import's rules (risk.scores), read by the same code.
- The current score and the last review change only through a quarterly review, recorded
  on the risk's page (the review keeps its quarter, who reviewed and when); the next review
  follows the band's cadence and is never typed. A row that changes them is refused; a new
  risk's current score is its starting point and its next review is worked out.
- Nothing is removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.imports import parse_date
from core.saving import save_with_history
from core.uploads import CheckedRow
from planning.workbook.rows import choice_of, outcome, people_named, person_problem, rows_of
from risk import scores
from risk.models import Category, Risk, RiskRegister, RiskStatus, Treatment

SHEET = "Risks"
KINDS = ("inherent", "current", "target")


@dataclass
class RiskChange:
    sheet: str
    values: dict
    existing: Risk | None
    register_id: int


def risks_check(*, plan, sheet: dict, user) -> list[CheckedRow]:
    """Each row of the Risks sheet: what importing it would do, or its problems."""
    register = (
        RiskRegister.objects.select_related("matrix").filter(service_id=plan.service_id).first()
    )
    held = (
        {r.ref.strip().lower(): r for r in register.risks.select_related("owner", "register")}
        if register
        else {}
    )
    people = people_named(cells.get("owner", "") for _, cells, _ in sheet["rows"])
    may_add = register is not None and user is not None and user.has_perm("risk.add_risk", register)
    seen: set[str] = set()
    rows = []
    for row, cells in rows_of(sheet, SHEET):
        ref = cells.text("reference")
        row.detail = f"{ref} {cells.text('risk')}".strip()
        existing = held.get(ref.lower())
        if register is None:
            cells.problem("reference", "This service has no risk register yet: open it first")
        elif not ref:
            cells.problem("reference", "Enter the risk's reference: risks are matched by it")
        elif ref.lower() in seen:
            cells.problem("reference", f"{ref} is on an earlier row too: each risk has its own")
        seen.add(ref.lower())
        if row.errors:
            rows.append(row)
            continue
        values = _values(cells, register.matrix, people, new=existing is None)
        changes = _changes(cells, existing, values, register.matrix)
        if existing is None and not may_add:
            cells.problem("reference", "Only the register's keepers add risks to it")
        elif existing is not None and changes and not _may_change(user, existing):
            cells.problem(
                "reference", f"You may not change {ref}: its owner or the register's keepers do"
            )
        if not row.errors:
            outcome(row, existing, changes)
            new = {"ref": ref} if existing is None else {}  # a held risk keeps its reference
            row.entry = RiskChange(SHEET, values | new, existing, register.pk)
        rows.append(row)
    return rows


def _may_change(user, risk: Risk) -> bool:
    return user is not None and user.has_perm("risk.change_risk", risk)


def _values(cells, matrix, people, *, new: bool) -> dict:
    """The risk's fields as the row gives them; a column the sheet lacks keeps what a risk
    the register holds has (a new risk needs every one but the scores' own columns)."""
    values = {}
    if new or cells.has("risk"):
        values["title"] = cells.text("risk")
        if not values["title"]:
            cells.problem("risk", "Enter the risk's title")
        elif len(values["title"]) > 300:
            cells.problem("risk", "Shorten it to 300 characters or fewer")
    if new or cells.has("category"):
        values["category"] = choice_of(
            cells, "category", Category.choices, what="category", blank_ok=False
        )
    if new or cells.has("owner"):
        values["owner"] = person_problem(cells, "owner", people, what="owner")
        if values["owner"] is None and not cells.text("owner"):
            cells.problem("owner", "Enter the risk's owner")
    if new or cells.has("existing controls"):
        values["controls"] = (cells.cells.get("existing controls") or "").strip()
    axis = "score" if matrix.score_only else "likelihood"
    for kind in KINDS:
        if new or cells.has(f"{kind} {axis}"):
            values |= _scores(cells, kind, matrix)
    if new or cells.has("target date"):
        values["target_date"] = cells.read("target date", parse_date, what="the target date")
    for heading, choices, default in (
        ("treatment", Treatment.choices, Treatment.TREAT),
        ("status", RiskStatus.choices, RiskStatus.OPEN),
    ):
        if new or cells.has(heading):
            values[heading] = choice_of(cells, heading, choices, what=heading) or default
    return values


def _scores(cells, kind: str, matrix) -> dict:
    """One kind's likelihood and impact, or score alone, as the register holds them: read
    by the register import's own rules (risk.scores), so both imports agree."""
    fields = scores.read(cells, matrix, kind, required=True)
    if fields is None:  # the problems are noted on the row
        return {}
    held = ("score_given",) if matrix.score_only else ("likelihood", "impact")
    values = {f"{kind}_{name}": fields[f"{kind}_{name}"] for name in held}
    if kind == "target":
        values["target_to_be_confirmed"] = fields["target_to_be_confirmed"]
    return values


def _changes(cells, existing, values, matrix) -> list[str]:
    """What the row changes, refusing what only a quarterly review changes."""
    if existing is None:
        if cells.text("last review"):
            cells.problem(
                "last review",
                "A new risk has no review yet: record reviews on the risk's page, by quarter",
            )
        return []
    changes = [name.replace("_", " ") for name, v in values.items() if getattr(existing, name) != v]
    current = [c for c in changes if c.startswith("current ")]
    if current:
        cells.problem(
            "current likelihood" if cells.has("current likelihood") else "current score",
            "The current score changes through a quarterly review: record it on the risk's page",
        )
    for heading, held in (
        ("last review", existing.last_review_date),
        ("next review", existing.next_review_date),
    ):
        if cells.has(heading) and cells.read(heading, parse_date, what=f"the {heading}") != held:
            cells.problem(
                heading,
                "The last review changes by recording a review on the risk's page"
                if heading == "last review"
                else "The next review follows the band's review cadence: it is never typed",
            )
    return [c for c in changes if c not in current]


def risks_save(*, plan, entry: RiskChange, actor, reason: str) -> None:
    """Write one checked row: a new risk, its next review worked out from its band, or the
    changes to one the register holds."""
    if entry.existing is None:
        register = RiskRegister.objects.select_related("matrix").get(pk=entry.register_id)
        risk = Risk(register=register, **entry.values)
        risk.next_review_date = risk.next_review_due(register.matrix.band(risk.current_score))
    else:
        risk = Risk.objects.select_for_update().select_related("register__matrix")
        risk = risk.get(pk=entry.existing.pk)
        for name, value in entry.values.items():
            setattr(risk, name, value)
    save_with_history(risk, actor=actor, reason=reason)
