"""The performance pages, as a head of service, a reader and an owner use them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from core.history import version_token
from performance import views
from performance.models import IndicatorValue

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr(views, "today", lambda: TODAY)


def values_url(world, quarter: int | None = None):
    """The entry grid; without a quarter, the one of the latest month due (Q3 on TODAY)."""
    url = reverse("performance:plan-values", args=[world.service_plan.pk])
    return url if quarter is None else f"{url}?quarter={quarter}"


def key(definition, month: str) -> str:
    return f"{definition.pk}-{month}"


def test_head_of_service_enters_values_and_sees_the_rating_explained(client_for, world, perf):
    client = client_for("head")
    data = {
        f"v-{key(perf.percent, '202604')}": "88",
        f"c-{key(perf.percent, '202604')}": "Spring survey",
        f"v-{key(perf.percent, '202605')}": "84",
        f"v-{key(perf.percent, '202606')}": "80",
        f"c-{key(perf.percent, '202606')}": "Wet June",
        f"p-{key(perf.percent, '202606')}": "1",
        f"y-{key(perf.percent, '202606')}": "85",
    }
    response = client.post(values_url(world, quarter=1), data)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "performance:plan-indicators", args=[world.service_plan.pk]
    )
    june = IndicatorValue.objects.get(definition=perf.percent, month=dt.date(2026, 6, 1))
    assert june.value == Decimal(80)
    assert june.provisional is True
    assert june.projected_year_end == Decimal(85)
    assert june.entered_by == world.people["head"]
    assert june.is_late is True  # June closed at the end of July
    assert june.history.first().history_user == world.people["head"]

    page = client.get(response["Location"]).content.decode()
    # average of 88, 84, 80 is 84 against 90: 6.7% below, amber
    assert "AMBER: 84.0% is 6.7% below the 90.0% target (amber within 10%)" in page
    assert "Worsening" in page
    assert "Wet June" in page
    assert '<strong class="gt-rag gt-rag--amber">Amber</strong>' in page


def test_an_invalid_value_is_refused_and_every_typed_value_kept(client_for, world, perf):
    data = {
        f"v-{key(perf.percent, '202604')}": "88",
        f"c-{key(perf.percent, '202604')}": "Kept commentary",
        f"v-{key(perf.percent, '202605')}": "eighty",
        f"v-{key(perf.days, '202604')}": "12.5",
    }
    response = client_for("head").post(values_url(world, quarter=1), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter the May 2026 value for PK-01 as a number, like 82.5" in body
    assert f'href="#v-{key(perf.percent, "202605")}"' in body
    assert 'value="88"' in body
    assert "Kept commentary" in body
    assert 'value="eighty"' in body
    assert 'value="12.5"' in body
    assert not IndicatorValue.objects.exists()


def test_months_not_yet_ended_take_no_values(client_for, world, perf):
    body = client_for("head").get(values_url(world)).content.decode()
    assert f'name="v-{key(perf.percent, "202610")}"' in body
    assert f'name="v-{key(perf.percent, "202611")}"' not in body
    assert "Not open yet" in body


def test_head_does_not_get_the_corporate_measure_in_the_grid(client_for, world, perf):
    body = client_for("head").get(values_url(world)).content.decode()
    assert "PK-01" in body
    assert "CP-01" not in body


def test_owner_enters_the_corporate_measure_once_for_every_plan(client_for, world, perf):
    data = {f"v-{key(perf.corporate, '202609')}": "71"}
    response = client_for("director").post(values_url(world, quarter=2), data)
    assert response.status_code == 302
    for plan in (world.service_plan, world.other_plan):
        url = reverse("performance:plan-indicators", args=[plan.pk])
        body = client_for("lead").get(url).content.decode()
        assert "CP-01" in body
        assert "71.0%" in body


def test_a_posted_field_for_someone_elses_indicator_is_ignored(client_for, world, perf):
    data = {
        f"v-{key(perf.percent, '202604')}": "90",
        f"v-{key(perf.corporate, '202604')}": "1",
    }
    assert client_for("head").post(values_url(world, quarter=1), data).status_code == 302
    assert not IndicatorValue.objects.filter(definition=perf.corporate).exists()


def test_a_value_cannot_be_blanked_once_entered(client_for, world, perf):
    cell = key(perf.percent, "202604")
    client = client_for("head")
    client.post(values_url(world, quarter=1), {f"v-{cell}": "90"})
    held = IndicatorValue.objects.get(definition=perf.percent)
    response = client.post(
        values_url(world, quarter=1), {f"v-{cell}": "", f"s-{cell}": version_token(held)}
    )
    assert response.status_code == 400
    assert "can be corrected but not removed" in response.content.decode()
    assert IndicatorValue.objects.get(definition=perf.percent).value == Decimal(90)


def test_data_only_indicator_is_not_rated(client_for, world, perf):
    client_for("head").post(
        values_url(world, quarter=1), {f"v-{key(perf.data_only, '202604')}": "1500"}
    )
    body = (
        client_for("head")
        .get(reverse("performance:plan-indicators", args=[world.service_plan.pk]))
        .content.decode()
    )
    assert "NOT RATED: a data-only indicator has no target (data-only indicator)" in body


def test_grid_wrong_method(client_for, world, perf):
    response = client_for("head").put(values_url(world))
    assert response.status_code == 405


def test_indicator_list_filters_live_in_the_query_string(client_for, world, perf):
    client_for("head").post(
        values_url(world, quarter=1), {f"v-{key(perf.percent, '202604')}": "70"}
    )
    client = client_for("lead")
    url = reverse("performance:indicator-list")
    body = client.get(url, {"rag": "red"}).content.decode()
    assert "PK-01" in body
    assert "PK-02" not in body
    body = client.get(url, {"delivery_plan": "1"}).content.decode()
    assert "PK-01" in body
    assert "CP-01" in body
    assert "PK-02" not in body
    body = client.get(url, {"directorate": world.other_service.directorate_id}).content.decode()
    assert "LB-01" in body
    assert "PK-01 " not in body
    body = client.get(url, {"type": "output"}).content.decode()
    assert "PK-02" in body
    assert "LB-01" not in body
    body = client.get(url, {"service": world.other_service.pk}).content.decode()
    assert "LB-01" in body
    assert "CP-01" in body
    assert "PK-02" not in body
    assert 'value="red" selected' in client.get(url, {"rag": "red"}).content.decode()


def test_indicator_list_ignores_nonsense_filters(client_for, world, perf):
    url = reverse("performance:indicator-list")
    response = client_for("lead").get(url, {"rag": "purple", "directorate": "x", "type": "?"})
    assert response.status_code == 200
    assert "PK-01" in response.content.decode()


def test_indicator_page_has_an_accessible_chart_and_who_entered_what(client_for, world, perf):
    data = {
        f"v-{key(perf.percent, '202604')}": "92",
        f"v-{key(perf.percent, '202605')}": "91",
    }
    client_for("head").post(values_url(world, quarter=1), data)
    body = client_for("board").get(perf.percent.get_absolute_url()).content.decode()
    assert 'role="img"' in body
    assert '<title id="chart-title">' in body
    assert '<desc id="chart-desc">' in body
    assert "The chart&#x27;s numbers" in body or "The chart's numbers" in body
    assert "GREEN: 91.5% meets the 90.0% target (target met)" in body
    history = body.split('id="value-history"')[1]
    assert escape(str(world.people["head"])) in history  # a name may hold an apostrophe
    assert "Entered in the grid" in history


def test_a_value_saved_by_someone_else_meanwhile_is_not_overwritten(client_for, world, perf):
    cell = key(perf.percent, "202604")
    client = client_for("head")
    client.post(values_url(world, quarter=1), {f"v-{cell}": "90"})
    page = client.get(values_url(world, quarter=1)).content.decode()
    seen = page.split(f'name="s-{cell}" value="')[1].split('"')[0]
    assert seen

    other = client_for("manager")
    other.post(values_url(world, quarter=1), {f"v-{cell}": "70", f"s-{cell}": seen})
    assert IndicatorValue.objects.get(definition=perf.percent).value == Decimal(70)

    client = client_for("head")
    response = client.post(values_url(world, quarter=1), {f"v-{cell}": "95", f"s-{cell}": seen})
    assert response.status_code == 400
    body = response.content.decode()
    assert "PK-01 for April 2026 was changed by" in body
    assert "it is now 70.0%. Check it, then save again" in body
    assert 'value="95"' in body  # what they typed is kept
    assert IndicatorValue.objects.get(definition=perf.percent).value == Decimal(70)


def test_a_month_filled_in_by_someone_else_meanwhile_is_not_overwritten(client_for, world, perf):
    cell = key(perf.percent, "202605")
    client_for("manager").post(values_url(world, quarter=1), {f"v-{cell}": "70"})
    response = client_for("head").post(
        values_url(world, quarter=1), {f"v-{cell}": "95", f"s-{cell}": ""}
    )
    assert response.status_code == 400
    assert "was changed by" in response.content.decode()


def test_a_percentage_typed_with_a_decimal_comma_is_refused_not_saved_ten_times_over(
    client_for, world, perf
):
    data = {
        f"v-{key(perf.percent, '202604')}": "85,2%",
        f"v-{key(perf.percent, '202605')}": "85.2%",
        f"v-{key(perf.days, '202604')}": "12%",
    }
    response = client_for("head").post(values_url(world, quarter=1), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the April 2026 value for PK-01 with a full stop for decimals, like 85.2" in body
    assert "Enter the April 2026 value for PK-02 as a number without a % sign" in body
    assert 'value="85,2%"' in body
    assert not IndicatorValue.objects.exists()


def test_the_service_filter_tells_nothing_of_a_plan_out_of_reach(client_for, world, perf):
    """Leisure's draft plan uses a Parks indicator: only those who may open that plan
    find the indicator under Leisure."""
    from performance.models import IndicatorUsage

    IndicatorUsage.objects.create(plan=world.other_draft_plan, definition=perf.days)
    url = reverse("performance:indicator-list")
    leisure = {"service": world.other_draft_plan.service_id}

    def listed(persona):
        result = client_for(persona).get(url, leisure).context["result"]
        return {status.definition.ref for status in result.statuses}

    assert perf.days.ref in listed("admin")
    assert perf.days.ref in listed("lead")
    assert perf.days.ref not in listed("staff")
    assert perf.days.ref not in listed("other_staff")
