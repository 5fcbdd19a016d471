"""Performance indicators: a council-wide library of definitions, the plans that use them
(each use linked up the golden thread), annual targets with their profile, and monthly
values with commentary. The RAG engine (performance.rag) is the one source of every rating;
what it says of each indicator at the end of each month is kept in IndicatorRating, rewritten
(performance.stored) in the same transaction as any change that alters it, so that lists,
dashboards and reports read ratings instead of working them out on every request."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core import numbers
from core.models import at_most_one
from planning.models import (
    Ambition,
    DeliveryActivity,
    FinancialYear,
    Person,
    Service,
    ServiceAction,
    ServicePlan,
    TrackedModel,
    check_same_period,
)

from . import rag

MAX_DIGITS, DECIMALS = 16, 4
# The longest commentary on a value, however it is entered (the grid or an upload).
COMMENTARY_MAX = 2000


def amount_field(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=MAX_DIGITS, decimal_places=DECIMALS, **kwargs
    )


class RagPolicy(TrackedModel):
    """The council-wide default for judging indicator misses, set by an administrator.

    The newest row is the policy in force; indicators may override any part of it."""

    tolerance_percent = models.DecimalField(
        "amber tolerance (% of target)", max_digits=5, decimal_places=2, default=Decimal(10)
    )
    green_band_percent = models.DecimalField(
        "green band (% of target)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Leave empty unless a miss this small still counts as green",
    )
    effective_from = models.DateField(
        "applies from",
        null=True,
        blank=True,
        help_text="The first month it rates (the 1st); empty: every period",
    )
    gaps_in_points = models.BooleanField(
        "state percentage indicators' misses in percentage points",
        default=False,
        help_text="88% against a 90% target reads “2 percentage points below” rather than "
        "“2.2% below” (the tolerance is still a share of the target)",
    )

    class Meta:
        verbose_name = "RAG policy"
        verbose_name_plural = "RAG policy"
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tolerance_percent__gte=0) & Q(tolerance_percent__lte=100),
                name="rag_policy_tolerance_range",
            ),
            models.CheckConstraint(
                condition=Q(effective_from__isnull=True) | Q(effective_from__day=1),
                name="rag_policy_from_first_of_month",
            ),
        ]

    def __str__(self) -> str:
        return f"Amber within {self.tolerance_percent.normalize():f}% of target"

    def as_policy(self) -> rag.Policy:
        return rag.Policy(
            tolerance_percent=self.tolerance_percent,
            green_band_percent=self.green_band_percent,
            gaps_in_points=self.gaps_in_points,
        )

    @property
    def version_label(self) -> str:
        """How an explanation names it: "the council policy from April 2026"."""
        if self.effective_from is None:
            return "the council policy"
        return f"the council policy from {self.effective_from:%B %Y}"

    @classmethod
    def current(cls) -> rag.Policy:
        row = cls.objects.order_by("-pk").first()
        return row.as_policy() if row else rag.DEFAULT_POLICY


class IndicatorType(models.TextChoices):
    INPUT = "input", "Input"
    OUTPUT = "output", "Output"
    OUTCOME = "outcome", "Outcome"
    QUALITY = "quality", "Quality"
    RESOURCING = "resourcing", "Resourcing"


class Polarity(models.TextChoices):
    HIGHER = rag.Polarity.HIGHER, "Higher is better"
    LOWER = rag.Polarity.LOWER, "Lower is better"


class Unit(models.TextChoices):
    NUMBER = rag.Unit.NUMBER, "Number"
    PERCENTAGE = rag.Unit.PERCENTAGE, "Percentage"
    MONEY = rag.Unit.MONEY, "Money (£)"
    DAYS = rag.Unit.DAYS, "Days"
    SECONDS = rag.Unit.SECONDS, "Seconds"
    MINUTES = rag.Unit.MINUTES, "Minutes"
    RATE = rag.Unit.RATE, "Rate per N"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


class Aggregation(models.TextChoices):
    SUM = rag.Aggregation.SUM, "Sum of the periods"
    AVERAGE = rag.Aggregation.AVERAGE, "Average of the periods"
    LATEST = rag.Aggregation.LATEST, "Latest snapshot"
    CUMULATIVE = rag.Aggregation.CUMULATIVE, "Cumulative year to date"


# Which months of the year (0 = April) take a value, by frequency.
FREQUENCY_MONTHS = {
    Frequency.MONTHLY: tuple(range(12)),
    Frequency.QUARTERLY: (2, 5, 8, 11),
    Frequency.ANNUAL: (11,),
}


class AmberRule(models.TextChoices):
    TOLERANCE = rag.AmberRule.TOLERANCE, "A miss within the tolerance"
    FLOOR = rag.AmberRule.FLOOR, "A miss that still meets the floor standard"
    RANGE = rag.AmberRule.RANGE, "Between the low and the high target"
    TRAVEL = rag.AmberRule.TRAVEL, "A miss within the tolerance, if improving"


# The settings that decide how a miss is rated: they change by version, from a month on.
RULE_FIELDS = (
    "tolerance_percent",
    "tolerance_absolute",
    "green_band_percent",
    "green_band_absolute",
    "floor",
    "strict_target",
    "amber_rule",
    "low_target",
)


class IndicatorQuerySet(models.QuerySet):
    def with_owner(self) -> "IndicatorQuerySet":
        return self.select_related("service__directorate", "owner")


class IndicatorDefinition(TrackedModel):
    """One indicator, defined once for the whole council and used by any number of plans.

    A corporate measure is entered only by its owner; any other indicator by the heads of
    service and service managers of the service responsible for it."""

    ref = models.CharField("reference", max_length=30, unique=True)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    type = models.CharField(max_length=20, choices=IndicatorType.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.HIGHER)
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.NUMBER)
    rate_per = models.PositiveIntegerField(
        "rate per", null=True, blank=True, help_text="For rates: per how many (1,000, 100,000)"
    )
    decimal_places = models.PositiveSmallIntegerField(default=1)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default="monthly")
    aggregation = models.CharField(
        "how values combine over a year", max_length=20, choices=Aggregation.choices
    )
    numerator = models.TextField(blank=True, help_text="What is counted")
    denominator = models.TextField(blank=True, help_text="What it is divided by, if anything")
    calculation = models.TextField("calculation method", blank=True)
    data_source = models.CharField(max_length=300, blank=True)
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text="The service responsible for the indicator's values",
    )
    owner = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators_owned"
    )
    is_corporate = models.BooleanField(
        "corporate measure",
        default=False,
        help_text="Entered once by its owner and shown in every plan that uses it",
    )
    in_delivery_plan = models.BooleanField("in the council's Delivery Plan", default=False)
    data_only = models.BooleanField(
        "data only",
        default=False,
        help_text="An activity or contextual indicator: no target and no RAG",
    )
    unbounded_percentage = models.BooleanField(
        "can be below 0% or above 100%",
        default=False,
        help_text="For a percentage change, or use beyond capacity: values outside 0% to 100% "
        "are not questioned when they are entered",
    )
    tolerance_percent = models.DecimalField(
        "amber tolerance (% of target)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    tolerance_absolute = amount_field("amber tolerance (amount)", null=True, blank=True)
    green_band_percent = models.DecimalField(
        "green band (% of target)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    green_band_absolute = amount_field("green band (amount)", null=True, blank=True)
    floor = amount_field("floor standard", null=True, blank=True)
    strict_target = models.BooleanField(
        "strict target",
        default=False,
        help_text='Only better than the target is met ("less than 3%"): equal is a miss',
    )
    amber_rule = models.CharField(
        "what counts as amber",
        max_length=20,
        choices=AmberRule.choices,
        default=AmberRule.TOLERANCE,
    )
    low_target = amount_field(
        "low target",
        null=True,
        blank=True,
        help_text="With low and high targets: between the two is amber",
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["ref"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tolerance_percent__isnull=True) | Q(tolerance_absolute__isnull=True),
                name="indicator_one_tolerance",
                violation_error_message="Set the tolerance as a percentage or an amount, not both",
            ),
            models.CheckConstraint(
                condition=Q(decimal_places__lte=4), name="indicator_decimal_places"
            ),
            models.CheckConstraint(
                condition=~Q(unit=rag.Unit.RATE) | Q(rate_per__isnull=False),
                name="indicator_rate_needs_per",
                violation_error_message="Say what a rate is per (for example 1,000)",
            ),
            models.CheckConstraint(
                condition=~Q(is_corporate=True) | Q(owner__isnull=False),
                name="corporate_measure_has_owner",
                violation_error_message="A corporate measure needs an owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("performance:indicator-detail", args=[self.pk])

    @property
    def fmt(self) -> rag.Format:
        return rag.Format(rag.Unit(self.unit), self.decimal_places, self.rate_per)

    @property
    def polarity_shown(self) -> str:
        """What the pages say of polarity: a data-only indicator is not rated, so it has
        none ("higher is better" would suggest a judgement nobody makes)."""
        return "Data only: not rated" if self.data_only else self.get_polarity_display()

    @property
    def number_kind(self) -> str:
        """How a value is typed: a percentage may carry %, money £, anything else neither."""
        return {rag.Unit.PERCENTAGE: numbers.PERCENTAGE, rag.Unit.MONEY: numbers.MONEY}.get(
            self.unit, numbers.NUMBER
        )

    @property
    def months_taking_values(self) -> tuple[int, ...]:
        return FREQUENCY_MONTHS[self.frequency]

    def policy(self, default: rag.Policy) -> rag.Policy:
        """The council's default with this indicator's own settings laid over it."""
        return rules_over(default, self)

    def clean(self) -> None:
        super().clean()
        if self.data_only and self.in_delivery_plan:
            raise ValidationError(
                {"data_only": "A Delivery Plan measure has a target: it cannot be data only"}
            )


def rules_over(default: rag.Policy, rules) -> rag.Policy:
    """The council's default with an indicator's own rules (its definition, or one of its
    rule versions) laid over it."""
    return default.merged(
        tolerance_percent=rules.tolerance_percent,
        tolerance_absolute=rules.tolerance_absolute,
        green_band_percent=rules.green_band_percent,
        green_band_absolute=rules.green_band_absolute,
        floor=rules.floor,
        low_target=rules.low_target,
    ).kind(strict=rules.strict_target, amber=rag.AmberRule(rules.amber_rule))


class IndicatorRuleVersion(models.Model):
    """One version of an indicator's rating rules, applying from a month on (empty: every
    period before the first dated version). The version in force for a period is the one
    recorded last of those applying by then, so a later decision "from October on" wins
    from October, and the periods before keep the rules they were rated under.

    Written only by performance.services.definition_update, never changed: the list is the
    rules' history, with who recorded each version and when."""

    definition = models.ForeignKey(
        IndicatorDefinition, on_delete=models.CASCADE, related_name="rule_versions"
    )
    effective_from = models.DateField("applies from", null=True, blank=True)
    tolerance_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    tolerance_absolute = amount_field("amber tolerance (amount)", null=True)
    green_band_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    green_band_absolute = amount_field("green band (amount)", null=True)
    floor = amount_field("floor standard", null=True)
    strict_target = models.BooleanField(default=False)
    amber_rule = models.CharField(
        max_length=20, choices=AmberRule.choices, default=AmberRule.TOLERANCE
    )
    low_target = amount_field("low target", null=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["definition", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_from__isnull=True) | Q(effective_from__day=1),
                name="rule_version_from_first_of_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.definition_id} rules {self.version_label}"

    @property
    def version_label(self) -> str:
        """ "from April 2026", or "from the start" for the rules held before any dated one."""
        if self.effective_from is None:
            return "from the start"
        return f"from {self.effective_from:%B %Y}"


USAGE_SERVES = ("serves_action", "serves_activity", "serves_ambition")


class IndicatorUsage(TrackedModel):
    """An indicator in a Service Business Plan, with what in the thread it measures."""

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="indicators")
    definition = models.ForeignKey(
        IndicatorDefinition, on_delete=models.PROTECT, related_name="usages"
    )
    order = models.PositiveIntegerField(default=0)
    serves_action = models.ForeignKey(
        ServiceAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators"
    )
    serves_activity = models.ForeignKey(
        DeliveryActivity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
    )
    serves_ambition = models.ForeignKey(
        Ambition, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators"
    )

    class Meta:
        ordering = ["order", "definition__ref"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "definition"], name="indicator_once_a_plan"),
            models.CheckConstraint(
                condition=at_most_one(*USAGE_SERVES), name="indicator_usage_serves_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.definition} in {self.plan}"

    @property
    def serves(self):
        return self.serves_action or self.serves_activity or self.serves_ambition

    @property
    def serves_key(self) -> tuple[str, int] | None:
        """(kind, id) of the item measured, read from this row alone."""
        for name in USAGE_SERVES:
            value = getattr(self, f"{name}_id")
            if value is not None:
                return self._meta.get_field(name).related_model.KIND, value
        return None

    @classmethod
    def serves_field_for(cls, model: type) -> str | None:
        for name in USAGE_SERVES:
            if cls._meta.get_field(name).related_model is model:
                return name
        return None

    @classmethod
    def servable_models(cls) -> list[type]:
        return [cls._meta.get_field(name).related_model for name in USAGE_SERVES]

    @classmethod
    def level_refusal(cls, model: type) -> str:
        """Why an indicator cannot measure an item of that kind."""
        return usage_serves_refusal(model)

    def set_serves(self, target) -> None:
        """Point the indicator at what it measures; refuses anything it cannot measure."""
        for name in USAGE_SERVES:
            setattr(self, name, None)
        if target is None:
            return
        field = self.serves_field_for(type(target))
        if field is None:
            raise ValidationError(usage_serves_refusal(type(target)))
        setattr(self, field, target)

    def clean(self) -> None:
        """An indicator measures one of its own plan's actions, or an activity of the same
        year's Delivery Plan, or an ambition of a corporate plan covering the year."""
        super().clean()
        chosen = [name for name in USAGE_SERVES if getattr(self, f"{name}_id") is not None]
        if len(chosen) > 1:
            raise ValidationError("An indicator measures one item, not several")
        target = self.serves
        if target is None or self.plan_id is None:
            return
        if isinstance(target, ServiceAction) and target.plan_id != self.plan_id:
            raise ValidationError(
                f"Choose one of this plan's own actions: {target} belongs to {target.plan}"
            )
        check_same_period(self, target)


def usage_serves_refusal(target_model: type) -> str:
    """Why an indicator cannot measure an item of this kind (same words as the thread's
    own refusals: what may be chosen, then why not this)."""
    allowed = ", ".join(m.LEVEL_NAME.lower() for m in IndicatorUsage.servable_models())
    name = target_model.LEVEL_NAME.lower()
    if target_model.LEVEL > ServiceAction.LEVEL:
        why = f"a {name} is below the plan's own actions"
    else:
        why = f"an indicator measures a service action, an activity or an ambition, not a {name}"
    return f"Choose an item from a higher level ({allowed}): {why}"


class Justification(models.TextChoices):
    MAINTAIN = "maintain", "Maintain"
    IMPROVE = "improve", "Improve"
    PLANNED_DECLINE = "planned_decline", "Planned decline"


class AnnualTarget(TrackedModel):
    """The year's target for an indicator, why it was set there, and optionally its profile
    by month or quarter (profile_<n>, April = 1). Changes after sign-off carry a reason in
    history."""

    definition = models.ForeignKey(
        IndicatorDefinition, on_delete=models.CASCADE, related_name="targets"
    )
    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    value = amount_field("annual target")
    justification = models.CharField(max_length=20, choices=Justification.choices)
    reason = models.TextField("why this target", blank=True)
    profile = models.JSONField(
        default=list,
        blank=True,
        help_text="Twelve monthly targets, April first (empty where not profiled)",
    )

    class Meta:
        ordering = ["definition", "year__start_year"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "year"], name="one_target_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.definition.ref} {self.year}: {self.value.normalize():f}"

    @property
    def profile_values(self) -> list[Decimal | None]:
        values = [Decimal(str(v)) if v not in (None, "") else None for v in (self.profile or [])]
        return (values + [None] * 12)[:12]

    def clean(self) -> None:
        super().clean()
        if self.profile and len(self.profile) != 12:
            raise ValidationError({"profile": "Give twelve monthly targets, or none"})


class IndicatorValueQuerySet(models.QuerySet):
    def in_year(self, year: FinancialYear) -> "IndicatorValueQuerySet":
        return self.filter(month__gte=year.starts, month__lte=year.ends)


class IndicatorValue(TrackedModel):
    """One period's value, entered for the month it describes (the 1st of the month)."""

    definition = models.ForeignKey(
        IndicatorDefinition, on_delete=models.CASCADE, related_name="values"
    )
    month = models.DateField(help_text="The first day of the month the value describes")
    value = amount_field("value")
    commentary = models.TextField(blank=True)
    provisional = models.BooleanField(default=False)
    projected_year_end = amount_field("projected year-end value", null=True, blank=True)
    is_late = models.BooleanField(
        "entered late", default=False, help_text="Entered after the month had closed"
    )
    entered_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["definition", "month"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "month"], name="one_value_a_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="value_month_is_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.definition.ref} {self.month:%b %Y}: {self.value.normalize():f}"


