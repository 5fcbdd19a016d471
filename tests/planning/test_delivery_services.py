"""Delivery plan writes and the plan's QA, on the real database."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.history import EditConflict, check_version, timeline, version_token
from planning import services
from planning.models import ActionUpdate, Impact, PlanStatus, ServiceAction, ServicePlan
from tests import factories as f

pytestmark = pytest.mark.django_db

Q3 = dt.date(2026, 11, 23)


def post(world, rag, **fields):
    return services.update_post(
        action=world.action, actor=world.people["head"], rag=rag, on=Q3, **fields
    )


def sign_off(world):
    plan = world.service_plan
    services.plan_submit(plan=plan, actor=world.people["head"])
    plan.refresh_from_db()
    services.plan_sign_off(plan=plan, actor=world.people["lead"])
    plan.refresh_from_db()
    return plan


# --- quarterly updates ---------------------------------------------------------------


def test_a_red_update_needs_commentary_and_a_recovery_action(world):
    with pytest.raises(ValidationError, match="Enter the recovery action") as refused:
        post(world, "red", commentary="Contractor went bust")
    assert "recovery_action" in refused.value.message_dict
    update = post(world, "red", commentary="Contractor went bust", recovery_action="Re-tender")
    assert (update.quarter, update.rag, update.posted_by) == (3, "red", world.people["head"])


def test_a_blue_update_needs_its_completion_date(world):
    with pytest.raises(ValidationError, match="Enter the completion date") as refused:
        post(world, "blue")
    assert "completed_on" in refused.value.message_dict
    assert post(world, "blue", completed_on=dt.date(2026, 11, 20)).completed_on


def test_the_database_refuses_an_amber_update_without_commentary(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionUpdate.objects.create(action=world.action, quarter=3, rag="amber")


def test_every_update_is_kept_and_the_latest_counts(world):
    from planning.selectors.delivery import actions_with_status

    post(world, "green")
    post(world, "amber", commentary="Slipping")
    assert world.action.updates.count() == 2
    action = actions_with_status(ServiceAction.objects.filter(pk=world.action.pk)).get()
    assert action.latest_rag == "amber"


def test_posting_an_update_stores_the_actions_position_for_its_quarter_on(world):
    from planning.models import ActionQuarter

    post(world, "red", commentary="Contractor went bust", recovery_action="Re-tender")
    stored = ActionQuarter.objects.filter(action=world.action).order_by("quarter")
    assert [(p.quarter, p.rag, p.recovery_action, p.quarters_updated) for p in stored] == [
        (3, "red", "Re-tender", "3"),
        (4, "red", "Re-tender", "3"),
    ]
    services.update_post(
        action=world.action, actor=world.people["head"], rag="green", on=dt.date(2027, 2, 1)
    )
    assert [(p.quarter, p.rag, p.quarters_updated) for p in stored.all()] == [
        (3, "red", "3"),
        (4, "green", "34"),
    ]


def test_updates_can_only_be_posted_in_the_plans_year(world):
    with pytest.raises(ValidationError, match="can only be posted during that year"):
        services.update_post(
            action=world.action, actor=world.people["head"], rag="green", on=dt.date(2028, 1, 1)
        )


# --- due dates -------------------------------------------------------------------------


def edit(world, action=None, **data):
    action = action or world.action
    return services.action_save(
        plan=action.plan,
        actor=world.people["head"],
        data=data,
        serves=action.serves,
        action=action,
        version=version_token(action),
    )


def test_before_sign_off_the_due_date_may_change(world):
    edit(world, due_date=dt.date(2027, 1, 31))
    world.action.refresh_from_db()
    assert world.action.due_date == dt.date(2027, 1, 31)


def test_once_signed_off_the_original_due_date_never_changes(world):
    sign_off(world)
    world.action.refresh_from_db()
    with pytest.raises(
        ValidationError, match="The original due date cannot change once the plan is signed off"
    ) as refused:
        edit(world, due_date=dt.date(2027, 1, 31))
    assert "due_date" in refused.value.message_dict
    world.action.refresh_from_db()
    assert world.action.due_date == dt.date(2027, 3, 31)


def test_a_revised_due_date_needs_a_reason_and_is_counted(world):
    action = world.action
    with pytest.raises(ValidationError, match="Enter the reason the due date is being revised"):
        services.action_revise_due_date(
            action=action,
            actor=world.people["head"],
            revised_due_date=dt.date(2027, 6, 30),
            reason="",
        )
    for number, day in enumerate([dt.date(2027, 6, 30), dt.date(2027, 9, 30)], start=1):
        services.action_revise_due_date(
            action=action,
            actor=world.people["head"],
            revised_due_date=day,
            reason=f"Delay {number}",
        )
        action.refresh_from_db()
        assert action.due_date_revisions == number
    assert action.due_date == dt.date(2027, 3, 31)  # the original stays
    assert action.revised_due_date == dt.date(2027, 9, 30)
    assert action.current_due_date == dt.date(2027, 9, 30)
    assert action.history.latest().history_change_reason == "Due date revised: Delay 2"


def test_the_database_refuses_a_revised_date_without_a_reason(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceAction.objects.filter(pk=world.action.pk).update(
            revised_due_date=dt.date(2027, 6, 30)
        )


def test_changes_after_sign_off_are_recorded_as_such(world):
    sign_off(world)
    world.action.refresh_from_db()
    edit(world, title="Replant the whole park")
    assert world.action.history.latest().history_change_reason == "After sign-off: Action changed"


# --- the QA lifecycle ------------------------------------------------------------------


def test_submitted_plan_is_returned_with_feedback_then_resubmitted_and_signed_off(world):
    plan = world.service_plan
    services.plan_submit(plan=plan, actor=world.people["head"])
    with pytest.raises(ValidationError, match="Enter your feedback for the head of service"):
        services.plan_return(plan=plan, actor=world.people["lead"], feedback="  ")
    services.plan_return(plan=plan, actor=world.people["lead"], feedback="Add milestones")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    from planning.selectors.delivery import plan_feedback

    assert plan_feedback(plan).feedback == "Add milestones"
    services.plan_submit(plan=plan, actor=world.people["head"])
    plan.refresh_from_db()
    assert plan_feedback(plan) is None
    services.plan_sign_off(plan=plan, actor=world.people["lead"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED_OFF
    assert plan.signed_off_at
    services.plan_publish(plan=plan, actor=world.people["lead"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    steps = [r.step for r in plan.reviews.order_by("created_at", "pk")]
    assert steps == ["submitted", "returned", "submitted", "signed_off", "published"]


def test_the_last_editor_cannot_sign_off(world):
    plan = world.service_plan
    services.impact_save(plan=plan, actor=world.people["lead"], title="Lead's tweak")
    plan.refresh_from_db()
    assert plan.last_edited_by == world.people["lead"]
    services.plan_submit(plan=plan, actor=world.people["head"])
    plan.refresh_from_db()
    with pytest.raises(ValidationError, match="you made the last change"):
        services.plan_sign_off(plan=plan, actor=world.people["lead"])
    services.plan_sign_off(plan=plan, actor=world.people["admin"])


@pytest.mark.parametrize("status", ["submitted", "signed_off", "published"])
def test_only_draft_or_returned_plans_are_submitted(world, status):
    ServicePlan.objects.filter(pk=world.service_plan.pk).update(status=status)
    world.service_plan.refresh_from_db()
    with pytest.raises(ValidationError, match="plan cannot be submitted"):
        services.plan_submit(plan=world.service_plan, actor=world.people["head"])


def test_a_draft_cannot_be_signed_off_or_published(world):
    with pytest.raises(ValidationError, match="Only a submitted plan can be signed off"):
        services.plan_sign_off(plan=world.service_plan, actor=world.people["lead"])
    with pytest.raises(ValidationError, match="Only a signed-off plan can be published"):
        services.plan_publish(plan=world.service_plan, actor=world.people["lead"])


# --- roll-forward ----------------------------------------------------------------------


def test_roll_forward_copies_open_actions_and_impacts_not_completed_ones(world):
    f.FinancialYearFactory(start_year=2027)
    plan = world.service_plan
    impact = Impact.objects.create(plan=plan, title="Greener parks")
    done = f.ActionFactory(plan=plan, title="Done already", impact=impact)
    open_one = f.ActionFactory(
        plan=plan, title="Still going", impact=impact, serves_priority=world.priority
    )
    services.update_post(
        action=done, actor=world.people["head"], rag="blue", completed_on=Q3, on=Q3
    )
    services.update_post(
        action=open_one, actor=world.people["head"], rag="amber", commentary="Late", on=Q3
    )
    new_plan = services.plan_roll_forward(plan=plan, actor=world.people["head"])
    titles = set(new_plan.items.values_list("title", flat=True))
    assert titles == {"Replant the park", "Still going"}
    assert new_plan.status == PlanStatus.DRAFT
    assert new_plan.rolled_forward_from == plan
    copied = new_plan.items.get(title="Still going")
    assert copied.impact.plan == new_plan
    assert copied.impact.title == "Greener parks"
    assert copied.serves is None  # the priority has no copy in 2027/28 yet
    with pytest.raises(ValidationError, match="already has a plan"):
        services.plan_roll_forward(plan=plan, actor=world.people["head"])


def test_roll_forward_needs_next_year(world):
    with pytest.raises(ValidationError, match="no 2027 financial year"):
        services.plan_roll_forward(plan=world.service_plan, actor=world.people["head"])


# --- history and conflicts ------------------------------------------------------------


def test_a_save_since_the_form_was_opened_is_refused_showing_what_changed(world):
    action = world.action
    token = version_token(action)
    other = ServiceAction.objects.get(pk=action.pk)
    services.action_save(
        plan=action.plan,
        actor=world.people["manager"],
        data={"title": "Plant bulbs"},
        serves=other.serves,
        action=other,
        version=version_token(other),
    )
    with pytest.raises(EditConflict) as conflict:
        services.action_save(
            plan=action.plan,
            actor=world.people["head"],
            data={"title": "Mine"},
            serves=action.serves,
            action=action,
            version=token,
        )
    assert conflict.value.who == world.people["manager"]
    assert [(c.field, c.old, c.new) for c in conflict.value.changes] == [
        ("Title", "Replant the park", "Plant bulbs")
    ]
    action.refresh_from_db()
    assert action.title == "Plant bulbs"
    check_version(action, version_token(action))  # the fresh token is accepted


def test_timeline_shows_who_when_what_and_why(world):
    action = world.action
    edit(world, title="Replant the rose garden")
    action.refresh_from_db()
    services.action_revise_due_date(
        action=action,
        actor=world.people["head"],
        revised_due_date=dt.date(2027, 6, 30),
        reason="Wet winter",
    )
    entries = timeline(action)
    assert entries[0].who == world.people["head"]
    assert entries[0].reason == "Due date revised: Wet winter"
    fields = {c.field: (c.old, c.new) for c in entries[0].changes}
    assert fields["Revised due date"] == ("(blank)", "30 June 2027")
    assert fields["Due date revisions"] == ("0", "1")
    assert {c.field for c in entries[1].changes} == {"Title"}
    assert entries[-1].kind == "Created"
