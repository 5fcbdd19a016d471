"""The whole-plan workbook's sheets and their columns: the one layout both the export
writes and the import reads, so that a workbook exported and imported back changes nothing.

Sheets are named after the plan's sections. Columns are found by their heading (in any
case, in any order); a sheet's first row holds its headings, though a title or a note may
sit above them. Every sheet is read back: planning's own (PLANNING_IMPORTED) by
planning.workbook, and the other apps' by the check and save each registers with its sheet
(sheet_register), so planning imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ABOUT = "About"
SELF_ASSESSMENT = "Self-assessment"
DELIVERY = "Delivery plan"
MILESTONES = "Milestones"


@dataclass(frozen=True)
class Column:
    heading: str
    width: int = 18
    kind: str = "text"  # text, date, money, number, yes_no: how the export writes it


@dataclass(frozen=True)
class SheetLayout:
    name: str
    columns: tuple[Column, ...]
    required: tuple[str, ...] = ()  # the headings an imported sheet must have

    @property
    def headings(self) -> list[str]:
        return [column.heading for column in self.columns]


SERVES_LEVELS = {
    "corporate ambition": "ambition",
    "delivery plan activity": "activity",
    "directorate priority": "priority",
}

LAYOUTS: tuple[SheetLayout, ...] = (
    SheetLayout(ABOUT, (Column("About this workbook", 30), Column("Value", 50))),
    SheetLayout(
        SELF_ASSESSMENT,
        (Column("Theme", 40), Column("Prompts", 60), Column("Narrative", 80)),
        required=("theme", "narrative"),
    ),
    SheetLayout(
        "Budget",
        (
            Column("What the money buys", 50),
            Column("Budget this year (£)", 18, "money"),
            Column("Last year's outturn (£)", 18, "money"),
        ),
    ),
    SheetLayout(
        "Capital",
        (
            Column("Capital scheme", 40),
            Column("Capital budget (£)", 18, "money"),
            Column("Expected completion", 14, "date"),
            Column("Spend to date (£)", 18, "money"),
            Column("Forecast spend this year (£)", 18, "money"),
            Column("Slipping to future years (£)", 18, "money"),
        ),
    ),
    SheetLayout(
        "Savings",
        (
            Column("Saving", 40),
            Column("Amount (£)", 16, "money"),
            Column("Q1 RAG", 10),
            Column("Q2 RAG", 10),
            Column("Q3 RAG", 10),
            Column("Q4 RAG", 10),
            Column("Forecast delivered (£)", 18, "money"),
            Column("At risk (£)", 16, "money"),
        ),
    ),
    SheetLayout(
        "Workforce",
        (
            Column("Team", 30),
            Column("FTE in post", 12, "number"),
            Column("Vacant FTE", 12, "number"),
            Column("Agency FTE", 12, "number"),
        ),
    ),
    SheetLayout(
        DELIVERY,
        (
            Column("Reference", 12),
            Column("Action", 40),
            Column("Description", 50),
            Column("Impact sought", 30),
            Column("Lead officer", 28),
            Column("Start date", 14, "date"),
            Column("Original due date", 14, "date"),
            Column("Revised due date", 14, "date"),
            Column("Reason for the revised due date", 40),
            Column("Programme reference", 16),
            Column("In the council's Delivery Plan", 14, "yes_no"),
            Column("Serves level", 24),
            Column("Serves reference", 14),
            Column("Latest RAG", 16),
        ),
        required=("reference", "action"),
    ),
    SheetLayout(
        MILESTONES,
        (
            Column("Action reference", 14),
            Column("Action", 40),
            Column("Milestone", 50),
            Column("Due date", 14, "date"),
            Column("Done", 10, "yes_no"),
        ),
        required=("action reference", "milestone", "due date"),
    ),
    SheetLayout(
        "Commitments",
        (
            Column("Source", 30),
            Column("Recommendation", 50),
            Column("Agreed action", 50),
            Column("Owner", 28),
            Column("Due date", 14, "date"),
            Column("Status", 14),
            Column("RAG", 10),
        ),
    ),
    SheetLayout(
        "Assurance",
        (Column("Question", 60), Column("Answer", 12), Column("Evidence", 60)),
    ),
    SheetLayout(
        "Policies",
        (Column("Policy", 40), Column("Owner", 28), Column("Next review date", 14, "date")),
    ),
    SheetLayout(
        "Contracts",
        (
            Column("Contract", 40),
            Column("Supplier", 30),
            Column("Value (£)", 16, "money"),
            Column("End date", 14, "date"),
            Column("Renewal lead time (months)", 14, "number"),
        ),
    ),
)
BY_NAME = {layout.name: layout for layout in LAYOUTS}
OTHER_APPS_BEFORE = "Commitments"


@dataclass(frozen=True)
class OtherSheet:
    """A sheet another app adds to the workbook (indicators, risks, recommendations): its
    layout and `rows(plan, user)`, the rows that person may read, in a fixed number of
    queries. Planning imports none of those apps: they register here when they load.

    Importing the sheet back is the app's too: `check(plan=, sheet=, user=)` gives each row
    of the sheet (planning.workbook.rows.rows_of) what importing it would do, in a fixed
    number of queries, refusing what `user` may not change; `save(plan=, entry=, actor=,
    reason=)` writes one checked row's `entry`, whose `sheet` attribute names the sheet."""

    layout: SheetLayout
    rows: Callable
    order: int
    check: Callable | None = None
    save: Callable | None = None


