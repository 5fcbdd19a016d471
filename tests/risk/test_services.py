"""Risk writes on the real database: frozen matrices, reviews, escalation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core import periods
from risk import rules, selectors, services
from risk.models import Level, Risk, RiskEscalation, RiskMatrix, RiskReview

pytestmark = pytest.mark.django_db


def test_a_matrix_in_use_cannot_be_changed(risk_world, world):
    matrix = risk_world.parks.matrix
    with pytest.raises(ValidationError, match="make a new version"):
        services.matrix_update(matrix=matrix, actor=world.people["admin"], bands=[])
    matrix.refresh_from_db()
    assert matrix.bands == rules.DEFAULT_BANDS


def test_a_matrix_not_yet_used_can_be_changed(world):
    matrix = RiskMatrix.objects.create(
        name="Draft",
        likelihood_levels=rules.DEFAULT_LIKELIHOOD,
        impact_levels=rules.DEFAULT_IMPACT,
        bands=rules.DEFAULT_BANDS,
    )
    bands = [dict(b) for b in rules.DEFAULT_BANDS]
    bands[0]["name"] = "Minor"
    services.matrix_update(matrix=matrix, actor=world.people["admin"], bands=bands)
    matrix.refresh_from_db()
    assert matrix.bands[0]["name"] == "Minor"


def test_changing_a_matrix_in_use_means_a_new_version(risk_world, world):
    matrix = risk_world.parks.matrix
    bands = [dict(b, name=b["name"].upper()) for b in matrix.bands]
    copy = services.matrix_new_version(matrix=matrix, actor=world.people["admin"], bands=bands)
    assert copy.version == matrix.version + 1
    assert copy.band(16).name == "VERY HIGH"
    # Every register still uses the old version, so its bands are unchanged.
    assert risk_world.parks.matrix.band(16).name == "Very high"


def test_a_matrix_with_gaps_in_its_bands_is_refused(world):
    matrix = RiskMatrix(
        name="Gappy",
        likelihood_levels=rules.DEFAULT_LIKELIHOOD,
        impact_levels=rules.DEFAULT_IMPACT,
        bands=rules.DEFAULT_BANDS[:2],
    )
    with pytest.raises(ValidationError, match="exactly once"):
        matrix.full_clean()


def test_the_same_score_has_the_same_band_in_every_register(risk_world):
    registers = [risk_world.parks, risk_world.place, risk_world.corporate, risk_world.libraries]
    assert len({r.matrix_id for r in registers}) == 1
    assert {r.matrix.band(16).name for r in registers} == {"Very high"}


def test_an_escalated_risk_is_one_record_in_both_registers(risk_world):
    risk = risk_world.escalated
    in_service = Risk.objects.shown_in(risk_world.parks)
    in_directorate = Risk.objects.shown_in(risk_world.place)
    assert risk in in_service
    assert risk in in_directorate
    assert in_service.get(pk=risk.pk).owner_id == in_directorate.get(pk=risk.pk).owner_id
    assert Risk.objects.filter(title=risk.title).count() == 1
    assert risk not in Risk.objects.shown_in(risk_world.corporate)


def test_escalation_and_de_escalation_are_logged_with_who_when_why(risk_world, world):
    risk, director = risk_world.escalated, world.people["director"]
    services.risk_escalate(
        risk=risk, actor=director, to_level=Level.CORPORATE, reason="Council-wide exposure"
    )
    assert risk in Risk.objects.shown_in(risk_world.corporate)
    assert risk in Risk.objects.shown_in(risk_world.place)
    services.risk_escalate(risk=risk, actor=director, to_level=Level.SERVICE, reason="Works done")
    risk.refresh_from_db()
    assert risk.escalated_to == ""
    log = list(RiskEscalation.objects.filter(risk=risk).order_by("at", "pk"))
    assert [(e.from_level, e.to_level) for e in log] == [
        ("service", "directorate"),
        ("directorate", "corporate"),
        ("corporate", "service"),
    ]
    assert log[-1].by == director
    assert log[-1].reason == "Works done"
    assert not log[-1].is_escalation


def test_escalation_needs_a_reason(risk_world, world):
    with pytest.raises(ValidationError, match="Enter why the risk is moving register"):
        services.risk_escalate(
            risk=risk_world.risk, actor=world.people["head"], to_level=Level.DIRECTORATE, reason=" "
        )


def test_a_risk_cannot_move_below_its_home_register(risk_world, world):
    with pytest.raises(ValidationError, match="Choose a register this risk can move to"):
        services.risk_escalate(
            risk=risk_world.risk, actor=world.people["head"], to_level=Level.SERVICE, reason="x"
        )


def test_a_review_keeps_the_quarters_scores_and_sets_the_next_review(risk_world, world):
    risk, head = risk_world.risk, world.people["head"]
    services.risk_review_record(
        risk=risk,
        actor=head,
        likelihood=3,
        impact=4,
        commentary="Q2",
        reviewed_on=dt.date(2026, 9, 1),
    )
    services.risk_review_record(
        risk=risk,
        actor=head,
        likelihood=4,
        impact=4,
        commentary="Q3",
        reviewed_on=dt.date(2026, 11, 2),
    )
    risk.refresh_from_db()
    assert risk.current_score == 16
    assert risk.last_review_date == dt.date(2026, 11, 2)
    assert risk.next_review_date == dt.date(2026, 12, 2)  # very high: every 30 days
    scores = {(r.start_year, r.quarter): r.score for r in RiskReview.objects.filter(risk=risk)}
    assert scores == {(2026, 2): 12, (2026, 3): 16}


def test_a_second_review_in_a_quarter_replaces_the_first(risk_world, world):
    risk, head = risk_world.risk, world.people["head"]
    for impact in (2, 3):
        services.risk_review_record(
            risk=risk,
            actor=head,
            likelihood=2,
            impact=impact,
            commentary="",
            reviewed_on=dt.date(2026, 10, 1),
        )
    assert RiskReview.objects.filter(risk=risk).count() == 1
    assert RiskReview.objects.get(risk=risk).impact == 3


def test_direction_of_travel_comes_from_stored_reviews(risk_world, world, settings, monkeypatch):
    risk, head = risk_world.risk, world.people["head"]
    today = dt.date.today()
    year, quarter = periods.year_and_quarter(today)
    prev_year, prev_quarter = periods.previous_quarter(year, quarter)
    RiskReview.objects.create(
        risk=risk,
        start_year=prev_year,
        quarter=prev_quarter,
        reviewed_on=today - dt.timedelta(days=95),
        reviewed_by=head,
        likelihood=4,
        impact=4,
    )
    services.risk_review_record(risk=risk, actor=head, likelihood=2, impact=4, commentary="Better")
    page = selectors.register_page(
        risk_world.parks, selectors.RegisterFilters(), 1, user=world.people["admin"]
    )
    row = next(r for r in page.rows if r.risk.pk == risk.pk)
    assert (row.previous_score, row.direction) == (16, "improving")


def test_the_database_refuses_a_risk_threatening_two_items(risk_world, world):
    risk = risk_world.risk
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(threatens_priority=world.priority)


def test_scores_outside_the_matrix_are_refused(risk_world, world):
    with pytest.raises(ValidationError, match="Choose a likelihood from 1 to 5"):
        services.risk_create(
            register=risk_world.parks,
            actor=world.people["head"],
            ref="PK-99",
            title="Off the scale",
            category="financial",
            owner=world.people["head"],
            inherent_likelihood=6,
            inherent_impact=1,
            current_likelihood=1,
            current_impact=1,
            target_likelihood=1,
            target_impact=1,
        )


def test_heat_map_counts_each_cell_and_movement(risk_world, world):
    director = world.people["director"]
    heat = selectors.heat_map(risk_world.place, selectors.RegisterFilters(), user=director)
    cells = {(c.likelihood, c.impact): c for _, _, row in heat.rows for c in row}
    assert heat.total == 1  # only the escalated risk is shown in Place's own register
    assert cells[(4, 3)].count == 1
    assert cells[(4, 3)].band.name == "High"
    everything = selectors.heat_map(
        risk_world.place, selectors.RegisterFilters(include="services"), user=director
    )
    assert everything.total == 2  # Place's own view of all its services' risks


def test_a_corporate_risk_may_threaten_any_current_action_however_many(risk_world, world):
    """The council's register offers every action of the current year's plans: none left
    out because there are many (which would also blank an existing link when edited)."""
    from planning.models import ServiceAction
    from risk.selectors import risk_form_choices

    year_start = world.service_plan.year.starts
    ServiceAction.objects.bulk_create(
        ServiceAction(
            plan=world.service_plan,
            ref=f"ZZ{n:03}",
            title=f"Action {n}",
            order=1000 + n,
            start_date=year_start,
            due_date=year_start,
        )
        for n in range(520)
    )
    _owners, actions = risk_form_choices(risk_world.corporate)
    offered = {value for _group, options in actions for value, _label in options}
    current = set(
        ServiceAction.objects.filter(plan__year__is_current=True).values_list("pk", flat=True)
    )
    assert offered == current
