"""Direction of travel compares like with like: the previous value of the same frequency
(across the year boundary too) and, for a running total, the amount added in each period."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from performance import rag, services
from performance.models import AnnualTarget, IndicatorDefinition, IndicatorValue
from performance.selectors import council_ratings
from performance.services import ValueEntry
from performance.status import ValueRow, indicator_status
from performance.stored import ratings_rebuild, stored_statuses
from planning.models import FinancialYear
from tests import factories as f

D = dt.date
YEAR = FinancialYear(start_year=2026)


def rows(values: dict[dt.date, int]) -> list[ValueRow]:
    return [ValueRow(1, m, Decimal(v), "", False, False, None) for m, v in sorted(values.items())]


def travel(values, *, frequency="monthly", aggregation="average", polarity="higher"):
    definition = IndicatorDefinition(
        pk=1,
        ref="T-1",
        frequency=frequency,
        aggregation=aggregation,
        polarity=polarity,
        unit="number",
        decimal_places=0,
    )
    this = {m: v for m, v in values.items() if m >= YEAR.starts}
    last = {m: v for m, v in values.items() if m < YEAR.starts}
    status = indicator_status(
        definition=definition,
        year=YEAR,
        target=None,
        values=rows(this),
        last_year_values=rows(last),
    )
    return status.travel_previous


@pytest.mark.parametrize(
    ("values", "more", "explanation"),
    [
        # April compares with March of the previous year
        ({D(2026, 3, 1): 70, D(2026, 4, 1): 80}, {}, "Improving: up from 70 in March 2026"),
        # ... and says so when March has no value
        ({D(2026, 4, 1): 80}, {}, "No comparison: no value for March 2026"),
        # May still compares with April
        (
            {D(2026, 3, 1): 90, D(2026, 4, 1): 80, D(2026, 5, 1): 85},
            {},
            "Improving: up from 80 in April 2026",
        ),
        # lower is better: a fall across the boundary improves
        (
            {D(2026, 3, 1): 12, D(2026, 4, 1): 10},
            {"polarity": "lower"},
            "Improving: down from 12 in March 2026",
        ),
        # quarterly: June's quarter against March's quarter of last year
        (
            {D(2026, 3, 1): 50, D(2026, 6, 1): 40},
            {"frequency": "quarterly"},
            "Worsening: down from 50 in March 2026",
        ),
        # quarterly: September against June
        (
            {D(2026, 6, 1): 40, D(2026, 9, 1): 40},
            {"frequency": "quarterly"},
            "No change: the same as June 2026 (40)",
        ),
        # annual: against last year's annual value
        (
            {D(2026, 3, 1): 7, D(2027, 3, 1): 9},
            {"frequency": "annual"},
            "Improving: up from 7 in March 2026",
        ),
        ({D(2027, 3, 1): 9}, {"frequency": "annual"}, "No comparison: no value for March 2026"),
    ],
)
def test_the_previous_value_is_the_one_before_of_the_same_frequency(values, more, explanation):
    assert travel(values, **more).explanation == explanation


@pytest.mark.parametrize(
    ("values", "more", "word", "explanation"),
    [
        # a running total rising more slowly than last month is worsening, not improving
        (
            {D(2026, 4, 1): 100, D(2026, 5, 1): 250, D(2026, 6, 1): 350},
            {},
            "Worsening",
            "Worsening: 100 added in the period, down from 150 in May 2026",
        ),
        # rising as expected, by the same amount: no change (not "Improving ↑")
        (
            {D(2026, 4, 1): 100, D(2026, 5, 1): 200},
            {},
            "No change",
            "No change: 100 added in the period, the same as April 2026 (100)",
        ),
        # April's running total starts again: its amount is the total itself, against
        # March's amount (March's total less February's)
        (
            {D(2026, 2, 1): 1000, D(2026, 3, 1): 1120, D(2026, 4, 1): 130},
            {},
            "Improving",
            "Improving: 130 added in the period, up from 120 in March 2026",
        ),
        (
            {D(2026, 3, 1): 1120, D(2026, 4, 1): 130},
            {},
            "No comparison",
            "No comparison: no value for March 2026",
        ),
        # quarterly running total: June against March (less December)
        (
            {D(2025, 12, 1): 300, D(2026, 3, 1): 400, D(2026, 6, 1): 90},
            {"frequency": "quarterly"},
            "Worsening",
            "Worsening: 90 added in the period, down from 100 in March 2026",
        ),
        # lower is better: adding less is improving
        (
            {D(2026, 4, 1): 10, D(2026, 5, 1): 18},
            {"polarity": "lower"},
            "Improving",
            "Improving: 8 added in the period, down from 10 in April 2026",
        ),
    ],
)
def test_a_running_total_compares_the_amount_added_in_each_period(values, more, word, explanation):
    result = travel(values, aggregation="cumulative", **more)
    assert (result.word, result.explanation) == (word, explanation)


def test_period_amounts_are_unknown_where_a_total_is_missing():
    totals = [("Jan", Decimal(5)), ("Feb", None), ("Mar", Decimal(9)), ("Apr", Decimal(2))]
    assert rag.period_amounts(totals, first_of_year={"Apr"}) == [
        ("Jan", None),
        ("Feb", None),
        ("Mar", None),
        ("Apr", Decimal(2)),
    ]


def enter(definition, actor, month, value) -> None:
    entry = ValueEntry(definition=definition, month=month, value=Decimal(value))
    services.values_save(entries=[entry], actor=actor, reason="Entered", today=D(2026, 7, 1))


@pytest.mark.django_db
@pytest.mark.ratings_by_services
def test_aprils_stored_travel_follows_a_change_to_last_march(world, perf):
    f.FinancialYearFactory(start_year=2025)
    ratings_rebuild()
    head = world.people["head"]
    enter(perf.percent, head, D(2026, 4, 1), 80)
    enter(perf.percent, head, D(2026, 3, 1), 70)

    def april():
        return stored_statuses([perf.percent], year=world.year, upto=D(2026, 4, 1))[perf.percent.pk]

    def counted():
        return council_ratings(year=world.year, upto=D(2026, 6, 1)).by_travel()

    assert april().travel_previous.explanation == "Improving: up from 70.0% in March 2026"
    assert counted()["improving"] == 1
    enter(perf.percent, head, D(2026, 3, 1), 85)  # March corrected: April now worse
    assert april().travel_previous.explanation == "Worsening: down from 85.0% in March 2026"
    assert counted()["improving"] == 0
    assert counted()["worsening"] == 1


# --- earlier years on the plan's indicators and the indicator's page -----------------


def earlier_data(perf, *starts: int) -> None:
    """A year's monthly values (80, 81, ... 91) and a 90 target for PK-01 in each year."""
    for start in starts:
        year = FinancialYear.objects.get_or_create(start_year=start)[0]
        AnnualTarget.objects.update_or_create(
            definition=perf.percent,
            year=year,
            defaults={"value": Decimal(90), "justification": "improve"},
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(definition=perf.percent, month=month, value=Decimal(80 + i))
            for i, month in enumerate(year.months)
        )
        for row in IndicatorValue.objects.filter(definition=perf.percent, month=year.months[0]):
            row.save()  # the stored ratings follow a save, not a bulk create


