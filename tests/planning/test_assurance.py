"""The assurance section: checklist, key dates, policy and contract registers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from core.history import version_token
from planning import services
from planning.delivery_rules import contract_renewal_due, policy_review_due
from planning.models import Assurance, Contract, Policy

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("next_review", "expected"),
    [
        (None, False),
        (TODAY, True),
        (TODAY - dt.timedelta(days=1), True),
        (TODAY + dt.timedelta(days=1), False),
    ],
)
def test_policy_review_is_due_from_its_date(next_review, expected):
    assert policy_review_due(next_review=next_review, today=TODAY) is expected


@pytest.mark.parametrize(
    ("end", "lead", "expected"),
    [
        (dt.date(2027, 5, 23), 6, True),  # exactly N months away
        (dt.date(2027, 5, 24), 6, False),
        (dt.date(2027, 2, 1), 3, True),
        (dt.date(2027, 3, 1), 3, False),
        (dt.date(2026, 10, 1), 6, True),  # already ended
        (dt.date(2026, 11, 24), 0, False),
        (None, 6, False),
    ],
)
def test_contract_renewal_is_due_within_its_lead_time(end, lead, expected):
    assert contract_renewal_due(end_date=end, lead_months=lead, today=TODAY) is expected


pytestmark = pytest.mark.django_db


def checklist(**extra) -> dict:
    data = {
        "q_risks": "yes",
        "e_risks": "Risk register reviewed in September",
        "q_finance": "partly",
        "e_finance": "Two managers still to be trained",
        "bcp_last_tested_0": "14",
        "bcp_last_tested_1": "9",
        "bcp_last_tested_2": "2026",
        "delegation_last_reviewed_0": "",
        "delegation_last_reviewed_1": "",
        "delegation_last_reviewed_2": "",
    }
    return data | extra


def test_head_answers_the_checklist_and_sees_it(client_for, world):
    client = client_for("head")
    url = reverse("planning:assurance-edit", args=[world.service_plan.pk])
    assert client.post(url, checklist()).status_code == 302
    assurance = Assurance.objects.get(plan=world.service_plan)
    assert assurance.answers["finance"] == {
        "answer": "partly",
        "evidence": "Two managers still to be trained",
    }
    assert assurance.bcp_last_tested == dt.date(2026, 9, 14)
    body = client.get(
        reverse("planning:plan-assurance", args=[world.service_plan.pk])
    ).content.decode()
    assert "2 of 6 questions answered" in body
    assert "Partly" in body
    assert "14 September 2026" in body


def test_partly_or_no_needs_evidence_and_nothing_typed_is_lost(client_for, world):
    url = reverse("planning:assurance-edit", args=[world.service_plan.pk])
    response = client_for("head").post(url, checklist(e_finance="", q_data="no"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Say what is missing and what is being done about it" in body
    assert "Risk register reviewed in September" in body
    assert not Assurance.objects.exists()


def test_policies_due_for_review_and_contracts_due_for_renewal_are_flagged(client_for, world):
    plan = world.service_plan
    head = world.people["head"]
    services.policy_save(
        plan=plan, actor=head, data={"name": "Old policy", "next_review": dt.date(2026, 6, 1)}
    )
    services.policy_save(
        plan=plan, actor=head, data={"name": "Fresh policy", "next_review": dt.date(2028, 6, 1)}
    )
    services.contract_save(
        plan=plan,
        actor=head,
        data={
            "name": "Grounds",
            "supplier": "Green Ltd",
            "value": Decimal("250000"),
            "end_date": dt.date(2027, 3, 31),
            "renewal_lead_months": 6,
        },
    )
    services.contract_save(
        plan=plan,
        actor=head,
        data={
            "name": "Cafe",
            "supplier": "Brew Ltd",
            "value": Decimal("1000"),
            "end_date": dt.date(2029, 3, 31),
            "renewal_lead_months": 6,
        },
    )
    body = client_for("head").get(reverse("planning:plan-assurance", args=[plan.pk])).content
    body = body.decode()
    assert body.count("Review due") == 1
    assert body.count("Renewal due within 6 months") == 1
    assert "£250,000" in body


def test_contract_form_refuses_bad_input_with_govuk_messages(client_for, world):
    url = reverse("planning:contract-add", args=[world.service_plan.pk])
    response = client_for("head").post(
        url,
        {
            "name": "Grounds",
            "supplier": "",
            "value": "lots",
            "renewal_lead_months": "-1",
            "end_date_0": "31",
            "end_date_1": "2",
            "end_date_2": "2027",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the supplier" in body
    assert "The value must be a number, like 125000" in body
    assert "The lead time cannot be negative" in body
    assert "The end date must be a real date" in body
    assert 'value="Grounds"' in body
    assert not Contract.objects.exists()


def test_policy_edit_detects_a_conflict(client_for, world):
    policy = services.policy_save(
        plan=world.service_plan,
        actor=world.people["head"],
        data={"name": "Trees", "next_review": dt.date(2027, 1, 1)},
    )
    token = version_token(policy)
    services.policy_save(
        plan=world.service_plan,
        actor=world.people["manager"],
        data={"owner": "Sam"},
        obj=policy,
        version=token,
    )
    response = client_for("head").post(
        reverse("planning:policy-edit", args=[policy.pk]),
        {
            "name": "Trees and hedges",
            "owner": "",
            "version": token,
            "next_review_0": "1",
            "next_review_1": "1",
            "next_review_2": "2027",
        },
    )
    assert response.status_code == 409
    assert Policy.objects.get().name == "Trees"
