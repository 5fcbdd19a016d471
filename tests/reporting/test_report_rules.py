"""The report's pure rules: which dates a quarter covers, and which RAGs moved."""

import datetime as dt

import pytest

from planning.models import FinancialYear
from reporting.report.registry import Period
from reporting.report.snapshot import rag_changes


@pytest.mark.parametrize(
    ("quarter", "starts", "ends"),
    [
        (1, dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        (2, dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        (3, dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        (4, dt.date(2027, 1, 1), dt.date(2027, 3, 31)),
    ],
)
def test_a_financial_quarter_runs_from_april(quarter, starts, ends):
    period = Period(year=FinancialYear(start_year=2026), quarter=quarter, as_at=starts, actor=None)
    assert (period.starts, period.ends) == (starts, ends)


def snap(*items):
    return {
        "sections": [
            {
                "title": "Risks",
                "rag_items": [
                    {"key": key, "label": key, "rag": rag, "colour": rag.lower()}
                    for key, rag in items
                ],
            }
        ]
    }


@pytest.mark.parametrize(
    ("before", "now", "moved"),
    [
        (None, snap(("a", "RED")), []),  # nothing to compare with
        (snap(("a", "RED")), snap(("a", "RED")), []),  # unchanged
        (snap(("a", "RED")), snap(("a", "AMBER")), [("a", "RED", "AMBER")]),
        (snap(("a", "RED")), snap(("b", "RED")), []),  # new and gone items are not moves
        (
            snap(("a", "GREEN"), ("b", "AMBER")),
            snap(("a", "GREEN"), ("b", "RED")),
            [("b", "AMBER", "RED")],
        ),
    ],
)
def test_only_items_in_both_whose_rag_differs_are_changes(before, now, moved):
    changes = rag_changes(before, now)
    assert [(c["label"], c["before"], c["now"]) for c in changes] == moved
