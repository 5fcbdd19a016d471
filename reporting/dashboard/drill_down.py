"""The list behind an action count on the dashboard: the month's actions kept by the
filters of the count's link, and words for what was chosen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from core.links import url_pattern
from core.query import QueryReader
from planning.selectors.delivery import ActionPosition

from .inputs import ACTION_RAGS, Inputs


@dataclass
class ActionFilters:
    """The drill-down's filters, read from the query string; anything unknown is not applied."""

    ambition: str = ""  # an ambition's id, or "none"
    directorate: int | None = None
    rag: str = ""
    overdue: bool = False
    owed: bool = False
    lead: str = ""  # a person's id, or "none"

    refused: tuple[str, ...] = field(default=(), compare=False)  # filters not applied

    @classmethod
    def from_query(cls, query) -> ActionFilters:
        read = QueryReader(query)
        filters = cls(
            ambition=read.number_or("ambition", "none"),
            directorate=read.number("directorate"),
            rag=read.choice("rag", dict(ACTION_RAGS)),
            overdue=read.flag("overdue"),
            owed=read.flag("owed"),
            lead=read.number_or("lead", "none"),
        )
        filters.refused = tuple(read.refused)
        return filters

    def keep(self, p: ActionPosition, known_ambitions: set[int]) -> bool:
        if self.ambition == "none" and p.ambition_id in known_ambitions:
            return False
        if self.ambition.isdigit() and p.ambition_id != int(self.ambition):
            return False
        if self.lead == "none" and p.lead_id is not None:
            return False
        if self.lead.isdigit() and p.lead_id != int(self.lead):
            return False
        return (
            (self.directorate is None or p.directorate_id == self.directorate)
            and (not self.rag or p.rag_key == self.rag)
            and (not self.overdue or p.overdue)
            and (not self.owed or bool(p.owes_update))
        )


def action_drill_down(*, month: dt.date, user, filters: ActionFilters) -> dict:
    """The actions behind one of the dashboard's counts, and words for what was chosen."""
    inputs = Inputs(month=month, user=user)
    known = {a.pk for a in inputs.ambitions}
    rows = [p for p in inputs.actions if filters.keep(p, known)]
    said = []
    if filters.rag:
        said.append(f"RAG {dict(ACTION_RAGS)[filters.rag]}")
    if filters.overdue:
        said.append("overdue")
    if filters.owed:
        said.append("update due or late")
    if filters.ambition == "none":
        said.append("serving no ambition")
    elif filters.ambition:
        ambition = next((a for a in inputs.ambitions if a.pk == int(filters.ambition)), None)
        said.append(
            f"serving {ambition.ref} {ambition.title}"
            if ambition
            else "serving an ambition not in this year's plan"
        )
    if filters.directorate:
        name = next((d.name for d in inputs.directorates if d.pk == filters.directorate), "")
        said.append(f"in {name}" if name else "in a directorate not on record")
    if filters.lead == "none":
        said.append("with no lead officer")
    elif filters.lead:
        name = next((p.lead for p in inputs.actions if p.lead_id == int(filters.lead)), "")
        said.append(f"led by {name}" if name else "led by nobody with actions this year")
    return {
        "rows": rows,
        "said": said,
        "year": inputs.year,
        "as_at": inputs.as_at,
        "action_url": url_pattern("planning:action-detail"),
    }
