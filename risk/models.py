"""Risk matrices, registers at every level, risks, their actions, reviews and escalations."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core import periods
from core.models import at_most_one
from core.ratings import Shown
from planning.models import (
    Ambition,
    Directorate,
    DirectoratePriority,
    Person,
    Service,
    ServiceAction,
    TrackedModel,
)

from . import rules


class RiskMatrix(TrackedModel):
    """Likelihood and impact scales and score bands, stored as data. A matrix in use by a
    register is frozen: change it by making a new version."""

    name = models.CharField(max_length=100)
    version = models.PositiveSmallIntegerField(default=1)
    likelihood_levels = models.JSONField(default=list, help_text="label and description per level")
    impact_levels = models.JSONField(default=list, help_text="label and description per level")
    bands = models.JSONField(
        default=list,
        help_text="name, min, max, colour and review_days or review_months for each score band",
    )
    score_only = models.BooleanField(
        "risks are recorded with a score only",
        default=False,
        help_text=(
            "for a council whose register gives each risk a score from 1 to likelihood levels "
            "× impact levels, with no likelihood × impact split; every score can then occur"
        ),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="risk_matrix_name_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    @property
    def top_score(self) -> int:
        return len(self.likelihood_levels) * len(self.impact_levels)

    @property
    def possible_scores(self) -> list[int]:
        if self.score_only:
            return list(range(1, self.top_score + 1))
        return rules.possible_scores(len(self.likelihood_levels), len(self.impact_levels))

    def band(self, value: int) -> rules.Band:
        return rules.band_for(self.bands, value)

    def clean(self) -> None:
        super().clean()
        problems = []
        for name, levels in (
            ("likelihood", self.likelihood_levels),
            ("impact", self.impact_levels),
        ):
            if not isinstance(levels, list) or not 2 <= len(levels) <= 10:
                problems.append(f"Give the {name} scale between 2 and 10 levels")
            elif any(not isinstance(level, dict) or not level.get("label") for level in levels):
                problems.append(f"Give every {name} level a label")
        if not problems:
            problems += rules.bands_problems(self.bands, self.top_score, self.possible_scores)
        if problems:
            raise ValidationError(problems)


class Level(models.TextChoices):
    SERVICE = "service", "Service"
    DIRECTORATE = "directorate", "Directorate"
    CORPORATE = "corporate", "Corporate"


LEVEL_RANK = {Level.SERVICE: 1, Level.DIRECTORATE: 2, Level.CORPORATE: 3}


class RiskRegister(TrackedModel):
    """A service's, a directorate's or the council's register; it keeps its matrix."""

    level = models.CharField(max_length=20, choices=Level.choices)
    service = models.OneToOneField(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="risk_register"
    )
    directorate = models.ForeignKey(
        Directorate, on_delete=models.PROTECT, null=True, blank=True, related_name="risk_registers"
    )
    matrix = models.ForeignKey(RiskMatrix, on_delete=models.PROTECT, related_name="registers")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(level="service", service__isnull=False, directorate__isnull=False)
                    | Q(level="directorate", service__isnull=True, directorate__isnull=False)
                    | Q(level="corporate", service__isnull=True, directorate__isnull=True)
                ),
                name="risk_register_level_unit",
            ),
            models.UniqueConstraint(
                fields=["directorate"],
                condition=Q(level="directorate"),
                name="risk_register_one_per_directorate",
            ),
            models.UniqueConstraint(
                fields=["level"], condition=Q(level="corporate"), name="risk_register_one_corporate"
            ),
        ]

    def __str__(self) -> str:
        if self.level == Level.SERVICE:
            return f"{self.service.name} risk register"
        if self.level == Level.DIRECTORATE:
            return f"{self.directorate.name} directorate risk register"
        return "Corporate risk register"

    def get_absolute_url(self) -> str:
        return reverse("risk:register-detail", args=[self.pk])

    def clean(self) -> None:
        """A register with risks keeps its way of scoring: moving it between a likelihood ×
        impact matrix and a score-only one would leave every risk scored the other way."""
        super().clean()
        if self.pk is None or self.matrix_id is None:
            return
        before = (
            RiskRegister.objects.filter(pk=self.pk)
            .values_list("matrix__score_only", flat=True)
            .first()
        )
        if before is not None and before != self.matrix.score_only and self.risks.exists():
            raise ValidationError(
                {
                    "matrix": "This register has risks scored "
                    + ("by a score only" if before else "by likelihood × impact")
                    + ": choose a matrix that scores them the same way"
                }
            )


