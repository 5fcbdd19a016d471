"""Reminders on the council's calendar, and a performance lead's chaser: who has an update,
a value or a risk review falling due or overdue, told once per stage, and their line manager
told once it is long overdue (docs/adr/0022-notifications-and-email.md).

Reporting reads every app, so the reminders that read across them live here; each is
written through planning's `notify`, which tells a person of the same event only once — so
the daily run may be repeated, or missed for a day, without anyone told twice or never."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse

from core import clock
from core.saving import save_with_history
from performance.models import Frequency, IndicatorDefinition, IndicatorValue
from planning.models import (
    FinancialYear,
    NotificationKind,
    PlanStatus,
    ReminderCalendar,
)
from planning.selectors.notifications import actions_missing_update, missing_updates_by_person
from planning.services.notifications import notify
from risk.models import Risk, RiskStatus

from .models import Chaser

LIVE = (PlanStatus.SIGNED_OFF, PlanStatus.PUBLISHED)


@dataclass
class ReminderResult:
    told: list = field(default_factory=list)

    def add(self, made) -> None:
        self.told.extend(made)


def calendar_for(day: dt.date) -> ReminderCalendar | None:
    return (
        ReminderCalendar.objects.select_related("year")
        .filter(year__start_year=FinancialYear.start_year_for(day))
        .first()
    )


def reminders_send(*, today: dt.date | None = None) -> ReminderResult:
    """The day's reminders, by the calendar of the year `today` falls in (none set: none)."""
    today = today or clock.today()
    result = ReminderResult()
    cal = calendar_for(today)
    if cal is None:
        return result
    with transaction.atomic():
        _update_reminders(cal, today, result)
        _value_reminders(cal, today, result)
        _risk_reminders(cal, today, result)
    return result


def _stage(today: dt.date, deadline: dt.date) -> str:
    return "due" if today <= deadline else "overdue"


def _escalates(cal: ReminderCalendar, today: dt.date, deadline: dt.date) -> bool:
    days = cal.escalate_after_days
    return days > 0 and (today - deadline).days >= days


def _update_reminders(cal: ReminderCalendar, today: dt.date, result: ReminderResult) -> None:
    """Quarterly action updates: from `lead_days` before the quarter's window closes, each
    lead officer still missing an update is reminded; after it closes, told it is overdue;
    `escalate_after_days` after, their line manager is told."""
    lead = dt.timedelta(days=cal.lead_days)
    reached = [q for q in range(1, 5) if cal.update_closes(q) - lead <= today]
    if not reached:
        return
    quarter = max(reached)
    closes = cal.update_closes(quarter)
    stage = _stage(today, closes)
    actions = actions_missing_update(year=cal.year, quarter=quarter)
    event = f"update:{cal.year_id}:q{quarter}"
    for person, missing in missing_updates_by_person(actions):
        names = "\n".join(f"- {a.plan.service}: {a}" for a in missing)
        word = "due by" if stage == "due" else "overdue since"
        result.add(
            notify(
                recipients=[person],
                kind=NotificationKind.UPDATE_DUE,
                subject=f"Q{quarter} update {word} {closes:%-d %B %Y}: {len(missing)} action(s)",
                body=names,
                link=reverse("planning:my-updates"),
                event=f"{event}:{stage}",
            )
        )
        if _escalates(cal, today, closes) and person.line_manager_id:
            result.add(
                notify(
                    recipients=[person.line_manager],
                    kind=NotificationKind.ESCALATION,
                    subject=f"{person} has {len(missing)} Q{quarter} update(s) overdue",
                    body=names,
                    link=missing[0].plan.get_absolute_url(),
                    event=f"{event}:escalate:{person.pk}",
                )
            )


