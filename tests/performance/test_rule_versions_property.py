"""Property: a change of rating rules from a month on — an indicator's own rules or the
council's policy — never alters a rating of a period before that month, and after any
sequence of edits (dated and undated, values and targets among them) the stored ratings
equal the engine's fresh ones for every indicator, year and month."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import strategies as st

from performance import services
from performance.models import IndicatorDefinition, IndicatorRating, JobStatus, RatingsRebuild
from tests.fuzz.kit import fuzz
from tests.performance.test_stored_property import (
    amounts,
    apply,
    indicator,
    optional_percent,
    policy_changed,
    rule_changed,
    stored_equals_fresh,
    target_set,
    value_added,
    when,
    years_with_values,
)

pytestmark = [pytest.mark.django_db, pytest.mark.ratings_by_services]

rule = st.one_of(
    st.tuples(st.just("tolerance_percent"), optional_percent),
    st.tuples(st.just("tolerance_absolute"), st.one_of(st.none(), amounts)),
    st.tuples(st.just("green_band_percent"), optional_percent),
    st.tuples(st.just("floor"), st.one_of(st.none(), amounts)),
    st.tuples(st.just("low_target"), st.one_of(st.none(), amounts)),
    st.tuples(st.just("strict_target"), st.booleans()),
    st.tuples(st.just("amber_rule"), st.sampled_from(["tolerance", "floor", "range", "travel"])),
)
dated_rule = st.tuples(st.just("dated_rule"), indicator, rule, when)
dated_policy = st.tuples(
    st.just("dated_policy"), optional_percent.map(lambda p: p or Decimal(10)), when
)
edits = st.lists(
    st.one_of(
        dated_rule,
        dated_rule,
        dated_policy,
        value_added,
        target_set,
        rule_changed,
        policy_changed,
    ),  # fmt: skip
    min_size=1,
    max_size=10,
)


def rows_before(month) -> list[tuple]:
    """Every stored rating of a period before `month`, as it stands."""
    fields = [f.attname for f in IndicatorRating._meta.concrete_fields]
    return list(
        IndicatorRating.objects.filter(month__lt=month)
        .order_by("definition", "year", "month")
        .values_list(*fields)
    )


def apply_dated(edit, *, definitions, years, admin, capture):
    """Make a dated change; return the month it applies from."""
    kind, *args = edit
    if kind == "dated_rule":
        number, (name, value), (start, index) = args
        month = years[start].months[index]
        definition = IndicatorDefinition.objects.get(pk=definitions[number].pk)
        services.definition_update(
            definition=definition,
            changes={name: value},
            actor=admin,
            change_reason="Changed",
            rules_from=month,
        )
        definitions[number] = definition
        return month
    tolerance, (start, index) = args
    month = years[start].months[index]
    with capture(execute=True):
        services.policy_set(
            tolerance_percent=tolerance, green_band_percent=None, actor=admin, effective_from=month
        )
    assert RatingsRebuild.objects.order_by("-pk").first().status == JobStatus.DONE
    return month


def dated_changes_hold(world, perf, capture, *, examples: int) -> None:
    years, admin, base = years_with_values(world, perf, months=4)

    def check(sequence):
        with transaction.atomic():
            definitions = [IndicatorDefinition.objects.get(pk=d.pk) for d in base]
            where = {"definitions": definitions, "years": years, "admin": admin}
            for edit in sequence:
                try:
                    with transaction.atomic():
                        if edit[0].startswith("dated"):
                            month = edit[-1]
                            before = rows_before(years[month[0]].months[month[1]])
                            since = apply_dated(edit, capture=capture, **where)
                            assert rows_before(since) == before, edit
                        else:
                            apply(edit, capture=capture, **where)
                except ValidationError:
                    pass  # refused (two tolerances, a month that takes no value): no change
            stored_equals_fresh(years)
            transaction.set_rollback(True)

    fuzz(edits, check, examples=examples)


def test_a_dated_rule_change_never_alters_an_earlier_period(
    world, perf, django_capture_on_commit_callbacks
):
    dated_changes_hold(world, perf, django_capture_on_commit_callbacks, examples=3)


@pytest.mark.slow
def test_a_dated_rule_change_never_alters_an_earlier_period_many_examples(
    world, perf, django_capture_on_commit_callbacks
):
    dated_changes_hold(world, perf, django_capture_on_commit_callbacks, examples=25)
