"""The self-assessment section of a Service Business Plan: an honest narrative against
each theme, answering the theme's prompts.

Most services use the six themes. Children's safeguarding services use a variant built on
the inspection questions; the variant is chosen per service.
"""

from dataclasses import dataclass

from django.db import models

from .base import TrackedModel
from .plans import ServicePlan


class SelfAssessmentVariant(models.TextChoices):
    STANDARD = "standard", "The six themes"
    CHILDRENS_SAFEGUARDING = "childrens_safeguarding", "Children's safeguarding"


@dataclass(frozen=True)
class Theme:
    key: str
    title: str
    prompts: tuple[str, ...]


THEMES: dict[str, tuple[Theme, ...]] = {
    SelfAssessmentVariant.STANDARD: (
        Theme(
            "leadership",
            "Leadership and governance",
            (
                "How clear is the service's direction, and do staff and partners know it?",
                "How are decisions made, recorded and checked?",
            ),
        ),
        Theme(
            "performance",
            "Performance and outcomes",
            (
                "What difference is the service making for residents, and how do you know?",
                "Where is performance weakest, and what is being done about it?",
            ),
        ),
        Theme(
            "commissioning",
            "Commissioning and quality",
            (
                "How do you decide what to buy or provide, and check that it is good enough?",
                "How do residents' views shape what is delivered?",
            ),
        ),
        Theme(
            "partnerships",
            "National priorities and partnerships",
            (
                "Which national changes affect the service this year?",
                "Which partnerships matter most, and how well are they working?",
            ),
        ),
        Theme(
            "resources",
            "Resource and workforce management",
            (
                "Is the budget enough for what the service must deliver?",
                "Does the service have the people and skills it needs, now and next year?",
            ),
        ),
        Theme(
            "culture",
            "Culture and challenge",
            (
                "How readily do staff raise problems, and what happens when they do?",
                "When did the service last change course because of challenge?",
            ),
        ),
    ),
    SelfAssessmentVariant.CHILDRENS_SAFEGUARDING: (
        Theme(
            "quality",
            "What do we know about the quality and impact of our practice?",
            ("What do children, young people and families tell us about our help?",),
        ),
        Theme(
            "evidence",
            "How do we know it?",
            ("Which audits, data and feedback tell us this, and how reliable are they?",),
        ),
        Theme(
            "strengths",
            "Strengths",
            ("What are we doing well, and how will we keep doing it?",),
        ),
        Theme(
            "development",
            "Areas for development",
            ("What must improve, by when, and who is making it happen?",),
        ),
    ),
}


THEME_TITLES = {theme.key: theme.title for themes in THEMES.values() for theme in themes}


def themes_for(variant: str) -> tuple[Theme, ...]:
    return THEMES.get(variant, THEMES[SelfAssessmentVariant.STANDARD])


class SelfAssessmentEntry(TrackedModel):
    """The narrative for one theme of one plan's self-assessment."""

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="self_assessment")
    theme = models.CharField(max_length=40)
    narrative = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "theme"]
        verbose_name_plural = "self-assessment entries"
        constraints = [
            models.UniqueConstraint(fields=["plan", "theme"], name="one_entry_per_theme")
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {THEME_TITLES.get(self.theme, self.theme)}"


class CommitmentSource(TrackedModel):
    """Where a commitment comes from, other than audit: the annual governance statement,
    a scrutiny task-and-finish group, and so on. Administrators keep the list."""

    name = models.CharField(max_length=200, unique=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"


class Commitment(TrackedModel):
    """A recommendation the service has agreed to act on, from a source other than
    audit, tracked like an audit recommendation."""

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="commitments")
    source = models.ForeignKey(CommitmentSource, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("recommendation", max_length=500)
    agreed_action = models.TextField(blank=True)
    owner = models.ForeignKey(
        "planning.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.NOT_STARTED
    )
    rag = models.CharField(
        "RAG status",
        max_length=10,
        blank=True,
        choices=[
            ("green", "Green"),
            ("amber", "Amber"),
            ("red", "Red"),
            ("blue", "Blue (completed)"),
        ],
    )

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title
