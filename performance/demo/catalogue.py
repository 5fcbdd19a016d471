"""The demo council's indicator wording: templates for each service's own measures, the
corporate measures every plan may share, and commentary to go with values."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Template:
    name: str
    type: str
    unit: str
    polarity: str
    aggregation: str
    low: int  # the range the annual target is drawn from
    high: int
    places: int = 1
    data_only: bool = False
    rate_per: int | None = None


SERVICE_TEMPLATES = (
    Template(
        "{S} cases completed within timescale", "outcome", "percentage", "higher", "average", 80, 95
    ),
    Template("Average days to complete {s}", "output", "days", "lower", "average", 5, 30),
    Template("Number of {s} completed", "output", "number", "higher", "sum", 120, 2400, 0),
    Template("Customers satisfied with {s}", "quality", "percentage", "higher", "latest", 75, 92),
    Template("Cost per {s} case", "resourcing", "money", "lower", "average", 40, 900, 2),
    Template(
        "{S} delivered this year (cumulative)",
        "output",
        "number",
        "higher",
        "cumulative",
        60,
        1200,
        0,
    ),
    Template(
        "Complaints about {s} per 1,000 residents",
        "quality",
        "rate",
        "lower",
        "average",
        1,
        6,
        2,
        rate_per=1000,
    ),
    Template("{S} reviews on time", "quality", "percentage", "higher", "average", 85, 98),
)
DATA_ONLY_TEMPLATES = (
    Template("{S} requests received", "input", "number", "higher", "sum", 0, 0, 0, True),
    Template("People waiting for {s}", "input", "number", "lower", "latest", 0, 0, 0, True),
)
CORPORATE = (
    (
        "CORP-01",
        "Staff sickness absence (days per full-time employee)",
        "resourcing",
        "days",
        "lower",
        "cumulative",
        Decimal("8.5"),
    ),
    (
        "CORP-02",
        "Complaints answered within 20 working days",
        "quality",
        "percentage",
        "higher",
        "average",
        Decimal(90),
    ),
    (
        "CORP-03",
        "Invoices paid within 30 days",
        "resourcing",
        "percentage",
        "higher",
        "average",
        Decimal(95),
    ),
    (
        "CORP-04",
        "Freedom of information requests answered in time",
        "quality",
        "percentage",
        "higher",
        "average",
        Decimal(90),
    ),
    (
        "CORP-05",
        "Residents satisfied with the council",
        "outcome",
        "percentage",
        "higher",
        "latest",
        Decimal(70),
    ),
    (
        "CORP-06",
        "Reportable health and safety incidents",
        "outcome",
        "number",
        "lower",
        "sum",
        Decimal(0),
    ),
)
OUTCOMES = (("green", 45), ("amber", 25), ("red", 22), ("no_data", 8))
COMMENTS = (
    "On track; demand steady this month.",
    "Staff vacancies slowed processing; two posts now filled.",
    "Seasonal peak in demand, as expected for the time of year.",
    "Improvement plan actions are starting to show in the figures.",
    "Provisional figure: the system extract is still being checked.",
    "Backlog cleared after overtime in the team.",
    "New case management system went live; figures settling down.",
    "",
    "",
    "",
)
