"""The Management Board's dashboard: counts by RAG with words and links to the lists behind
them, exceptions with commentary and recovery actions, who owes updates, the corporate
risks; the month chosen in the address; the same number of queries at two data sizes."""

import re
from html import unescape
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.urls.resolvers import URLResolver

from tests.reporting.dashboard_world import (
    INDICATOR_COMMENTARY,
    MONTH,
    RECOVERY,
    RED_COMMENTARY,
    build_dashboard_world,
    grow_council,
)
from tests.reporting.report_world import build_report_world

pytestmark = pytest.mark.django_db

ORIGINAL_REVERSE = URLResolver._reverse_with_prefix


@pytest.fixture(autouse=True)
def _today(settings):
    settings.PLANNING_TODAY = "2026-11-23"


@pytest.fixture
def board(world):
    build_report_world(world)
    return build_dashboard_world(world)


def page(client_for, persona="board", **query):
    response = client_for(persona).get(reverse("reporting:dashboard"), query)
    return response, unescape(response.content.decode())


def links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', html)]


def test_the_latest_complete_month_is_shown_by_default(client_for, board):
    response, html = page(client_for)
    assert response.status_code == 200
    assert "October 2026" in html
    assert 'value="2026-10" selected' in html


def test_red_actions_show_their_commentary_and_recovery_action_with_the_word(
    client_for, world, board
):
    _, html = page(client_for, month=MONTH)
    exceptions = html.split('id="exceptions"')[1]
    assert "Replant the park" in exceptions
    assert RED_COMMENTARY in exceptions
    assert RECOVERY in exceptions
    assert ">Red</strong>" in exceptions


def test_a_red_and_worsening_indicator_shows_its_commentary(client_for, board):
    _, html = page(client_for, month=MONTH)
    exceptions = html.split('id="exceptions"')[1]
    assert "PK-01 Park users satisfied" in exceptions
    assert INDICATOR_COMMENTARY in exceptions
    assert "Worsening" in exceptions


def test_an_overdue_action_and_its_lead_owing_an_update_are_listed(client_for, world, board):
    _, html = page(client_for, month=MONTH)
    exceptions = html.split('id="exceptions"')[1].split('id="overdue_updates"')[0]
    assert "Open the new branch library" in exceptions
    owing = html.split('id="overdue_updates"')[1].split('id="corporate_risks"')[0]
    assert str(world.people["other_head"]) in owing


def test_the_red_count_per_ambition_links_to_the_actions_behind_it(client_for, world, board):
    client = client_for("board")
    _, html = page(client_for, month=MONTH)
    wanted = f"month={MONTH}&rag=red&ambition={world.ambition.pk}"
    url = next(u for u in links(html) if u.endswith(wanted))
    listed = unescape(client.get(url).content.decode())
    assert "Replant the park" in listed
    assert RECOVERY in listed
    assert "Open the new branch library" not in listed
    assert "RAG Red" in listed


def test_every_count_on_the_page_answers(client_for, board):
    client = client_for("board")
    _, html = page(client_for, month=MONTH)
    drill = [u for u in links(html) if "/dashboard/actions/" in u or "indicators" in u]
    assert len(drill) > 20
    for url in set(drill):
        assert client.get(url).status_code == 200, url


def test_the_indicator_links_carry_the_month_and_direction(client_for, board):
    client = client_for("board")
    _, html = page(client_for, month=MONTH)
    url = next(u for u in links(html) if "travel=worsening" in u)
    listed = unescape(client.get(url).content.decode())
    assert "PK-01" in listed
    assert "PK-02" not in listed
    assert "worsening" in listed


def test_an_earlier_month_shows_the_rag_as_it_stood_then(client_for, world, board):
    _, html = page(client_for, month="2026-06")
    exceptions = html.split('id="exceptions"')[1]
    assert "No action is red." in exceptions  # the red update was for quarter 2


def test_a_month_not_in_the_list_is_refused_with_the_error_summary(client_for, board):
    response, html = page(client_for, month="2031-13")
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Choose a month from the list" in html
    response = client_for("board").get(reverse("reporting:dashboard-actions"), {"month": "x"})
    assert response.status_code == 400


def test_the_pages_only_answer_get(client_for, board):
    client = client_for("board")
    assert client.post(reverse("reporting:dashboard")).status_code == 405
    assert client.post(reverse("reporting:dashboard-actions")).status_code == 405


def test_with_no_complete_month_on_record_the_page_says_so(client_for, world, settings):
    settings.PLANNING_TODAY = "2026-04-10"
    world.year.__class__.objects.exclude(pk=world.year.pk).delete()
    response, html = page(client_for)
    assert response.status_code == 200
    assert "No complete month is on record yet." in html


def test_unknown_drill_down_filters_are_ignored_not_errors(client_for, board):
    response = client_for("board").get(
        reverse("reporting:dashboard-actions"),
        {"month": MONTH, "rag": "purple", "ambition": "x", "directorate": "9999", "lead": "1;"},
    )
    assert response.status_code == 200