OTHER_SHEETS: dict[str, OtherSheet] = {}


def sheet_register(
    *,
    layout: SheetLayout,
    rows: Callable,
    order: int,
    check: Callable | None = None,
    save: Callable | None = None,
) -> None:
    """Add another app's sheet, placed by `order` before the Commitments sheet, with the
    check and save that import it back."""
    OTHER_SHEETS[layout.name] = OtherSheet(layout, rows, order, check, save)


def all_layouts() -> list[SheetLayout]:
    """Every sheet of the workbook, in order: planning's sections with the other apps'
    sheets before the commitments."""
    others = [sheet.layout for sheet in sorted(OTHER_SHEETS.values(), key=lambda s: s.order)]
    at = next(n for n, layout in enumerate(LAYOUTS) if layout.name == OTHER_APPS_BEFORE)
    return [*LAYOUTS[:at], *others, *LAYOUTS[at:]]


PLANNING_IMPORTED = tuple(layout.name for layout in LAYOUTS)
REQUIRED_HEADINGS = {
    "Budget": ("what the money buys",),
    "Capital": ("capital scheme",),
    "Savings": ("saving",),
    "Workforce": ("team",),
    "Commitments": ("source", "recommendation"),
    "Assurance": ("question",),
    "Policies": ("policy",),
    "Contracts": ("contract",),
}


def imported_sheets() -> list[str]:
    """The sheets the import reads, in the workbook's order."""
    return [
        layout.name
        for layout in all_layouts()
        if layout.name in PLANNING_IMPORTED or OTHER_SHEETS[layout.name].check is not None
    ]


def templates() -> dict[str, tuple[str, ...]]:
    """The sheets the import reads, with the headings each must have (core.imports)."""
    return {
        name: REQUIRED_HEADINGS.get(name) or _layout(name).required for name in imported_sheets()
    }


def _layout(name: str) -> SheetLayout:
    return BY_NAME[name] if name in BY_NAME else OTHER_SHEETS[name].layout


def person_label(person) -> str:
    """A person as the workbook names them: "Alex Jones (ajones)"; the user name in
    brackets is how the import finds them again."""
    if person is None:
        return ""
    name = person.get_full_name().strip()
    return f"{name} ({person.username})" if name else person.username
