"""Rating rules that apply from a month on: the council's policy and an indicator's own
rules change by version, and the periods before keep the rules they were rated under."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from core.history import version_token
from performance import services
from performance.models import IndicatorRating, IndicatorRuleVersion, IndicatorValue, RagPolicy
from performance.services import ValueEntry
from planning.models import FinancialYear
from tests.performance.test_definition_edit import edit_url, form_data
from tests.performance.test_stored import stored_equals_computed

pytestmark = pytest.mark.django_db
D = dt.date
POLICY_URL = reverse("performance:rag-policy")


@pytest.fixture
def next_year(world):
    return FinancialYear.objects.create(start_year=world.year.start_year + 1)


def stored(definition, month) -> IndicatorRating:
    return IndicatorRating.objects.get(definition=definition, month=month)


def enter(definition, actor, month, value) -> None:
    entry = ValueEntry(definition=definition, month=month, value=Decimal(value))
    services.values_save(entries=[entry], actor=actor, reason="Entered", today=D(2028, 1, 1))


@pytest.mark.ratings_by_services
def test_a_policy_from_next_april_leaves_this_years_ratings_as_they_were(
    world, perf, next_year, django_capture_on_commit_callbacks
):
    head = world.people["head"]
    enter(perf.percent, head, D(2026, 5, 1), 82)
    services.target_set(
        definition=perf.percent,
        year=next_year,
        value=Decimal(90),
        justification="maintain",
        reason="",
        profile=None,
        actor=head,
    )
    enter(perf.percent, head, D(2027, 5, 1), 82)
    before = stored(perf.percent, D(2026, 12, 1))
    assert before.rating == "amber"

    with django_capture_on_commit_callbacks(execute=True):
        services.policy_set(
            tolerance_percent=Decimal(5),
            green_band_percent=None,
            actor=world.people["admin"],
            effective_from=D(2027, 4, 1),
        )

    after = stored(perf.percent, D(2026, 12, 1))
    assert (after.pk, after.rating, after.explanation) == (
        before.pk,
        "amber",
        before.explanation,
    )
    next_may = stored(perf.percent, D(2027, 5, 1))
    assert next_may.rating == "red"
    assert next_may.explanation == (
        "RED: 82.0% is 8.9% below the 90.0% target "
        "(red beyond 5%, under the council policy from April 2027)"
    )
    stored_equals_computed([perf.percent], world.year)
    stored_equals_computed([perf.percent], next_year)


@pytest.mark.ratings_by_services
def test_an_indicators_floor_from_october_keeps_the_months_before(world, perf):
    head = world.people["head"]
    for month in (5, 11):
        enter(perf.percent, head, D(2026, month, 1), 84)
    services.definition_update(
        definition=perf.percent,
        changes={"floor": Decimal(85)},
        actor=head,
        rules_from=D(2026, 10, 1),
    )
    assert stored(perf.percent, D(2026, 9, 1)).rating == "amber"
    november = stored(perf.percent, D(2026, 11, 1))
    assert november.rating == "red"
    assert f"under {perf.percent.ref}'s rules from October 2026)" in november.explanation
    versions = list(IndicatorRuleVersion.objects.filter(definition=perf.percent).order_by("pk"))
    assert [(v.effective_from, v.floor) for v in versions] == [
        (None, None),
        (D(2026, 10, 1), Decimal(85)),
    ]
    stored_equals_computed([perf.percent], world.year)


@pytest.mark.ratings_by_services
def test_a_later_decision_wins_from_its_own_month_only(world, perf):
    head = world.people["head"]
    for month in (5, 8, 11):
        enter(perf.percent, head, D(2026, month, 1), 84)
    change = {"definition": perf.percent, "actor": head}
    services.definition_update(changes={"floor": Decimal(85)}, rules_from=D(2026, 6, 1), **change)
    perf.percent.refresh_from_db()
    services.definition_update(changes={"floor": None}, rules_from=D(2026, 10, 1), **change)
    ratings = [stored(perf.percent, D(2026, m, 1)).rating for m in (5, 8, 11)]
    assert ratings == ["amber", "red", "amber"]
    stored_equals_computed([perf.percent], world.year)


def test_the_edit_form_asks_from_which_month_and_says_which_periods_change(
    client_for, world, perf, settings
):
    settings.PLANNING_TODAY = "2026-11-23"
    client = client_for("head")
    page = client.get(edit_url(perf.percent)).content.decode()
    assert "Apply changes to how it is rated from" in page
    assert '<option value="2026-11-01" selected>November 2026</option>' in page
    data = form_data(perf.percent, floor="85", rules_from="2026-09-01")
    response = client.post(edit_url(perf.percent), data, follow=True)
    html = response.content.decode()
    assert "the ratings of September 2026 to October 2026 are worked out again" in html
    assert "Versions of its rating rules" in html
    assert "From September 2026" in html
    assert "From the start" in html


def test_a_month_not_offered_is_refused_and_typing_is_kept(client_for, perf):
    data = form_data(perf.percent, floor="85", rules_from="1999-04-01")
    response = client_for("head").post(edit_url(perf.percent), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the month the change applies from" in html
    assert 'value="85"' in html
    assert not IndicatorRuleVersion.objects.exists()


def test_the_policy_page_shows_each_version_and_when_it_applies(client_for, world, perf, settings):
    settings.PLANNING_TODAY = "2026-11-23"
    client = client_for("admin")
    page = client.get(POLICY_URL).content.decode()
    data = {
        "version": version_token(None),
        "tolerance_percent": "5",
        "green_band_percent": "",
        "effective_from": "2027-04-01",
        "save": "save",
    }
    response = client.post(POLICY_URL, data, follow=True)
    html = response.content.decode()
    assert "Apply from" in page
    assert "no period rated so far changes: it applies from April 2027" in html
    assert "In force: the default, amber within 10% of target." in html
    assert "From April 2027: Amber within 5% of target." in html
    assert "applying from April 2027; recorded" in html
    assert RagPolicy.objects.get().effective_from == D(2027, 4, 1)


def test_values_entered_after_a_dated_change_are_rated_under_their_months_rules(world, perf):
    IndicatorValue.objects.create(definition=perf.percent, month=D(2026, 5, 1), value=84)
    RagPolicy.objects.create(tolerance_percent=Decimal(5), effective_from=D(2026, 8, 1))
    IndicatorValue.objects.create(definition=perf.percent, month=D(2026, 9, 1), value=84)
    assert stored(perf.percent, D(2026, 6, 1)).rating == "amber"
    assert stored(perf.percent, D(2026, 9, 1)).rating == "red"
