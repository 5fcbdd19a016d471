"""Indicators for the demo council: `demo_seed(scale=...)`, run by `manage.py seed_demo`.

Every service gets 5–15 indicators in its 2026/27 plan: a few of the council's corporate
measures (defined once, shared by many plans, entered by their owners), its own measures
and one or two data-only ones. Each has targets for 2024/25 to 2026/27 and monthly values
from April 2024 to October 2026, drawn so that every RAG outcome appears: met, missed
within tolerance, missed beyond it, no data yet, and not rated.

Running it again adds only what is missing (definitions by reference, targets by year,
values by month). Every row is written with its history entry, in bulk, and the indicators'
stored ratings are worked out afresh for every year at the end.

`demo_seed(scale="council", indicators=6000)` grows the council to about that many
indicators (the bench's ten-times council): every service but the demo sign-ins' own gets
more measures of its own, after the ones it already has, so the demo head's plan stays the
size it was and the pages about one plan measure the same plan at both sizes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Model
from simple_history.utils import bulk_create_with_history

from planning.demo.base import HISTORY_REASON, SCALES, rng_for
from planning.demo.catalogue import DIRECTORATES
from planning.models import (
    FinancialYear,
    Person,
    Role,
    RoleAssignment,
    Service,
    ServiceAction,
    ServicePlan,
)

from ..models import (
    AnnualTarget,
    IndicatorDefinition,
    IndicatorRating,
    IndicatorUsage,
    IndicatorValue,
    RagPolicy,
)
from ..stored import ratings_refresh
from .catalogue import (
    COMMENTS,
    CORPORATE,
    DATA_ONLY_TEMPLATES,
    OUTCOMES,
    SERVICE_TEMPLATES,
    Template,
)

YEARS = (2023, 2024, 2025, 2026)
PLAN_YEAR = 2026
LAST_MONTH = dt.date(2026, 10, 1)  # the demo's latest reported month
BATCH = 1000
# The demo sign-ins (head, manager, staff) work in the first directorate's first service.
DEMO_SERVICE = DIRECTORATES[0].services[0]


def demo_seed(*, scale: str = "small", indicators: int | None = None) -> dict[str, int]:
    """Add the demo council's indicators at the given scale, only what is missing; with
    `indicators`, about that many across the council."""
    created: Counter = Counter()
    if not RagPolicy.objects.exists():
        _add(created, RagPolicy, [RagPolicy(tolerance_percent=Decimal(10))])
    years = _years(created)
    plans = {
        p.service.code: p
        for p in ServicePlan.objects.filter(year__start_year=PLAN_YEAR).select_related("service")
    }
    if len(years) < len(YEARS) or not plans:
        return {}
    entries = [(d, i, entry) for d, i, entry in SCALES[scale].services() if entry.code in plans]
    heads = dict(
        RoleAssignment.objects.filter(role=Role.HEAD_OF_SERVICE).values_list(
            "service_id", "person_id"
        )
    )
    people = dict(
        Person.objects.filter(username__in=["director", "lead"]).values_list("username", "pk")
    )
    corporate = _corporate_definitions(created, people)
    extra = _extra_measures(entries, wanted=indicators) if indicators else {}
    own = _service_definitions(created, entries, plans, extra)
    definitions = {
        d.ref: d
        for d in IndicatorDefinition.objects.filter(
            ref__in=[*corporate, *[ref for refs in own.values() for ref in refs]]
        )
    }
    _usages(created, entries, plans, corporate, own, definitions)
    _targets_and_values(created, definitions, years, heads)
    # also when the demo was seeded before ratings were stored (a database migrated since)
    if created or not IndicatorRating.objects.exists():
        ratings_refresh(definition_ids=[d.pk for d in definitions.values()])
    return dict(created)


def _years(created: Counter) -> dict[int, FinancialYear]:
    """The demo's years by start year, adding the earliest ones (before the council's own
    plans began) when the council already has the later ones."""
    years = {y.start_year: y for y in FinancialYear.objects.filter(start_year__in=YEARS)}
    if PLAN_YEAR in years:
        missing = [y for y in YEARS if y < PLAN_YEAR and y not in years]
        if missing:
            rows = [FinancialYear(start_year=y) for y in missing]
            # Counted under its own name: the council's years are already "financial years".
            for row in bulk_create_with_history(
                rows, FinancialYear, default_change_reason=HISTORY_REASON
            ):
                years[row.start_year] = row
            created["earlier financial years"] += len(rows)
    return years


def _add(created: Counter, model: type[Model], rows: list[Model]) -> list[Model]:
    if not rows:
        return []
    saved = bulk_create_with_history(
        rows, model, batch_size=BATCH, default_change_reason=HISTORY_REASON
    )
    created[str(model._meta.verbose_name_plural)] += len(saved)
    return saved


def _corporate_definitions(created: Counter, people: dict[str, int]) -> list[str]:
    """The council's corporate measures, owned by the demo director and performance lead,
    with the Resources directorate's first service responsible for them."""
    home = (
        Service.objects.filter(directorate__code="resources").order_by("pk").first()
        or Service.objects.order_by("pk").first()
    )
    existing = set(IndicatorDefinition.objects.values_list("ref", flat=True))
    rows = []
    for number, (ref, name, kind, unit, polarity, aggregation, _target) in enumerate(CORPORATE):
        if ref in existing:
            continue
        owner = people.get("director" if number < 3 else "lead")
        zero = ref == "CORP-06"
        rows.append(
            IndicatorDefinition(
                ref=ref,
                name=name,
                type=kind,
                unit=unit,
                polarity=polarity,
                aggregation=aggregation,
                service=home,
                owner_id=owner,
                is_corporate=True,
                in_delivery_plan=True,
                decimal_places=0 if zero else 1,
                tolerance_absolute=Decimal(2) if zero else None,
                green_band_percent=Decimal(2) if ref == "CORP-05" else None,
                calculation=f"{name}: as reported to the Management Board each month",
                numerator="Cases meeting the standard" if unit == "percentage" else "",
                denominator="All cases in the period" if unit == "percentage" else "",
                data_source="Corporate performance system",
            )
        )
    _add(created, IndicatorDefinition, rows)
    return [ref for ref, *_ in CORPORATE]


