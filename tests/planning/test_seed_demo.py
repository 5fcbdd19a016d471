"""The demo council: its named sign-ins, its golden thread, its orphans and its history."""

from io import StringIO

import pytest
from django.core.management import call_command

from planning.demo import DEMO_PASSWORD, HISTORY_REASON, demo_council_seed
from planning.models import (
    ActionUpdate,
    Ambition,
    AssistantDirectorArea,
    Assurance,
    BudgetLine,
    Commitment,
    Contract,
    CorporatePlan,
    DeliveryActivity,
    DeliveryPlan,
    Directorate,
    DirectoratePlan,
    DirectoratePriority,
    FinancialYear,
    Impact,
    Milestone,
    PdpObjective,
    Person,
    PersonalDevelopmentPlan,
    PlanReview,
    PlanStatus,
    Policy,
    Portfolio,
    RevenueBudget,
    RevenueMonth,
    Role,
    RoleAssignment,
    Saving,
    SelfAssessmentEntry,
    Service,
    ServiceAction,
    ServicePlan,
    Team,
    Workforce,
    WorkforceTeam,
)

SEEDED_MODELS = (
    FinancialYear,
    CorporatePlan,
    Ambition,
    DeliveryPlan,
    DeliveryActivity,
    Directorate,
    AssistantDirectorArea,
    Portfolio,
    Service,
    Team,
    DirectoratePlan,
    DirectoratePriority,
    Person,
    RoleAssignment,
    ServicePlan,
    ServiceAction,
    PersonalDevelopmentPlan,
    PdpObjective,
    Impact,
    Milestone,
    ActionUpdate,
    PlanReview,
    SelfAssessmentEntry,
    Commitment,
    Assurance,
    Policy,
    Contract,
    BudgetLine,
    Saving,
    WorkforceTeam,
    Workforce,
    RevenueBudget,
    RevenueMonth,
)


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def small_council(db):
    return demo_council_seed(scale="small")


def person(username: str) -> Person:
    return Person.objects.select_related("service", "line_manager").get(username=username)


def roles_of(username: str) -> set[tuple]:
    return set(
        RoleAssignment.objects.filter(person__username=username).values_list(
            "role", "service_id", "directorate_id", "area_id", "portfolio_id"
        )
    )


def top_of_thread(item):
    """Follow an item up the thread as far as it goes."""
    while item.serves is not None:
        item = item.serves
    return item


def test_small_council_is_about_a_dozen_services_and_a_hundred_people(small_council):
    assert Service.objects.count() == 12
    assert Directorate.objects.count() == 5
    assert 6 * 12 <= ServiceAction.objects.count() <= 10 * 12
    assert 80 <= Person.objects.count() <= 130
    assert small_council.totals["services"] == 12


def test_current_year_is_2026_27(small_council):
    assert FinancialYear.objects.current().label == "2026/27"
    assert list(FinancialYear.objects.values_list("start_year", flat=True)) == [
        2024,
        2025,
        2026,
        2027,
    ]


def test_named_sign_ins_all_use_the_demo_password(small_council):
    for username in ("admin", "head", "manager", "staff", "director", "ad", "lead"):
        assert person(username).check_password(DEMO_PASSWORD), username
    for username in ("board", "committee"):
        assert person(username).check_password(DEMO_PASSWORD), username


def test_admin_is_an_administrator(small_council):
    admin = person("admin")
    assert admin.is_superuser
    assert admin.is_staff


def test_head_manager_and_staff_share_a_service_in_a_line(small_council):
    head, manager, staff = person("head"), person("manager"), person("staff")
    service = head.service
    assert roles_of("head") == {(Role.HEAD_OF_SERVICE, service.pk, None, None, None)}
    assert roles_of("manager") == {(Role.SERVICE_MANAGER, service.pk, None, None, None)}
    assert roles_of("staff") == set()
    assert manager.service == service
    assert staff.service == service
    assert staff.team is not None
    assert staff.line_manager == manager
    assert manager.line_manager == head


def test_director_ad_and_lead_hold_roles_over_heads_service(small_council):
    head = person("head")
    service = head.service
    assert head.line_manager == person("director")
    assert roles_of("director") == {(Role.DIRECTOR, None, service.directorate_id, None, None)}
    assert roles_of("ad") == {(Role.ASSISTANT_DIRECTOR, None, None, service.area_id, None)}
    assert roles_of("lead") == {(Role.PERFORMANCE_LEAD, None, None, None, service.portfolio_id)}