def test_corporate_risks_and_the_heat_map_link_to_the_register(client_for, board):
    _, html = page(client_for, month=MONTH)
    risks = html.split('id="corporate_risks"')[1]
    assert "Medium-term budget gap is not closed" in risks
    assert "Heat map" in risks
    assert re.search(r'href="/risks/registers/\d+/\?[^"]*likelihood=4', risks) or re.search(
        r'href="[^"]*registers/\d+/\?[^"]*likelihood=4', risks
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_same_number_of_queries_at_two_sizes(client_for, world, board):
    client = client_for("board")
    urls = [
        f"{reverse('reporting:dashboard')}?month={MONTH}",
        f"{reverse('reporting:dashboard-actions')}?month={MONTH}&rag=red",
    ]
    grow_council(world, 1)
    small = [_count(client, url) for url in urls]
    grow_council(world, 6)
    large = [_count(client, url) for url in urls]
    assert small == large
    assert small[0] <= 25


def _reverses(client, url: str) -> int:
    with mock.patch.object(
        URLResolver, "_reverse_with_prefix", autospec=True, side_effect=ORIGINAL_REVERSE
    ) as reversed_:
        assert client.get(url).status_code == 200
    return reversed_.call_count


def test_links_are_resolved_a_fixed_number_of_times_at_two_sizes(client_for, world, board):
    """Every row's link is filled in from an address resolved once, not resolved per row."""
    client = client_for("board")
    urls = [
        f"{reverse('reporting:dashboard')}?month={MONTH}",
        f"{reverse('reporting:dashboard-actions')}?month={MONTH}",
    ]
    grow_council(world, 1)
    small = [_reverses(client, url) for url in urls]
    grow_council(world, 6)
    assert [_reverses(client, url) for url in urls] == small


def test_a_long_exception_list_shows_the_first_and_links_to_them_all(
    client_for, world, board, monkeypatch
):
    from reporting.dashboard import panels

    grow_council(world, 2)
    monkeypatch.setattr(panels, "LISTED", 1)
    _, html = page(client_for, month=MONTH)
    exceptions = html.split('id="exceptions"')[1].split('id="overdue_updates"')[0]
    assert "1 indicator rated red and worsening</a>." in exceptions
    assert "actions rated red</a>; the first 1 are shown, by service" in exceptions
    assert "the 1 longest overdue are shown" in exceptions
    bodies = re.findall(r"<tbody.*?</tbody>", exceptions, re.S)
    assert [body.count("<tr") for body in bodies] == [1, 1, 1]
    whole = next(u for u in links(exceptions) if "rag=red&travel=worsening" in u)
    listed = unescape(client_for("board").get(whole).content.decode())
    assert "PK-01" in listed


def test_a_lead_with_no_action_matching_is_still_named(client_for, world, board):
    head = world.people["head"]
    url = reverse("reporting:dashboard-actions")
    listed = client_for("board").get(url, {"month": MONTH, "lead": head.pk, "rag": "blue"})
    html = unescape(listed.content.decode())
    assert f"led by {head.first_name} {head.last_name}".strip() in html
    assert "No action matches." in html


def test_the_revenue_forecast_by_directorate_is_rated_in_words_and_links_to_its_services(
    client_for, board
):
    _, html = page(client_for, month="2026-09")
    revenue = html.split('id="revenue"')[1]
    # Parks forecasts £80,000 over £1m at September; Libraries £10,000 under £500,000
    assert "£1,080,000" in revenue
    assert "£490,000" in revenue
    assert "Council total" in revenue
    assert "RED: forecast overspend of £70,000 (4.7%)" in revenue
    assert "Red" in revenue
    overview = reverse("planning:finance-overview")
    assert any(h.startswith(f"{overview}?month=2026-09#directorate-") for h in links(revenue))


def test_the_revenue_forecast_reads_the_figures_reported_up_to_the_chosen_month(client_for, board):
    _, html = page(client_for, month="2026-10")
    assert "£2,000,000" in html.split('id="revenue"')[1]  # October's forecast for Parks


@pytest.mark.parametrize("persona", ["board", "lead", "admin"])
@pytest.mark.usefixtures("page_cache_off")  # reads the context of pages opened twice
def test_every_action_count_is_the_number_of_rows_behind_it(client_for, board, persona):
    client = client_for(persona)
    response = client.get(reverse("reporting:dashboard"), {"month": MONTH})
    panels = {panel.key: data for panel, data in response.context["panels"]}
    counted = [
        (cell["count"], cell["url"])
        for key in ("actions_by_ambition", "actions_by_directorate")
        for row in [*panels[key]["rows"], panels[key]["total"]]
        for cell in [
            *row["cells"],
            {"count": row["total"], "url": row["total_url"]},
            {"count": row["overdue"], "url": row["overdue_url"]},
        ]
    ]
    assert any(count for count, _ in counted)
    for count, url in counted:
        rows = client.get(url).context["result"]["rows"]
        assert len(rows) == count, url
