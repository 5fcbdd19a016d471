"""Every write to performance data: values, targets, definitions, plan usages and the council's
RAG policy, each with history. Whatever changes a rating rewrites the indicator's stored
ratings (performance.stored) in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core import periods
from core.history import check_version, locked, one_of_a_kind, version_token
from core.saving import save_with_history
from planning.models import FinancialYear, ServicePlan

from .models import (
    RULE_FIELDS,
    AnnualTarget,
    IndicatorDefinition,
    IndicatorRuleVersion,
    IndicatorUsage,
    IndicatorValue,
    RagPolicy,
    RatingsRebuild,
)
from .periods import is_late, is_open
from .permissions import can_change_definition, can_change_policy, can_enter_values
from .selectors import target_is_fixed
from .stored import ratings_rebuild_enqueue, ratings_refresh, years_for_months


@dataclass(frozen=True)
class ValueEntry:
    """One period's value as typed: the value (None: leave empty), its commentary, whether
    it is provisional, and the projected year-end value.

    `seen` is the version of the value the person was looking at when they typed, or that
    an upload's check found ("" for none yet; None when nobody looked at one)."""

    definition: IndicatorDefinition
    month: dt.date
    value: Decimal | None
    commentary: str = ""
    provisional: bool = False
    projected_year_end: Decimal | None = None
    seen: str | None = None


def _changed(row: IndicatorValue, entry: ValueEntry) -> bool:
    return (
        row.value != entry.value
        or row.commentary != entry.commentary
        or row.provisional != entry.provisional
        or row.projected_year_end != entry.projected_year_end
    )


def entry_problems(
    *, entry: ValueEntry, actor, today: dt.date, held: IndicatorValue | None
) -> list[str]:
    """Why an entry cannot be saved, in words to show the person (empty: it can).

    The person must be allowed to enter the indicator's values; the month must have ended
    and take a value at the indicator's frequency; a value once held can be corrected but
    not emptied; commentary and a projection need a value to go with them."""
    definition, month = entry.definition, entry.month
    ref, label = definition.ref, f"{month:%B %Y}"
    if entry.seen is not None and entry.seen != version_token(held):
        who = f" by {held.entered_by}" if held is not None and held.entered_by else ""
        now = definition.fmt.value(held.value) if held is not None else "empty"
        return [
            f"{ref} for {label} was changed{who} while you were editing: it is now {now}. "
            "Check it, then save again"
        ]
    if entry.value is None:
        if held is not None:
            return [
                f"Enter a value for {ref} in {label}: a value once entered can be corrected "
                "but not removed"
            ]
        if entry.commentary or entry.projected_year_end is not None:
            return [f"Enter the {label} value for {ref} to go with its commentary"]
        return []
    if not can_enter_values(actor, definition):
        owner = "its owner" if definition.is_corporate else "its service"
        return [f"You cannot enter values for {ref}: they are entered by {owner}"]
    if month.day != 1:
        return ["A value is for a whole month: give the month's first day"]
    if not is_open(month=month, today=today):
        return [f"{label} has not ended yet: enter {ref}'s value once it has"]
    if periods.month_index(month) not in definition.months_taking_values:
        frequency = definition.get_frequency_display().lower()
        return [f"{ref} is {frequency}: it takes no value for {label}"]
    return []


def held_values(entries: list[ValueEntry], *, lock: bool = False) -> dict:
    """The values already held for the entries' indicators and months, by (id, month)."""
    rows = IndicatorValue.objects.filter(
        definition__in={e.definition.pk for e in entries}, month__in={e.month for e in entries}
    )
    if lock:
        rows = rows.select_for_update()
    return {(row.definition_id, row.month): row for row in rows}


def is_change(entry: ValueEntry, held: IndicatorValue | None) -> bool:
    if entry.value is None:
        return False
    return held is None or _changed(held, entry)


