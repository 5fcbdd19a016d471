"""Audits and other sources of commitments, their recommendations, quarterly updates and
extension requests."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from planning.models import Person, Service, TrackedModel

from . import rules


def priority_choices() -> list[tuple[int, str]]:
    """The council's priority scale (AUDIT_PRIORITIES), default 1 high, 2 medium, 3 low."""
    return list(
        getattr(
            settings, "AUDIT_PRIORITIES", {1: "1 (high)", 2: "2 (medium)", 3: "3 (low)"}
        ).items()
    )


class Source(models.TextChoices):
    INTERNAL_AUDIT = "internal_audit", "Internal audit"
    EXTERNAL_AUDIT = "external_audit", "External audit"
    GOVERNANCE = "governance", "Annual governance statement"
    SCRUTINY = "scrutiny", "Scrutiny"
    OTHER = "other", "Other commitment"


AUDIT_SOURCES = (Source.INTERNAL_AUDIT, Source.EXTERNAL_AUDIT)


class Opinion(models.TextChoices):
    SUBSTANTIAL = "substantial", "Substantial assurance"
    REASONABLE = "reasonable", "Reasonable assurance"
    LIMITED = "limited", "Limited assurance"
    NONE = "none", "No assurance"


class Audit(TrackedModel):
    """An audit report, or another source of commitments (the annual governance statement,
    a scrutiny review), whose recommendations are tracked the same way."""

    title = models.CharField(max_length=300)
    source = models.CharField(max_length=20, choices=Source.choices)
    body = models.CharField("auditor or body", max_length=200)
    report_date = models.DateField()
    opinion = models.CharField(max_length=20, choices=Opinion.choices, blank=True)
    services = models.ManyToManyField(Service, related_name="audits", blank=True)

    class Meta:
        ordering = ["-report_date", "title"]

    def __str__(self) -> str:
        return self.title


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    IMPLEMENTED = "implemented", "Implemented by management"
    VERIFIED = "verified", "Verified by internal audit"
    CLOSED = "closed", "Closed"
    SUPERSEDED = "superseded", "Superseded"


OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    BLUE = "blue", "Blue"


class RecommendationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: dt.date):
        return self.open().filter(
            Q(revised_due_date__lt=today)
            | Q(revised_due_date__isnull=True, original_due_date__lt=today)
        )


class TrackerRule(TrackedModel):
    """The council's choice of RAG rule for audit recommendations (audit.rules), set by an
    administrator. The newest row is in force; with none, the rule is progress against time
    elapsed with the margins TRACKER_RAG_GREEN_MARGIN and TRACKER_RAG_AMBER_MARGIN (10 and
    30 points). Every change is kept in history with who and when."""

    rule = models.CharField(
        max_length=20, choices=list(rules.RULES.items()), default=rules.BY_MARGIN
    )
    green_margin = models.PositiveSmallIntegerField(
        "green: points behind the time elapsed, at most", default=10
    )
    amber_margin = models.PositiveSmallIntegerField(
        "amber: points behind the time elapsed, at most", default=30
    )
    green_share = models.PositiveSmallIntegerField(
        "green: share of the pace needed, at least (%)", default=90
    )
    amber_share = models.PositiveSmallIntegerField(
        "amber: share of the pace needed, at least (%)", default=60
    )
    due_soon_days = models.PositiveSmallIntegerField(
        "amber: due within this many days (due date only)", default=90
    )

    class Meta:
        verbose_name = "recommendation RAG rule"
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(green_margin__lte=models.F("amber_margin")) & Q(amber_margin__lte=100),
                name="tracker_rule_margins_in_order",
                violation_error_message="The green margin cannot be more than the amber one, "
                "nor the amber margin more than 100 points",
            ),
            models.CheckConstraint(
                condition=Q(amber_share__lte=models.F("green_share")) & Q(green_share__lte=100),
                name="tracker_rule_shares_in_order",
                violation_error_message="The amber share cannot be more than the green one, "
                "nor the green share more than 100%",
            ),
        ]

    def __str__(self) -> str:
        return self.get_rule_display()

    def as_policy(self) -> rules.TrackerPolicy:
        return rules.TrackerPolicy(
            rule=self.rule,
            green_margin=self.green_margin,
            amber_margin=self.amber_margin,
            green_share=self.green_share,
            amber_share=self.amber_share,
            due_soon_days=self.due_soon_days,
        )

    @classmethod
    def current(cls) -> rules.TrackerPolicy:
        """The rule in force (one query)."""
        row = cls.objects.order_by("-pk").first()
        if row is not None:
            return row.as_policy()
        return rules.TrackerPolicy(
            green_margin=getattr(settings, "TRACKER_RAG_GREEN_MARGIN", 10),
            amber_margin=getattr(settings, "TRACKER_RAG_AMBER_MARGIN", 30),
        )


