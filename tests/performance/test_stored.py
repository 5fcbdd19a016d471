"""Stored ratings: written by the services in the same transaction as each change, read by
the lists, and recalculated in the background when the council's policy changes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.urls import reverse

from core.history import version_token
from performance import rag, services
from performance.models import (
    IndicatorDefinition,
    IndicatorRating,
    IndicatorValue,
    JobStatus,
    RagPolicy,
    RatingsRebuild,
)
from performance.selectors import IndicatorFilters, indicator_list, statuses_for
from performance.services import ValueEntry
from performance.stored import ratings_rebuild, stored_statuses
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 6, 1)
D = dt.date


def stored_equals_computed(definitions, year, month=None) -> None:
    computed = statuses_for(definitions, year=year, upto=month)
    stored = stored_statuses(definitions, year=year, upto=month)
    for d in definitions:
        same(stored[d.pk], computed[d.pk])


def same(stored, computed) -> None:
    where = (computed.definition.ref, computed.year.start_year)
    assert (stored.latest is None) == (computed.latest is None), where
    if computed.latest is not None:
        assert stored.latest.month == computed.latest.month, where
        assert tuple(stored.latest.row) == tuple(computed.latest.row), where
    assert str(stored.value_to_date) == str(computed.value_to_date), where
    assert str(stored.target_to_date) == str(computed.target_to_date), where
    assert stored.rating == computed.rating, where
    assert stored.travel_previous == computed.travel_previous, where
    assert stored.travel_last_year == computed.travel_last_year, where


def enter(definition, actor, month, value, **more) -> int:
    entry = ValueEntry(definition=definition, month=month, value=Decimal(value), **more)
    return services.values_save(entries=[entry], actor=actor, reason="Entered", today=TODAY)


@pytest.mark.ratings_by_services
def test_a_saved_value_is_rated_and_stored_by_the_service(world, perf):
    ratings_rebuild()
    enter(perf.percent, world.people["head"], D(2026, 4, 1), 82, commentary="A wet April")
    row = IndicatorRating.objects.get(definition=perf.percent, year=world.year, month=D(2026, 4, 1))
    assert row.rating == "amber"
    assert row.explanation == "AMBER: 82.0% is 8.9% below the 90.0% target (amber within 10%)"
    assert row.commentary == "A wet April"
    assert IndicatorRating.objects.filter(definition=perf.percent, year=world.year).count() == 12
    stored_equals_computed([perf.percent], world.year, D(2026, 4, 1))
    stored_equals_computed([perf.percent], world.year)


@pytest.mark.ratings_by_services
def test_a_value_changes_next_years_comparison_with_last_year(world, perf):
    next_year = f.FinancialYearFactory(start_year=2027)
    ratings_rebuild()
    head = world.people["head"]
    enter(perf.percent, head, D(2027, 4, 1), 80)
    enter(perf.percent, head, D(2026, 4, 1), 70)
    april = stored_statuses([perf.percent], year=next_year, upto=D(2027, 4, 1))[perf.percent.pk]
    assert april.travel_last_year.word == "Improving"
    stored_equals_computed([perf.percent], next_year, D(2027, 4, 1))


@pytest.mark.ratings_by_services
def test_a_year_added_after_its_values_is_rated_when_it_is_added(world, perf):
    ratings_rebuild()
    head = world.people["head"]
    enter(perf.percent, head, D(2026, 4, 1), 70)
    # A value for a month of a year the council has not added yet, then the year.
    IndicatorValue.objects.create(
        definition=perf.percent, month=D(2027, 5, 1), value=Decimal(80), entered_by=head
    )
    next_year = f.FinancialYearFactory(start_year=2027)
    may = stored_statuses([perf.percent], year=next_year, upto=D(2027, 5, 1))[perf.percent.pk]
    assert may.latest is not None
    assert may.latest.month == D(2027, 5, 1)
    assert may.travel_last_year.word == "No comparison"
    stored_equals_computed([perf.percent], next_year, D(2027, 5, 1))
    stored_equals_computed([perf.percent], next_year)


@pytest.mark.ratings_by_services
def test_a_target_and_a_definition_change_rewrite_the_stored_ratings(world, perf):
    ratings_rebuild()
    head = world.people["head"]
    enter(perf.percent, head, D(2026, 4, 1), 82)
    services.target_set(
        definition=perf.percent,
        year=world.year,
        value=Decimal(80),
        justification="maintain",
        reason="",
        profile=None,
        actor=head,
        change_reason="Reset",
    )
    stored_equals_computed([perf.percent], world.year)
    assert stored_statuses([perf.percent], year=world.year)[perf.percent.pk].rating.word == "Green"
    services.definition_update(
        definition=perf.percent, changes={"polarity": "lower"}, actor=head, change_reason="Wrong"
    )
    stored_equals_computed([IndicatorDefinition.objects.get(pk=perf.percent.pk)], world.year)


@pytest.mark.ratings_by_services
def test_a_value_removed_in_the_admin_is_no_longer_rated(rf, world, perf):
    ratings_rebuild()
    enter(perf.percent, world.people["head"], D(2026, 4, 1), 82)
    value = IndicatorValue.objects.get(definition=perf.percent)
    request = rf.post("/")
    request.user = world.people["admin"]
    site._registry[IndicatorValue].delete_model(request, value)
    stored = stored_statuses([perf.percent], year=world.year)[perf.percent.pk]
    assert stored.rating.word == "No data"
    stored_equals_computed([perf.percent], world.year)


def test_an_indicator_without_stored_rows_reads_as_nothing_held(world, perf):
    IndicatorRating.objects.all().delete()
    statuses = stored_statuses([perf.percent, perf.data_only], year=world.year)
    assert statuses[perf.percent.pk].rating.word == "No data"
    assert statuses[perf.data_only.pk].rating.word == "Not rated"
    assert statuses[perf.percent.pk].travel_previous.word == "No comparison"


# --- the council's policy -------------------------------------------------------------

POLICY_URL = reverse("performance:rag-policy")


def policy_data(**changes) -> dict:
    current = RagPolicy.objects.order_by("-pk").first()
    return {
        "version": version_token(current),
        "tolerance_percent": "10",
        "green_band_percent": "",
        "save": "save",
    } | changes


def test_an_administrator_changes_the_policy_and_every_rating_is_recalculated(
    client_for, world, perf, django_capture_on_commit_callbacks
):
    IndicatorValue.objects.create(definition=perf.percent, month=D(2026, 4, 1), value=Decimal(82))
    client = client_for("admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(POLICY_URL, policy_data(tolerance_percent="5"))
    assert response.status_code == 302
    assert RagPolicy.objects.order_by("-pk").first().tolerance_percent == Decimal(5)
    job = RatingsRebuild.objects.get()
    assert (job.status, job.done, job.total) == (JobStatus.DONE, 5, 5)
    assert job.requested_by == world.people["admin"]
    body = client_for("head").get(
        reverse("performance:plan-indicators", args=[world.service_plan.pk])
    )
    assert "RED: 82.0% is 8.9% below the 90.0% target (red beyond 5%)" in body.content.decode()
    page = client_for("admin").get(POLICY_URL).content.decode()
    assert "5 of 5 indicators" in page
    assert "Amber within 5% of target" in page


def test_while_a_recalculation_runs_the_lists_say_so(client_for, world, perf):
    policy = RagPolicy.objects.create(tolerance_percent=Decimal(5))
    RatingsRebuild.objects.create(policy=policy, total=5, done=2, status=JobStatus.RUNNING)
    html = client_for("lead").get(reverse("performance:indicator-list")).content.decode()
    assert "Ratings are being recalculated" in html
    page = client_for("admin").get(POLICY_URL).content.decode()
    assert "2 of 5 indicators" in page
    assert "Check progress again" in page


def test_a_policy_is_refused_without_a_tolerance_and_typing_is_kept(client_for, perf):
    response = client_for("admin").post(
        POLICY_URL, policy_data(tolerance_percent="", green_band_percent="2")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter the amber tolerance as a percentage from 0 to 100" in html
    assert 'value="2"' in html
    assert not RatingsRebuild.objects.exists()


def test_a_policy_put_in_force_meanwhile_is_not_overwritten(client_for, perf):
    RagPolicy.objects.create(tolerance_percent=Decimal(10))
    stale = policy_data(tolerance_percent="7")
    RagPolicy.objects.create(tolerance_percent=Decimal(15))
    response = client_for("admin").post(POLICY_URL, stale)
    assert response.status_code == 409
    assert RagPolicy.objects.order_by("-pk").first().tolerance_percent == Decimal(15)


@pytest.mark.parametrize("persona", ["lead", "head", "board"])
def test_only_an_administrator_changes_the_policy(client_for, perf, persona):
    client = client_for(persona)
    assert client.get(POLICY_URL).status_code == 403
    assert client.post(POLICY_URL, policy_data(tolerance_percent="5")).status_code == 403
    assert RagPolicy.objects.count() == 0


def test_the_policy_cannot_be_changed_in_the_admin(client_for, perf):
    RagPolicy.objects.create(tolerance_percent=Decimal(10))
    client = client_for("admin")
    assert client.get(reverse("admin:performance_ragpolicy_add")).status_code == 403


def test_a_recalculation_overtaken_by_a_later_policy_stops(world, perf):
    from performance.stored import ratings_rebuild_run

    first = RatingsRebuild.objects.create(policy=RagPolicy.objects.create())
    RatingsRebuild.objects.create(policy=RagPolicy.objects.create(tolerance_percent=5))
    ratings_rebuild_run(job_id=first.pk)
    first.refresh_from_db()
    assert first.status == JobStatus.DONE
    assert "Overtaken" in first.note


def test_the_command_recalculates_everything_and_finishes_waiting_jobs(world, perf, capsys):
    job = RatingsRebuild.objects.create(policy=RagPolicy.objects.create(), note="Waiting")
    IndicatorRating.objects.all().delete()
    call_command("ratings_rebuild")
    assert "Stored ratings recalculated for 5 indicators" in capsys.readouterr().out
    assert IndicatorRating.objects.filter(year=world.year).count() == 5 * 12
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


# --- the list reads the stored rows, a page at a time ---------------------------------


def test_the_list_pages_fifty_at_a_time_keeping_its_filters(client_for, world, perf):
    for n in range(60):
        IndicatorDefinition.objects.create(
            ref=f"ZZ-{n:02}", name=f"Extra {n}", type="output", aggregation="sum",
            service=world.service,
        )  # fmt: skip
    url = reverse("performance:indicator-list")
    first = client_for("lead").get(f"{url}?type=output").content.decode()
    assert "61 indicators" in first  # PK-02 and the sixty
    assert "Page 1 of 2" in first
    assert "type=output&amp;page=2" in first or "page=2&amp;type=output" in first
    second = client_for("lead").get(f"{url}?type=output&page=2").content.decode()
    assert "ZZ-59" in second
    assert "ZZ-00" not in second


@pytest.mark.parametrize("month", [None, D(2026, 4, 1)])
def test_filtering_the_list_by_a_rating_lists_exactly_the_indicators_with_it(world, perf, month):
    """A stored rating is found by index and "nothing held" by its absence: either way the
    filtered list and its counts are those of the whole list's indicators with the rating."""
    head, april = world.people["head"], D(2026, 4, 1)
    enter(perf.percent, head, april, 40)  # well short of 90
    enter(perf.days, head, april, 10)  # on target
    enter(perf.data_only, head, april, 500)
    enter(perf.libraries, world.people["other_head"], april, 5)
    IndicatorRating.objects.filter(definition=perf.corporate).delete()  # nothing held
    lead = world.people["lead"]

    def listed(rating=""):
        filters = IndicatorFilters(rating=rating, month=month)
        return indicator_list(filters=filters, year=world.year, user=lead, per_page=1000)

    everything = listed()
    by_rating = {}
    for status in everything.statuses:
        by_rating.setdefault(status.rating.rating, set()).add(status.definition.ref)
    assert len(by_rating) >= 3
    for rating in rag.Rating:
        only = listed(rating.value)
        refs = {status.definition.ref for status in only.statuses}
        assert refs == by_rating.get(rating, set()), rating
        assert only.total == len(refs)
        assert dict(only.counts)[rating] == len(refs)