def value_deadline(cal: ReminderCalendar, today: dt.date) -> tuple[dt.date, dt.date]:
    """The data deadline now in reach (from `lead_days` before it) and the month whose
    values it is for: the previous month's values are due by the deadline day."""
    this_month = today.replace(day=cal.data_deadline_day)
    if this_month - dt.timedelta(days=cal.lead_days) <= today:
        deadline = this_month
    else:
        previous = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        deadline = previous.replace(day=cal.data_deadline_day)
    month = (deadline.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return deadline, month


def indicators_missing_value(*, month: dt.date, services=None):
    """Monthly indicators in a signed-off or published plan of the month's year, with an
    owner, and no value yet for the month."""
    year_start = FinancialYear.start_year_for(month)
    values = IndicatorValue.objects.filter(definition=OuterRef("pk"), month=month)
    definitions = (
        IndicatorDefinition.objects.filter(
            frequency=Frequency.MONTHLY,
            owner__isnull=False,
            usages__plan__year__start_year=year_start,
            usages__plan__status__in=LIVE,
        )
        .exclude(Exists(values))
        .select_related("owner", "owner__line_manager", "service")
        .distinct()
        .order_by("service__name", "ref")
    )
    if services is not None:
        definitions = definitions.filter(service__in=services)
    return definitions


def _value_reminders(cal: ReminderCalendar, today: dt.date, result: ReminderResult) -> None:
    """Monthly values: each owner of an indicator still missing last month's value."""
    deadline, month = value_deadline(cal, today)
    stage = _stage(today, deadline)
    word = "due by" if stage == "due" else "overdue since"
    for person, missing in missing_values_by_owner(month=month):
        names = "\n".join(f"- {d}" for d in missing)
        event = f"value:{month:%Y-%m}"
        result.add(
            notify(
                recipients=[person],
                kind=NotificationKind.VALUE_DUE,
                subject=f"{month:%B %Y} values {word} {deadline:%-d %B %Y}: "
                f"{len(missing)} indicator(s)",
                body=names,
                link=missing[0].get_absolute_url(),
                event=f"{event}:{stage}",
            )
        )
        if _escalates(cal, today, deadline) and person.line_manager_id:
            result.add(
                notify(
                    recipients=[person.line_manager],
                    kind=NotificationKind.ESCALATION,
                    subject=f"{person} has {month:%B %Y} values overdue for "
                    f"{len(missing)} indicator(s)",
                    body=names,
                    link=missing[0].get_absolute_url(),
                    event=f"{event}:escalate:{person.pk}",
                )
            )


def _risk_reminders(cal: ReminderCalendar, today: dt.date, result: ReminderResult) -> None:
    """Risk reviews: each open risk's owner, from `lead_days` before its next review date."""
    horizon = today + dt.timedelta(days=cal.lead_days)
    risks = Risk.objects.filter(
        status=RiskStatus.OPEN, next_review_date__isnull=False, next_review_date__lte=horizon
    ).select_related("owner")
    for risk in risks:
        word = "due" if risk.next_review_date >= today else "overdue"
        result.add(
            notify(
                recipients=[risk.owner],
                kind=NotificationKind.RISK_REVIEW_DUE,
                subject=f"Risk review {word} {risk.next_review_date:%-d %B %Y}: {risk}",
                link=risk.get_absolute_url(),
                event=f"risk:{risk.pk}:review:{risk.next_review_date:%Y-%m-%d}",
            )
        )


# --- a performance lead's chaser ------------------------------------------------------


def chaser_key(*, year: FinancialYear, quarter: int, sender, day: dt.date) -> str:
    return f"chaser:updates:{year.pk}:q{quarter}:{day:%Y-%m-%d}:{sender.pk}"


@transaction.atomic
def chaser_send(*, sender, year: FinancialYear, quarter: int, services, today=None) -> Chaser:
    """Chase everyone in the lead's services missing an update for the quarter, once a day:
    the same chaser sent again (a second click, a re-submitted form) tells nobody twice."""
    today = today or clock.today()
    key = chaser_key(year=year, quarter=quarter, sender=sender, day=today)
    chaser, made = Chaser.objects.select_for_update().get_or_create(
        key=key, defaults={"sent_by": sender}
    )
    if not made:
        return chaser
    told = 0
    actions = actions_missing_update(year=year, quarter=quarter, services=services)
    for person, missing in missing_updates_by_person(actions):
        told += len(
            notify(
                recipients=[person],
                kind=NotificationKind.CHASER,
                subject=f"Please post your Q{quarter} {year} update: {len(missing)} action(s)",
                body=f"{sender} asks for your update on:\n"
                + "\n".join(f"- {a.plan.service}: {a}" for a in missing),
                link=reverse("planning:my-updates"),
                event=f"chaser:{year.pk}:q{quarter}:{today:%Y-%m-%d}",
            )
        )
    chaser.recipients = told
    save_with_history(chaser, actor=sender, reason=f"Chased Q{quarter} updates")
    return chaser


@transaction.atomic
def values_chaser_send(*, sender, month: dt.date, services, today=None) -> Chaser:
    """Chase every owner in the lead's services missing a value for the month, once a day."""
    today = today or clock.today()
    key = f"chaser:values:{month:%Y-%m}:{today:%Y-%m-%d}:{sender.pk}"
    chaser, made = Chaser.objects.select_for_update().get_or_create(
        key=key, defaults={"sent_by": sender}
    )
    if not made:
        return chaser
    told = 0
    for person, missing in missing_values_by_owner(month=month, services=services):
        told += len(
            notify(
                recipients=[person],
                kind=NotificationKind.CHASER,
                subject=f"Please enter your {month:%B %Y} values: {len(missing)} indicator(s)",
                body=f"{sender} asks for your values for:\n" + "\n".join(f"- {d}" for d in missing),
                link=missing[0].get_absolute_url(),
                event=f"chaser:values:{month:%Y-%m}:{today:%Y-%m-%d}",
            )
        )
    chaser.recipients = told
    save_with_history(chaser, actor=sender, reason=f"Chased {month:%B %Y} values")
    return chaser


def missing_values_by_owner(*, month: dt.date, services=None) -> list[tuple]:
    """Owners with the indicators missing the month's value: who gets what."""
    by_owner: dict[int, tuple] = {}
    for definition in indicators_missing_value(month=month, services=services):
        by_owner.setdefault(definition.owner_id, (definition.owner, []))[1].append(definition)
    return list(by_owner.values())