@pytest.mark.django_db
def test_the_plans_indicators_show_the_last_two_years_outturns(client_for, world, perf):
    earlier_data(perf, 2023, 2024, 2025)
    url = reverse("performance:plan-indicators", args=[world.service_plan.pk])
    body = client_for("head").get(url).content.decode()
    # an average of 80..91 is 85.5, amber against 90
    assert "2025/26: 85.5% (Amber)" in body
    assert "2024/25: 85.5% (Amber)" in body
    assert "2023/24" not in body
    assert "None held" in body  # the other indicators have no earlier values


@pytest.mark.django_db
def test_the_indicators_page_has_a_table_of_every_earlier_year(client_for, world, perf):
    earlier_data(perf, 2023, 2025)
    body = client_for("head").get(perf.percent.get_absolute_url()).content.decode()
    table = body.split('id="earlier-years"')[1].split("</table>")[0]
    assert "2025/26" in table
    assert "2023/24" in table
    assert table.index("2025/26") < table.index("2023/24")
    assert "85.5%" in table
    assert "90.0%" in table
    assert "March 2026" in table
    assert "AMBER: 85.5% is 5.0% below the 90.0% target" in table


@pytest.mark.django_db
def test_data_only_indicators_are_not_labelled_with_a_polarity(client_for, world, perf):
    url = reverse("performance:plan-indicators", args=[world.service_plan.pk])
    body = client_for("head").get(url).content.decode()
    row = body.split("PK-03")[1].split("</tr>")[0]
    assert "Data only: not rated" in row
    assert "is better" not in row
    page = client_for("head").get(perf.data_only.get_absolute_url()).content.decode()
    assert "Data only: not rated" in page
    assert "Higher is better" not in page


