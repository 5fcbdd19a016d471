"""The shape of the plan hierarchy: what the models and the database refuse."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from planning.models import (
    ITEM_MODELS,
    FinancialYear,
    PdpObjective,
    Role,
    RoleAssignment,
    ServiceAction,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_financial_year_reads_as_april_to_march():
    year = f.FinancialYearFactory(start_year=2026)
    assert str(year) == "2026/27"
    assert year.starts == dt.date(2026, 4, 1)
    assert year.ends == dt.date(2027, 3, 31)
    assert year.months[0] == dt.date(2026, 4, 1)
    assert year.months[-1] == dt.date(2027, 3, 1)
    assert [q[0] for q in year.quarters] == [1, 2, 3, 4]
    assert year.quarters[3][1:] == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert year.quarter_of(dt.date(2026, 11, 23)) == 3
    assert year.quarter_of(dt.date(2027, 4, 1)) is None


def test_year_1999_is_written_with_two_digits():
    assert FinancialYear(start_year=2099).label == "2099/00"


def test_current_year_is_the_marked_one_else_the_one_containing_today():
    f.FinancialYearFactory(start_year=2020)
    today = FinancialYear.start_year_for(dt.date.today())
    f.FinancialYearFactory(start_year=today)
    assert FinancialYear.objects.current().start_year == today
    marked = f.FinancialYearFactory(start_year=2020)
    marked.is_current = True
    marked.save()
    assert FinancialYear.objects.current() == marked


def test_only_one_year_can_be_current():
    f.FinancialYearFactory(start_year=2025, is_current=True)
    with pytest.raises(IntegrityError):
        f.FinancialYearFactory(start_year=2026, is_current=True)


def test_action_cannot_serve_another_action():
    action = f.ActionFactory()
    other = f.ActionFactory(plan=action.plan)
    with pytest.raises(ValidationError, match="cannot serve another service action"):
        action.set_serves(other)


def test_action_cannot_serve_an_objective_below_it():
    action = f.ActionFactory()
    objective = f.ObjectiveFactory()
    with pytest.raises(ValidationError, match="personal objective is below a service action"):
        action.set_serves(objective)


def test_database_refuses_an_item_serving_two_items():
    world_activity = f.ActivityFactory()
    priority = f.PriorityFactory(plan__year=world_activity.plan.year)
    action = f.ActionFactory(plan__year=world_activity.plan.year, serves_priority=priority)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceAction.objects.filter(pk=action.pk).update(serves_activity=world_activity)


def test_database_has_no_column_that_could_point_sideways_or_down():
    """Read from the database itself: every foreign key between plan items points to a
    table of a strictly higher level, except `rolled_from`, which records the item a copy
    was rolled forward from (the same table, last year) and is not a link in the thread."""
    level_of_table = {m._meta.db_table: m.LEVEL for m in ITEM_MODELS.values()}
    with connection.cursor() as cursor:
        for model in ITEM_MODELS.values():
            constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
            links = [
                (c["columns"], c["foreign_key"][0])
                for c in constraints.values()
                if c["foreign_key"] and c["foreign_key"][0] in level_of_table
            ]
            lineage = [table for columns, table in links if columns == ["rolled_from_id"]]
            assert lineage in ([], [model._meta.db_table])
            targets = [table for columns, table in links if columns != ["rolled_from_id"]]
            assert len(targets) == len(model.SERVES_FIELDS)
            for target in targets:
                assert level_of_table[target] < model.LEVEL, (model, target)


def test_action_must_serve_an_item_of_its_own_year():
    action = f.ActionFactory(plan__year=f.FinancialYearFactory(start_year=2026))
    old_activity = f.ActivityFactory(plan__year=f.FinancialYearFactory(start_year=2025))
    action.set_serves(old_activity)
    with pytest.raises(ValidationError, match="Choose an item from 2026/27"):
        action.full_clean()


def test_ambition_must_cover_the_year_of_the_item_serving_it():
    ambition = f.AmbitionFactory(plan__first_year=f.FinancialYearFactory(start_year=2020))
    action = f.ActionFactory(plan__year=f.FinancialYearFactory(start_year=2026))
    action.set_serves(ambition)
    with pytest.raises(ValidationError, match="covers 2020 to 2024"):
        action.full_clean()


def test_objective_may_serve_any_higher_level():
    objective = f.ObjectiveFactory()
    year = objective.plan.year
    for target in [
        f.ActionFactory(plan__year=year),
        f.PriorityFactory(plan__year=year),
        f.ActivityFactory(plan__year=year),
        f.AmbitionFactory(plan__first_year=year),
    ]:
        objective.set_serves(target)
        objective.full_clean()
        objective.save()
        objective.refresh_from_db()
        assert objective.serves == target
        assert [n for n in PdpObjective.SERVES_FIELDS if getattr(objective, f"{n}_id")] == [
            objective.serves_field_for(type(target))
        ]


def test_due_date_before_start_date_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        f.ActionFactory(start_date=dt.date(2026, 6, 1), due_date=dt.date(2026, 5, 1))


def test_role_must_sit_on_the_matching_kind_of_unit():
    person = f.PersonFactory()
    directorate = f.DirectorateFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            person=person, role=Role.HEAD_OF_SERVICE, directorate=directorate
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(
            person=person, role=Role.BOARD_MEMBER, directorate=directorate
        )
    RoleAssignment.objects.create(person=person, role=Role.DIRECTOR, directorate=directorate)


def test_a_role_is_held_once_per_unit():
    service = f.ServiceFactory()
    role = f.RoleFactory(role=Role.HEAD_OF_SERVICE, service=service)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.RoleFactory(person=role.person, role=Role.HEAD_OF_SERVICE, service=service)
    board = f.RoleFactory(role=Role.BOARD_MEMBER)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.RoleFactory(person=board.person, role=Role.BOARD_MEMBER)


def test_person_cannot_be_their_own_line_manager():
    person = f.PersonFactory()
    person.line_manager = person
    with pytest.raises(ValidationError, match="A person cannot be their own line manager"):
        person.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        person.save()


def test_one_service_plan_per_service_per_year():
    plan = f.ServicePlanFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        f.ServicePlanFactory(service=plan.service, year=plan.year)


def test_every_change_to_an_item_is_kept_with_who_made_it():
    action = f.ActionFactory(title="First title")
    person = f.PersonFactory()
    action.title = "Second title"
    action._history_user = person
    action.save()
    history = list(action.history.order_by("history_date"))
    assert [h.title for h in history] == ["First title", "Second title"]
    assert history[-1].history_user == person