@transaction.atomic
def values_save(
    *, entries: list[ValueEntry], actor, reason: str, today: dt.date | None = None
) -> int:
    """Write the entries that add or change a value, all or nothing; return how many.

    Every entry is checked first (see entry_problems); any problem refuses the lot. A value
    for a closed month is accepted and marked late."""
    today = today or dt.date.today()
    # Held values are locked; a month with no value yet has no row to lock, so two first
    # entries for it are taken in turn through their indicator, the second seeing the first.
    locked_definitions = IndicatorDefinition.objects.select_for_update(of=("self",))
    list(locked_definitions.filter(pk__in={e.definition.pk for e in entries}).order_by("pk"))
    existing = held_values(entries, lock=True)
    for entry in entries:
        held = existing.get((entry.definition.pk, entry.month))
        if not is_change(entry, held) and entry.value is not None:
            continue
        if entry.value is None and held is None and entry.seen in (None, ""):
            continue
        problems = entry_problems(entry=entry, actor=actor, today=today, held=held)
        if problems:
            raise ValidationError(problems)
    saved = 0
    changed = []
    for entry in entries:
        held = existing.get((entry.definition.pk, entry.month))
        if not is_change(entry, held):
            continue
        changed.append(entry)
        row = held or IndicatorValue(definition=entry.definition, month=entry.month)
        row.value = entry.value
        row.commentary = entry.commentary
        row.provisional = entry.provisional
        row.projected_year_end = entry.projected_year_end
        row.is_late = is_late(month=entry.month, entered_on=today)
        row.entered_by = actor
        save_with_history(row, actor=actor, reason=reason)
        saved += 1
    if changed:
        ratings_refresh(
            definition_ids={entry.definition.pk for entry in changed},
            years=years_for_months({entry.month for entry in changed}),
        )
    return saved


@transaction.atomic
def target_set(
    *,
    definition: IndicatorDefinition,
    year: FinancialYear,
    value: Decimal,
    justification: str,
    reason: str,
    profile: list[Decimal | None] | None,
    actor,
    change_reason: str = "",
    version: str | None = None,
) -> AnnualTarget:
    """Set the year's target. Once a plan of the year using it is signed off or published,
    a change needs a reason, which is kept in the target's history. A change is refused
    (EditConflict) if someone saved the target since the form was opened."""
    if not can_enter_values(actor, definition):
        raise PermissionDenied(f"You cannot set targets for {definition.ref}")
    if definition.data_only:
        raise ValidationError(f"{definition.ref} is data only: it has no target")
    target = one_of_a_kind(  # one target-setter at a time for the indicator
        AnnualTarget.objects, within=definition, version=version, definition=definition, year=year
    )
    if (
        target.pk
        and not change_reason.strip()
        and target_is_fixed(definition=definition, year=year)
    ):
        raise ValidationError(
            {"change_reason": "Say why the target is changing: the plan has been signed off"}
        )
    target.value = value
    target.justification = justification
    target.reason = reason
    target.profile = [None if p is None else str(p) for p in profile] if profile else []
    save_with_history(target, actor=actor, reason=change_reason.strip() or "Target set")
    ratings_refresh(definition_ids=[definition.pk], years=[year])
    return target


@transaction.atomic
def usage_link(
    *, usage: IndicatorUsage, target, actor, version: str | None = None
) -> IndicatorUsage:
    """Set what an indicator measures in a plan — one of the plan's own actions, an activity
    of the year's Delivery Plan or a corporate ambition covering the year — or nothing.

    Refused if someone changed the link after the form was opened, and for anything the
    indicator cannot measure (sideways, downward or another year), with the reason."""
    row = locked(usage, IndicatorUsage.objects.select_related("plan__year"))
    check_version(row, version)
    row.set_serves(target)
    reason = f"Linked to {target.LEVEL_NAME.lower()} {target}" if target else "Unlinked"
    save_with_history(row, actor=actor, reason=reason[:100])
    return row


@transaction.atomic
def definition_create(
    *, definition: IndicatorDefinition, plan: ServicePlan, serves_action, actor
) -> IndicatorUsage:
    """Add a new indicator to the council's library, owned by the person adding it, with the
    plan's service responsible for it, and use it in the plan."""
    definition.service = plan.service
    definition.owner = definition.owner or actor
    save_with_history(definition, actor=actor, reason=f"Added with {plan}", first_wins=False)
    ratings_refresh(definition_ids=[definition.pk])
    return usage_add(plan=plan, definition=definition, serves_action=serves_action, actor=actor)


@transaction.atomic
def usage_add(
    *, plan: ServicePlan, definition: IndicatorDefinition, serves_action, actor
) -> IndicatorUsage:
    """Use an indicator in a plan, measuring one of the plan's actions (or the service)."""
    if serves_action is not None and serves_action.plan_id != plan.pk:
        raise ValidationError("Choose one of this plan's own actions")
    if plan.indicators.filter(definition=definition).exists():
        raise ValidationError(f"{definition.ref} is already in this plan")
    order = plan.indicators.count()
    usage = IndicatorUsage(
        plan=plan, definition=definition, serves_action=serves_action, order=order
    )
    reason = f"{definition.ref} used in {plan}"
    save_with_history(usage, actor=actor, reason=reason, first_wins=False)
    return usage


