"""Telling people what needs them: notifications on the page, emails at once or in a digest,
each person's choice per kind, and the council's reminder calendar
(docs/adr/0022-notifications-and-email.md)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .base import TrackedModel
from .organisation import Person
from .years import FinancialYear


class NotificationKind(models.TextChoices):
    PLAN_SUBMITTED = "plan_submitted", "Plan submitted for sign-off"
    PLAN_RETURNED = "plan_returned", "Plan returned with feedback"
    PLAN_SIGNED_OFF = "plan_signed_off", "Plan signed off"
    PLAN_PUBLISHED = "plan_published", "Plan published"
    VALUE_DUE = "value_due", "Indicator value due or overdue"
    UPDATE_DUE = "update_due", "Quarterly action update due or overdue"
    EXTENSION_REQUESTED = "extension_requested", "Extension requested"
    EXTENSION_DECIDED = "extension_decided", "Extension decided"
    RISK_REVIEW_DUE = "risk_review_due", "Risk review due"
    REPORT_READY = "report_ready", "Report ready"
    CHASER = "chaser", "Reminder from a performance lead"
    ESCALATION = "escalation", "Overdue update of someone you manage"


class Delivery(models.TextChoices):
    PAGE = "page", "On the notifications page only"
    IMMEDIATE = "immediate", "Email at once"
    DAILY = "daily", "Email in a daily digest"
    WEEKLY = "weekly", "Email in a weekly digest"


class EmailStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"


class EmailDelivery(models.Model):
    """One email to one person: a single notification's, or a digest of several. The row is
    written in the same transaction as what it tells; a worker claims it (pending → sending,
    conditionally) before sending and marks it sent after, so a retried or re-queued job
    never sends it twice. Rows still pending are picked up by the periodic sweep."""

    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120, unique=True)
    status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.key} ({self.get_status_display()})"


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something a person should know or do, shown on their notifications page. The same
    event never notifies the same person twice (`key` is unique per recipient)."""

    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True)
    key = models.CharField(max_length=200)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    email = models.ForeignKey(
        EmailDelivery,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notify_once_per_event"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject


class NotificationPreference(TrackedModel):
    """How one person wants one kind of notification. No row: email at once."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        ordering = ["person", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_preference_a_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} — {self.get_delivery_display()}"


class ReminderCalendar(TrackedModel):
    """The council's reminder calendar for a year, set by an administrator: the last day of
    each quarter's update window, the day of the month by which last month's indicator
    values are due, how many days ahead people are reminded, and after how many days
    overdue their line manager is told."""

    year = models.OneToOneField(FinancialYear, on_delete=models.CASCADE, related_name="+")
    q1_update_closes = models.DateField("Q1 update window closes")
    q2_update_closes = models.DateField("Q2 update window closes")
    q3_update_closes = models.DateField("Q3 update window closes")
    q4_update_closes = models.DateField("Q4 update window closes")
    data_deadline_day = models.PositiveSmallIntegerField(
        "monthly data deadline day",
        default=10,
        help_text="Last month's indicator values are due by this day of the month (1 to 28)",
    )
    lead_days = models.PositiveSmallIntegerField(
        "reminder lead days", default=5, help_text="Remind people this many days before"
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        "escalate after days overdue",
        default=10,
        help_text="Tell the line manager once something is this many days overdue (0: never)",
    )

    class Meta:
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(data_deadline_day__gte=1) & Q(data_deadline_day__lte=28),
                name="data_deadline_day_1_to_28",
                violation_error_message="The data deadline day must be from 1 to 28",
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder calendar {self.year}"

    def update_closes(self, quarter: int):
        return getattr(self, f"q{quarter}_update_closes")

    def clean(self) -> None:
        if self.year_id is None:
            return
        for quarter, _start, end in self.year.quarters:
            closes = getattr(self, f"q{quarter}_update_closes")
            if closes is not None and closes <= end:
                message = f"Q{quarter}'s update window closes after the quarter ends"
                raise ValidationError({f"q{quarter}_update_closes": message})