def test_board_and_committee_members_hold_council_wide_roles(small_council):
    assert roles_of("board") == {(Role.BOARD_MEMBER, None, None, None, None)}
    assert roles_of("committee") == {(Role.COMMITTEE_MEMBER, None, None, None, None)}
    assert RoleAssignment.objects.filter(role=Role.BOARD_MEMBER).count() == 3
    assert RoleAssignment.objects.filter(role=Role.COMMITTEE_MEMBER).count() == 3


def test_every_service_has_a_head_managers_teams_and_a_plan(small_council):
    for service in Service.objects.all():
        roles = RoleAssignment.objects.filter(service=service)
        assert roles.filter(role=Role.HEAD_OF_SERVICE).count() == 1
        assert 1 <= roles.filter(role=Role.SERVICE_MANAGER).count() <= 2
        assert 2 <= service.teams.count() <= 3
        assert service.portfolio_id is not None
        assert ServicePlan.objects.filter(service=service, year__start_year=2026).exists()


def test_service_plans_come_in_a_mix_of_states(small_council):
    statuses = set(ServicePlan.objects.values_list("status", flat=True))
    assert len(statuses) >= 3


def test_heads_of_service_report_to_their_own_director(small_council):
    directors = {
        assignment.directorate_id: assignment.person_id
        for assignment in RoleAssignment.objects.filter(role=Role.DIRECTOR)
    }
    for assignment in RoleAssignment.objects.filter(role=Role.HEAD_OF_SERVICE).select_related(
        "person", "service"
    ):
        assert assignment.person.line_manager_id == directors[assignment.service.directorate_id]


def test_every_service_person_has_a_pdp_with_two_to_four_objectives(small_council):
    for someone in Person.objects.exclude(service=None):
        pdp = someone.pdps.get(year__start_year=2026)
        assert 2 <= pdp.items.count() <= 4


def test_pdps_carry_development_needs_and_most_have_mid_year_notes(small_council):
    from planning.models import PersonalDevelopmentPlan

    pdps = PersonalDevelopmentPlan.objects.filter(year__start_year=2026)
    total = pdps.count()
    assert pdps.exclude(development_needs="").count() >= total * 0.8
    assert total * 0.4 <= pdps.exclude(mid_year_review="").count() < total
    assert not pdps.exclude(year_end_review="").exists()
    # The demo member of staff still has their mid-year note to write.
    assert person("staff").pdps.get(year__start_year=2026).mid_year_review == ""


def test_every_directorate_plan_has_key_programmes(small_council):
    from planning.models import DirectoratePlan

    plans = DirectoratePlan.objects.filter(year__start_year=2026)
    assert plans.exists()
    assert not plans.filter(programmes__isnull=True).exists()


def test_running_twice_changes_nothing(small_council):
    counts = {model: model.objects.count() for model in SEEDED_MODELS}
    history = {model: model.history.count() for model in SEEDED_MODELS}

    again = demo_council_seed(scale="small")

    assert again.created_count == 0
    assert {model: model.objects.count() for model in SEEDED_MODELS} == counts
    assert {model: model.history.count() for model in SEEDED_MODELS} == history


def test_heads_service_plan_can_be_read_by_everyone_and_walked_up_to_an_ambition(small_council):
    plan = ServicePlan.objects.get(service=person("head").service, year__start_year=2026)
    assert plan.status in {PlanStatus.PUBLISHED, PlanStatus.SIGNED_OFF}
    tops = [top_of_thread(action) for action in plan.items.all()]
    assert any(isinstance(top, Ambition) for top in tops)
    first = plan.items.get(order=1)
    assert isinstance(first.serves, DirectoratePriority)
    assert isinstance(first.serves.serves, DeliveryActivity)
    assert isinstance(first.serves.serves.serves, Ambition)


def test_an_ambition_can_be_walked_down_to_heads_actions_and_staff(small_council):
    service = person("head").service
    first = ServiceAction.objects.get(plan__service=service, order=1)
    ambition = first.serves.serves.serves
    reached = ServiceAction.objects.filter(
        serves_priority__serves_activity__serves_ambition=ambition, plan__service=service
    )
    assert first in reached
    assert PdpObjective.objects.filter(serves_action__in=reached).exists()


