"""Roles given by the council's own groups, for people who sign in through its sign-in
service (single sign-on, docs/adr/0023-single-sign-on.md)."""

from django.db import models
from django.db.models import Q

from .base import TrackedModel
from .organisation import (
    ROLE_ON_MATCHING_UNIT,
    ROLE_ON_MATCHING_UNIT_MESSAGE,
    AssistantDirectorArea,
    Directorate,
    Portfolio,
    Role,
    Service,
)

UNITS = ("service", "directorate", "area", "portfolio")


class GroupRole(TrackedModel):
    """Members of one of the council's groups hold this role (on this unit).

    Once the council has set any group's role, the roles these rows name are decided by the
    sign-in service: at each single sign-on a person gains the roles of the groups they are
    in and loses those of the groups they have left. Roles no row names stay as set in the
    app. With no rows at all, every role is kept in the app.
    """

    group = models.CharField(
        "group id",
        max_length=255,
        help_text="The group as the sign-in service names it in its groups claim "
        "(for Entra ID, the group's object id)",
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True)
    directorate = models.ForeignKey(Directorate, on_delete=models.CASCADE, null=True, blank=True)
    area = models.ForeignKey(AssistantDirectorArea, on_delete=models.CASCADE, null=True, blank=True)
    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        ordering = ["group", "role"]
        verbose_name = "group's role"
        verbose_name_plural = "groups' roles"
        constraints = [
            models.CheckConstraint(
                condition=ROLE_ON_MATCHING_UNIT,
                name="group_role_on_matching_unit",
                violation_error_message=ROLE_ON_MATCHING_UNIT_MESSAGE,
            ),
            *[
                models.UniqueConstraint(
                    fields=["group", "role", unit],
                    condition=Q(**{f"{unit}__isnull": False}),
                    name=f"group_role_once_per_{unit}",
                )
                for unit in UNITS
            ],
            models.UniqueConstraint(
                fields=["group", "role"],
                condition=Q(**{f"{unit}__isnull": True for unit in UNITS}),
                name="group_council_role_once",
            ),
        ]

    def __str__(self) -> str:
        unit = self.service or self.directorate or self.area or self.portfolio
        label = self.get_role_display()
        return f"{self.group}: {label} of {unit}" if unit else f"{self.group}: {label}"

    @property
    def held(self) -> tuple:
        """The role as held: (role, service, directorate, area, portfolio) ids."""
        return (self.role, *(getattr(self, f"{unit}_id") for unit in UNITS))