class Category(models.TextChoices):
    FINANCIAL = "financial", "Financial"
    SERVICE_DELIVERY = "service_delivery", "Service delivery"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    HEALTH_SAFETY = "health_safety", "Health and safety"
    LEGAL = "legal", "Legal and regulatory"
    REPUTATION = "reputation", "Reputation"
    PEOPLE = "people", "People"
    TECHNOLOGY = "technology", "Technology and information"
    ENVIRONMENT = "environment", "Environment"


class Appetite(models.TextChoices):
    AVERSE = "averse", "Averse"
    MINIMAL = "minimal", "Minimal"
    CAUTIOUS = "cautious", "Cautious"
    OPEN = "open", "Open"
    EAGER = "eager", "Eager"


class CategoryAppetite(TrackedModel):
    """The council's risk appetite for each category, set by an administrator."""

    category = models.CharField(max_length=30, choices=Category.choices, unique=True)
    appetite = models.CharField(max_length=20, choices=Appetite.choices)

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.get_appetite_display()}"


class Treatment(models.TextChoices):
    TREAT = "treat", "Treat"
    TOLERATE = "tolerate", "Tolerate"
    TRANSFER = "transfer", "Transfer"
    TERMINATE = "terminate", "Terminate"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


def _score_checks(prefix: str) -> list[models.CheckConstraint]:
    """Each score is likelihood and impact, or (on a score-only register) a score alone;
    a target may instead be to be confirmed (its own check)."""
    split = Q(
        **{
            f"{prefix}_likelihood__isnull": False,
            f"{prefix}_impact__isnull": False,
            f"{prefix}_score_given__isnull": True,
        }
    )
    alone = Q(
        **{
            f"{prefix}_likelihood__isnull": True,
            f"{prefix}_impact__isnull": True,
            f"{prefix}_score_given__isnull": False,
        }
    )
    none = Q(
        **{
            f"{prefix}_likelihood__isnull": True,
            f"{prefix}_impact__isnull": True,
            f"{prefix}_score_given__isnull": True,
        }
    )
    return [
        models.CheckConstraint(
            condition=Q(**{f"{prefix}_likelihood__gte": 1, f"{prefix}_impact__gte": 1}),
            name=f"risk_{prefix}_at_least_one",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{prefix}_score_given__gte": 1}),
            name=f"risk_{prefix}_score_given_at_least_one",
        ),
        models.CheckConstraint(
            condition=(split | alone | none) if prefix == "target" else (split | alone),
            name=f"risk_{prefix}_split_or_score_only",
        ),
    ]


SCORE_KINDS = ("inherent", "current", "target")
THREAT_FIELDS = ("threatens_action", "threatens_priority", "threatens_ambition")


class RiskQuerySet(models.QuerySet):
    def open(self) -> RiskQuerySet:
        return self.filter(status=RiskStatus.OPEN)

    def shown_in(self, register: RiskRegister) -> RiskQuerySet:
        """A register shows its own risks and those escalated to it (or beyond it) from
        below: the same records, not copies."""
        condition = Q(register=register)
        if register.level == Level.DIRECTORATE:
            condition |= Q(
                register__level=Level.SERVICE,
                register__directorate_id=register.directorate_id,
                escalated_to__in=[Level.DIRECTORATE, Level.CORPORATE],
            )
        elif register.level == Level.CORPORATE:
            condition |= Q(escalated_to=Level.CORPORATE)
        return self.filter(condition)


