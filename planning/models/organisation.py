"""The council's structure: directorates, assistant-director areas, services and teams,
and the people who work in them, with the roles they hold on those units."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from planning.person_cache import PeopleQuerySet

from .base import TrackedModel


class Directorate(TrackedModel):
    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("planning:directorate-detail", args=[self.pk])


class AssistantDirectorArea(TrackedModel):
    """A group of services under one assistant director, inside a directorate."""

    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="areas")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["directorate", "name"], name="area_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Portfolio(TrackedModel):
    """The services one performance lead supports, runs QA for and signs off."""

    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceQuerySet(models.QuerySet):
    def with_structure(self) -> "ServiceQuerySet":
        return self.select_related("directorate", "area", "portfolio")


class Service(TrackedModel):
    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=200)
    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="services")
    area = models.ForeignKey(
        AssistantDirectorArea,
        on_delete=models.PROTECT,
        related_name="services",
        null=True,
        blank=True,
        verbose_name="assistant director area",
    )
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.SET_NULL, related_name="services", null=True, blank=True
    )
    self_assessment_variant = models.CharField(
        max_length=30,
        choices=[
            ("standard", "The six themes"),
            ("childrens_safeguarding", "Children's safeguarding"),
        ],
        default="standard",
        help_text="Children's safeguarding services answer the inspection questions instead",
    )

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["directorate", "name"], name="service_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("planning:service-detail", args=[self.pk])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.area_id and self.directorate_id and self.area.directorate_id != self.directorate_id:
            raise ValidationError(
                {"area": "Choose an assistant director area in the service's own directorate"}
            )


class Team(TrackedModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="team_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class PersonManager(UserManager.from_queryset(PeopleQuerySet)):
    """Django's user manager, whose bulk writes keep the signed-in cache current."""


class Person(AbstractUser):
    """Anyone who signs in: staff, managers, members, administrators.

    Administrators are superusers. Everyone else's powers come from their roles.
    """

    employee_number = models.CharField(
        max_length=30,
        blank=True,
        help_text="The council's HR number for this person: how an HR export finds them",
    )
    job_title = models.CharField(max_length=200, blank=True)
    service = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        related_name="staff",
        null=True,
        blank=True,
        help_text="The service this person works in, if any",
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, related_name="members", null=True, blank=True
    )
    line_manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, related_name="reports", null=True, blank=True
    )
    sso_subject = models.CharField(
        "single sign-on id",
        max_length=255,
        null=True,
        blank=True,
        unique=True,
        help_text=(
            "The council's sign-in service's id for this person (Entra ID's object id), "
            "noted at their first single sign-on"
        ),
    )

    objects = PersonManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = "person"
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=~Q(line_manager=models.F("pk")), name="not_own_line_manager"
            ),
            models.UniqueConstraint(
                fields=["employee_number"],
                condition=~Q(employee_number=""),
                name="employee_number_unique",
                violation_error_message="Someone else already has this employee number",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.team_id and self.service_id and self.team.service_id != self.service_id:
            raise ValidationError({"team": "Choose a team in the person's own service"})
        if self.pk and self.line_manager_id == self.pk:
            raise ValidationError({"line_manager": "A person cannot be their own line manager"})


class Role(models.TextChoices):
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    SERVICE_MANAGER = "service_manager", "Service manager"
    DIRECTOR = "director", "Director"
    ASSISTANT_DIRECTOR = "assistant_director", "Assistant director"
    PERFORMANCE_LEAD = "performance_lead", "Performance lead"
    BOARD_MEMBER = "board_member", "Management Board member"
    COMMITTEE_MEMBER = "committee_member", "Audit & Governance Committee member"


SERVICE_ROLES = (Role.HEAD_OF_SERVICE, Role.SERVICE_MANAGER)
COUNCIL_ROLES = (Role.BOARD_MEMBER, Role.COMMITTEE_MEMBER)


def _only(field: str | None) -> Q:
    """Exactly the unit column `field` is set (or none, for council-wide roles)."""
    q = Q()
    for name in ("service", "directorate", "area", "portfolio"):
        q &= Q(**{f"{name}__isnull": name != field})
    return q


# Which unit each role is held on: a role assignment, and a group's role (planning/models/sso.py).
ROLE_ON_MATCHING_UNIT = (
    (Q(role__in=SERVICE_ROLES) & _only("service"))
    | (Q(role=Role.DIRECTOR) & _only("directorate"))
    | (Q(role=Role.ASSISTANT_DIRECTOR) & _only("area"))
    | (Q(role=Role.PERFORMANCE_LEAD) & _only("portfolio"))
    | (Q(role__in=COUNCIL_ROLES) & _only(None))
)
ROLE_ON_MATCHING_UNIT_MESSAGE = (
    "Heads of service and service managers hold their role on a service, "
    "directors on a directorate, assistant directors on an area, performance "
    "leads on a portfolio; board and committee members on nothing"
)


class RoleAssignment(TrackedModel):
    """A person holds a role on one unit: head of service of X, performance lead for Y.

    Council-wide roles (Management Board, Audit & Governance Committee) have no unit.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=30, choices=Role.choices)

    objects = PeopleQuerySet.as_manager()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True)
    directorate = models.ForeignKey(Directorate, on_delete=models.CASCADE, null=True, blank=True)
    area = models.ForeignKey(AssistantDirectorArea, on_delete=models.CASCADE, null=True, blank=True)
    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        ordering = ["person", "role"]
        constraints = [
            models.CheckConstraint(
                condition=ROLE_ON_MATCHING_UNIT,
                name="role_scoped_to_matching_unit",
                violation_error_message=ROLE_ON_MATCHING_UNIT_MESSAGE,
            ),
            *[
                models.UniqueConstraint(
                    fields=["person", "role", unit],
                    condition=Q(**{f"{unit}__isnull": False}),
                    name=f"role_once_per_{unit}",
                )
                for unit in ("service", "directorate", "area", "portfolio")
            ],
            models.UniqueConstraint(
                fields=["person", "role"],
                condition=Q(role__in=COUNCIL_ROLES),
                name="council_role_once",
            ),
        ]

    def __str__(self) -> str:
        unit = self.service or self.directorate or self.area or self.portfolio
        label = self.get_role_display()
        return f"{self.person}: {label} of {unit}" if unit else f"{self.person}: {label}"
