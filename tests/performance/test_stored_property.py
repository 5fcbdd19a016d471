"""Property: whatever sequence of edits is made through the real services — values added,
changed and removed in any month of three years, targets and profiles set, an indicator's
rating rules changed, the council's policy changed and recalculated — the stored ratings
equal the engine's fresh ones for every indicator, year and month."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import RequestFactory
from hypothesis import strategies as st

from performance import services
from performance.models import IndicatorDefinition, IndicatorValue, JobStatus, RatingsRebuild
from performance.selectors import statuses_for
from performance.services import ValueEntry
from performance.stored import ratings_rebuild, stored_statuses
from planning.models import FinancialYear
from tests import factories as f
from tests.fuzz.kit import fuzz
from tests.performance.test_stored import same

pytestmark = [pytest.mark.django_db, pytest.mark.ratings_by_services]

TODAY = dt.date(2028, 5, 1)
START_YEARS = (2025, 2026, 2027)
INDICATORS = 4

amounts = st.one_of(
    st.integers(min_value=-20, max_value=150).map(Decimal),
    st.decimals(min_value=0, max_value=200, places=3, allow_nan=False),
)
optional_percent = st.one_of(st.none(), st.sampled_from([Decimal(0), Decimal(5), Decimal(20)]))
indicator = st.integers(min_value=0, max_value=INDICATORS - 1)
when = st.tuples(st.sampled_from(START_YEARS), st.integers(min_value=0, max_value=11))

value_added = st.tuples(st.just("value"), indicator, when, amounts, st.booleans())
value_removed = st.tuples(st.just("remove"), indicator, when)
target_set = st.tuples(
    st.just("target"),
    indicator,
    st.sampled_from(START_YEARS),
    amounts,
    st.one_of(st.none(), st.lists(st.one_of(st.none(), amounts), min_size=12, max_size=12)),
)
rule_changed = st.tuples(
    st.just("definition"),
    indicator,
    st.one_of(
        st.tuples(st.just("polarity"), st.sampled_from(["higher", "lower"])),
        st.tuples(
            st.just("aggregation"), st.sampled_from(["sum", "average", "latest", "cumulative"])
        ),
        st.tuples(st.just("frequency"), st.sampled_from(["monthly", "quarterly", "annual"])),
        st.tuples(st.just("data_only"), st.booleans()),
        st.tuples(st.just("tolerance_percent"), optional_percent),
        st.tuples(st.just("tolerance_absolute"), st.one_of(st.none(), amounts)),
        st.tuples(st.just("green_band_percent"), optional_percent),
        st.tuples(st.just("floor"), st.one_of(st.none(), amounts)),
        st.tuples(st.just("unit"), st.sampled_from(["number", "percentage", "money", "days"])),
        st.tuples(st.just("decimal_places"), st.integers(min_value=0, max_value=4)),
    ),
)
policy_changed = st.tuples(st.just("policy"), optional_percent.map(lambda p: p or Decimal(10)))
edits = st.lists(
    st.one_of(
        value_added,
        value_added,
        value_removed,
        target_set,
        target_set,
        rule_changed,
        rule_changed,
        policy_changed,
    ),  # fmt: skip
    min_size=1,
    max_size=12,
)


def apply(edit, *, definitions, years, admin, capture) -> None:
    kind, *args = edit
    if kind == "value":
        number, (start, index), amount, provisional = args
        month = years[start].months[index]
        entry = ValueEntry(
            definition=definitions[number],
            month=month,
            value=amount,
            commentary=f"{amount}",
            provisional=provisional,
        )
        services.values_save(entries=[entry], actor=admin, reason="Entered", today=TODAY)
    elif kind == "remove":
        number, (start, index) = args
        row = IndicatorValue.objects.filter(
            definition=definitions[number], month=years[start].months[index]
        ).first()
        if row is not None:
            request = RequestFactory().post("/")
            request.user = admin
            site._registry[IndicatorValue].delete_model(request, row)
    elif kind == "target":
        number, start, amount, profile = args
        services.target_set(
            definition=definitions[number],
            year=years[start],
            value=amount,
            justification="maintain",
            reason="",
            profile=profile,
            actor=admin,
            change_reason="Changed",
        )
    elif kind == "definition":
        number, (name, value) = args
        definition = IndicatorDefinition.objects.get(pk=definitions[number].pk)
        services.definition_update(
            definition=definition, changes={name: value}, actor=admin, change_reason="Changed"
        )
        definitions[number] = definition
    else:
        (tolerance,) = args
        with capture(execute=True):
            services.policy_set(tolerance_percent=tolerance, green_band_percent=None, actor=admin)
        assert RatingsRebuild.objects.order_by("-pk").first().status == JobStatus.DONE


def stored_equals_fresh(years) -> None:
    definitions = list(IndicatorDefinition.objects.select_related("service"))
    for year in years.values():
        for month in year.months:
            fresh = statuses_for(definitions, year=year, upto=month)
            stored = stored_statuses(definitions, year=year, upto=month)
            for d in definitions:
                same(stored[d.pk], fresh[d.pk])


@pytest.mark.slow
def test_stored_ratings_equal_fresh_ones_after_any_edits(
    world, perf, django_capture_on_commit_callbacks
):
    edits_hold(world, perf, django_capture_on_commit_callbacks, examples=25)


def test_stored_ratings_equal_fresh_ones_after_a_few_edits(
    world, perf, django_capture_on_commit_callbacks
):
    edits_hold(world, perf, django_capture_on_commit_callbacks, examples=3)


def years_with_values(world, perf, *, months: int) -> tuple[dict, object, list]:
    """(the years START_YEARS, the administrator, the indicators edited): each indicator
    holds values in the first `months` of each year, two more for each next indicator,
    entered and rated through the services."""
    for start in START_YEARS:
        f.FinancialYearFactory(start_year=start)
    years = {y.start_year: y for y in FinancialYear.objects.filter(start_year__in=START_YEARS)}
    ratings_rebuild()  # the test world was built without the services
    admin = world.people["admin"]
    base = [perf.percent, perf.days, perf.data_only, perf.libraries]
    services.values_save(
        entries=[
            ValueEntry(definition=d, month=month, value=Decimal(60 + 7 * n + i))
            for n, d in enumerate(base)
            for year in years.values()
            for i, month in enumerate(year.months[: months + 2 * n])
        ],
        actor=admin,
        reason="Entered",
        today=TODAY,
    )
    return years, admin, base


def edits_hold(world, perf, capture, *, examples: int) -> None:
    years, admin, base = years_with_values(world, perf, months=3)

    def check(sequence):
        with transaction.atomic():
            definitions = [IndicatorDefinition.objects.get(pk=d.pk) for d in base]
            for edit in sequence:
                try:
                    with transaction.atomic():
                        apply(
                            edit,
                            definitions=definitions,
                            years=years,
                            admin=admin,
                            capture=capture,
                        )
                except ValidationError:
                    pass  # refused (a month that takes no value, two tolerances): no change
            stored_equals_fresh(years)
            transaction.set_rollback(True)

    fuzz(edits, check, examples=examples)