def _measure_counts(code: str) -> tuple[int, int]:
    """How many own measures (5–11) and data-only indicators (1–2) a service has."""
    rng = rng_for("indicators", code)
    return rng.randint(5, 11), rng.randint(1, 2)


def _extra_measures(entries, *, wanted: int) -> dict[str, int]:
    """How many more own measures each service needs for about `wanted` indicators in all,
    shared out evenly; the demo sign-ins' own service gets none."""
    have = len(CORPORATE) + sum(sum(_measure_counts(entry.code)) for _d, _i, entry in entries)
    others = [entry.code for _d, _i, entry in entries if entry is not DEMO_SERVICE]
    if wanted <= have or not others:
        return {}
    each, left = divmod(wanted - have, len(others))
    return {code: each + (number < left) for number, code in enumerate(others)}


def _service_definitions(created, entries, plans, extra) -> dict[str, list[str]]:
    """Each service's own measures (5–11), its data-only indicators (1–2), then any
    `extra` own measures it is given."""
    existing = set(IndicatorDefinition.objects.values_list("ref", flat=True))
    refs: dict[str, list[str]] = {}
    rows = []
    for directorate, _index, entry in entries:
        rng = rng_for("indicators", entry.code)
        own, data = rng.randint(5, 11), rng.randint(1, 2)
        chosen = [(t, False) for t in rng.sample(SERVICE_TEMPLATES * 2, own)]
        chosen += [(t, True) for t in DATA_ONLY_TEMPLATES[:data]]
        more = rng_for("more-indicators", entry.code)
        chosen += [(more.choice(SERVICE_TEMPLATES), False) for _ in range(extra.get(entry.code, 0))]
        service = plans[entry.code].service
        refs[entry.code] = []
        for number, (template, _) in enumerate(chosen, start=1):
            ref = f"{entry.code.upper()}-PI{number:02d}"
            refs[entry.code].append(ref)
            if ref in existing:
                continue
            subject = entry.subjects[(number - 1) % len(entry.subjects)]
            name = template.name.format(s=subject, S=subject[0].upper() + subject[1:])
            rows.append(
                IndicatorDefinition(
                    ref=ref,
                    name=name,
                    type=template.type,
                    unit=template.unit,
                    polarity=template.polarity,
                    aggregation=template.aggregation,
                    decimal_places=template.places,
                    rate_per=template.rate_per,
                    data_only=template.data_only,
                    service=service,
                    in_delivery_plan=number == 1 and directorate is not DIRECTORATES[-1],
                    green_band_percent=Decimal(5) if number == 2 else None,
                    floor=_floor(template, rng) if number == 3 else None,
                    calculation=f"{name}, counted from the service's case records",
                    data_source=f"{service.name} case management system",
                )
            )
    _add(created, IndicatorDefinition, rows)
    return refs