class Recommendation(TrackedModel):
    """One recommendation and the action management agreed. The original due date is
    fixed once agreed (the database refuses a change); later dates come only through
    approved extensions, which set the revised date and count the revisions."""

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="recommendations")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="recommendations")
    ref = models.CharField("reference", max_length=30)
    title = models.CharField(max_length=300)
    priority = models.PositiveSmallIntegerField(default=2)
    finding = models.TextField(blank=True)
    recommendation = models.TextField(blank=True)
    agreed_action = models.TextField("agreed management action", blank=True)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="recommendations")
    agreed_on = models.DateField(null=True, blank=True)
    original_due_date = models.DateField(null=True, blank=True)
    revised_due_date = models.DateField(null=True, blank=True)
    revision_reason = models.TextField(blank=True)
    revision_count = models.PositiveSmallIntegerField(default=0)
    percent_complete = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    commentary = models.TextField("latest update", blank=True)
    rag_override = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    rag_override_reason = models.TextField(blank=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["original_due_date", "ref", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "ref"], name="recommendation_ref_in_audit"),
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100), name="recommendation_percent_0_100"
            ),
            models.CheckConstraint(
                condition=Q(revision_count=0, revised_due_date__isnull=True)
                | Q(revision_count__gt=0, revised_due_date__isnull=False),
                name="recommendation_revised_date_with_count",
            ),
            models.CheckConstraint(
                condition=Q(rag_override="") | ~Q(rag_override_reason=""),
                name="recommendation_override_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(agreed_on__isnull=True) | Q(original_due_date__isnull=False),
                name="recommendation_agreed_has_due_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("audit:recommendation-detail", args=[self.pk])

    @property
    def due_date(self) -> dt.date | None:
        """The current due date: the revised one if extended, else the original."""
        return self.revised_due_date or self.original_due_date

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def clean(self) -> None:
        super().clean()
        if self.priority not in dict(priority_choices()):
            raise ValidationError({"priority": "Choose a priority from the council's scale"})

    def priority_label(self) -> str:
        return dict(priority_choices()).get(self.priority, str(self.priority))

    def days_overdue(self, today: dt.date) -> int:
        return rules.days_overdue(status=self.status, due=self.due_date, today=today)

    def rating(
        self, today: dt.date, policy: rules.TrackerPolicy | None = None
    ) -> rules.ProgressRating:
        """The recommendation's RAG by the council's rule (`policy`, read once by the caller
        for a list; read here when not given)."""
        return rules.recommendation_rag(
            status=self.status,
            percent_complete=self.percent_complete,
            agreed_on=self.agreed_on,
            due=self.due_date,
            today=today,
            policy=policy or TrackerRule.current(),
            override=self.rag_override,
            override_reason=self.rag_override_reason,
        )


class RecommendationUpdate(TrackedModel):
    """A quarterly progress update: commentary, percentage and status as reported."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
    )
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    commentary = models.TextField()
    percent_complete = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.recommendation.ref} update {self.at:%d %b %Y}"


class Decision(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class ExtensionRequest(TrackedModel):
    """The owner asks for a later due date; a performance lead approves or refuses it. When
    it was asked for and decided are the request's own dates; who entered it here and when
    are kept apart (a request imported from a council's tracker keeps the source's dates)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="extensions"
    )
    requested_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    proposed_date = models.DateField()
    reason = models.TextField()
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    # Who entered the request here and when, apart from the dates it records: a request
    # brought in from a council's tracker keeps the source's requested and decided dates.
    entered_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(null=True, blank=True)
    imported_from = models.CharField(
        "imported from", max_length=255, blank=True, help_text="the file it was imported from"
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation"],
                condition=Q(decision="pending"),
                name="extension_one_pending_per_recommendation",
            ),
            models.CheckConstraint(
                condition=Q(decision="pending", decided_by__isnull=True)
                | (~Q(decision="pending") & Q(decided_by__isnull=False, decided_at__isnull=False)),
                name="extension_decision_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"Extension to {self.proposed_date:%d %b %Y} for {self.recommendation.ref}"

    def get_absolute_url(self) -> str:
        return reverse("audit:extension-decide", args=[self.pk])