# --- stored ratings ---------------------------------------------------------------


class IndicatorRating(models.Model):
    """What the RAG engine says of an indicator as it stood at the end of one month of a
    financial year: its latest value by then, the year-to-date value and target, the rating
    with its explanation, and the direction of travel on the previous period and on the same
    period last year. One row per indicator, year and month.

    Derived, never edited: rewritten whole by performance.stored.ratings_refresh in the same
    transaction as the value, target, definition or policy change behind it, and so kept
    without history of its own (the changes behind it have theirs). Amounts worked out by the
    engine (an average, a pro-rata target) are kept as exact decimal text, so that what is
    shown from the row is rounded once, exactly as the engine's own figure would be."""

    definition = models.ForeignKey(
        IndicatorDefinition, on_delete=models.CASCADE, related_name="ratings"
    )
    year = models.ForeignKey(FinancialYear, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The month at whose end the position stood")
    latest_month = models.DateField(null=True, blank=True)
    latest_value = amount_field("latest value", null=True, blank=True)
    commentary = models.TextField(blank=True)
    provisional = models.BooleanField(default=False)
    is_late = models.BooleanField(default=False)
    projected_year_end = amount_field("projected year-end value", null=True, blank=True)
    value_to_date = models.CharField(max_length=80, blank=True)
    target_to_date = models.CharField(max_length=80, blank=True)
    rating = models.CharField(max_length=10, choices=[(r.value, r.word) for r in rag.Rating])
    explanation = models.TextField()
    rule = models.TextField()
    travel = models.CharField("direction of travel", max_length=20)
    travel_word = models.CharField(max_length=20)
    travel_arrow = models.CharField(max_length=2, blank=True)
    travel_explanation = models.TextField()
    travel_last_year = models.CharField(max_length=20)
    travel_last_year_word = models.CharField(max_length=20)
    travel_last_year_arrow = models.CharField(max_length=2, blank=True)
    travel_last_year_explanation = models.TextField()

    class Meta:
        ordering = ["definition", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "year", "month"], name="one_rating_a_month"
            ),
        ]
        indexes = [
            # With the indicator, a month's counts by rating (and the indicators of one
            # rating) are read from the index alone, without visiting the wide rows.
            models.Index(
                fields=["year", "month", "rating", "definition"], name="rating_by_month_rag"
            ),
            models.Index(fields=["year", "month", "travel"], name="rating_by_month_travel"),
        ]

    def __str__(self) -> str:
        return f"{self.definition_id} at {self.month:%b %Y}: {self.rating}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Recalculating"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class RatingsRebuild(models.Model):
    """One recalculation of every stored rating after the council's RAG policy changed,
    run in the background in batches: how far it has got (`done` of `total` indicators)
    is written as it goes, for the policy page to show. Ratings are read from the stored
    rows throughout; the pages say a recalculation is under way."""

    policy = models.ForeignKey(RagPolicy, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"Recalculation {self.pk}: {self.get_status_display()}"

    @property
    def in_progress(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)