def test_staff_objectives_serve_actions_of_their_own_service(small_council):
    staff = person("staff")
    objectives = PdpObjective.objects.filter(plan__person=staff).select_related(
        "serves_action__plan"
    )
    assert objectives.count() >= 2
    for objective in objectives:
        assert objective.serves_action is not None
        assert objective.serves_action.plan.service_id == staff.service_id


def test_most_objectives_serve_an_action_of_their_owners_service(small_council):
    objectives = PdpObjective.objects.select_related("plan__person", "serves_action__plan")
    own = [
        o
        for o in objectives
        if o.serves_action and o.serves_action.plan.service_id == o.plan.person.service_id
    ]
    assert len(own) >= 0.85 * objectives.count()


def test_there_are_orphans_at_every_level(small_council):
    assert DeliveryActivity.objects.filter(serves_ambition=None).exists()
    assert DirectoratePriority.objects.filter(serves_activity=None, serves_ambition=None).exists()
    assert ServiceAction.objects.filter(
        serves_priority=None, serves_activity=None, serves_ambition=None
    ).exists()
    assert PdpObjective.objects.filter(
        serves_action=None, serves_priority=None, serves_activity=None, serves_ambition=None
    ).exists()


def test_orphans_are_a_few_not_the_norm(small_council):
    orphans = ServiceAction.objects.filter(
        serves_priority=None, serves_activity=None, serves_ambition=None
    ).count()
    assert orphans <= 0.15 * ServiceAction.objects.count()


def test_actions_are_led_from_their_service_and_dated_inside_the_year(small_council):
    for action in ServiceAction.objects.select_related("lead", "plan__service", "plan__year"):
        assert action.lead.service_id == action.plan.service_id
        assert action.plan.year.contains(action.start_date)
        assert action.plan.year.contains(action.due_date)
        assert action.due_date >= action.start_date
        assert action.ref.startswith(action.plan.service.code.upper() + "-")


def test_seeded_items_pass_the_models_own_checks(small_council):
    service = person("head").service
    items = [
        *DeliveryActivity.objects.all(),
        *DirectoratePriority.objects.all(),
        *ServiceAction.objects.filter(plan__service=service),
        *PdpObjective.objects.filter(plan__person__service=service),
    ]
    for item in items:
        item.full_clean()


def test_every_seeded_record_has_its_creation_in_history(small_council):
    for model in SEEDED_MODELS:
        rows = model.objects.count()
        history = model.history.filter(history_type="+", history_change_reason=HISTORY_REASON)
        assert history.count() == rows, model.__name__


def test_unknown_scale_is_refused(db):
    with pytest.raises(ValueError, match="Choose a scale"):
        demo_council_seed(scale="enormous")


def test_command_prints_the_sign_ins_and_their_password(db):
    out = StringIO()
    call_command("seed_demo", "--scale", "small", stdout=out)
    text = out.getvalue()
    assert f"Sign in as one of these (password: {DEMO_PASSWORD})" in text
    for username in ("admin", "head", "manager", "staff", "director", "ad", "lead", "board"):
        assert f"\n  {username} " in text
    assert "http://127.0.0.1:8000/" in text


# --- the delivery plan section and QA ------------------------------------------------


def test_every_plan_has_impacts_with_its_actions_under_them(small_council):
    for plan in ServicePlan.objects.all():
        assert 2 <= plan.impacts.count() <= 3
        assert not plan.items.filter(impact__isnull=True).exists()
    assert Milestone.objects.count() >= ServiceAction.objects.count()


def test_updates_come_in_every_rag_with_the_rules_kept(small_council):
    rags = set(ActionUpdate.objects.values_list("rag", flat=True))
    assert rags == {"green", "amber", "red", "blue"}
    assert not ActionUpdate.objects.filter(rag__in=["amber", "red"], commentary="").exists()
    assert not ActionUpdate.objects.filter(rag="red", recovery_action="").exists()
    assert not ActionUpdate.objects.filter(rag="blue", completed_on__isnull=True).exists()


