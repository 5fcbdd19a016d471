"""The list behind an action count on the dashboard: the month's actions kept by the
filters of the count's link, and words for what was chosen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from core.links import url_pattern
from core.query import QueryReader
from planning.selectors import ambitions_covering
from planning.selectors.delivery import ActionPosition, action_lead_name, action_positions

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

    def narrowing(self, known_ambitions: set[int]) -> Q:
        """The filters that do not depend on the date, for the query (`keep` still decides)."""
        where = Q()
        if self.ambition == "none":
            where &= Q(ambition__isnull=True) | ~Q(ambition__in=known_ambitions)
        elif self.ambition.isdigit():
            where &= Q(ambition=int(self.ambition))
        if self.lead == "none":
            where &= Q(lead__isnull=True)
        elif self.lead.isdigit():
            where &= Q(lead_id=int(self.lead))
        if self.directorate is not None:
            where &= Q(plan__service__directorate_id=self.directorate)
        # An action updated since the date is judged by its position then (by `keep`).
        if self.rag == "none":
            where &= Q(stored__rag__isnull=True) | Q(posted_after=True)
        elif self.rag:
            where &= Q(stored__rag=self.rag) | Q(posted_after=True)
        return where

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
    year = inputs.year
    ambitions = ambitions_covering(year) if year else []
    known = {a.pk for a in ambitions}
    positions = (
        action_positions(year=year, as_at=inputs.as_at, user=user, narrow=filters.narrowing(known))
        if year
        else []
    )
    rows = [p for p in positions if filters.keep(p, known)]
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
        ambition = next((a for a in ambitions if a.pk == int(filters.ambition)), None)
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
        name = next((p.lead for p in rows), "") or (
            action_lead_name(year=year, user=user, lead_id=int(filters.lead)) if year else ""
        )
        said.append(f"led by {name}" if name else "led by nobody with actions this year")
    return {
        "rows": rows,
        "said": said,
        "year": inputs.year,
        "as_at": inputs.as_at,
        "action_url": url_pattern("planning:action-detail"),
    }
