"""Reads for the assurance section (three queries)."""

import datetime as dt
from dataclasses import dataclass

from planning.delivery_rules import contract_renewal_due, policy_review_due
from planning.models import ASSURANCE_QUESTIONS, Assurance, AssuranceAnswer, ServicePlan


@dataclass
class ChecklistRow:
    key: str
    question: str
    answer: str
    evidence: str

    @property
    def answer_label(self) -> str:
        return AssuranceAnswer(self.answer).label if self.answer else "Not answered"


@dataclass
class AssuranceSection:
    assurance: Assurance | None
    checklist: list[ChecklistRow]
    policies: list
    contracts: list

    @property
    def answered(self) -> int:
        return sum(1 for row in self.checklist if row.answer)


def assurance_section(plan: ServicePlan, *, today: dt.date) -> AssuranceSection:
    assurance = Assurance.objects.filter(plan=plan).first()
    answers = assurance.answers if assurance else {}
    checklist = [
        ChecklistRow(
            key,
            question,
            (answers.get(key) or {}).get("answer", ""),
            (answers.get(key) or {}).get("evidence", ""),
        )
        for key, question in ASSURANCE_QUESTIONS
    ]
    policies = list(plan.policies.all())
    for policy in policies:
        policy.review_due = policy_review_due(next_review=policy.next_review, today=today)
    contracts = list(plan.contracts.all())
    for contract in contracts:
        contract.renewal_due = contract_renewal_due(
            end_date=contract.end_date, lead_months=contract.renewal_lead_months, today=today
        )
    return AssuranceSection(assurance, checklist, policies, contracts)