@pytest.mark.django_db
def test_an_indicator_with_a_target_and_no_value_says_no_data_yet_and_its_target(
    client_for, world, perf
):
    url = reverse("performance:plan-indicators", args=[world.service_plan.pk])
    body = client_for("head").get(url).content.decode()
    row = body.split("PK-01")[1].split("</tr>")[0]
    assert "No data yet (target 90.0%)" in row
    assert "NO DATA: no value yet (target 90.0%)" in row
    assert "against no target" not in body


@pytest.mark.django_db
def test_earlier_years_cost_no_more_queries_for_more_years(client_for, world, perf):
    pages = [
        reverse("performance:plan-indicators", args=[world.service_plan.pk]),
        perf.percent.get_absolute_url(),
    ]

    def counts():
        client = client_for("head")
        found = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    earlier_data(perf, 2025)
    few = counts()
    earlier_data(perf, 2021, 2022, 2023, 2024)
    assert counts() == few


def test_a_value_in_a_month_its_frequency_no_longer_takes_still_compares():
    # an annual indicator (once monthly) holding an April value: against last March
    result = travel({D(2026, 3, 1): 5, D(2026, 4, 1): 6}, frequency="annual")
    assert result.explanation == "Improving: up from 5 in March 2026"
    assert travel({D(2026, 4, 1): 6}, frequency="annual").word == "No comparison"


@pytest.mark.django_db
def test_the_plans_year_to_date_never_shows_a_miss_as_the_target(client_for, world, perf):
    IndicatorValue.objects.create(
        definition=perf.percent, month=D(2026, 4, 1), value=Decimal("89.96")
    )
    url = reverse("performance:plan-indicators", args=[world.service_plan.pk])
    row = client_for("head").get(url).content.decode().split("PK-01")[1].split("</tr>")[0]
    assert "89.96% against 90.0%" in row


@pytest.mark.parametrize(
    ("values", "aggregation", "rating", "rule"),
    [
        # April within the tolerance and better than last March: amber
        ({D(2026, 3, 1): 80, D(2026, 4, 1): 85}, "average", "amber", "and improving"),
        # ... and worse than last March: red
        ({D(2026, 3, 1): 88, D(2026, 4, 1): 85}, "average", "red", "but not improving"),
        # a running total is judged by the amount added: 40 added in May after 50 in April
        ({D(2026, 4, 1): 50, D(2026, 5, 1): 90}, "cumulative", "red", "but not improving"),
    ],
)
def test_direction_dependent_amber_compares_as_direction_of_travel_does(
    values, aggregation, rating, rule
):
    """The direction-dependent amber rule asks whether the period improved on the one
    before it in the same way its direction of travel does: across the year end, and a
    running total by the amount added."""
    definition = IndicatorDefinition(
        pk=1, ref="T-1", aggregation=aggregation, polarity="higher", unit="number",
        decimal_places=0, amber_rule="travel", tolerance_percent=Decimal(10),
    )  # fmt: skip
    this = {m: v for m, v in values.items() if m >= YEAR.starts}
    last = {m: v for m, v in values.items() if m < YEAR.starts}
    latest = max(this)
    target = AnnualTarget(definition=definition, year=YEAR, value=Decimal(90))
    if aggregation == "cumulative":
        target.value = Decimal(570)  # 95 by the end of May
    status = indicator_status(
        definition=definition, year=YEAR, target=target, values=rows(this),
        last_year_values=rows(last),
    )  # fmt: skip
    cell = next(c for c in status.months if c.month == latest)
    assert cell.rating.rating.value == rating, cell.rating.explanation
    assert rule in cell.rating.explanation


@pytest.mark.django_db
def test_earlier_years_never_show_a_miss_as_the_target(client_for, world, perf):
    """An earlier year whose outturn misses the target by less than the indicator's places
    shows the places that make the miss visible, on the plan and the indicator's page."""
    year = FinancialYear.objects.get_or_create(start_year=2025)[0]
    AnnualTarget.objects.create(
        definition=perf.percent, year=year, value=Decimal(90), justification="improve"
    )
    IndicatorValue.objects.create(
        definition=perf.percent, month=year.months[0], value=Decimal("89.96")
    )
    plan = reverse("performance:plan-indicators", args=[world.service_plan.pk])
    client = client_for("head")
    assert "2025/26: 89.96% (Amber)" in client.get(plan).content.decode()
    page = client.get(perf.percent.get_absolute_url()).content.decode()
    table = page.split('id="earlier-years"')[1].split("</table>")[0]
    assert "89.96%" in table
    assert "90.0%" in table
