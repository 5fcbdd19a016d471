"""Every row of the resources and assurance registers has its own history page: who changed
what, when, from what to what, and why; linked from beside the row."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from planning import services

from .test_query_counts import count_queries

pytestmark = pytest.mark.django_db

ON = dt.date(2027, 3, 31)

# kind, service, first version, the change, the field's label, old, new
ROWS = [
    (
        "budget",
        services.budget_line_save,
        {"purpose": "Grass cutting", "budget": Decimal("1000")},
        {"budget": Decimal("1250")},
        "Budget this year (£)",
        "1000.00",
        "1250.00",
    ),
    (
        "capital",
        services.capital_scheme_save,
        {"name": "New pavilion", "budget": Decimal("90000")},
        {"completion_date": ON},
        "Expected completion",
        "(blank)",
        "31 March 2027",
    ),
    (
        "saving",
        services.saving_save,
        {"name": "Fewer mowings", "amount": Decimal("5000")},
        {"q1_rag": "blue"},
        "Quarter 1 RAG",
        "(blank)",
        "Blue (delivered)",
    ),
    (
        "team",
        services.workforce_team_save,
        {"team": "Rangers", "fte": Decimal("4"), "vacancies": 0, "agency": 0},
        {"vacancies": Decimal("1.5")},
        "Vacant FTE",
        "0.00",
        "1.50",
    ),
    (
        "policy",
        services.policy_save,
        {"name": "Tree policy", "owner": "Sam", "next_review": ON},
        {"owner": "Alex"},
        "Owner",
        "Sam",
        "Alex",
    ),
    (
        "contract",
        services.contract_save,
        {
            "name": "Grounds maintenance",
            "supplier": "Green Ltd",
            "value": Decimal("100"),
            "end_date": ON,
            "renewal_lead_months": 6,
        },
        {"supplier": "Acme Grounds"},
        "Supplier",
        "Green Ltd",
        "Acme Grounds",
    ),
]


@pytest.mark.parametrize(("kind", "save", "first", "change", "label", "old", "new"), ROWS)
def test_a_register_row_shows_who_changed_what_and_why(
    client_for, world, kind, save, first, change, label, old, new
):
    plan = world.service_plan
    row = save(plan=plan, actor=world.people["head"], data=first)
    save(plan=plan, actor=world.people["manager"], data=change, obj=row)
    response = client_for("lead").get(reverse("planning:item-history", args=[kind, row.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"<strong>{label}</strong>: {old} → {new}" in body
    assert escape(f"Changed by {world.people['manager']}") in body
    assert escape(f"Created by {world.people['head']}") in body
    # The reasons the services gave, e.g. "Budget line added" then "Budget line changed".
    assert " changed</p>" in body
    assert " added</p>" in body
    assert body.index("Changed by") < body.index("Created by")  # newest first


@pytest.mark.parametrize(
    ("kind", "save", "first", "section"),
    [
        (r[0], r[1], r[2], "plan-assurance" if r[0] in ("policy", "contract") else "plan-resources")
        for r in ROWS
    ],
)
def test_each_row_links_to_its_history_with_its_name_for_screen_readers(
    client_for, world, kind, save, first, section
):
    row = save(plan=world.service_plan, actor=world.people["head"], data=first)
    url = reverse("planning:item-history", args=[kind, row.pk])
    name = str(row)
    for persona in ("head", "lead"):  # editors and readers alike
        body = (
            client_for(persona)
            .get(reverse(f"planning:{section}", args=[world.service_plan.pk]))
            .content.decode()
        )
        assert (
            f'<a class="govuk-link" href="{url}">History'
            f'<span class="govuk-visually-hidden"> of {name}</span></a>'
        ) in body
    history = client_for("head").get(url).content.decode()
    assert reverse(f"planning:{section}", args=[world.service_plan.pk]) in history


def test_the_history_page_runs_no_more_queries_for_a_longer_history(client_for, world):
    head = world.people["head"]
    saving = services.saving_save(
        plan=world.service_plan, actor=head, data={"name": "Fewer mowings", "amount": 1}
    )
    url = reverse("planning:item-history", args=["saving", saving.pk])
    small = count_queries(client_for, "head", url)
    for n in range(8):
        services.saving_save(
            plan=world.service_plan,
            actor=world.people["manager" if n % 2 else "head"],
            data={"amount": Decimal(n + 2), "q2_rag": ["green", "red"][n % 2]},
            obj=saving,
        )
    large = count_queries(client_for, "head", url)
    assert client_for("head").get(url).content.decode().count("Changed by") == 8
    assert small == large


def test_changed_links_are_named_without_a_query_per_change(client_for, world):
    """An action whose lead officer changed hands many times: each change names both
    people, and the page runs the same queries as for a couple of changes."""
    action, plan = world.action, world.service_plan
    head, manager = world.people["head"], world.people["manager"]

    def hand_over(times: int) -> None:
        for n in range(times):
            lead = manager if n % 2 == 0 else head
            services.action_save(
                plan=plan, actor=head, data={"lead": lead}, serves=action.serves, action=action
            )
            action.refresh_from_db()

    url = reverse("planning:item-history", args=["action", action.pk])
    hand_over(2)
    small = count_queries(client_for, "head", url)
    hand_over(8)
    large = count_queries(client_for, "head", url)
    body = client_for("head").get(url).content.decode()
    assert f"<strong>Lead officer</strong>: {escape(head)} → {escape(manager)}" in body
    assert small == large


def test_a_link_set_for_the_first_time_names_the_record(client_for, world):
    """From no lead officer to one: the change names the person (not "(removed)")."""
    from tests import factories as f

    plan, manager = world.service_plan, world.people["manager"]
    action = f.ActionFactory(plan=plan, serves_priority=world.action.serves_priority)
    assert action.lead is None
    services.action_save(
        plan=plan,
        actor=world.people["head"],
        data={"lead": manager},
        serves=action.serves,
        action=action,
    )
    url = reverse("planning:item-history", args=["action", action.pk])
    body = client_for("head").get(url).content.decode()
    assert f"<strong>Lead officer</strong>: (blank) → {escape(manager)}" in body