def _floor(template: Template, rng) -> Decimal | None:
    if template.unit != "percentage" or template.polarity != "higher":
        return None
    return Decimal(template.low - 8)


def _usages(created, entries, plans, corporate, own, definitions) -> None:
    actions: dict[int, list[int]] = defaultdict(list)
    for plan_id, pk in (
        ServiceAction.objects.filter(plan__in=[p.pk for p in plans.values()])
        .order_by("order", "ref")
        .values_list("plan_id", "pk")
    ):
        actions[plan_id].append(pk)
    existing = set(IndicatorUsage.objects.values_list("plan_id", "definition_id"))
    rows = []
    for _directorate, _index, entry in entries:
        plan = plans[entry.code]
        rng = rng_for("corporate-usage", entry.code)
        shared = rng.sample(corporate, rng.randint(1, 2))
        for order, ref in enumerate([*shared, *own[entry.code]]):
            definition = definitions[ref]
            if (plan.pk, definition.pk) in existing:
                continue
            plan_actions = actions.get(plan.pk) or [None]
            rows.append(
                IndicatorUsage(
                    plan_id=plan.pk,
                    definition_id=definition.pk,
                    order=order,
                    serves_action_id=plan_actions[order % len(plan_actions)],
                )
            )
    _add(created, IndicatorUsage, rows)


