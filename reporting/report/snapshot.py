"""Freezing the report: every figure, RAG, explanation and commentary it shows, as plain
JSON, taken before anything is printed. The PDF and the Excel download are built from this
snapshot alone, so they show exactly what was frozen."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from . import finance as _finance  # noqa: F401  (registers the finance sections)
from . import performance_sections as _performance  # noqa: F401  (registers its sections)
from . import sections as _builtin  # noqa: F401  (registers the built-in sections)
from .registry import Period, sections_in_order

SCHEMA = 1
TITLE = "Budget & Performance report"


def snapshot_take(*, period: Period, version: int, on_section=None) -> dict:
    """The snapshot of every registered section for the quarter. `on_section(n, total,
    title)` is told as each section is taken (for the progress bar)."""
    sections = sections_in_order()
    taken = []
    for n, section in enumerate(sections, start=1):
        if on_section:
            on_section(n, len(sections), section.title)
        data = section.build(period)
        taken.append(
            {
                "key": section.key,
                "title": section.title,
                "data": data,
                "summary": [[label, value] for label, value in section.summary(data)],
                "rag_items": section.rag_items(data),
            }
        )
    return {
        "schema": SCHEMA,
        "title": TITLE,
        "council": settings.COUNCIL_NAME,
        "year": period.year.label,
        "quarter": period.quarter,
        "period_label": f"Quarter {period.quarter} {period.year.label}",
        "starts": period.starts.isoformat(),
        "ends": period.ends.isoformat(),
        "as_at": period.as_at.isoformat(),
        "taken_at": timezone.now().isoformat(),
        "requested_by": str(period.actor),
        "version": version,
        "sections": taken,
        "changes": [],
        "compared_with": "",
    }


def rag_changes(previous: dict | None, current: dict) -> list[dict]:
    """Items whose RAG moved since the previous snapshot: for each item present in both
    with a different RAG, its label, the RAG before and now. New or gone items are not
    changes of RAG and are left out."""
    if not previous:
        return []
    before = {
        item["key"]: item
        for section in previous.get("sections", [])
        for item in section.get("rag_items", [])
    }
    changes = []
    for section in current["sections"]:
        for item in section["rag_items"]:
            old = before.get(item["key"])
            if old is not None and old["rag"] != item["rag"]:
                changes.append(
                    {
                        "section": section["title"],
                        "label": item["label"],
                        "before": old["rag"],
                        "before_colour": old.get("colour", "grey"),
                        "now": item["rag"],
                        "now_colour": item.get("colour", "grey"),
                    }
                )
    return changes


def section_of(snapshot: dict, key: str) -> dict | None:
    return next((s for s in snapshot["sections"] if s["key"] == key), None)
