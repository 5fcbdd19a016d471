"""Linking an indicator in a plan up the golden thread, in the browser: what it measures."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from core.history import version_token
from performance.models import IndicatorUsage
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def usage(perf, world) -> IndicatorUsage:
    return IndicatorUsage.objects.get(plan=world.service_plan, definition=perf.percent)


def url(usage) -> str:
    return reverse("performance:usage-serves", args=[usage.pk])


def post(client, usage, serves: str, version: str | None = None):
    version = version_token(usage) if version is None else version
    return client.post(url(usage), {"serves": serves, "version": version})


def test_head_links_an_indicator_to_a_delivery_plan_activity(client_for, world, usage):
    response = post(client_for("head"), usage, f"activity:{world.activity.pk}")
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("performance:plan-definitions", args=[world.service_plan.pk])
        + f"#def-{usage.definition_id}"
    )
    usage.refresh_from_db()
    assert usage.serves == world.activity
    assert usage.serves_action_id is None
    latest = usage.history.latest()
    assert latest.history_user == world.people["head"]
    assert latest.history_change_reason.startswith("Linked to delivery plan activity")


def test_manager_links_an_indicator_to_a_corporate_ambition(client_for, world, usage):
    response = post(client_for("manager"), usage, f"ambition:{world.ambition.pk}")
    assert response.status_code == 302
    usage.refresh_from_db()
    assert usage.serves == world.ambition


def test_unlinking_says_so_in_history(client_for, usage):
    response = post(client_for("head"), usage, "")
    assert response.status_code == 302
    usage.refresh_from_db()
    assert usage.serves is None
    assert usage.history.latest().history_change_reason == "Unlinked"


def test_the_form_offers_the_plans_own_actions_the_years_activities_and_ambitions(
    client_for, world, usage
):
    body = client_for("head").get(url(usage)).content.decode()
    assert f'value="action:{world.action.pk}" selected' in body
    assert f'value="activity:{world.activity.pk}"' in body
    assert f'value="ambition:{world.ambition.pk}"' in body
    assert f'value="action:{world.other_action.pk}"' not in body  # another service's plan
    assert f'value="priority:{world.priority.pk}"' not in body


def test_another_plans_action_is_refused_with_the_pickers_one_message(client_for, world, usage):
    response = post(client_for("head"), usage, f"action:{world.other_action.pk}")
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Choose an item from 2026/27 in the list" in body
    assert f'value="action:{world.other_action.pk}" selected' not in body
    usage.refresh_from_db()
    assert usage.serves == world.action


def test_a_personal_objective_is_refused_as_downward(client_for, world, usage):
    response = post(client_for("head"), usage, f"objective:{world.objective.pk}")
    assert response.status_code == 400
    body = response.content.decode()
    assert "a personal objective is below the plan&#x27;s own actions" in body
    assert "Choose an item from a higher level (service action, delivery plan activity" in body


def test_a_directorate_priority_is_refused_with_what_may_be_chosen(client_for, world, usage):
    response = post(client_for("head"), usage, f"priority:{world.priority.pk}")
    assert response.status_code == 400
    assert "not a directorate priority" in response.content.decode()


def test_another_years_activity_is_refused(client_for, usage):
    old = f.ActivityFactory(plan__year=f.FinancialYearFactory(start_year=2025))
    response = post(client_for("head"), usage, f"activity:{old.pk}")
    assert response.status_code == 400
    assert "Choose an item from 2026/27" in response.content.decode()


def test_an_ambition_of_a_plan_not_covering_the_year_is_refused(client_for, usage):
    later = f.AmbitionFactory(plan__first_year=f.FinancialYearFactory(start_year=2027))
    response = post(client_for("head"), usage, f"ambition:{later.pk}")
    assert response.status_code == 400
    assert "Choose an item from 2026/27 in the list" in response.content.decode()


@pytest.mark.parametrize("value", ["nonsense", "activity:abc", "planet:1", "activity:999999"])
def test_malformed_choices_are_refused_with_an_error_summary(client_for, usage, value):
    response = post(client_for("head"), usage, value)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_a_link_changed_meanwhile_is_not_overwritten(client_for, world, usage):
    seen = version_token(usage)
    assert post(client_for("manager"), usage, f"ambition:{world.ambition.pk}").status_code == 302
    response = post(client_for("head"), usage, f"activity:{world.activity.pk}", version=seen)
    assert response.status_code == 409
    body = response.content.decode()
    assert "was changed by" in body
    assert "while you were editing" in body
    assert f'value="activity:{world.activity.pk}" selected' in body  # their choice is kept
    usage.refresh_from_db()
    assert usage.serves == world.ambition
    again = post(client_for("head"), usage, f"activity:{world.activity.pk}")
    assert again.status_code == 302
    usage.refresh_from_db()
    assert usage.serves == world.activity


def test_the_page_lists_who_changed_the_link_and_when(client_for, world, usage):
    post(client_for("head"), usage, f"activity:{world.activity.pk}")
    body = client_for("manager").get(url(usage)).content.decode()
    assert "Changes to this link" in body
    assert escape(f"Changed by {world.people['head']}") in body
    assert "Linked to delivery plan activity" in body


def test_the_plans_definitions_page_offers_the_change_link_only_to_those_who_may(
    client_for, world, usage
):
    page = reverse("performance:plan-definitions", args=[world.service_plan.pk])
    assert url(usage) in client_for("head").get(page).content.decode()
    assert url(usage) not in client_for("staff").get(page).content.decode()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused(client_for, usage, method):
    assert getattr(client_for("head"), method)(url(usage)).status_code == 405


def test_the_database_rules_hold_outside_the_form_too(world, usage):
    usage.set_serves(world.other_action)
    with pytest.raises(ValidationError, match="own actions"):
        usage.full_clean()
    with pytest.raises(ValidationError, match="below the plan's own actions"):
        usage.set_serves(world.objective)


def test_the_form_runs_the_same_queries_however_many_items_there_are(
    client_for, world, usage, django_assert_num_queries
):
    client = client_for("head")
    client.get(url(usage))  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(usage)).status_code == 200
    small_count = len(small.captured_queries)  # read now: the query log is a bounded deque
    for _ in range(5):
        f.ActivityFactory(plan=world.delivery)
        f.AmbitionFactory(plan=world.corporate)
        f.ActionFactory(plan=world.service_plan)
    # The writes retire what was kept for the reader (their menu's count): warm again, so
    # both counts are of the page alone, at two sizes.
    client.get(url(usage))
    with django_assert_num_queries(small_count):
        assert client.get(url(usage)).status_code == 200
