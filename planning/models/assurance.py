"""The assurance section of a Service Business Plan: the managers' assurance checklist,
business continuity and scheme of delegation dates, and the policy and contract registers."""

from django.db import models
from django.db.models import Q

from .base import TrackedModel
from .plans import ServicePlan

ASSURANCE_QUESTIONS = (
    ("risks", "Are the service's risks identified, recorded and reviewed at least quarterly?"),
    ("finance", "Do managers follow the council's financial rules and contract procedures?"),
    ("data", "Is personal data handled lawfully, with staff trained in data protection?"),
    ("health_safety", "Are health and safety risk assessments current for every workplace?"),
    ("staff", "Have all staff had an appraisal and completed mandatory training?"),
    ("fraud", "Are staff aware of how to report suspected fraud or wrongdoing?"),
)


class AssuranceAnswer(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


def checklist_lines(answers: dict) -> dict[str, str]:
    """The checklist as its history reads it: each question's answer and evidence as a
    line of its own, in the checklist's order (questions since retired come last)."""
    questions = dict(ASSURANCE_QUESTIONS)
    lines = {}
    for key in [*questions, *sorted(set(answers) - set(questions))]:
        value = answers.get(key) or {}
        question = questions.get(key, key)
        answer = value.get("answer", "")
        if answer in AssuranceAnswer.values:
            answer = AssuranceAnswer(answer).label
        lines[f"Answer to “{question}”"] = answer
        lines[f"Evidence for “{question}”"] = value.get("evidence", "")
    return lines


class Assurance(TrackedModel):
    """One plan's assurance checklist answers and key dates."""

    history_lines = {"answers": checklist_lines}

    plan = models.OneToOneField(ServicePlan, on_delete=models.CASCADE, related_name="assurance")
    answers = models.JSONField(
        default=dict, blank=True, help_text="Question key → {answer, evidence}"
    )
    bcp_last_tested = models.DateField(
        "business continuity plan last tested", null=True, blank=True
    )
    delegation_last_reviewed = models.DateField(
        "scheme of delegation last reviewed", null=True, blank=True
    )

    def __str__(self) -> str:
        return f"Assurance for {self.plan}"


class Policy(TrackedModel):
    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="policies")
    name = models.CharField("policy", max_length=300)
    owner = models.CharField(max_length=200, blank=True)
    next_review = models.DateField("next review date")

    class Meta:
        ordering = ["next_review", "pk"]
        verbose_name_plural = "policies"

    def __str__(self) -> str:
        return self.name


class Contract(TrackedModel):
    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="contracts")
    name = models.CharField("contract", max_length=300)
    supplier = models.CharField(max_length=200)
    value = models.DecimalField("value (£)", max_digits=14, decimal_places=2)
    end_date = models.DateField()
    renewal_lead_months = models.PositiveSmallIntegerField(
        "renewal lead time (months)",
        default=6,
        help_text="How long before the end date re-procurement must start",
    )

    class Meta:
        ordering = ["end_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="contract_value_not_negative"),
            models.CheckConstraint(
                condition=Q(renewal_lead_months__lte=60), name="contract_lead_time_plausible"
            ),
        ]

    def __str__(self) -> str:
        return self.name
