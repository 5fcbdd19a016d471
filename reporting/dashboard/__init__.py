"""The Management Board's monthly dashboard: panels, each built from the same month's
figures, read once per page through reporting's shared `Figures` (the figures the quarterly
report prints).

A panel is a title, a template (given `data`) and a `build` taking the month's `Inputs`;
adding one is one more `register_panel` call. Every number a panel shows carries the link
to the list behind it."""

from . import panels as _panels  # noqa: F401  (registers the panels)
from .drill_down import ActionFilters, action_drill_down
from .inputs import PANELS, Inputs, Panel, dashboard_build, month_choices, register_panel

__all__ = [
    "PANELS",
    "ActionFilters",
    "Inputs",
    "Panel",
    "action_drill_down",
    "dashboard_build",
    "month_choices",
    "register_panel",
]
