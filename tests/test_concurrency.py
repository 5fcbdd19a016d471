"""Simultaneous requests on every path that checks something and then writes: exactly one
person wins, everyone else is told why (a 409 conflict page or a clear refusal), nobody
gets a server error, and the counts and figures are exactly what one save makes.

These need PostgreSQL (row locks and real concurrent connections); CI runs them there."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from audit.models import Decision, ExtensionRequest, RecommendationUpdate
from core.history import version_token
from performance.models import IndicatorValue
from planning import services as planning_services
from planning.models import (
    ActionUpdate,
    BudgetLine,
    Milestone,
    PlanReview,
    PlanStatus,
    RevenueBudget,
    RevenueMonth,
    ReviewStep,
)
from reporting.models import ReportRun, RunStatus
from risk.models import Level, RiskEscalation, RiskMatrix, RiskReview
from tests.audit.world import build_audit_world, make_recommendation
from tests.concurrency import Browser, race, statuses
from tests.performance.world import build_performance
from tests.reporting.celery_broker import celery_on_broker
from tests.risk.world import build_risk_world

N = 12  # people at once: enough to collide every time, few enough for a 2-core runner

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrency needs PostgreSQL's row locks and parallel connections: set "
        "DATABASE_URL to a PostgreSQL database (CI does)",
    ),
]


@pytest.fixture(autouse=True)
def _planning_day(settings):
    settings.PLANNING_TODAY = "2026-11-23"


def one_winner(answers, *, won: int = 302, lost: tuple[int, ...] = (409,)) -> None:
    codes = statuses(answers)
    assert 500 not in codes, codes
    assert codes.count(won) == 1, codes
    assert set(codes) <= {won, *lost}, codes


def times(world, persona: str) -> list:
    return [world.people[persona]] * N


# --- the recommendation tracker ---------------------------------------------------------


def test_simultaneous_approvals_approve_an_extension_once(live_server, world):
    audit = build_audit_world(world)
    url = reverse("audit:extension-decide", args=[audit.extension.pk])
    answers = race(live_server, times(world, "lead"), url, lambda n: {"decision": "approve"})
    one_winner(answers, lost=(400,))
    assert all("already been decided" in a.body for a in answers if a.status == 400)
    audit.rec.refresh_from_db()
    assert audit.rec.revision_count == 1
    assert audit.rec.revised_due_date == dt.date(2027, 6, 30)
    assert audit.rec.history.filter(history_change_reason__startswith="Extension").count() == 1


def test_simultaneous_extension_requests_leave_one_waiting(live_server, world):
    audit = build_audit_world(world)
    rec = make_recommendation(audit.audit, world.service, world.people["head"], "GM-9")
    url = reverse("audit:extension-request", args=[rec.pk])

    def typed(n):
        return {
            "proposed_date_0": str(n + 1),
            "proposed_date_1": "6",
            "proposed_date_2": "2027",
            "reason": f"Reason {n}",
        }

    answers = race(live_server, times(world, "head"), url, typed)
    one_winner(answers, lost=(400, 409))
    assert ExtensionRequest.objects.filter(recommendation=rec).count() == 1
    assert ExtensionRequest.objects.get(recommendation=rec).decision == Decision.PENDING


def test_simultaneous_progress_updates_keep_one(live_server, world):
    rec = build_audit_world(world).rec
    url = reverse("audit:recommendation-update", args=[rec.pk])

    def typed(n):
        return {"status": "in_progress", "percent_complete": str(n + 10), "commentary": f"#{n}"}

    answers = race(live_server, times(world, "head"), url, typed)
    one_winner(answers)
    winner = answers.index(next(a for a in answers if a.status == 302))
    rec.refresh_from_db()
    assert RecommendationUpdate.objects.filter(recommendation=rec).count() == 1
    assert (rec.percent_complete, rec.commentary) == (winner + 10, f"#{winner}")


# --- finance ----------------------------------------------------------------------------


def month_url(world, day=dt.date(2026, 9, 1)) -> str:
    return reverse("planning:revenue-month-edit", args=[world.service_plan.pk, day.year, day.month])


def figures(n: int) -> dict:
    return {"actual_to_date": str(1000 + n), "forecast_outturn": str(5000 + n), "commentary": ""}


def test_simultaneous_first_figures_for_a_month_save_one(live_server, world):
    RevenueBudget.objects.create(
        plan=world.service_plan, original_budget=10000, current_budget=10000
    )
    answers = race(live_server, times(world, "head"), month_url(world), figures)
    one_winner(answers)
    winner = [a.status for a in answers].index(302)
    month = RevenueMonth.objects.get(budget__plan=world.service_plan)
    assert (month.actual_to_date, month.forecast_outturn) == (1000 + winner, 5000 + winner)
    assert month.history.count() == 1


def test_simultaneous_first_budgets_save_one(live_server, world):
    url = reverse("planning:revenue-budget-edit", args=[world.service_plan.pk])

    def typed(n):
        return {"original_budget": str(10000 + n), "current_budget": str(10000 + n)}

    answers = race(live_server, times(world, "head"), url, typed)
    one_winner(answers)
    winner = [a.status for a in answers].index(302)
    budget = RevenueBudget.objects.get(plan=world.service_plan)
    assert budget.current_budget == 10000 + winner
    assert budget.history.count() == 1


def test_simultaneous_changes_to_a_month_save_one(live_server, world):
    budget = RevenueBudget.objects.create(
        plan=world.service_plan, original_budget=10000, current_budget=10000
    )
    RevenueMonth.objects.create(
        budget=budget, month=dt.date(2026, 9, 1), actual_to_date=1, forecast_outturn=1
    )
    answers = race(live_server, times(world, "head"), month_url(world), figures)
    one_winner(answers)
    winner = [a.status for a in answers].index(302)
    month = RevenueMonth.objects.get(budget=budget)
    assert month.forecast_outturn == 5000 + winner
    assert month.history.count() == 2  # created, then the one change


# --- risk -------------------------------------------------------------------------------


def test_simultaneous_reviews_record_one(live_server, world):
    risk = build_risk_world(world).risk
    url = reverse("risk:risk-review", args=[risk.pk])

    def typed(n):
        return {"likelihood": str(n % 5 + 1), "impact": "2", "commentary": f"Review {n}"}

    answers = race(live_server, times(world, "head"), url, typed)
    one_winner(answers)
    winner = [a.status for a in answers].index(302)
    review = RiskReview.objects.get(risk=risk)
    assert (review.likelihood, review.commentary) == (winner % 5 + 1, f"Review {winner}")
    risk.refresh_from_db()
    assert risk.current_likelihood == winner % 5 + 1


def test_simultaneous_escalations_move_a_risk_once(live_server, world):
    risk = build_risk_world(world).risk
    url = reverse("risk:risk-escalate", args=[risk.pk])
    typed = {"to_level": Level.DIRECTORATE, "reason": "Beyond the service"}
    answers = race(live_server, times(world, "head"), url, lambda n: typed)
    one_winner(answers, lost=(400, 409))
    assert RiskEscalation.objects.filter(risk=risk).count() == 1


def test_simultaneous_new_versions_of_a_matrix_each_get_their_own_number(live_server, world):
    matrix = build_risk_world(world).risk.register.matrix
    url = reverse("admin:risk_riskmatrix_changelist")
    typed = {"action": "make_new_version", "_selected_action": str(matrix.pk), "index": "0"}
    answers = race(live_server, times(world, "admin"), url, lambda n: typed)
    codes = statuses(answers)
    assert codes == [302] * N, codes
    versions = sorted(RiskMatrix.objects.filter(name=matrix.name).values_list("version", flat=True))
    assert versions == list(range(matrix.version, matrix.version + N + 1))


# --- the plan's way through QA ----------------------------------------------------------


def test_simultaneous_submissions_submit_a_plan_once(live_server, world):
    plan = world.service_plan
    url = reverse("planning:plan-submit", args=[plan.pk])
    answers = race(live_server, times(world, "head"), url)
    one_winner(answers, lost=(400,))
    assert all("cannot be submitted" in a.body for a in answers if a.status == 400)
    assert PlanReview.objects.filter(plan=plan, step=ReviewStep.SUBMITTED).count() == 1


def test_simultaneous_sign_offs_sign_a_plan_off_once(live_server, world):
    plan = world.service_plan
    planning_services.plan_submit(plan=plan, actor=world.people["head"])
    url = reverse("planning:plan-review", args=[plan.pk])
    answers = race(live_server, times(world, "lead"), url, lambda n: {"decision": "sign-off"})
    one_winner(answers, lost=(400,))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED_OFF
    assert PlanReview.objects.filter(plan=plan, step=ReviewStep.SIGNED_OFF).count() == 1


# --- delivery and personal plans --------------------------------------------------------


def test_simultaneous_quarterly_updates_post_one(live_server, world):
    action = world.action
    url = reverse("planning:action-update", args=[action.pk])

    def typed(n):
        return {"rag": "amber", "commentary": f"Update {n}"}

    answers = race(live_server, times(world, "head"), url, typed)
    one_winner(answers)
    winner = [a.status for a in answers].index(302)
    assert [u.commentary for u in ActionUpdate.objects.filter(action=action)] == [
        f"Update {winner}"
    ]


def test_simultaneous_presses_of_done_mark_a_milestone_once(live_server, world):
    milestone = Milestone.objects.create(
        action=world.action, title="Order trees", due_date=dt.date(2026, 12, 1)
    )
    page = reverse("planning:action-detail", args=[world.action.pk])
    toggle = reverse("planning:milestone-toggle", args=[milestone.pk])
    answers = race(live_server, times(world, "head"), page, lambda n: {"done": "1"}, post_to=toggle)
    assert set(statuses(answers)) == {302}, statuses(answers)
    milestone.refresh_from_db()
    assert milestone.done
    assert milestone.history.count() == 2  # added, then marked done once


def test_simultaneous_saves_of_a_pdp_part_keep_one(live_server, world):
    pdp = world.pdp
    url = reverse("planning:pdp-part-edit", args=[pdp.pk, "development-needs"])
    answers = race(live_server, times(world, "staff"), url, lambda n: {"text": f"Need {n}"})
    one_winner(answers)
    winner = [a.status for a in answers].index(302)
    pdp.refresh_from_db()
    assert pdp.development_needs == f"Need {winner}"
    assert pdp.history.filter(history_change_reason="Development needs saved").count() == 1


def test_simultaneous_changes_to_a_register_row_keep_one(live_server, world):
    line = planning_services.budget_line_save(
        plan=world.service_plan,
        actor=world.people["head"],
        data={"purpose": "Grass cutting", "budget": Decimal("1000")},
    )
    url = reverse("planning:resource-edit", args=["budget", line.pk])
    answers = race(live_server, times(world, "head"), url, lambda n: {"budget": str(2000 + n)})
    one_winner(answers)
    winner = [a.status for a in answers].index(302)
    line.refresh_from_db()
    assert line.budget == 2000 + winner
    assert line.history.count() == 2


def test_simultaneous_removals_remove_a_row_once(live_server, world):
    line = planning_services.budget_line_save(
        plan=world.service_plan,
        actor=world.people["head"],
        data={"purpose": "Grass cutting", "budget": Decimal("1000")},
    )
    url = reverse("planning:register-row-remove", args=["budget", line.pk])
    answers = race(live_server, times(world, "head"), url)
    codes = statuses(answers)
    assert 500 not in codes, codes
    # The rest are told it was already removed, or — arriving once it has gone — that
    # there is no such row.
    assert set(codes) <= {302, 404}, codes
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    assert line.history.filter(history_type="-").count() == 1


# --- performance ------------------------------------------------------------------------


def test_simultaneous_first_values_for_a_month_save_one(live_server, world):
    perf = build_performance(world)
    url = (
        reverse("performance:plan-values", args=[world.service_plan.pk]) + "?quarter=2"
    )  # September
    cell = f"v-{perf.percent.pk}-202609"
    answers = race(live_server, times(world, "head"), url, lambda n: {cell: str(60 + n)})
    one_winner(answers, lost=(400,))
    assert all("while you were editing" in a.body for a in answers if a.status == 400)
    winner = [a.status for a in answers].index(302)
    value = IndicatorValue.objects.get(definition=perf.percent, month=dt.date(2026, 9, 1))
    assert value.value == 60 + winner
    assert value.history.count() == 1


def test_simultaneous_changes_to_a_target_keep_one(live_server, world):
    perf = build_performance(world)
    url = reverse("performance:indicator-target", args=[perf.percent.pk])
    answers = race(live_server, times(world, "head"), url, lambda n: {"value": str(70 + n)})
    one_winner(answers)
    winner = [a.status for a in answers].index(302)
    target = perf.percent.targets.get(year=world.year)
    assert target.value == 70 + winner
    assert target.history.count() == 2


# --- reports ----------------------------------------------------------------------------


def test_simultaneous_retries_of_a_failed_report_make_one_new_version(live_server, world):
    failed = ReportRun.objects.create(
        year=world.year,
        quarter=2,
        version=1,
        requested_by=world.people["lead"],
        status=RunStatus.FAILED,
        error="The worker stopped",
    )
    url = reverse("reporting:run-retry", args=[failed.pk])
    with celery_on_broker("memory://"):  # the retry waits in the queue: it is not built here
        answers = race(live_server, times(world, "lead"), url)
    codes = statuses(answers)
    assert 500 not in codes, codes
    assert set(codes) == {302}, codes  # the others are shown the retry already made
    assert ReportRun.objects.filter(retry_of=failed).count() == 1
    assert ReportRun.objects.filter(year=world.year, quarter=2).count() == 2


def test_the_race_harness_really_posts_the_version_the_page_showed(live_server, world):
    """A check on the test tool itself: what the browsers post is the page's own token."""
    line = planning_services.budget_line_save(
        plan=world.service_plan,
        actor=world.people["head"],
        data={"purpose": "Grass cutting", "budget": Decimal("1000")},
    )
    url = reverse("planning:resource-edit", args=["budget", line.pk])
    fields = Browser(live_server.url, world.people["head"]).form(url)
    assert fields["version"] == version_token(line)
