"""A row entered by mistake (a budget line, a capital scheme, a saving, a team, a policy, a
contract) can be taken off the plan by whoever may change the plan: a page asks "Remove
this …?" showing what the row holds, and confirming removes it. Its history stays, and the
plan's history lists what was removed, by whom and when. A row changed by someone else
after the page was opened is not removed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from core.history import version_token
from planning import services
from planning.models import BudgetLine, Contract, Policy

from .test_item_history import ROWS as HISTORY_ROWS
from .test_query_counts import count_queries

pytestmark = pytest.mark.django_db

ON = dt.date(2027, 3, 31)

# kind, saving service, a first version: the rows whose history is tested, removed here.
ROWS = [(kind, save, first) for kind, save, first, *_change in HISTORY_ROWS]


def section_of(kind: str) -> str:
    return "plan-assurance" if kind in ("policy", "contract") else "plan-resources"


def remove_url(kind: str, pk: int) -> str:
    return reverse("planning:register-row-remove", args=[kind, pk])


@pytest.mark.parametrize(("kind", "save", "first"), ROWS)
def test_the_head_of_service_removes_a_row_and_its_history_stays(
    client_for, world, kind, save, first
):
    plan = world.service_plan
    row = save(plan=plan, actor=world.people["manager"], data=first)
    model, name = type(row), str(row)
    client = client_for("head")

    page = client.get(remove_url(kind, row.pk))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Remove this " in body
    assert escape(name) in body  # what is about to go, shown first

    done = client.post(remove_url(kind, row.pk), {"version": version_token(row)}, follow=True)
    assert done.redirect_chain[-1][0] == reverse(f"planning:{section_of(kind)}", args=[plan.pk])
    assert f"‘{escape(name)}’ removed" in done.content.decode()
    assert not model.objects.filter(pk=row.pk).exists()

    last = model.history.filter(id=row.pk).latest("history_date")
    assert last.history_type == "-"
    assert last.history_user == world.people["head"]
    assert last.history_change_reason.endswith(" removed")

    plan_history = client_for("lead").get(reverse("planning:item-history", args=["plan", plan.pk]))
    listed = plan_history.content.decode()
    assert "Rows removed from this plan" in listed
    assert f"‘{escape(name)}’ removed by {escape(world.people['head'])}" in listed


def test_the_confirmation_page_shows_what_the_row_holds(client_for, world):
    line = services.budget_line_save(
        plan=world.service_plan,
        actor=world.people["head"],
        data={"purpose": "Grass cutting", "budget": Decimal("1250"), "last_year_outturn": None},
    )
    body = client_for("head").get(remove_url("budget", line.pk)).content.decode()
    assert "What the money buys</dt>" in body
    assert "1250.00" in body
    assert "Last year" not in body  # blank fields are left out


def test_a_row_changed_after_the_page_was_opened_is_not_removed(client_for, world):
    plan = world.service_plan
    line = services.budget_line_save(
        plan=plan, actor=world.people["head"], data={"purpose": "Grass cutting", "budget": 1000}
    )
    seen = version_token(line)
    services.budget_line_save(
        plan=plan, actor=world.people["manager"], data={"budget": 1500}, obj=line, version=seen
    )
    refused = client_for("head").post(remove_url("budget", line.pk), {"version": seen})
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Nothing has been removed" in body
    assert escape(str(world.people["manager"])) in body
    assert "1000.00" in body
    assert "1500.00" in body
    assert BudgetLine.objects.filter(pk=line.pk).exists()
    # The page now carries the new stamp: confirming again removes it.
    line.refresh_from_db()
    assert f'value="{version_token(line)}"' in body
    again = client_for("head").post(remove_url("budget", line.pk), {"version": version_token(line)})
    assert again.status_code == 302
    assert not BudgetLine.objects.filter(pk=line.pk).exists()


def test_removal_after_sign_off_says_so_in_history(client_for, world):
    plan = world.service_plan
    policy = services.policy_save(
        plan=plan, actor=world.people["head"], data={"name": "Tree policy", "next_review": ON}
    )
    type(plan).objects.filter(pk=plan.pk).update(
        signed_off_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    )
    client_for("head").post(remove_url("policy", policy.pk), {"version": version_token(policy)})
    last = Policy.history.filter(id=policy.pk).latest("history_date")
    assert last.history_change_reason == "After sign-off: Policy removed"


@pytest.mark.parametrize(("persona", "status"), [("staff", 403), ("other_head", 404)])
def test_people_who_may_not_change_the_plan_remove_nothing(client_for, world, persona, status):
    contract = services.contract_save(
        plan=world.service_plan, actor=world.people["head"], data=ROWS[5][2]
    )
    response = client_for(persona).post(
        remove_url("contract", contract.pk), {"version": version_token(contract)}
    )
    assert response.status_code == status
    assert Contract.objects.filter(pk=contract.pk).exists()


def test_the_section_pages_offer_remove_only_to_editors(client_for, world):
    plan = world.service_plan
    rows = [
        (kind, save(plan=plan, actor=world.people["head"], data=first))
        for kind, save, first in ROWS
    ]
    for persona, offered in (("head", True), ("manager", True), ("lead", False)):
        for kind, row in rows:
            body = client_for(persona).get(reverse(f"planning:{section_of(kind)}", args=[plan.pk]))
            link = (
                f'href="{remove_url(kind, row.pk)}">Remove'
                f'<span class="govuk-visually-hidden"> {escape(str(row))}</span></a>'
            )
            assert (link in body.content.decode()) is offered, (persona, kind)


def test_a_missing_row_is_not_found(client_for, world):
    assert client_for("admin").get(remove_url("saving", 999999)).status_code == 404


def test_the_plan_history_runs_no_more_queries_for_more_removed_rows(client_for, world):
    plan = world.service_plan
    url = reverse("planning:item-history", args=["plan", plan.pk])

    def add_and_remove(n: int) -> None:
        for _ in range(n):
            for kind, save, first in ROWS:
                row = save(plan=plan, actor=world.people["head"], data=first)
                services.register_row_remove(
                    obj=row, actor=world.people["manager"], label=kind, version=version_token(row)
                )

    add_and_remove(1)
    small = count_queries(client_for, "head", url)
    add_and_remove(4)
    large = count_queries(client_for, "head", url)
    assert client_for("head").get(url).content.decode().count(" removed by ") == 30
    assert small == large
