"""factory_boy factories for Golden Thread's models."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from planning import models


class FinancialYearFactory(DjangoModelFactory):
    class Meta:
        model = models.FinancialYear
        django_get_or_create = ("start_year",)

    start_year = 2026


class DirectorateFactory(DjangoModelFactory):
    class Meta:
        model = models.Directorate

    code = factory.Sequence(lambda n: f"dir-{n}")
    name = factory.Sequence(lambda n: f"Directorate {n}")


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = models.AssistantDirectorArea

    directorate = factory.SubFactory(DirectorateFactory)
    name = factory.Sequence(lambda n: f"Area {n}")


class PortfolioFactory(DjangoModelFactory):
    class Meta:
        model = models.Portfolio

    name = factory.Sequence(lambda n: f"Portfolio {n}")


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = models.Service

    code = factory.Sequence(lambda n: f"svc-{n}")
    name = factory.Sequence(lambda n: f"Service {n}")
    directorate = factory.SubFactory(DirectorateFactory)


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = models.Team

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = models.Person
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda p: f"{p.username}@example.org")
    password = factory.django.Password("test-password-123")


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = models.RoleAssignment

    person = factory.SubFactory(PersonFactory)
    role = models.Role.HEAD_OF_SERVICE


class CorporatePlanFactory(DjangoModelFactory):
    class Meta:
        model = models.CorporatePlan
        django_get_or_create = ("first_year",)

    title = "Council Plan"
    first_year = factory.SubFactory(FinancialYearFactory)
    status = models.PlanStatus.PUBLISHED


class DeliveryPlanFactory(DjangoModelFactory):
    class Meta:
        model = models.DeliveryPlan
        django_get_or_create = ("year",)

    year = factory.SubFactory(FinancialYearFactory)
    corporate_plan = factory.SubFactory(CorporatePlanFactory)
    status = models.PlanStatus.PUBLISHED


class DirectoratePlanFactory(DjangoModelFactory):
    class Meta:
        model = models.DirectoratePlan

    year = factory.SubFactory(FinancialYearFactory)
    directorate = factory.SubFactory(DirectorateFactory)


class ServicePlanFactory(DjangoModelFactory):
    class Meta:
        model = models.ServicePlan

    year = factory.SubFactory(FinancialYearFactory)
    service = factory.SubFactory(ServiceFactory)


class PdpFactory(DjangoModelFactory):
    class Meta:
        model = models.PersonalDevelopmentPlan

    year = factory.SubFactory(FinancialYearFactory)
    person = factory.SubFactory(PersonFactory)


class AmbitionFactory(DjangoModelFactory):
    class Meta:
        model = models.Ambition

    plan = factory.SubFactory(CorporatePlanFactory)
    ref = factory.Sequence(lambda n: f"A{n}")
    title = factory.Sequence(lambda n: f"Ambition {n}")


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = models.DeliveryActivity

    plan = factory.SubFactory(DeliveryPlanFactory)
    ref = factory.Sequence(lambda n: f"DA{n}")
    title = factory.Sequence(lambda n: f"Activity {n}")


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = models.DirectoratePriority

    plan = factory.SubFactory(DirectoratePlanFactory)
    ref = factory.Sequence(lambda n: f"DP{n}")
    title = factory.Sequence(lambda n: f"Priority {n}")


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = models.ServiceAction

    plan = factory.SubFactory(ServicePlanFactory)
    ref = factory.Sequence(lambda n: f"SA{n}")
    title = factory.Sequence(lambda n: f"Action {n}")
    start_date = dt.date(2026, 4, 1)
    due_date = dt.date(2027, 3, 31)


class ObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = models.PdpObjective

    plan = factory.SubFactory(PdpFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")