def test_the_command_on_start_does_nothing_once_ratings_are_stored(world, perf, capsys):
    call_command("ratings_rebuild", "--if-empty")
    assert "nothing to do" in capsys.readouterr().out
    IndicatorRating.objects.all().delete()
    call_command("ratings_rebuild", "--if-empty")
    assert "recalculated for 5 indicators" in capsys.readouterr().out


@pytest.mark.parametrize(("persona", "shown"), [("admin", True), ("lead", False), ("board", False)])
def test_the_indicator_list_links_to_the_policy_page_for_those_who_may_change_it(
    client_for, perf, persona, shown
):
    page = client_for(persona).get(reverse("performance:indicator-list")).content.decode()
    assert (f'href="{POLICY_URL}"' in page) is shown


def test_the_council_states_percentage_misses_in_points_and_every_rating_says_so(
    client_for, world, perf, django_capture_on_commit_callbacks
):
    IndicatorValue.objects.create(definition=perf.percent, month=D(2026, 4, 1), value=Decimal(88))
    ratings_rebuild()
    client = client_for("admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(POLICY_URL, policy_data(gaps_in_points="on"))
    assert response.status_code == 302
    assert RagPolicy.objects.order_by("-pk").first().gaps_in_points
    body = client_for("head").get(
        reverse("performance:plan-indicators", args=[world.service_plan.pk])
    )
    assert (
        "AMBER: 88.0% is 2.0 percentage points below the 90.0% target "
        "(amber within 10% of the target)"
    ) in body.content.decode()
    page = client_for("admin").get(POLICY_URL).content.decode()
    assert "misses stated in percentage points" in page
    assert "checked" in page.split('name="gaps_in_points"')[1].split(">")[0]


def test_an_indicators_rules_are_read_only_in_the_admin(client_for, perf):
    """Rules change by version from a chosen month on the indicator's page; the admin must
    not change them for every period at once (nor be ignored once versions exist)."""
    client = client_for("admin")
    url = reverse("admin:performance_indicatordefinition_change", args=[perf.percent.pk])
    page = client.get(url).content.decode()
    assert 'name="name"' in page
    assert 'name="tolerance_percent"' not in page
    assert 'name="floor"' not in page
    add = client.get(reverse("admin:performance_indicatordefinition_add")).content.decode()
    assert 'name="tolerance_percent"' in add
