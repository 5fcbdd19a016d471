"""Finance figures in £, £000 or £m: the unit read and the conversion (core.numbers, the one
function every upload calls), the revenue upload's unit chosen on the form or given by a
row's own unit column, and figures too big for the budget refused by row."""

from decimal import Decimal as D

import pytest

from core.numbers import (
    MILLIONS,
    POUNDS,
    THOUSANDS,
    NumberRefused,
    parse_money_in_unit,
    read_unit,
    to_pounds,
)
from planning.finance_rules import magnitude_problem
from planning.models import RevenueMonth
from tests.planning.ledger_files import SEPTEMBER, UPLOAD, budget, csv_file

UNIT_HEADINGS = "service,service name,year,month,actual to date,forecast outturn,commentary,unit\n"


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("", POUNDS),
        ("£", POUNDS),
        ("pounds", POUNDS),
        ("£000", THOUSANDS),
        ("£'000", THOUSANDS),
        ("£k", THOUSANDS),
        (" Thousands ", THOUSANDS),
        ("£ thousands", THOUSANDS),
        ("£m", MILLIONS),
        ("£ Millions", MILLIONS),
    ],
)
def test_the_unit_is_read_however_a_ledger_writes_it(text, unit):
    assert read_unit(text) == unit


@pytest.mark.parametrize("text", ["€", "euros", "£bn", "100"])
def test_any_other_unit_is_refused_naming_the_three(text):
    with pytest.raises(NumberRefused, match="Enter the unit as £, £000 or £m"):
        read_unit(text)


@pytest.mark.parametrize(
    ("text", "unit", "pounds"),
    [
        ("125000", POUNDS, D("125000.00")),
        ("125.5", THOUSANDS, D("125500.00")),
        ("£1,080.25", THOUSANDS, D("1080250.00")),
        ("0.01234", THOUSANDS, D("12.34")),  # to the penny
        ("1.2", MILLIONS, D("1200000.00")),
        ("16.4", MILLIONS, D("16400000.00")),
        ("", MILLIONS, None),
    ],
)
def test_amounts_are_converted_to_pounds_exactly(text, unit, pounds):
    assert parse_money_in_unit(text, what="the forecast outturn", unit=unit) == pounds


def test_a_figure_finer_than_a_penny_once_converted_is_refused():
    with pytest.raises(NumberRefused, match="no more than 5 decimal places"):
        parse_money_in_unit("1.000001", what="the forecast outturn", unit=THOUSANDS)
    with pytest.raises(NumberRefused, match="in pounds and pence"):
        parse_money_in_unit("1.001", what="the forecast outturn", unit=POUNDS)


def test_to_pounds_is_exact():
    assert to_pounds(D("0.333"), unit=THOUSANDS) == D("333.00")


@pytest.mark.parametrize(
    ("figure", "budget_amount", "refused"),
    [
        (D(100000000), D(1000000), False),  # exactly 100 times: unlikely but taken
        (D("100000000.01"), D(1000000), True),
        (D(1080000000), D(1000000), True),  # pounds read as £ thousands
        (D(1080000), D(0), False),  # no budget to judge by
        (None, D(1000000), False),
    ],
)
def test_a_figure_more_than_100_times_the_budget_cannot_be_right(figure, budget_amount, refused):
    problem = magnitude_problem(figure, budget=budget_amount, what="the forecast outturn")
    assert bool(problem) is refused


# --- the revenue upload -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_file_in_thousands_chosen_on_the_form_is_saved_in_pounds(world, client_for):
    budget(world.service_plan)  # £1,000,000
    client = client_for("lead")
    body = "parks,,2026/27,2026-09,520,1080.5,\n"
    response = client.post(UPLOAD, {"file": csv_file(body), "unit": THOUSANDS})
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "New month: actual £520,000, forecast £1,080,500" in page
    assert client.post(UPLOAD, {"action": "save"}).status_code == 302
    month = RevenueMonth.objects.get(budget__plan=world.service_plan, month=SEPTEMBER)
    assert (month.actual_to_date, month.forecast_outturn) == (D(520000), D(1080500))


@pytest.mark.django_db
def test_a_rows_own_unit_column_wins_over_the_form(world, client_for):
    budget(world.service_plan)
    budget(world.other_plan, D(500000))
    client = client_for("lead")
    body = "parks,,2026/27,2026-09,0.52,1.08,,£m\nlibraries,,2026/27,2026-09,240,490,,\n"
    response = client.post(
        UPLOAD, {"file": csv_file(body, headings=UNIT_HEADINGS), "unit": THOUSANDS}
    )
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "New month: actual £520,000, forecast £1,080,000" in page
    assert "New month: actual £240,000, forecast £490,000" in page


@pytest.mark.django_db
def test_an_unknown_unit_is_refused_naming_the_row(world, client_for):
    budget(world.service_plan)
    body = "parks,,2026/27,2026-09,520,1080,,euros\n"
    response = client_for("lead").post(UPLOAD, {"file": csv_file(body, headings=UNIT_HEADINGS)})
    assert response.status_code == 400
    assert "Row 2: Enter the unit as £, £000 or £m (not “euros”)" in response.content.decode()


@pytest.mark.django_db
def test_pounds_declared_as_thousands_are_refused_naming_the_row(world, client_for):
    budget(world.service_plan)  # £1,000,000
    client = client_for("lead")
    body = "parks,,2026/27,2026-09,520000,1080000,\n"
    response = client.post(UPLOAD, {"file": csv_file(body), "unit": THOUSANDS})
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "Row 2: The forecast outturn of £1,080,000,000 is more than 100 times the budget of "
        "£1,000,000: check the unit (the amounts were read as £ thousands)"
    ) in page
    assert client.post(UPLOAD, {"action": "save"}).status_code == 400
    assert not RevenueMonth.objects.exists()


@pytest.mark.django_db
def test_capital_figures_take_the_unit_and_refuse_ones_too_big_for_the_scheme(world, client_for):
    from django.urls import reverse

    from planning.models import CapitalScheme
    from tests.planning.ledger_files import CAPITAL_HEADINGS

    CapitalScheme.objects.create(plan=world.service_plan, name="Depot roof", budget=D(400000))
    url = reverse("planning:finance-upload-capital")
    client = client_for("lead")
    body = "parks,,,Depot roof,150,390,2\n"
    response = client.post(
        url, {"file": csv_file(body, headings=CAPITAL_HEADINGS), "unit": THOUSANDS}
    )
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "£150,000" in page
    assert "looks like £ thousands" not in page  # declared, so not flagged

    body = "parks,,,Depot roof,150000,390000,2\n"
    response = client.post(
        url, {"file": csv_file(body, headings=CAPITAL_HEADINGS), "unit": THOUSANDS}
    )
    assert response.status_code == 400
    assert (
        "Row 2: The forecast spend this year of £390,000,000 is more than 100 times the budget "
        "of £400,000: check the unit (the amounts were read as £ thousands)"
    ) in response.content.decode()
