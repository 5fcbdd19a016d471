"""What every panel of the dashboard reads for a month, and the register of panels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.urls import reverse

from core import periods
from planning.models import (
    DELIVERY_RAG_COUNTED,
    Directorate,
    FinancialYear,
    delivery_rag_shown,
)

from ..selectors import Figures

ACTION_RAGS = [(rag, delivery_rag_shown(rag).text) for rag in DELIVERY_RAG_COUNTED]
LISTED = 25  # rows of a list shown on the dashboard; the link behind its count has them all


def month_choices(*, today: dt.date) -> list[dt.date]:
    """Every complete month of the years on record, latest first (one query)."""
    this_month = today.replace(day=1)
    return sorted(
        (m for year in FinancialYear.objects.all() for m in year.months if m < this_month),
        reverse=True,
    )


class Inputs(Figures):
    """The council's figures at the month's end (shared with the quarterly report), and
    the links from each count to the list behind it."""

    def __init__(self, *, month: dt.date, user) -> None:
        year = FinancialYear.objects.filter(start_year=FinancialYear.start_year_for(month)).first()
        super().__init__(year=year, as_at=periods.month_end(month), user=user)
        self.month = month

    @property
    def month_param(self) -> str:
        return self.month.strftime("%Y-%m")

    def actions_url(self, **filters) -> str:
        query = urlencode({k: v for k, v in filters.items() if v != ""})
        return f"{self._addresses['actions']}&{query}" if query else self._addresses["actions"]

    def indicators_url(self, **filters) -> str:
        query = urlencode(filters)
        base = self._addresses["indicators"]
        return f"{base}&{query}" if query else base

    @cached_property
    def _addresses(self) -> dict[str, str]:
        """The drill-down lists' addresses for the month, each resolved once: a panel
        links hundreds of counts."""
        month = urlencode({"month": self.month_param})
        return {
            "actions": f"{reverse('reporting:dashboard-actions')}?{month}",
            "indicators": f"{reverse('performance:indicator-list')}?{month}",
        }

    @property
    def ambitions(self) -> list:
        return self.delivery.ambitions

    @cached_property
    def directorates(self) -> list[Directorate]:
        return list(Directorate.objects.order_by("name"))


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    build: Callable[[Inputs], dict]


PANELS: dict[str, tuple[int, Panel]] = {}


def register_panel(panel: Panel, *, order: int) -> Panel:
    """Add (or replace, by key) a panel of the dashboard, placed by `order`."""
    PANELS[panel.key] = (order, panel)
    return panel


def dashboard_build(*, month: dt.date, user) -> list[tuple[Panel, dict]]:
    inputs = Inputs(month=month, user=user)
    return [(panel, panel.build(inputs)) for _, panel in sorted(PANELS.values(), key=_order)]


def _order(entry: tuple[int, Panel]) -> tuple[int, str]:
    return entry[0], entry[1].key