class Risk(TrackedModel):
    """One risk: it lives in its home register and, once escalated, is also shown (the same
    record, one owner, one score) in the registers above."""

    register = models.ForeignKey(RiskRegister, on_delete=models.PROTECT, related_name="risks")
    ref = models.CharField("reference", max_length=30)
    title = models.CharField(max_length=300)
    cause = models.TextField(blank=True)
    event = models.TextField(blank=True)
    consequence = models.TextField(blank=True)
    category = models.CharField(max_length=30, choices=Category.choices)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="risks_owned")
    threatens_action = models.ForeignKey(
        ServiceAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="risks"
    )
    threatens_priority = models.ForeignKey(
        DirectoratePriority, on_delete=models.SET_NULL, null=True, blank=True, related_name="risks"
    )
    threatens_ambition = models.ForeignKey(
        Ambition, on_delete=models.SET_NULL, null=True, blank=True, related_name="risks"
    )
    # On a score-only register (its matrix's `score_only`) a risk has each score alone,
    # in `*_score_given`, and no likelihood or impact.
    inherent_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    inherent_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    inherent_score_given = models.PositiveSmallIntegerField(
        "inherent score (score-only register)", null=True, blank=True
    )
    controls = models.TextField("existing controls", blank=True)
    current_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    current_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    current_score_given = models.PositiveSmallIntegerField(
        "current score (score-only register)", null=True, blank=True
    )
    target_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    target_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    target_score_given = models.PositiveSmallIntegerField(
        "target score (score-only register)", null=True, blank=True
    )
    target_to_be_confirmed = models.BooleanField(
        "target score to be confirmed",
        default=False,
        help_text="the council has not yet agreed a target score for this risk",
    )
    target_date = models.DateField(null=True, blank=True)
    treatment = models.CharField(max_length=20, choices=Treatment.choices, default=Treatment.TREAT)
    last_review_date = models.DateField(null=True, blank=True)
    next_review_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    escalated_to = models.CharField(
        max_length=20,
        choices=[(Level.DIRECTORATE, "Directorate"), (Level.CORPORATE, "Corporate")],
        blank=True,
        help_text="the highest register this risk is shown in, beyond its own",
    )

    objects = RiskQuerySet.as_manager()

    THREAT_FIELDS = THREAT_FIELDS

    class Meta:
        ordering = ["ref", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["register", "ref"], name="risk_ref_unique_in_register"),
            models.CheckConstraint(
                condition=at_most_one(*THREAT_FIELDS), name="risk_threatens_one_item"
            ),
            *_score_checks("inherent"),
            *_score_checks("current"),
            *_score_checks("target"),
            models.CheckConstraint(
                condition=(
                    Q(
                        target_to_be_confirmed=True,
                        target_likelihood__isnull=True,
                        target_impact__isnull=True,
                        target_score_given__isnull=True,
                    )
                    | Q(target_to_be_confirmed=False, target_likelihood__isnull=False)
                    | Q(target_to_be_confirmed=False, target_score_given__isnull=False)
                ),
                name="risk_target_set_or_to_be_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("risk:risk-detail", args=[self.pk])

    def _score(self, kind: str) -> int | None:
        lik, imp = getattr(self, f"{kind}_likelihood"), getattr(self, f"{kind}_impact")
        if lik is None or imp is None:
            return getattr(self, f"{kind}_score_given")
        return rules.score(lik, imp)

    @property
    def inherent_score(self) -> int:
        return self._score("inherent")

    @property
    def current_score(self) -> int:
        return self._score("current")

    @property
    def target_score(self) -> int | None:
        """None while the target is to be confirmed."""
        if self.target_to_be_confirmed:
            return None
        return self._score("target")

    @property
    def score_only(self) -> bool:
        """Recorded with a score alone (no likelihood × impact split)."""
        return self.current_likelihood is None and self.current_score_given is not None

    @property
    def target_shown(self) -> str:
        """The target score as every page and download writes it."""
        return rules.shown_score(self.target_score)

    def next_review_due(self, band: rules.Band) -> dt.date:
        """When this risk is next due for review, given its current band (the caller has
        the register's matrix): the band's cadence after the last review, or after the risk
        was opened. Every page, download and report shows this date."""
        opened = timezone.localdate(self.created_at) if self.created_at else timezone.localdate()
        return rules.next_review_due(
            last_reviewed=self.last_review_date, opened_on=opened, band=band
        )

    @property
    def threatens(self):
        for name in self.THREAT_FIELDS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        return None

    @property
    def shown_level(self) -> str:
        return self.escalated_to or self.register.level

    def clean(self) -> None:
        super().clean()
        if sum(getattr(self, f"{n}_id") is not None for n in self.THREAT_FIELDS) > 1:
            raise ValidationError("A risk threatens one plan item, not several")
        matrix = self.register.matrix if self.register_id else None
        score_only = bool(matrix and matrix.score_only)
        parts = ("score_given",) if score_only else ("likelihood", "impact")
        unused = ("likelihood", "impact") if score_only else ("score_given",)
        if any(getattr(self, f"{k}_{u}") is not None for k in SCORE_KINDS for u in unused):
            raise ValidationError(
                "This register records a score only: leave likelihood and impact empty"
                if score_only
                else "This register records likelihood and impact, not a score alone"
            )
        target = [getattr(self, f"target_{part}") for part in parts]
        if self.target_to_be_confirmed and any(v is not None for v in target):
            raise ValidationError(
                "Either give the target score or mark it to be confirmed, not both"
            )
        if not self.target_to_be_confirmed and None in target:
            raise ValidationError(
                "Give the target score, or mark the target to be confirmed"
                if score_only
                else "Give the target likelihood and impact, or mark the target to be confirmed"
            )
        if matrix is None:
            return
        top_l, top_i = len(matrix.likelihood_levels), len(matrix.impact_levels)
        for kind in SCORE_KINDS:
            lik, imp = getattr(self, f"{kind}_likelihood"), getattr(self, f"{kind}_impact")
            given = getattr(self, f"{kind}_score_given")
            if score_only:
                if kind != "target" and given is None:
                    raise ValidationError({f"{kind}_score_given": f"Give the {kind} score"})
                if given is not None and not 1 <= given <= matrix.top_score:
                    raise ValidationError(
                        {f"{kind}_score_given": f"Give a score from 1 to {matrix.top_score}"}
                    )
                continue
            if kind != "target" and (lik is None or imp is None):
                raise ValidationError(f"Give the {kind} likelihood and impact")
            if lik is not None and not 1 <= lik <= top_l:
                raise ValidationError(
                    {f"{kind}_likelihood": f"Choose a likelihood from 1 to {top_l}"}
                )
            if imp is not None and not 1 <= imp <= top_i:
                raise ValidationError({f"{kind}_impact": f"Choose an impact from 1 to {top_i}"})
        if self.escalated_to and LEVEL_RANK[self.escalated_to] <= LEVEL_RANK[self.register.level]:
            raise ValidationError("A risk can only be escalated to a register above its own")


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class RiskAction(TrackedModel):
    """A further action to bring the risk down to its target."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="risk_actions")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def shown(self) -> Shown:
        """The action's status as a tag: done green, in progress blue, not started grey."""
        colours = {ActionStatus.DONE: "green", ActionStatus.IN_PROGRESS: "blue"}
        return Shown(colours.get(self.status, "grey"), self.get_status_display())


class RiskReview(TrackedModel):
    """A quarter's review: the scores as they stood, so direction of travel is data. The
    quarter it is for, when and by whom the risk was reviewed, and who entered it here and
    when are kept apart, so a review recorded late (backdated) says so."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    start_year = models.PositiveSmallIntegerField(help_text="financial year's first year")
    quarter = models.PositiveSmallIntegerField()
    reviewed_on = models.DateField()
    reviewed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    entered_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(null=True, blank=True)
    imported_from = models.CharField(
        "imported from", max_length=255, blank=True, help_text="the file it was imported from"
    )
    likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    impact = models.PositiveSmallIntegerField(null=True, blank=True)
    score_given = models.PositiveSmallIntegerField(
        "score (score-only register)", null=True, blank=True
    )
    commentary = models.TextField(blank=True)

    class Meta:
        ordering = ["-start_year", "-quarter"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(likelihood__isnull=False, impact__isnull=False, score_given__isnull=True)
                    | Q(likelihood__isnull=True, impact__isnull=True, score_given__gte=1)
                ),
                name="risk_review_split_or_score_only",
            ),
            models.UniqueConstraint(
                fields=["risk", "start_year", "quarter"], name="risk_review_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="risk_review_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.risk.ref} {self.quarter_label}"

    @property
    def score(self) -> int:
        if self.likelihood is None or self.impact is None:
            return self.score_given
        return rules.score(self.likelihood, self.impact)

    @property
    def quarter_label(self) -> str:
        return periods.quarter_label(self.start_year, self.quarter)

    @property
    def backdated(self) -> bool:
        """Entered after the quarter it is for had ended."""
        if self.entered_at is None:
            return False
        ended = periods.quarter_ends(self.start_year, self.quarter)
        return timezone.localdate(self.entered_at) > ended


class RiskEscalation(TrackedModel):
    """Each escalation or de-escalation: who, when, why, from which register to which."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="escalations")
    from_level = models.CharField(max_length=20, choices=Level.choices)
    to_level = models.CharField(max_length=20, choices=Level.choices)
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.risk.ref}: {self.from_level} → {self.to_level}"

    @property
    def is_escalation(self) -> bool:
        return LEVEL_RANK[self.to_level] > LEVEL_RANK[self.from_level]
