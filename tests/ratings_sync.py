"""Stored ratings that follow the tests' own writes.

The services rewrite an indicator's stored ratings in the same transaction as each change;
tests also build their data straight through the ORM (objects.create, bulk_create, save),
which no service sees. While a test runs, these receivers do what the services would, so
that the stored ratings always equal the engine's. A test that checks the services
themselves keep them equal (`@pytest.mark.ratings_by_services`) runs without them."""

from __future__ import annotations

from contextlib import contextmanager

from django.db.models import signals
from django.db.models.query import QuerySet

from performance.models import AnnualTarget, IndicatorDefinition, IndicatorValue, RagPolicy
from performance.stored import ratings_refresh, ratings_refresh_years_added, years_for_months
from planning.models import FinancialYear


def _value(instances) -> None:
    by_definition: dict[int, set] = {}
    for row in instances:
        by_definition.setdefault(row.definition_id, set()).add(row.month)
    for definition_id, months in by_definition.items():
        ratings_refresh(definition_ids=[definition_id], years=years_for_months(months))


def _target(instances) -> None:
    for row in instances:
        ratings_refresh(definition_ids=[row.definition_id], years=[row.year])


def _definition(instances) -> None:
    ratings_refresh(definition_ids=[row.pk for row in instances])


def _everything(instances) -> None:
    ratings_refresh(definition_ids=IndicatorDefinition.objects.values_list("pk", flat=True))


def _years(instances) -> None:
    ratings_refresh_years_added(row.start_year for row in instances)


FOLLOW = {
    IndicatorValue: _value,
    AnnualTarget: _target,
    IndicatorDefinition: _definition,
    RagPolicy: _everything,
    FinancialYear: _years,
}


def _saved(sender, instance, raw=False, **kwargs) -> None:
    # A year saved on its own is rated by the app's receiver (performance.signals); only
    # years made in bulk need following here.
    if not raw and sender is not FinancialYear:
        FOLLOW[sender]([instance])


def _removed(sender, instance, origin=None, **kwargs) -> None:
    # a definition's removal takes its values, targets and ratings with it
    if (
        sender in (IndicatorValue, AnnualTarget)
        and not isinstance(origin, IndicatorDefinition)
        and IndicatorDefinition.objects.filter(pk=instance.definition_id).exists()
    ):
        FOLLOW[sender]([instance])


@contextmanager
def ratings_follow_writes():
    original = QuerySet.bulk_create

    def bulk_create(self, objs, *args, **kwargs):
        created = original(self, objs, *args, **kwargs)
        if self.model in FOLLOW and created:
            FOLLOW[self.model](created)
        return created

    for model in FOLLOW:
        signals.post_save.connect(_saved, sender=model, dispatch_uid=f"ratings-{model.__name__}")
        signals.post_delete.connect(
            _removed, sender=model, dispatch_uid=f"ratings-{model.__name__}"
        )
    QuerySet.bulk_create = bulk_create
    try:
        yield
    finally:
        QuerySet.bulk_create = original
        for model in FOLLOW:
            signals.post_save.disconnect(sender=model, dispatch_uid=f"ratings-{model.__name__}")
            signals.post_delete.disconnect(sender=model, dispatch_uid=f"ratings-{model.__name__}")
