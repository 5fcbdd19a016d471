"""Bad input in an address or a form gets a clear answer, never a server error: list
filters that cannot be used are not applied (and the page says so), downloads refuse them
(400), dates with impossible years are refused with a message, and numbers too big for a
date or a row in an address are a 404."""

import datetime as dt

import pytest
from django.http import QueryDict
from django.urls import reverse

from core.query import MAX_ID, QueryReader
from tests.audit.world import build_audit_world
from tests.risk.world import build_risk_world

pytestmark = pytest.mark.django_db

NOT_FILTERED = "The list is not filtered by"


def reader(query: str) -> QueryReader:
    return QueryReader(QueryDict(query))


# --- the one reader -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("", None),
        ("0", None),
        ("-3", None),
        ("²", None),  # a superscript passes str.isdigit() but is no number
        ("١٢", None),  # another script's digits: not a filter's id
        ("１２", None),  # full-width digits
        ("1e3", None),
        ("12abc", None),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("9" * 30, None),
        ("9" * 5000, None),  # too long to be read at all
        ("1\x00", None),
    ],
)
def test_an_id_filter_is_plain_digits_within_the_database_range(raw, number):
    read = QueryReader({"service": raw})
    assert read.number("service") == number
    assert read.refused == ([] if number is not None or raw == "" else ["service"])


@pytest.mark.parametrize(
    ("raw", "value", "refused"),
    [
        ("open", "open", []),
        ("", "", []),
        ("OPEN", "", ["status"]),
        ("\x00", "", ["status"]),
        ("open\x00", "", ["status"]),
        ("x" * 1000, "", ["status"]),
    ],
)
def test_a_choice_filter_is_one_of_its_choices(raw, value, refused):
    read = QueryReader({"status": raw})
    assert read.choice("status", ("open", "closed")) == value
    assert read.refused == refused


@pytest.mark.parametrize(
    ("query", "month"),
    [
        ("month=2026-09", dt.date(2026, 9, 1)),
        ("month=2026-13", None),
        ("month=99999999999999999999-01", None),
        ("month=２０２６-０９", None),
        ("month=soon", None),
    ],
)
def test_a_month_filter_is_a_real_month(query, month):
    read = reader(query)
    assert read.month("month") == month
    assert read.refused == ([] if month else ["month"])


def test_an_empty_choice_is_the_default_and_not_refused():
    read = reader("status=&include=")
    assert read.choice("status", ("open", "all"), default="open") == "open"
    assert read.choice("include", ("services", "all")) == ""
    assert read.refused == []


def test_flags_and_ids_or_none():
    read = reader("overdue=1&owed=yes&lead=none&ambition=²")
    assert read.flag("overdue") is True
    assert read.flag("owed") is False
    assert read.number_or("lead", "none") == "none"
    assert read.number_or("ambition", "none") == ""
    assert read.refused == ["owed", "ambition"]


# --- lists and downloads --------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "url_name", "query"),
    [
        ("committee", "audit:tracker", "service=²&directorate=²"),
        ("committee", "audit:tracker", "priority=99999999999999999999&status=\x00"),
        ("lead", "performance:indicator-list", "service=²&month=99999999999999999999-01"),
        ("board", "reporting:dashboard-actions", "directorate=²&lead=²&ambition=\x00"),
    ],
)
def test_a_list_with_filters_it_cannot_use_shows_everything_else_and_says_so(
    client_for, world, persona, url_name, query
):
    build_audit_world(world)
    response = client_for(persona).get(f"{reverse(url_name)}?{query}")
    assert response.status_code == 200
    assert NOT_FILTERED in response.content.decode()


def test_a_register_with_a_nul_or_unknown_category_is_not_filtered_by_it(client_for, world):
    register = build_risk_world(world).corporate
    client = client_for("lead")
    for query in ("category=%00", "category=astrology", "impact=…", "likelihood=²"):
        response = client.get(reverse("risk:register-detail", args=[register.pk]) + "?" + query)
        assert response.status_code == 200, query
        assert NOT_FILTERED in response.content.decode()


def test_a_list_with_good_filters_says_nothing_about_them(client_for, world):
    response = client_for("committee").get(
        reverse("audit:tracker"), {"service": world.service.pk, "status": "open"}
    )
    assert response.status_code == 200
    assert NOT_FILTERED not in response.content.decode()


@pytest.mark.parametrize("name", ["tracker-xlsx", "tracker-pdf"])
@pytest.mark.parametrize("query", ["service=²", "directorate=%00", "status=nonsense"])
def test_a_download_with_filters_it_cannot_use_is_refused(client_for, world, name, query):
    build_audit_world(world)
    response = client_for("committee").get(f"{reverse(f'reporting:{name}')}?{query}")
    assert response.status_code == 400
    assert "there is a problem with that request" in response.content.decode()


def test_a_register_download_with_a_nul_category_is_refused(client_for, world):
    register = build_risk_world(world).corporate
    url = reverse("reporting:register-xlsx", args=[register.pk])
    assert client_for("committee").get(url + "?category=%00").status_code == 400
    assert client_for("committee").get(url + "?category=financial").status_code == 200


def test_a_new_action_for_an_impact_that_is_no_number_opens_without_it(client_for, world):
    url = reverse("planning:action-add", args=[world.service_plan.pk])
    for impact in ("²", "99999999999999999999", "\x00"):
        assert client_for("head").get(url, {"impact": impact}).status_code == 200


# --- dates and numbers in addresses ---------------------------------------------------


def post_update(client, action, day: str, month: str, year: str):
    return client.post(
        reverse("planning:action-update", args=[action.pk]),
        {
            "rag": "blue",
            "commentary": "Done",
            "completed_on_0": day,
            "completed_on_1": month,
            "completed_on_2": year,
        },
    )


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("1", "11", "9" * 30, "The completion date must include a year of 4 numbers"),
        ("1", "11", "20260", "The completion date must include a year of 4 numbers"),
        ("9" * 30, "11", "2026", "The completion date must be a real date"),
        ("1", "9" * 30, "2026", "The completion date must be a real date"),
        ("1", "11", "0", "The completion date must be a real date"),
        ("1", "11", "²⁰²⁶", "The completion date must be a real date"),
    ],
)
def test_a_date_with_an_impossible_part_is_refused_and_the_typing_kept(
    client_for, world, day, month, year, message
):
    response = post_update(client_for("head"), world.action, day, month, year)
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert message in body
    assert f'value="{year}"' in body
    assert not world.action.updates.exists()


def test_an_extension_with_an_impossible_year_is_refused(client_for, world):
    audit = build_audit_world(world)
    response = client_for("head").post(
        reverse("audit:extension-request", args=[audit.rec.pk]),
        {
            "proposed_date_0": "1",
            "proposed_date_1": "1",
            "proposed_date_2": "9" * 30,
            "reason": "Waiting",
        },
    )
    assert response.status_code in (200, 400)
    assert "The new due date must include a year of 4 numbers" in response.content.decode()


@pytest.mark.parametrize(("year", "month"), [(10**20, 9), (2026, 10**20), (0, 9)])
def test_a_finance_month_that_cannot_be_a_date_is_not_found(client_for, world, year, month):
    url = reverse("planning:revenue-month-edit", args=[world.service_plan.pk, year, month])
    assert client_for("head").get(url).status_code == 404