def _targets_and_values(created, definitions, years, heads) -> None:
    """Targets and values for every definition, a few hundred definitions at a time so
    that a ten-times council never holds all its values in memory at once."""
    refs = sorted(definitions)
    for start in range(0, len(refs), BATCH // 2):
        chunk = {ref: definitions[ref] for ref in refs[start : start + BATCH // 2]}
        _targets_and_values_of(created, chunk, years, heads)


def _targets_and_values_of(created, definitions, years, heads) -> None:
    ids = [d.pk for d in definitions.values()]
    have_targets = set(
        AnnualTarget.objects.filter(definition__in=ids).values_list("definition_id", "year_id")
    )
    have_values = set(
        IndicatorValue.objects.filter(definition__in=ids).values_list("definition_id", "month")
    )
    corporate_targets = {ref: target for ref, *_, target in CORPORATE}
    targets, values = [], []
    for ref, definition in sorted(definitions.items()):
        rng = rng_for("values", ref)
        base = corporate_targets.get(ref)
        if base is None:
            template = _template_for(definition)
            base = Decimal(rng.randint(template.low, template.high)) if template else Decimal(0)
        no_target = not definition.is_corporate and rng.random() < 0.03
        entered_by = heads.get(definition.service_id)
        for start_year in YEARS:
            year = years[start_year]
            annual = _annual(base, definition, start_year)
            target = _target_row(definition, year, annual, rng)  # drawn always: stable
            if not (definition.data_only or no_target or (definition.pk, year.pk) in have_targets):
                targets.append(target)
            outcome = _outcome(rng, current=start_year == PLAN_YEAR)
            for row in _value_rows(definition, year, annual, outcome, rng, entered_by):
                if (definition.pk, row.month) not in have_values:
                    values.append(row)
    _add(created, AnnualTarget, targets)
    _add(created, IndicatorValue, values)


def _template_for(definition: IndicatorDefinition) -> Template | None:
    for template in (*SERVICE_TEMPLATES, *DATA_ONLY_TEMPLATES):
        if (template.unit, template.aggregation, template.type) == (
            definition.unit,
            definition.aggregation,
            definition.type,
        ):
            return template
    return None


def _annual(base: Decimal, definition, start_year: int) -> Decimal:
    """Targets move a little each year in the better direction (improve), capped at 100%."""
    step = Decimal("0.02") * (start_year - YEARS[0])
    better = Decimal(1) + step if definition.polarity == "higher" else Decimal(1) - step
    value = (base * better).quantize(Decimal(1).scaleb(-definition.decimal_places))
    return min(value, Decimal(100)) if definition.unit == "percentage" else value


def _target_row(definition, year, annual, rng) -> AnnualTarget:
    profile = []
    if definition.aggregation in ("sum", "cumulative") and rng.random() < 0.4:
        weights = [rng.uniform(0.7, 1.3) for _ in range(12)]
        total = sum(weights)
        profile = [str(round(annual * Decimal(w / total), 4)) for w in weights]
    justification = rng.choice(["improve", "improve", "maintain", "planned_decline"])
    reason = {
        "improve": "Improve on last year in line with the service's improvement plan",
        "maintain": "Maintain performance while demand rises",
        "planned_decline": "Planned decline while resources move to prevention work",
    }[justification]
    return AnnualTarget(
        definition=definition,
        year=year,
        value=annual,
        justification=justification,
        reason=reason,
        profile=profile,
    )


def _outcome(rng, *, current: bool) -> str:
    names, weights = zip(*OUTCOMES, strict=True)
    outcome = rng.choices(names, weights)[0]
    return "amber" if outcome == "no_data" and not current else outcome


FACTORS = {"green": (0.01, 0.08), "amber": (-0.08, -0.02), "red": (-0.35, -0.15)}


def _value_rows(definition, year, annual, outcome, rng, entered_by) -> list[IndicatorValue]:
    if outcome == "no_data":
        return []
    months = [m for i, m in enumerate(year.months) if i in definition.months_taking_values]
    months = [m for m in months if m <= LAST_MONTH]
    low, high = FACTORS[outcome]
    sign = 1 if definition.polarity == "higher" else -1
    quantum = Decimal(1).scaleb(-definition.decimal_places)
    if annual == 0 and not definition.data_only:
        annual = Decimal(12) if outcome == "red" else Decimal(0)
    rows, running = [], Decimal(0)
    for month in months:
        factor = Decimal(str(1 + sign * rng.uniform(low, high)))
        if definition.data_only:
            level = Decimal(rng.randint(20, 400))
        elif definition.aggregation in ("sum", "cumulative"):
            level = annual / 12 * factor
        else:
            level = annual * factor
        if definition.unit == "percentage":
            level = min(level, Decimal(100))
        level = max(level, Decimal(0))
        running += level
        value = running if definition.aggregation == "cumulative" else level
        last = month == months[-1] and month == LAST_MONTH
        rows.append(
            IndicatorValue(
                definition=definition,
                month=month,
                value=value.quantize(quantum),
                commentary=rng.choice(COMMENTS),
                provisional=last and rng.random() < 0.5,
                is_late=rng.random() < 0.04,
                entered_by_id=entered_by,
                projected_year_end=annual if last and not definition.data_only else None,
            )
        )
    return rows
