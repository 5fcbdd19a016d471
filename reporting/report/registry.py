"""The report's sections, each registered once.

A section says how to freeze what it shows (`build`: the quarter in, plain JSON data out),
how to print that data (`template`, given `data`), which counts it adds to the summary page,
which items carry a RAG (compared with last quarter's report for the "changed since last
quarter" list) and what it puts in the Excel download. Later sections (finance, delivery
progress, the indicator scorecard, savings) are one more `register_section` call each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from core import periods
from planning.models import FinancialYear

from ..selectors import Figures


@dataclass(frozen=True)
class Period:
    """The quarter a report covers, and when and for whom its figures were taken."""

    year: FinancialYear
    quarter: int
    as_at: dt.date
    actor: object  # the person who asked for it; selectors that need a reader get them

    @property
    def starts(self) -> dt.date:
        return periods.quarter_starts(self.year.start_year, self.quarter)

    @property
    def ends(self) -> dt.date:
        return periods.quarter_ends(self.year.start_year, self.quarter)

    @property
    def figures_at(self) -> dt.date:
        """Figures stand at the quarter's end, or at the day taken if the quarter is still
        open."""
        return min(self.ends, self.as_at)

    def figures(self) -> Figures:
        """The figures the Board's dashboard shows for the same date, as the person who asked
        for the report may see them."""
        return Figures(year=self.year, as_at=self.figures_at, user=self.actor)


def no_rows(data: dict) -> list:
    return []


@dataclass(frozen=True)
class Table:
    """A sheet of the Excel download: headings and rows of plain values."""

    title: str
    headings: list[str]
    rows: list[list]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    order: int
    build: Callable[[Period], dict]
    template: str
    summary: Callable[[dict], list[tuple[str, int | str]]] = no_rows
    rag_items: Callable[[dict], list[dict]] = no_rows  # [{"key", "label", "rag"}]
    tables: Callable[[dict], list[Table]] = no_rows
    notes: list[str] = field(default_factory=list)


SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> Section:
    """Add (or replace, by key) a section of the report."""
    SECTIONS[section.key] = section
    return section


def sections_in_order() -> list[Section]:
    return sorted(SECTIONS.values(), key=lambda s: (s.order, s.key))
