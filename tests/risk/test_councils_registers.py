"""Registers as councils keep them (issue 15): targets to be confirmed, score-only
registers, backdated reviews and the review cadence of each band."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from core import periods
from core.history import version_token
from risk import rules, selectors, services
from risk.models import Risk, RiskMatrix, RiskReview
from tests.risk.test_views import add_form
from tests.risk.world import make_risk

pytestmark = pytest.mark.django_db


# --- a target score "to be confirmed" -------------------------------------------------


def test_a_risk_may_have_its_target_to_be_confirmed(risk_world, world):
    risk = make_risk(
        risk_world.parks,
        world.people["head"],
        "PK-20",
        target_likelihood=None,
        target_impact=None,
        target_to_be_confirmed=True,
    )
    risk.refresh_from_db()
    assert risk.target_score is None
    assert risk.target_shown == "To be confirmed"


@pytest.mark.parametrize(
    "fields",
    [
        {"target_likelihood": None, "target_impact": None},
        {"target_likelihood": 2, "target_impact": None},
        {"target_likelihood": 2, "target_impact": 2, "target_to_be_confirmed": True},
    ],
)
def test_a_target_is_given_or_to_be_confirmed_never_neither_or_both(risk_world, world, fields):
    with pytest.raises(ValidationError):
        make_risk(risk_world.parks, world.people["head"], "PK-21", **fields)


def test_the_database_refuses_a_target_both_given_and_to_be_confirmed(risk_world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk_world.risk.pk).update(target_to_be_confirmed=True)


def test_head_adds_a_risk_whose_target_is_to_be_confirmed(client_for, risk_world, world):
    url = reverse("risk:risk-add", args=[risk_world.parks.pk])
    form = add_form(world, target_likelihood="", target_impact="", target_to_be_confirmed="on")
    response = client_for("head").post(url, form)
    assert response.status_code == 302
    risk = Risk.objects.get(register=risk_world.parks, ref="PK-10")
    assert risk.target_to_be_confirmed
    register = client_for("head").get(risk_world.parks.get_absolute_url()).content.decode()
    assert "To be confirmed" in register
    assert "Target score to be confirmed for 1 of them" in register
    page = client_for("head").get(risk.get_absolute_url()).content.decode()
    assert 'Target score</dt><dd class="govuk-summary-list__value">To be confirmed' in page


def test_adding_a_risk_with_no_target_and_no_tick_says_what_to_do(client_for, risk_world, world):
    url = reverse("risk:risk-add", args=[risk_world.parks.pk])
    response = client_for("head").post(url, add_form(world, target_impact=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the target impact, or mark the target to be confirmed" in html
    assert "Playground equipment fails inspection" in html


def test_adding_a_target_and_ticking_to_be_confirmed_is_refused(client_for, risk_world, world):
    url = reverse("risk:risk-add", args=[risk_world.parks.pk])
    response = client_for("head").post(url, add_form(world, target_to_be_confirmed="on"))
    assert response.status_code == 400
    assert "or mark the target to be confirmed, not both" in response.content.decode()
    assert not Risk.objects.filter(ref="PK-10").exists()


# --- the next review follows the band's cadence: one date everywhere -------------------


def test_a_stale_next_review_date_is_not_shown_anywhere(client_for, risk_world):
    """PK-01 scores 9 (Medium: every 90 days) and was last reviewed on 1 October 2026; a
    next review date typed or left over from before does not count."""
    risk = risk_world.risk
    Risk.objects.filter(pk=risk.pk).update(
        last_review_date=dt.date(2026, 10, 1), next_review_date=dt.date(2030, 1, 1)
    )
    register = client_for("head").get(risk_world.parks.get_absolute_url()).content.decode()
    page = client_for("head").get(risk.get_absolute_url()).content.decode()
    assert "30 Dec 2026" in register
    assert "1 Jan 2030" not in register
    assert "30 Dec 2026 (Medium risks are reviewed every 90 days)" in page


def test_recording_a_review_stores_the_date_every_page_shows(risk_world, world):
    services.risk_review_record(
        risk=risk_world.risk,
        actor=world.people["head"],
        likelihood=4,
        impact=4,
        commentary="Worse",
        reviewed_on=dt.date.today(),
    )
    risk = Risk.objects.select_related("register__matrix").get(pk=risk_world.risk.pk)
    row = next(
        r
        for r in selectors.register_all_rows(
            risk_world.parks, selectors.RegisterFilters(), user=world.people["head"]
        )
        if r.risk.pk == risk.pk
    )
    assert risk.next_review_date == row.next_review == selectors.risk_detail(risk)["next_review"]
    assert row.next_review == dt.date.today() + dt.timedelta(days=30)  # very high


# --- a review recorded for a past quarter (backdated) ----------------------------------


def _quarters_back(n: int) -> tuple[int, int]:
    quarter = periods.year_and_quarter(dt.date.today())
    for _ in range(n):
        quarter = periods.previous_quarter(*quarter)
    return quarter


def _review(risk, actor, quarter=None, **fields):
    values = {"likelihood": 3, "impact": 3, "commentary": "Reviewed"} | fields
    return services.risk_review_record(risk=risk, actor=actor, quarter=quarter, **values)


def test_a_backdated_review_keeps_its_quarter_and_who_entered_it_when(risk_world, world):
    head, manager = world.people["head"], world.people["manager"]
    last = _quarters_back(1)
    review = _review(risk_world.risk, head, last, reviewed_by_id=manager.pk, impact=4)
    review.refresh_from_db()
    assert (review.start_year, review.quarter) == last
    assert review.reviewed_by == manager
    assert review.reviewed_on == periods.quarter_ends(*last)
    assert review.entered_by == head
    assert review.entered_at is not None
    assert review.backdated


def test_a_backdated_review_does_not_replace_a_later_quarters_score(risk_world, world):
    head = world.people["head"]
    _review(risk_world.risk, head, likelihood=2, impact=2)  # this quarter: 4
    _review(risk_world.risk, head, _quarters_back(1), likelihood=5, impact=5)
    risk = Risk.objects.get(pk=risk_world.risk.pk)
    assert risk.current_score == 4
    assert risk.last_review_date == dt.date.today()


def test_direction_of_travel_uses_the_quarter_a_review_is_for(risk_world, world):
    """Last quarter's review entered today still counts as last quarter's score."""
    head = world.people["head"]
    _review(risk_world.risk, head, _quarters_back(1), likelihood=4, impact=4)
    _review(risk_world.risk, head, likelihood=2, impact=4)
    rows = selectors.register_all_rows(
        risk_world.parks, selectors.RegisterFilters(), user=world.people["head"]
    )
    row = next(r for r in rows if r.risk.pk == risk_world.risk.pk)
    assert (row.previous_score, row.direction) == (16, "improving")


def test_a_future_quarter_and_a_second_review_for_a_past_quarter_are_refused(risk_world, world):
    head = world.people["head"]
    future = periods.year_and_quarter(dt.date.today() + dt.timedelta(days=100))
    with pytest.raises(ValidationError, match="has not started yet"):
        _review(risk_world.risk, head, future)
    _review(risk_world.risk, head, _quarters_back(2))
    with pytest.raises(ValidationError, match="already has a review"):
        _review(risk_world.risk, head, _quarters_back(2), impact=5)
    assert RiskReview.objects.get(risk=risk_world.risk).impact == 3


def _review_form(risk, **changes):
    return {
        "quarter": "{}-{}".format(*_quarters_back(1)),
        "likelihood": "4",
        "impact": "4",
        "commentary": "Held at the September meeting, entered late",
        "version": version_token(risk),
    } | changes


def test_head_records_last_quarters_review_and_the_risk_page_says_it_was_backdated(
    client_for, risk_world, world
):
    url = reverse("risk:risk-review", args=[risk_world.risk.pk])
    form = _review_form(risk_world.risk, reviewed_by=str(world.people["manager"].pk))
    response = client_for("head").post(url, form)
    assert response.status_code == 302
    review = RiskReview.objects.get(risk=risk_world.risk)
    assert (review.start_year, review.quarter) == _quarters_back(1)
    page = client_for("head").get(risk_world.risk.get_absolute_url()).content.decode()
    assert f"by {world.people['head']}" in page
    assert f"by {world.people['manager']}" in page
    assert "Backdated" in page


def test_the_review_form_offers_this_quarter_and_earlier_ones_only(client_for, risk_world):
    url = reverse("risk:risk-review", args=[risk_world.risk.pk])
    html = client_for("head").get(url).content.decode()
    assert f"{periods.quarter_label(*_quarters_back(0))} (this quarter)" in html
    assert periods.quarter_label(*_quarters_back(7)) in html
    future = periods.year_and_quarter(dt.date.today() + dt.timedelta(days=100))
    response = client_for("head").post(
        url, _review_form(risk_world.risk, quarter="{}-{}".format(*future))
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a quarter from the list: this one or an earlier one" in html
    assert "Held at the September meeting, entered late" in html


def test_a_second_review_for_a_past_quarter_is_refused_on_the_page(client_for, risk_world, world):
    _review(risk_world.risk, world.people["head"], _quarters_back(1))
    risk = Risk.objects.get(pk=risk_world.risk.pk)
    url = reverse("risk:risk-review", args=[risk.pk])
    response = client_for("head").post(url, _review_form(risk))
    assert response.status_code == 400
    html = response.content.decode()
    assert "already has a review: a past quarter&#x27;s review cannot be replaced" in html
    assert "Held at the September meeting, entered late" in html


# --- a register that records a score only -----------------------------------------------

SCORE_BANDS = [
    {"name": "Low", "min": 1, "max": 7, "colour": "green", "review_months": 6},
    {"name": "Medium", "min": 8, "max": 14, "colour": "yellow", "review_months": 3},
    {"name": "High", "min": 15, "max": 19, "colour": "red", "review_months": 1},
    {"name": "Critical", "min": 20, "max": 25, "colour": "black", "review_months": 1},
]


@pytest.fixture
def score_only(risk_world, world):
    """The Libraries register moved to a score-only matrix, with one risk scored 7."""
    matrix = services.matrix_new_version(
        matrix=risk_world.libraries.matrix,
        actor=world.people["admin"],
        bands=SCORE_BANDS,
        score_only=True,
    )
    matrix.full_clean()
    register = risk_world.libraries
    register.matrix = matrix
    register.save()
    Risk.objects.filter(register=register).delete()
    risk = services.risk_create(
        register=register,
        actor=world.people["other_head"],
        ref="LB-07",
        title="Library roof leaks",
        category="service_delivery",
        owner=world.people["other_head"],
        inherent_score_given=12,
        current_score_given=7,
        target_score_given=3,
    )
    return register, risk


def test_a_score_only_matrix_needs_every_score_in_a_band(world):
    matrix = RiskMatrix(
        name="Scores",
        likelihood_levels=rules.DEFAULT_LIKELIHOOD,
        impact_levels=rules.DEFAULT_IMPACT,
        bands=[*SCORE_BANDS[:1], {**SCORE_BANDS[1], "min": 9}, *SCORE_BANDS[2:]],
        score_only=True,
    )
    with pytest.raises(ValidationError, match="8 is in no band"):
        matrix.full_clean()


def test_a_score_only_risk_has_its_score_band_and_cadence(score_only):
    register, risk = score_only
    risk.refresh_from_db()
    assert (risk.current_score, risk.inherent_score, risk.target_score) == (7, 12, 3)
    assert risk.score_only
    assert register.matrix.band(7).name == "Low"


def test_a_score_only_register_refuses_likelihood_and_impact(score_only, world):
    register, _ = score_only
    with pytest.raises(ValidationError, match="records a score only"):
        make_risk(register, world.people["other_head"], "LB-08")


def test_the_database_refuses_a_score_alongside_likelihood_and_impact(risk_world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk_world.risk.pk).update(current_score_given=9)


def test_a_score_only_review_gives_direction_of_travel(score_only, world):
    register, risk = score_only
    head = world.people["other_head"]
    services.risk_review_record(
        risk=risk, actor=head, score=9, commentary="Worse", quarter=_quarters_back(1)
    )
    services.risk_review_record(risk=risk, actor=head, score=16, commentary="Worse again")
    rows = selectors.register_all_rows(register, selectors.RegisterFilters(), user=head)
    assert (rows[0].previous_score, rows[0].direction) == (9, "worsening")
    assert rows[0].band.name == "High"
    assert rows[0].next_review == periods.add_months(dt.date.today(), 1)  # red: monthly
    with pytest.raises(ValidationError, match="give the score"):
        services.risk_review_record(risk=risk, actor=head, likelihood=3, impact=3, commentary="")


def test_score_only_register_page_says_the_heat_map_does_not_apply(client_for, score_only):
    register, risk = score_only
    html = client_for("other_head").get(register.get_absolute_url()).content.decode()
    assert "so a heat map does not apply" in html
    assert "1 to 7" in html
    assert "Library roof leaks" in html
    page = client_for("other_head").get(risk.get_absolute_url()).content.decode()
    assert "7 (score only: this register has no likelihood × impact split)" in page


def test_head_adds_and_reviews_a_risk_by_score_alone(client_for, score_only, world):
    register, risk = score_only
    client = client_for("other_head")
    form = {
        "ref": "LB-09",
        "title": "Mobile library breaks down",
        "category": "service_delivery",
        "owner": str(world.people["other_head"].pk),
        "inherent_score_given": "15",
        "current_score_given": "10",
        "target_score_given": "",
        "target_to_be_confirmed": "on",
        "treatment": "treat",
    }
    response = client.post(reverse("risk:risk-add", args=[register.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    added = Risk.objects.get(ref="LB-09")
    assert (added.current_score, added.target_shown) == (10, "To be confirmed")
    response = client.post(
        reverse("risk:risk-review", args=[added.pk]),
        {"score": "8", "commentary": "Repaired", "version": version_token(added)},
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.current_score == 8
    response = client.post(
        reverse("risk:risk-review", args=[added.pk]),
        {"score": "", "commentary": "Repaired", "version": version_token(added)},
    )
    assert response.status_code == 400
    assert "Choose the score" in response.content.decode()


def test_a_register_with_risks_cannot_move_to_a_score_only_matrix(risk_world, world):
    matrix = services.matrix_new_version(
        matrix=risk_world.parks.matrix,
        actor=world.people["admin"],
        bands=SCORE_BANDS,
        score_only=True,
    )
    register = risk_world.parks
    register.matrix = matrix
    with pytest.raises(ValidationError, match="choose a matrix that scores them the same way"):
        register.full_clean()


def test_the_admin_shows_who_entered_a_review_and_never_edits_it(client_for, risk_world, world):
    review = _review(risk_world.risk, world.people["head"], _quarters_back(1))
    client = client_for("admin")
    assert client.get(reverse("admin:risk_riskreview_changelist")).status_code == 200
    page = client.get(reverse("admin:risk_riskreview_change", args=[review.pk]))
    assert page.status_code == 200
    assert b'name="entered_by"' not in page.content
    assert str(world.people["head"]).encode() in page.content


def test_a_quarter_refused_on_the_page_is_shown_beside_the_quarter(client_for, risk_world, world):
    _review(risk_world.risk, world.people["head"], _quarters_back(1))
    risk = Risk.objects.get(pk=risk_world.risk.pk)
    url = reverse("risk:risk-review", args=[risk.pk])
    html = client_for("head").post(url, _review_form(risk)).content.decode()
    # the error summary links to the field, and the field carries the message
    assert 'href="#id_quarter"' in html
    assert 'aria-describedby="id_quarter_hint id_quarter_1_error"' in html
    assert 'id="id_quarter_1_error"' in html
