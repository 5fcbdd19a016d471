"""The plan hierarchy and the golden thread.

Corporate Plan (four years, ambitions) → Delivery Plan (annual, activities) → Directorate
Plan (annual, priorities) → Service Business Plan (annual, actions) → Personal Development
Plan (annual, objectives).

Every item below the corporate level serves at most one item of a HIGHER level, held as a
foreign key. There is one nullable column per level above, and a database constraint that
at most one of them is set: an item can never point sideways or downwards because the
database has no column for it. An item that serves nothing is an orphan, a QA finding.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.models import at_most_one

from .base import TrackedModel
from .organisation import Directorate, Person, Service
from .years import FinancialYear


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned with feedback"
    SIGNED_OFF = "signed_off", "Signed off"
    PUBLISHED = "published", "Published"


class Plan(TrackedModel):
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)

    LEVEL: int
    LEVEL_NAME: str
    KIND: str

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("planning:plan-detail", args=[self.KIND, self.pk])


class CorporatePlan(Plan):
    LEVEL, LEVEL_NAME, KIND = 1, "Corporate Plan", "corporate"

    title = models.CharField(max_length=200)
    first_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    years = models.PositiveSmallIntegerField(default=4)

    class Meta:
        ordering = ["-first_year__start_year"]
        constraints = [
            models.UniqueConstraint(fields=["first_year"], name="one_corporate_plan_per_start"),
            models.CheckConstraint(
                condition=Q(years__gte=1) & Q(years__lte=10), name="corporate_plan_span"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        last = self.first_year.start_year + self.years
        return f"{self.first_year.start_year} to {last}"

    def covers(self, year: FinancialYear) -> bool:
        start = self.first_year.start_year
        return start <= year.start_year < start + self.years


class AnnualPlan(Plan):
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class DeliveryPlan(AnnualPlan):
    LEVEL, LEVEL_NAME, KIND = 2, "Delivery Plan", "delivery"

    corporate_plan = models.ForeignKey(
        CorporatePlan, on_delete=models.PROTECT, related_name="delivery_plans"
    )

    class Meta:
        ordering = ["-year__start_year"]
        constraints = [models.UniqueConstraint(fields=["year"], name="one_delivery_plan_a_year")]

    def __str__(self) -> str:
        return f"Delivery Plan {self.year}"


class DirectoratePlan(AnnualPlan):
    LEVEL, LEVEL_NAME, KIND = 3, "Directorate Plan", "directorate"

    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="plans")

    class Meta:
        ordering = ["directorate__name", "-year__start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["directorate", "year"], name="one_directorate_plan_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.directorate} plan {self.year}"


class ServicePlan(AnnualPlan):
    LEVEL, LEVEL_NAME, KIND = 4, "Service Business Plan", "service"

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="plans")
    # Who last changed the plan or anything in it: they may not also sign it off.
    last_edited_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # First signed off: from then on actions' original due dates are fixed.
    signed_off_at = models.DateTimeField(null=True, blank=True)
    rolled_forward_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="rolled_into"
    )

    class Meta:
        ordering = ["service__name", "-year__start_year"]
        constraints = [
            models.UniqueConstraint(fields=["service", "year"], name="one_service_plan_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.service} business plan {self.year}"


class PersonalDevelopmentPlan(AnnualPlan):
    LEVEL, LEVEL_NAME, KIND = 5, "Personal Development Plan", "pdp"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pdps")
    development_needs = models.TextField(
        blank=True,
        help_text="Skills, knowledge or experience to build this year, and how",
    )
    mid_year_review = models.TextField("mid-year review notes", blank=True)
    year_end_review = models.TextField("year-end review notes", blank=True)

    class Meta:
        ordering = ["person__last_name", "-year__start_year"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="one_pdp_a_year")]

    def __str__(self) -> str:
        return f"{self.person} PDP {self.year}"


class PlanItem(TrackedModel):
    """One line of a plan. Subclasses name the higher-level items they may serve."""

    ref = models.CharField("reference", max_length=30, blank=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    LEVEL: int
    LEVEL_NAME: str
    LEVEL_PLURAL: str
    KIND: str
    # The columns pointing up the thread, nearest level first.
    SERVES_FIELDS: tuple[str, ...] = ()
    # Templates receive the classes themselves (level names); never instantiate them.
    do_not_call_in_templates = True

    class Meta:
        abstract = True
        ordering = ["order", "ref", "pk"]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("planning:thread", args=[self.KIND, self.pk])

    @property
    def serves(self) -> "PlanItem | None":
        """The item this one serves, or None for an orphan (may query unless selected)."""
        for name in self.SERVES_FIELDS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        return None

    @property
    def serves_key(self) -> tuple[str, int] | None:
        """(kind, id) of the item served, read from this row alone."""
        for name in self.SERVES_FIELDS:
            value = getattr(self, f"{name}_id")
            if value is not None:
                return self._meta.get_field(name).related_model.KIND, value
        return None

    def set_serves(self, target: "PlanItem | None") -> None:
        """Point this item at `target`; refuses anything not of a higher level."""
        for name in self.SERVES_FIELDS:
            setattr(self, name, None)
        if target is None:
            return
        field = self.serves_field_for(type(target))
        if field is None:
            raise ValidationError(serves_refusal(type(self), type(target)))
        setattr(self, field, target)

    @classmethod
    def serves_field_for(cls, model: type) -> str | None:
        for name in cls.SERVES_FIELDS:
            if cls._meta.get_field(name).related_model is model:
                return name
        return None

    @classmethod
    def servable_models(cls) -> list[type["PlanItem"]]:
        return [cls._meta.get_field(name).related_model for name in cls.SERVES_FIELDS]

    @classmethod
    def level_refusal(cls, model: type) -> str:
        """Why this kind of item cannot serve an item of that kind."""
        return serves_refusal(cls, model)

    def clean(self) -> None:
        super().clean()
        chosen = [name for name in self.SERVES_FIELDS if getattr(self, f"{name}_id") is not None]
        if len(chosen) > 1:
            raise ValidationError("An item serves one item above it, not several")
        target = self.serves
        if target is not None and self.plan_id is not None:
            check_same_period(self, target)


def serves_refusal(model: type[PlanItem], target_model: type[PlanItem]) -> str:
    allowed = ", ".join(m.LEVEL_NAME.lower() for m in model.servable_models())
    if target_model.LEVEL == model.LEVEL:
        why = f"a {model.LEVEL_NAME.lower()} cannot serve another {target_model.LEVEL_NAME.lower()}"
    else:
        why = f"a {target_model.LEVEL_NAME.lower()} is below a {model.LEVEL_NAME.lower()}"
    return f"Choose an item from a higher level ({allowed}): {why}"


def check_same_period(item: PlanItem, target: PlanItem) -> None:
    """An annual item serves an item of the same year, or an ambition covering that year."""
    year = item.plan.year
    if isinstance(target, Ambition):
        if not target.plan.covers(year):
            raise ValidationError(
                f"Choose an ambition from a corporate plan that covers {year}: "
                f"{target.plan} covers {target.plan.period_label}"
            )
    elif target.plan.year_id != item.plan.year_id:
        raise ValidationError(f"Choose an item from {year}: {target} belongs to {target.plan.year}")


def rolled_from_fk() -> models.ForeignKey:
    """Last year's item this one was copied from when its plan was rolled forward: how a
    copy's link up the thread is re-pointed to the new year's copy of what it served."""
    return models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )


def serves_fk(model: str, related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        model, on_delete=models.SET_NULL, null=True, blank=True, related_name=related_name
    )


class Ambition(PlanItem):
    LEVEL, LEVEL_NAME, KIND = 1, "Corporate ambition", "ambition"
    LEVEL_PLURAL = "Corporate ambitions"

    plan = models.ForeignKey(CorporatePlan, on_delete=models.CASCADE, related_name="items")
    success_measures = models.TextField(blank=True)

    class Meta(PlanItem.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "ref"], condition=~Q(ref=""), name="ambition_ref_unique"
            )
        ]


class DeliveryActivity(PlanItem):
    LEVEL, LEVEL_NAME, KIND = 2, "Delivery plan activity", "activity"
    LEVEL_PLURAL = "Delivery plan activities"
    SERVES_FIELDS = ("serves_ambition",)

    plan = models.ForeignKey(DeliveryPlan, on_delete=models.CASCADE, related_name="items")
    how_measured = models.TextField("how progress is measured", blank=True)
    serves_ambition = serves_fk(Ambition, "activities")
    rolled_from = rolled_from_fk()

    class Meta(PlanItem.Meta):
        verbose_name_plural = "delivery activities"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "ref"], condition=~Q(ref=""), name="activity_ref_unique"
            )
        ]


PRIORITY_SERVES = ("serves_activity", "serves_ambition")
ACTION_SERVES = ("serves_priority", "serves_activity", "serves_ambition")
OBJECTIVE_SERVES = ("serves_action", "serves_priority", "serves_activity", "serves_ambition")


class DirectoratePriority(PlanItem):
    LEVEL, LEVEL_NAME, KIND = 3, "Directorate priority", "priority"
    LEVEL_PLURAL = "Directorate priorities"
    SERVES_FIELDS = PRIORITY_SERVES

    plan = models.ForeignKey(DirectoratePlan, on_delete=models.CASCADE, related_name="items")
    serves_activity = serves_fk(DeliveryActivity, "priorities")
    serves_ambition = serves_fk(Ambition, "priorities")
    rolled_from = rolled_from_fk()

    class Meta(PlanItem.Meta):
        verbose_name_plural = "directorate priorities"
        constraints = [
            models.CheckConstraint(
                condition=at_most_one(*PRIORITY_SERVES), name="priority_serves_one"
            ),
            models.UniqueConstraint(
                fields=["plan", "ref"], condition=~Q(ref=""), name="priority_ref_unique"
            ),
        ]


class ServiceAction(PlanItem):
    LEVEL, LEVEL_NAME, KIND = 4, "Service action", "action"
    LEVEL_PLURAL = "Service actions"
    SERVES_FIELDS = ACTION_SERVES

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="items")
    lead = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_led",
        verbose_name="lead officer",
    )
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(
        "original due date",
        null=True,
        blank=True,
        help_text="Fixed once the plan is signed off: later changes are revised due dates",
    )
    revised_due_date = models.DateField(null=True, blank=True)
    revised_due_reason = models.TextField("reason for the revised due date", blank=True)
    due_date_revisions = models.PositiveSmallIntegerField(default=0)
    impact = models.ForeignKey(
        "planning.Impact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="impact sought",
    )
    programme_ref = models.CharField(
        "programme reference",
        max_length=60,
        blank=True,
        help_text="The programme's reference in the council's programme-management system",
    )
    in_delivery_plan = models.BooleanField("in the council's Delivery Plan", default=False)
    serves_priority = serves_fk(DirectoratePriority, "actions")
    serves_activity = serves_fk(DeliveryActivity, "actions")
    serves_ambition = serves_fk(Ambition, "actions")
    rolled_from = rolled_from_fk()

    class Meta(PlanItem.Meta):
        constraints = [
            models.CheckConstraint(condition=at_most_one(*ACTION_SERVES), name="action_serves_one"),
            models.UniqueConstraint(
                fields=["plan", "ref"], condition=~Q(ref=""), name="action_ref_unique"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(due_date__isnull=True)
                | Q(due_date__gte=models.F("start_date")),
                name="action_due_after_start",
                violation_error_message="The due date must be on or after the start date",
            ),
            models.CheckConstraint(
                condition=Q(revised_due_date__isnull=True) | ~Q(revised_due_reason=""),
                name="action_revised_due_has_reason",
                violation_error_message="Give the reason for the revised due date",
            ),
        ]

    @property
    def current_due_date(self):
        """The date the action is now due: the revised date if there is one
        (delivery_rules.current_due_date)."""
        from planning.delivery_rules import current_due_date

        return current_due_date(due_date=self.due_date, revised_due_date=self.revised_due_date)


class PdpObjective(PlanItem):
    LEVEL, LEVEL_NAME, KIND = 5, "Personal objective", "objective"
    LEVEL_PLURAL = "Personal objectives"
    SERVES_FIELDS = OBJECTIVE_SERVES

    plan = models.ForeignKey(
        PersonalDevelopmentPlan, on_delete=models.CASCADE, related_name="items"
    )
    serves_action = serves_fk(ServiceAction, "objectives")
    serves_priority = serves_fk(DirectoratePriority, "objectives")
    serves_activity = serves_fk(DeliveryActivity, "objectives")
    serves_ambition = serves_fk(Ambition, "objectives")

    class Meta(PlanItem.Meta):
        constraints = [
            models.CheckConstraint(
                condition=at_most_one(*OBJECTIVE_SERVES), name="objective_serves_one"
            ),
        ]


PLAN_MODELS: dict[str, type[Plan]] = {
    m.KIND: m
    for m in (CorporatePlan, DeliveryPlan, DirectoratePlan, ServicePlan, PersonalDevelopmentPlan)
}
ITEM_MODELS: dict[str, type[PlanItem]] = {
    m.KIND: m
    for m in (Ambition, DeliveryActivity, DirectoratePriority, ServiceAction, PdpObjective)
}