def test_some_actions_are_overdue_and_some_have_revised_due_dates(small_council):
    import datetime as dt

    from planning.selectors.delivery import actions_with_status, mark_overdue

    actions = list(actions_with_status(ServiceAction.objects.all()))
    mark_overdue(actions, today=dt.date(2026, 11, 23))
    assert any(action.overdue for action in actions)
    revised = ServiceAction.objects.filter(revised_due_date__isnull=False)
    assert revised.exists()
    assert not revised.filter(revised_due_reason="").exists()
    assert not revised.exclude(plan__status__in=["signed_off", "published"]).exists()


def test_plans_carry_their_qa_trail(small_council):
    returned = ServicePlan.objects.filter(status=PlanStatus.RETURNED)
    signed = ServicePlan.objects.filter(status__in=[PlanStatus.SIGNED_OFF, PlanStatus.PUBLISHED])
    assert returned.exists()
    assert signed.exists()
    for plan in returned:
        assert plan.reviews.filter(step="returned").exclude(feedback="").exists()
    for plan in signed:
        assert plan.signed_off_at is not None
        assert plan.reviews.filter(step="signed_off").exists()
        assert plan.last_edited_by_id != plan.reviews.get(step="signed_off").actor_id
    assert PlanReview.objects.filter(plan__status=PlanStatus.DRAFT).count() == 0


def test_every_plan_has_a_self_assessment_in_its_services_variant(small_council):
    for plan in ServicePlan.objects.select_related("service"):
        themes = set(plan.self_assessment.values_list("theme", flat=True))
        assert themes
        if plan.service.self_assessment_variant == "childrens_safeguarding":
            assert themes <= {"quality", "evidence", "strengths", "development"}
        else:
            assert "quality" not in themes
    assert Service.objects.filter(self_assessment_variant="childrens_safeguarding").exists()
    assert SelfAssessmentEntry.objects.exclude(narrative="").exists()


def test_plans_have_other_commitments_in_a_mix_of_states(small_council):
    assert Commitment.objects.count() >= 6
    assert set(Commitment.objects.values_list("status", flat=True)) >= {
        "in_progress",
        "complete",
    }
    assert not Commitment.objects.filter(status="complete").exclude(rag="blue").exists()


def test_every_plan_has_its_assurance_section_filled(small_council):
    import datetime as dt

    from planning.selectors.assurance import assurance_section

    plans = list(ServicePlan.objects.all())
    assert Assurance.objects.count() == len(plans)
    assert Policy.objects.values("plan").distinct().count() == len(plans)
    assert Contract.objects.values("plan").distinct().count() == len(plans)
    sections = [assurance_section(plan, today=dt.date(2026, 11, 23)) for plan in plans]
    assert any(p.review_due for s in sections for p in s.policies)
    assert any(c.renewal_due for s in sections for c in s.contracts)
    assert all(s.answered == 6 for s in sections)


def test_every_plan_has_its_resources_filled(small_council):
    plans = ServicePlan.objects.count()
    assert Workforce.objects.count() == plans
    assert BudgetLine.objects.values("plan").distinct().count() == plans
    assert WorkforceTeam.objects.values("plan").distinct().count() == plans
    assert Saving.objects.values("plan").distinct().count() == plans
    assert (
        Saving.objects.filter(q1_rag="blue").exists()
        or Saving.objects.filter(q3_rag="blue").exists()
    )
    assert FinancialYear.objects.current().sickness_average_days is not None


def test_every_plan_has_a_revenue_budget_and_a_forecast_for_each_closed_month(small_council):
    plans = ServicePlan.objects.count()
    assert RevenueBudget.objects.count() == plans
    # today is 23 November 2026: April to October have closed
    for budget in RevenueBudget.objects.prefetch_related("months"):
        months = [m.month.month for m in budget.months.all()]
        assert months == [4, 5, 6, 7, 8, 9, 10]
    overspent = [
        b
        for b in RevenueBudget.objects.prefetch_related("months")
        if list(b.months.all())[-1].forecast_outturn > b.current_budget
    ]
    assert 0 < len(overspent) < plans


def test_capital_schemes_and_savings_carry_their_monitoring(small_council):
    from planning.models import CapitalScheme

    assert not CapitalScheme.objects.filter(forecast__isnull=True).exists()
    assert CapitalScheme.objects.filter(slippage__gt=0).exists()
    assert not Saving.objects.filter(forecast_delivered__isnull=True).exists()
    assert Saving.objects.filter(at_risk__gt=0).exists()
