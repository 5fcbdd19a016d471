"""The resources section: budget, capital, savings with quarterly RAG, workforce and the
sickness comparison with the council average."""

from decimal import Decimal

import pytest
from django.urls import reverse

from planning import services
from planning.delivery_rules import sickness_comparison
from planning.models import BudgetLine, FinancialYear, Saving, Workforce


@pytest.mark.parametrize(
    ("service", "council", "expected"),
    [
        (Decimal("9.5"), Decimal("8.0"), "above"),
        (Decimal("6"), Decimal("8.0"), "below"),
        (Decimal("8"), Decimal("8.0"), "equal"),
        (None, Decimal("8.0"), None),
        (Decimal("8"), None, None),
    ],
)
def test_sickness_comparison(service, council, expected):
    assert sickness_comparison(service_days=service, council_days=council) == expected


pytestmark = pytest.mark.django_db


def test_head_adds_budget_lines_and_sees_the_totals(client_for, world):
    client = client_for("head")
    url = reverse("planning:resource-add", args=[world.service_plan.pk, "budget"])
    for purpose, budget, outturn in (
        ("Grass cutting", "120000", "118500"),
        ("Play areas", "30000", ""),
    ):
        response = client.post(
            url, {"purpose": purpose, "budget": budget, "last_year_outturn": outturn}
        )
        assert response.status_code == 302
    assert BudgetLine.objects.count() == 2
    body = client.get(
        reverse("planning:plan-resources", args=[world.service_plan.pk])
    ).content.decode()
    assert "£150,000" in body
    assert "£118,500" in body
    assert "Not recorded" in body


def test_bad_money_is_refused_in_plain_words_and_kept(client_for, world):
    url = reverse("planning:resource-add", args=[world.service_plan.pk, "budget"])
    response = client_for("head").post(
        url, {"purpose": "Grass cutting", "budget": "lots", "last_year_outturn": "-5"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The budget must be a number, like 125000" in body
    assert "Last year&#x27;s outturn cannot be negative" in body
    assert 'value="Grass cutting"' in body


def test_savings_carry_a_rag_each_quarter_with_blue_as_delivered(client_for, world):
    services.saving_save(
        plan=world.service_plan,
        actor=world.people["head"],
        data={
            "name": "Fewer mowings",
            "amount": Decimal("5000"),
            "q1_rag": "amber",
            "q2_rag": "blue",
        },
    )
    body = (
        client_for("head")
        .get(reverse("planning:plan-resources", args=[world.service_plan.pk]))
        .content.decode()
    )
    assert "gt-rag--amber" in body
    assert "Delivered" in body
    assert body.count("Not rated") >= 2


def test_workforce_sickness_is_compared_with_the_council_average(client_for, world):
    FinancialYear.objects.filter(pk=world.year.pk).update(sickness_average_days=Decimal("8.2"))
    client = client_for("head")
    client.post(
        reverse("planning:resource-add", args=[world.service_plan.pk, "team"]),
        {"team": "Rangers", "fte": "6.5", "vacancies": "1", "agency": "0.5"},
    )
    response = client.post(
        reverse("planning:workforce-edit", args=[world.service_plan.pk]),
        {"sickness_days_per_fte": "9.1", "a_pressures": "Arborists are hard to find."},
    )
    assert response.status_code == 302
    assert Workforce.objects.get().answers == {"pressures": "Arborists are hard to find."}
    body = client.get(
        reverse("planning:plan-resources", args=[world.service_plan.pk])
    ).content.decode()
    assert "Above the council average" in body
    assert "Council average for 2026/27: 8.2 days" in body
    assert "6.5" in body


def test_a_saving_changed_meanwhile_is_not_overwritten(client_for, world):
    from core.history import version_token

    saving = services.saving_save(
        plan=world.service_plan,
        actor=world.people["head"],
        data={"name": "Fewer mowings", "amount": Decimal("5000")},
    )
    token = version_token(saving)
    services.saving_save(
        plan=world.service_plan,
        actor=world.people["manager"],
        data={"q1_rag": "red"},
        obj=saving,
        version=token,
    )
    response = client_for("head").post(
        reverse("planning:resource-edit", args=["saving", saving.pk]),
        {"name": "Fewer mowings", "amount": "6000", "q1_rag": "green", "version": token},
    )
    assert response.status_code == 409
    assert Saving.objects.get().q1_rag == "red"