# What decides an indicator's rating: changing any of these once a plan using the indicator
# has been signed off needs a reason, as a change of target does. The rules among them
# (RULE_FIELDS) change by version, from a chosen month on.
RATING_FIELDS = ("polarity", "frequency", "aggregation", "data_only", *RULE_FIELDS)


def rule_version_add(
    *, definition: IndicatorDefinition, before: dict, from_month: dt.date | None, actor, reason: str
) -> IndicatorRuleVersion:
    """Record the definition's rules (as now set on it) as the version applying from
    `from_month` on (every period when None). The first time, the rules held until now
    (`before`) are recorded too, as the version for every earlier period."""
    if not definition.rule_versions.exists():
        IndicatorRuleVersion.objects.create(
            definition=definition, effective_from=None, recorded_by=actor, reason="", **before
        )
    rules = {name: getattr(definition, name) for name in RULE_FIELDS}
    return IndicatorRuleVersion.objects.create(
        definition=definition,
        effective_from=from_month and periods.month_start(from_month),
        recorded_by=actor,
        reason=reason[:500],
        **rules,
    )


@transaction.atomic
def definition_update(
    *,
    definition: IndicatorDefinition,
    changes: dict,
    actor,
    version: str | None = None,
    change_reason: str = "",
    signed_off: bool = False,
    rules_from: dt.date | None = None,
) -> IndicatorDefinition:
    """Change an indicator's definition and its own rating policy.

    Refused if someone saved the definition after the form was opened (EditConflict). Once
    a plan of the year using the indicator is signed off or published, a change to how it
    is rated (RATING_FIELDS) needs a reason, kept in the definition's history. A change of
    its rules (RULE_FIELDS) applies from the month `rules_from` on (every period when None):
    it is recorded as a rule version, and only the ratings from that month on are worked
    out again. Saving with nothing changed records nothing."""
    if not can_change_definition(actor, definition):
        raise PermissionDenied(f"You cannot change {definition.ref}'s definition")
    row = locked(definition)
    check_version(row, version)
    changed = [name for name, value in changes.items() if getattr(row, name) != value]
    if not changed:
        return row
    if signed_off and set(changed) & set(RATING_FIELDS) and not change_reason.strip():
        raise ValidationError(
            {
                "change_reason": "Say why the rating is changing: a plan using this "
                "indicator has been signed off"
            }
        )
    before = {name: getattr(row, name) for name in RULE_FIELDS}
    for name in changed:
        setattr(row, name, changes[name])
    save_with_history(row, actor=actor, reason=change_reason.strip() or "Definition changed")
    rules_changed = set(changed) & set(RULE_FIELDS)
    if rules_changed and (rules_from is not None or row.rule_versions.exists()):
        rule_version_add(
            definition=row, before=before, from_month=rules_from, actor=actor, reason=change_reason
        )
        if rules_from is not None and rules_changed == set(changed):
            from_month = periods.month_start(rules_from)
            ratings_refresh(definition_ids=[row.pk], from_month=from_month)
            return row
    # how it is rated, or how numbers are written in the explanations, may have changed
    ratings_refresh(definition_ids=[row.pk])
    return row


@transaction.atomic
def policy_set(
    *,
    tolerance_percent: Decimal,
    green_band_percent: Decimal | None,
    actor,
    version: str | None = None,
    effective_from: dt.date | None = None,
    gaps_in_points: bool = False,
) -> RatingsRebuild:
    """Put a new council-wide RAG policy in force from the month `effective_from` on (every
    period when None): for those periods the newest policy is the one in force, earlier
    periods keep the policy they were rated under, and every policy stays as history. The
    stored ratings from that month on are recalculated in the background, once this
    transaction has committed. Refused (EditConflict) if someone put another policy in
    force after the form was opened."""
    if not can_change_policy(actor):
        raise PermissionDenied("Only an administrator can change the council's RAG policy")
    # Hold the policy in force, then read it again: a policy put in force while we waited
    # is seen, and refused as an edit conflict.
    list(RagPolicy.objects.select_for_update().order_by("-pk")[:1])
    current = RagPolicy.objects.order_by("-pk").first()
    if current is not None:
        check_version(current, version)
    policy = RagPolicy(
        tolerance_percent=tolerance_percent,
        green_band_percent=green_band_percent,
        effective_from=effective_from and periods.month_start(effective_from),
        gaps_in_points=gaps_in_points,
    )
    save_with_history(policy, actor=actor, reason="Council RAG policy changed", first_wins=False)
    job = RatingsRebuild.objects.create(
        policy=policy, requested_by=actor, total=IndicatorDefinition.objects.count()
    )
    transaction.on_commit(lambda: ratings_rebuild_enqueue(job_id=job.pk))
    return job
