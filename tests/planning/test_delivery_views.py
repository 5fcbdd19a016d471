"""The delivery plan section, quarterly updates, My updates and QA pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from core.history import version_token
from planning import services
from planning.models import Impact, PlanStatus, ServiceAction
from planning.services.delivery import updates_version

pytestmark = pytest.mark.django_db


def date_fields(name: str, day: dt.date | None) -> dict:
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def update_url(action) -> str:
    return reverse("planning:action-update", args=[action.pk])


def seen_updates(action) -> dict:
    """What the update form carries: the latest update it was opened on."""
    return {"version": updates_version(action)}


# --- quarterly updates --------------------------------------------------------------


def test_head_posts_a_red_update_with_commentary_and_recovery_action(client_for, world):
    response = client_for("head").post(
        update_url(world.action),
        {"rag": "red", "commentary": "Nursery failed", "recovery_action": "New supplier"}
        | date_fields("completed_on", None)
        | seen_updates(world.action),
    )
    assert response.status_code == 302
    update = world.action.updates.get()
    assert (update.quarter, update.rag, update.recovery_action) == (3, "red", "New supplier")
    page = client_for("head").get(reverse("planning:action-detail", args=[world.action.pk]))
    assert b"Nursery failed" in page.content
    assert b"gt-rag--red" in page.content


def test_a_red_update_without_recovery_action_is_refused_and_nothing_typed_is_lost(
    client_for, world
):
    response = client_for("head").post(
        update_url(world.action),
        {"rag": "red", "commentary": "Nursery failed", "recovery_action": ""}
        | date_fields("completed_on", None)
        | seen_updates(world.action),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert 'href="#id_recovery_action"' in body
    assert "a red update must say how delivery will recover" in body
    assert "Nursery failed" in body
    assert not world.action.updates.exists()


def test_a_blue_update_needs_a_real_completion_date(client_for, world):
    client = client_for("head")
    response = client.post(
        update_url(world.action),
        {"rag": "blue"} | date_fields("completed_on", None) | seen_updates(world.action),
    )
    assert "Enter the completion date" in response.content.decode()
    response = client.post(
        update_url(world.action),
        {"rag": "blue", "completed_on_0": "31", "completed_on_1": "2", "completed_on_2": "2026"}
        | seen_updates(world.action),
    )
    assert "The completion date must be a real date" in response.content.decode()
    response = client.post(
        update_url(world.action),
        {"rag": "blue"}
        | date_fields("completed_on", dt.date(2026, 11, 2))
        | seen_updates(world.action),
    )
    assert response.status_code == 302
    assert world.action.updates.get().completed_on == dt.date(2026, 11, 2)


def test_the_update_form_uses_three_field_dates_and_character_counts(client_for, world):
    body = client_for("head").get(update_url(world.action)).content.decode()
    assert 'name="completed_on_0"' in body
    assert 'name="completed_on_2"' in body
    assert "govuk-character-count" in body


def test_my_updates_lists_actions_the_person_leads_until_updated(client_for, world):
    client = client_for("head")
    body = client.get(reverse("planning:my-updates")).content.decode()
    assert "Replant the park" in body
    assert "Late" in body
    client.post(
        update_url(world.action),
        {"rag": "green", "next": "mine"}
        | date_fields("completed_on", None)
        | seen_updates(world.action),
    )
    body = client.get(reverse("planning:my-updates")).content.decode()
    assert "Replant the park" not in body
    assert "no updates due this quarter" in body


def test_my_updates_does_not_list_other_peoples_actions(client_for, world):
    body = client_for("manager").get(reverse("planning:my-updates")).content.decode()
    assert "Replant the park" not in body


def test_an_overdue_action_shows_overdue_beside_its_rag(client_for, world):
    ServiceAction.objects.filter(pk=world.action.pk).update(due_date=dt.date(2026, 10, 1))
    services.update_post(
        action=world.action, actor=world.people["head"], rag="green", on=dt.date(2026, 11, 1)
    )
    body = (
        client_for("head")
        .get(reverse("planning:plan-delivery", args=[world.service_plan.pk]))
        .content.decode()
    )
    assert "gt-rag--green" in body
    assert "Overdue" in body


# --- the delivery section ----------------------------------------------------------


def test_head_adds_an_impact_and_an_action_linked_up_the_thread(client_for, world):
    client = client_for("head")
    plan = world.service_plan
    response = client.post(
        reverse("planning:impact-add", args=[plan.pk]),
        {"title": "Greener parks", "description": ""},
    )
    assert response.status_code == 302
    impact = Impact.objects.get(plan=plan)
    response = client.post(
        reverse("planning:action-add", args=[plan.pk]),
        {
            "title": "Plant 500 trees",
            "impact": impact.pk,
            "lead": world.people["manager"].pk,
            "serves": f"priority:{world.priority.pk}",
            "programme_ref": "PRG-12",
            "in_delivery_plan": "on",
        }
        | date_fields("start_date", dt.date(2026, 5, 1))
        | date_fields("due_date", dt.date(2027, 2, 1)),
    )
    assert response.status_code == 302
    action = ServiceAction.objects.get(title="Plant 500 trees")
    assert action.serves == world.priority
    assert action.impact == impact
    assert action.in_delivery_plan
    assert action.programme_ref == "PRG-12"
    plan.refresh_from_db()
    assert plan.last_edited_by == world.people["head"]
    body = client.get(reverse("planning:plan-delivery", args=[plan.pk])).content.decode()
    assert "Greener parks" in body
    assert "Plant 500 trees" in body


def test_an_action_linked_sideways_is_refused_with_the_thread_message(client_for, world):
    response = client_for("head").post(
        reverse("planning:action-add", args=[world.service_plan.pk]),
        {"title": "Sideways", "serves": f"action:{world.other_action.pk}"}
        | date_fields("start_date", None)
        | date_fields("due_date", None),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "a service action cannot serve another service action" in body
    assert 'value="Sideways"' in body


def test_a_due_date_before_the_start_is_refused(client_for, world):
    response = client_for("head").post(
        reverse("planning:action-add", args=[world.service_plan.pk]),
        {"title": "Backwards"}
        | date_fields("start_date", dt.date(2026, 9, 1))
        | date_fields("due_date", dt.date(2026, 8, 1)),
    )
    assert response.status_code == 400
    assert "The due date must be on or after the start date" in response.content.decode()


def test_someone_elses_save_is_detected_and_what_was_typed_is_kept(client_for, world):
    action = world.action
    token = version_token(action)
    services.action_save(
        plan=action.plan,
        actor=world.people["manager"],
        data={"title": "Plant bulbs"},
        serves=action.serves,
        action=ServiceAction.objects.get(pk=action.pk),
        version=token,
    )
    response = client_for("head").post(
        reverse("planning:action-edit", args=[action.pk]),
        {"title": "My better title", "version": token, "serves": f"priority:{world.priority.pk}"}
        | date_fields("start_date", action.start_date)
        | date_fields("due_date", action.due_date),
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert escape(world.people["manager"]) in body
    assert "Plant bulbs" in body
    assert "Replant the park" in body
    assert 'value="My better title"' in body
    action.refresh_from_db()
    assert action.title == "Plant bulbs"


def test_after_sign_off_the_due_date_is_revised_with_a_reason(client_for, world):
    from django.utils import timezone

    from planning.models import ServicePlan

    ServicePlan.objects.filter(pk=world.service_plan.pk).update(
        status=PlanStatus.PUBLISHED, signed_off_at=timezone.now()
    )
    client = client_for("head")
    edit_page = client.get(reverse("planning:action-edit", args=[world.action.pk]))
    assert "Fixed now the plan is signed off" in edit_page.content.decode()
    url = reverse("planning:action-revise", args=[world.action.pk])
    seen = version_token(world.action)
    response = client.post(
        url, {"reason": "", "version": seen} | date_fields("revised_due_date", dt.date(2027, 6, 30))
    )
    assert response.status_code == 400
    assert "Enter the reason the due date is being revised" in response.content.decode()
    response = client.post(
        url,
        {"reason": "Wet winter", "version": seen}
        | date_fields("revised_due_date", dt.date(2027, 6, 30)),
    )
    assert response.status_code == 302
    body = client.get(reverse("planning:action-detail", args=[world.action.pk])).content.decode()
    assert "31 March 2027" in body
    assert "30 June 2027" in body
    assert "Revised 1 time" in body
    history = client.get(reverse("planning:item-history", args=["action", world.action.pk]))
    assert "After sign-off: Due date revised: Wet winter" in history.content.decode()


def test_milestones_are_added_and_marked_done(client_for, world):
    client = client_for("head")
    response = client.post(
        reverse("planning:milestone-add", args=[world.action.pk]),
        {"title": "Order trees"} | date_fields("due_date", dt.date(2026, 10, 1)),
    )
    assert response.status_code == 302
    milestone = world.action.milestones.get()
    client.post(reverse("planning:milestone-toggle", args=[milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.done
    response = client.post(reverse("planning:milestone-add", args=[world.action.pk]), {})
    assert response.status_code == 400
    assert "Enter the milestone" in response.content.decode()


# --- QA -----------------------------------------------------------------------------


def test_the_plan_goes_round_the_qa_loop_in_the_browser(client_for, world):
    plan = world.service_plan
    head = client_for("head")
    check = head.get(reverse("planning:plan-submit", args=[plan.pk])).content.decode()
    assert "Check your plan before submitting it" in check
    assert head.post(reverse("planning:plan-submit", args=[plan.pk])).status_code == 302

    lead = client_for("lead")
    queue = lead.get(reverse("planning:qa-queue")).content.decode()
    assert "Parks" in queue
    review = reverse("planning:plan-review", args=[plan.pk])
    response = lead.post(review, {"decision": "return", "feedback": ""})
    assert response.status_code == 400
    assert "Enter your feedback for the head of service" in response.content.decode()
    lead.post(review, {"decision": "return", "feedback": "Add milestones to every action"})

    head = client_for("head")
    page = head.get(plan.get_absolute_url()).content.decode()
    assert "Returned with feedback" in page
    assert "Add milestones to every action" in page
    delivery = head.get(reverse("planning:plan-delivery", args=[plan.pk])).content.decode()
    assert "Add milestones to every action" in delivery
    head.post(reverse("planning:plan-submit", args=[plan.pk]))
    page = head.get(plan.get_absolute_url()).content.decode()
    assert "Add milestones to every action" in page  # kept in the QA trail
    assert "plan-feedback-title" not in page  # but no longer at the top

    lead = client_for("lead")
    assert lead.post(review, {"decision": "sign-off"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED_OFF


def test_the_lead_who_last_edited_cannot_sign_off(client_for, world):
    plan = world.service_plan
    services.impact_save(plan=plan, actor=world.people["lead"], title="Tweak")
    plan.refresh_from_db()
    services.plan_submit(plan=plan, actor=world.people["head"])
    response = client_for("lead").post(
        reverse("planning:plan-review", args=[plan.pk]), {"decision": "sign-off"}
    )
    assert response.status_code == 400
    assert "you made the last change" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_the_qa_queue_shows_only_the_leads_portfolio(client_for, world):
    for plan in (world.service_plan, world.other_draft_plan):
        services.plan_submit(plan=plan, actor=world.people["admin"])
    body = client_for("lead").get(reverse("planning:qa-queue")).content.decode()
    assert "Parks" in body
    assert "Leisure" not in body
    body = client_for("admin").get(reverse("planning:qa-queue")).content.decode()
    assert "Parks" in body
    assert "Leisure" in body


def test_check_your_answers_lists_empty_sections(client_for, world):
    from tests import factories as f

    empty = f.ServicePlanFactory(
        service=world.service, year=f.FinancialYearFactory(start_year=2027)
    )
    url = reverse("planning:plan-submit", args=[empty.pk])
    body = client_for("head").get(url).content.decode()
    assert "Empty" in body
    assert "None yet" in body


def test_a_signed_off_plan_is_published_and_stays_editable(client_for, world):
    plan = world.service_plan
    services.plan_submit(plan=plan, actor=world.people["head"])
    services.plan_sign_off(plan=plan, actor=world.people["lead"])
    head = client_for("head")
    assert head.post(reverse("planning:plan-publish", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    response = head.post(reverse("planning:impact-add", args=[plan.pk]), {"title": "New in year"})
    assert response.status_code == 302


def test_roll_forward_through_the_page(client_for, world):
    from tests import factories as f

    f.FinancialYearFactory(start_year=2027)
    response = client_for("head").post(
        reverse("planning:plan-roll-forward", args=[world.service_plan.pk])
    )
    assert response.status_code == 302
    again = client_for("head").post(
        reverse("planning:plan-roll-forward", args=[world.service_plan.pk])
    )
    assert again.status_code == 400
    assert "already has a plan" in again.content.decode()
