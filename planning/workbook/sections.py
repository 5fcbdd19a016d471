"""Importing the Commitments and Assurance sheets of the whole-plan workbook.

The rules, in council terms:

- A commitment is matched by its source and its recommendation (in any case, in order when
  two share both); one the plan does not hold is added. The source must be one the council
  keeps (administrators keep the list); the owner is named as the workbook names people
  ("Alex Jones (ajones)"); status and RAG are written as the plan's pages show them.
- The assurance checklist is matched question by question (the council's questions); the
  answer is Yes, Partly, No or blank, with its evidence. The rows "Business continuity plan
  last tested" and "Scheme of delegation last reviewed" carry their date in the Evidence
  column.
- Nothing is removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.imports import parse_date
from core.saving import save_with_history
from core.uploads import CheckedRow
from planning.models import (
    ASSURANCE_QUESTIONS,
    Assurance,
    AssuranceAnswer,
    Commitment,
    CommitmentSource,
    CommitmentStatus,
)

from .rows import LEFT, choice_of, outcome, person_problem, rows_of, same_text

COMMITMENT_RAG = Commitment._meta.get_field("rag").choices
ASSURANCE_DATES = {
    "business continuity plan last tested": "bcp_last_tested",
    "scheme of delegation last reviewed": "delegation_last_reviewed",
}


@dataclass
class CommitmentChange:
    values: dict
    existing: Commitment | None


@dataclass
class AssuranceChange:
    key: str  # a question's key, or the name of one of the two dates
    answer: str
    evidence: object  # text, or the date for the two dates
    existing: Assurance | None


SECTION_CHANGES = (CommitmentChange, AssuranceChange)


def check_commitments(sheet: dict, lookups, sheets: dict) -> list[CheckedRow]:
    held = list(lookups.plan.commitments.select_related("source", "owner"))
    sources = {s.name.strip().lower(): s for s in CommitmentSource.objects.all()}
    used: set[int] = set()
    rows = []
    for row, cells in rows_of(sheet, "Commitments"):
        source_name, title = cells.text("source"), cells.text("recommendation")
        row.detail = f"{source_name}: {title}"
        source = sources.get(source_name.lower())
        if not source_name:
            cells.problem("source", "Enter where the commitment comes from")
        elif source is None:
            cells.problem(
                "source",
                f"“{source_name}” is not a source the council keeps: use one of "
                + "; ".join(s.name for s in sources.values())
                + " (administrators add sources)",
            )
        if not title:
            cells.problem("recommendation", "Enter the recommendation")
        elif len(title) > 500:
            cells.problem("recommendation", "Shorten it to 500 characters or fewer")
        values = {"source": source, "title": title}
        if cells.has("agreed action"):
            values["agreed_action"] = cells.cells.get("agreed action", "").strip()
        if cells.has("owner"):
            values["owner"] = person_problem(cells, "owner", lookups.people, what="owner")
        if cells.has("due date"):
            values["due_date"] = cells.read("due date", parse_date, what="the due date")
        if cells.has("status"):
            status = choice_of(cells, "status", CommitmentStatus.choices, what="status")
            values["status"] = status or CommitmentStatus.NOT_STARTED
        if cells.has("rag"):
            values["rag"] = choice_of(cells, "rag", COMMITMENT_RAG, what="RAG status")
        if row.errors:
            rows.append(row)
            continue
        existing = next(
            (
                c
                for c in held
                if c.pk not in used
                and c.source_id == source.pk
                and c.title.strip().lower() == title.lower()
            ),
            None,
        )
        changes = []
        if existing is not None:
            used.add(existing.pk)
            changes = [
                name.replace("_", " ")
                for name, value in values.items()
                if not _same(getattr(existing, name), value)
            ]
        outcome(row, existing, changes)
        row.entry = CommitmentChange(values, existing)
        rows.append(row)
    return rows


def _same(held, given) -> bool:
    if isinstance(held, str) and isinstance(given, str):
        return same_text(held, given)
    return held == given


def check_assurance(sheet: dict, lookups, sheets: dict) -> list[CheckedRow]:
    assurance = Assurance.objects.filter(plan=lookups.plan).first()
    questions = {question.strip().lower(): key for key, question in ASSURANCE_QUESTIONS}
    seen: set[str] = set()
    rows = []
    for row, cells in rows_of(sheet, "Assurance"):
        question = cells.text("question")
        row.detail = question
        key = questions.get(question.lower()) or ASSURANCE_DATES.get(question.lower())
        if key is None:
            cells.problem(
                "question",
                f"“{question}” is not one of the council's assurance questions: keep the "
                "questions as the workbook gives them",
            )
        elif key in seen:
            cells.problem("question", "This question is on an earlier row too: keep one row")
        if key in ASSURANCE_DATES.values():
            answer = ""
            given = cells.read("evidence", parse_date, what=f"the date {question.lower()}")
            held = getattr(assurance, key) if assurance else None
        else:
            answer = choice_of(cells, "answer", AssuranceAnswer.choices, what="answer")
            given = cells.cells.get("evidence", "").strip()
            value = (assurance.answers.get(key) or {}) if assurance and key else {}
            held = value.get("evidence", "")
        if row.errors:
            rows.append(row)
            continue
        seen.add(key)
        changes = []
        if key in ASSURANCE_DATES.values():
            changes = ["date"] if held != given else []
        else:
            changes = [
                word
                for word, same in (
                    ("answer", value.get("answer", "") == answer),
                    ("evidence", same_text(held, given)),
                )
                if not same
            ]
        if assurance is None and not (answer or given):
            row.outcome = LEFT
        else:
            outcome(row, assurance, changes)
            row.entry = AssuranceChange(key, answer, given, assurance)
        rows.append(row)
    return rows


CHECKS = {"Commitments": check_commitments, "Assurance": check_assurance}


def save_section(plan, entry, *, actor, reason: str) -> None:
    if isinstance(entry, CommitmentChange):
        record = entry.existing or Commitment(plan=plan)
        for name, value in entry.values.items():
            setattr(record, name, value)
        save_with_history(record, actor=actor, reason=reason)
        return
    record = Assurance.objects.select_for_update().filter(plan=plan).first()
    record = record or Assurance(plan=plan)
    if entry.key in ASSURANCE_DATES.values():
        setattr(record, entry.key, entry.evidence)
    else:
        answers = dict(record.answers or {})
        answers[entry.key] = {"answer": entry.answer, "evidence": entry.evidence}
        record.answers = answers
    save_with_history(record, actor=actor, reason=reason)
