"""Budget lines are added and changed in place on the Resources page when the browser
runs htmx, and the same URLs are ordinary pages without it: errors inline, nothing typed
lost, a save made meanwhile by someone else never overwritten."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.history import version_token
from planning import services
from planning.models import BudgetLine

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "budget-lines"}


def add_url(world) -> str:
    return reverse("planning:resource-add", args=[world.service_plan.pk, "budget"])


def line(world, purpose="Grass cutting", budget="1000") -> BudgetLine:
    return services.budget_line_save(
        plan=world.service_plan,
        actor=world.people["head"],
        data={"purpose": purpose, "budget": Decimal(budget)},
    )


def test_add_opens_a_row_in_the_table_not_a_new_page(client_for, world):
    response = client_for("head").get(add_url(world), **HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<div id="budget-lines">')
    assert 'id="budget-line-new"' in body
    assert f'hx-post="{add_url(world)}"' in body
    assert 'name="purpose" maxlength="300" autofocus' in body  # focus moves into the row


def test_a_row_added_inline_is_saved_with_history_and_the_total_updated(client_for, world):
    line(world, budget="1000")
    response = client_for("head").post(
        add_url(world), {"purpose": "Play areas", "budget": "250"}, **HX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Budget line saved: Play areas" in body
    assert "£1,250" in body  # the total
    assert 'id="budget-line-new"' not in body
    added = BudgetLine.objects.get(purpose="Play areas")
    assert added.history.get().history_user == world.people["head"]


def test_bad_input_inline_is_shown_in_the_row_with_everything_typed_kept(client_for, world):
    response = client_for("head").post(
        add_url(world), {"purpose": "Play areas", "budget": "lots", "last_year_outturn": "-5"}, **HX
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "<html" not in body
    assert "There is a problem" in body
    assert '<a href="#id_budget">The budget must be a number, like 125000</a>' in body
    assert "govuk-input--error" in body
    assert 'value="Play areas"' in body
    assert 'value="lots"' in body
    assert not BudgetLine.objects.exists()


def test_a_row_changed_inline_keeps_the_others_as_they_were(client_for, world):
    keep, change = line(world, "Keep me"), line(world, "Change me")
    url = reverse("planning:resource-edit", args=["budget", change.pk])
    client = client_for("manager")
    opened = client.get(url, **HX).content.decode()
    assert 'value="Change me"' in opened
    assert f'id="budget-line-{keep.pk}"><td class="govuk-table__cell">Keep me' in opened
    response = client.post(
        url, {"purpose": "Changed", "budget": "5", "version": version_token(change)}, **HX
    )
    assert response.status_code == 200
    assert "Budget line saved: Changed" in response.content.decode()
    change.refresh_from_db()
    assert (change.purpose, change.budget) == ("Changed", Decimal("5.00"))


def test_an_inline_save_over_someone_elses_change_is_refused(client_for, world):
    row = line(world)
    token = version_token(row)
    services.budget_line_save(
        plan=world.service_plan,
        actor=world.people["manager"],
        data={"budget": Decimal("2000")},
        obj=row,
        version=token,
    )
    url = reverse("planning:resource-edit", args=["budget", row.pk])
    response = client_for("head").post(
        url, {"purpose": "Grass cutting", "budget": "1500", "version": token}, **HX
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "<html" not in body
    assert "What they changed" in body
    assert 'value="1500"' in body  # what head typed
    row.refresh_from_db()
    assert row.budget == Decimal("2000")
    assert f'value="{version_token(row)}"' in body  # saving again keeps head's


def test_without_javascript_the_same_urls_are_pages(client_for, world):
    client = client_for("head")
    page = client.get(add_url(world))
    assert "<html" in page.content.decode()
    response = client.post(add_url(world), {"purpose": "Play areas", "budget": "250"})
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:plan-resources", args=[world.service_plan.pk])
    bad = client.post(add_url(world), {"purpose": "", "budget": "250"})
    assert bad.status_code == 400
    assert "<html" in bad.content.decode()


def test_cancel_puts_the_table_back(client_for, world):
    line(world)
    url = reverse("planning:plan-resources", args=[world.service_plan.pk])
    body = client_for("head").get(url, **HX).content.decode()
    assert body.lstrip().startswith('<div id="budget-lines">')
    assert "<form" not in body
    assert "Grass cutting" in body


def test_readers_cannot_open_a_row_for_editing(client_for, world):
    row = line(world)
    url = reverse("planning:resource-edit", args=["budget", row.pk])
    assert client_for("lead").get(url, **HX).status_code == 403
    assert client_for("other_head").get(url, **HX).status_code == 404
    body = (
        client_for("lead")
        .get(reverse("planning:plan-resources", args=[world.service_plan.pk]))
        .content.decode()
    )
    assert "hx-get" not in body.split('id="budget-lines"')[1].split("</table>")[0]


def test_the_open_row_costs_the_same_queries_however_many_lines(client_for, world):
    row = line(world)
    url = reverse("planning:resource-edit", args=["budget", row.pk])

    def count():
        client = client_for("head")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, **HX).status_code == 200
        return len(queries)

    small = count()
    for n in range(8):
        line(world, f"Line {n}")
    assert count() == small


SAVINGS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "savings"}


def test_a_saving_is_added_and_its_quarterly_rag_changed_in_place(client_for, world):
    client = client_for("head")
    add = reverse("planning:resource-add", args=[world.service_plan.pk, "saving"])
    opened = client.get(add, **SAVINGS).content.decode()
    assert opened.lstrip().startswith('<div id="savings">')
    assert 'id="saving-new"' in opened
    response = client.post(add, {"name": "Fewer mowings", "amount": "5000"}, **SAVINGS)
    assert response.status_code == 200
    assert "Saving saved: Fewer mowings" in response.content.decode()
    saving = world.service_plan.savings.get()
    edit = reverse("planning:resource-edit", args=["saving", saving.pk])
    response = client.post(
        edit,
        {
            "name": "Fewer mowings",
            "amount": "5000",
            "q1_rag": "blue",
            "version": version_token(saving),
        },
        **SAVINGS,
    )
    assert response.status_code == 200
    assert "Delivered" in response.content.decode()
    saving.refresh_from_db()
    assert saving.q1_rag == "blue"


def test_a_saving_changed_meanwhile_is_refused_in_place(client_for, world):
    saving = services.saving_save(
        plan=world.service_plan,
        actor=world.people["head"],
        data={"name": "Fewer mowings", "amount": Decimal("5000")},
    )
    token = version_token(saving)
    services.saving_save(
        plan=world.service_plan,
        actor=world.people["manager"],
        data={"q2_rag": "red"},
        obj=saving,
        version=token,
    )
    response = client_for("head").post(
        reverse("planning:resource-edit", args=["saving", saving.pk]),
        {"name": "Fewer mowings", "amount": "5000", "q2_rag": "green", "version": token},
        **SAVINGS,
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert body.lstrip().startswith('<div id="savings">')
    assert "What they changed" in body
    saving.refresh_from_db()
    assert saving.q2_rag == "red"


def test_registers_not_edited_in_place_stay_full_pages_even_for_htmx(client_for, world):
    url = reverse("planning:resource-add", args=[world.service_plan.pk, "team"])
    assert "<html" in client_for("head").get(url, HTTP_HX_REQUEST="true").content.decode()


# --- milestones on the action page -----------------------------------------------------

MILESTONES = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "milestones"}


def test_a_milestone_is_added_and_marked_done_in_place(client_for, world):
    client = client_for("head")
    add = reverse("planning:milestone-add", args=[world.action.pk])
    response = client.post(
        add,
        {"title": "Order trees", "due_date_0": "1", "due_date_1": "10", "due_date_2": "2026"},
        **MILESTONES,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="milestones">')
    assert "Milestone added: Order trees" in body
    milestone = world.action.milestones.get()
    toggle = reverse("planning:milestone-toggle", args=[milestone.pk])
    assert f'hx-post="{toggle}"' in body
    response = client.post(toggle, **MILESTONES)
    assert "Order trees marked as done" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.done
    assert milestone.history.first().history_change_reason == "Milestone changed"


def test_a_bad_milestone_is_shown_in_place_with_what_was_typed(client_for, world):
    response = client_for("head").post(
        reverse("planning:milestone-add", args=[world.action.pk]),
        {"title": "Order trees", "due_date_0": "31", "due_date_1": "2", "due_date_2": "2026"},
        **MILESTONES,
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "<html" not in body
    assert "There is a problem" in body
    assert 'value="Order trees"' in body
    assert not world.action.milestones.exists()


def test_milestones_are_pages_without_javascript(client_for, world):
    response = client_for("head").post(
        reverse("planning:milestone-add", args=[world.action.pk]),
        {"title": "Order trees", "due_date_0": "1", "due_date_1": "10", "due_date_2": "2026"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:action-detail", args=[world.action.pk])


def test_readers_cannot_change_milestones_in_place(client_for, world):
    from planning.models import Milestone

    milestone = Milestone.objects.create(
        action=world.action, title="Order trees", due_date=world.year.starts
    )
    toggle = reverse("planning:milestone-toggle", args=[milestone.pk])
    assert client_for("lead").post(toggle, **MILESTONES).status_code == 403
    assert client_for("other_head").post(toggle, **MILESTONES).status_code == 404
    milestone.refresh_from_db()
    assert not milestone.done


def test_two_people_marking_a_milestone_done_at_once_leave_it_done(client_for, world):
    from planning.models import Milestone

    milestone = Milestone.objects.create(
        action=world.action, title="Order trees", due_date=world.year.starts
    )
    toggle = reverse("planning:milestone-toggle", args=[milestone.pk])
    # both opened the page while it was not done; each button asks for "done"
    client_for("head").post(toggle, {"done": "1"}, **MILESTONES)
    response = client_for("head").post(toggle, {"done": "1"}, **MILESTONES)
    assert "Order trees was already marked as done" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.done
    assert milestone.history.count() == 2  # created, then marked done once
    client_for("head").post(toggle, {"done": "0"})
    milestone.refresh_from_db()
    assert not milestone.done
