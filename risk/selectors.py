"""Reads of registers, risks and heat maps, with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from core import periods
from core.history import version_token
from core.links import url_pattern
from core.query import QueryReader
from planning.choices import actions_choices, people_choices

from . import rules
from .models import Category, Level, Risk, RiskEscalation, RiskRegister, RiskReview, RiskStatus
from .permissions import risks_visible_to

PAGE_SIZE = 50

RISK_RELATED = (
    "owner",
    "register__service",
    "register__directorate",
    "register__matrix",
    "threatens_action",
    "threatens_priority",
    "threatens_ambition",
)


@dataclass
class RegisterFilters:
    """What the register (and its downloads) is narrowed to, read from the query string."""

    likelihood: int | None = None
    impact: int | None = None
    category: str = ""
    status: str = RiskStatus.OPEN
    include: str = ""  # "services" (directorate: all its services' risks) or "all" (council)
    directorate: int | None = None
    service: int | None = None
    refused: tuple[str, ...] = field(default=(), compare=False)  # filters not applied

    @classmethod
    def from_query(cls, query) -> RegisterFilters:
        read = QueryReader(query)
        filters = cls(
            likelihood=read.number("likelihood"),
            impact=read.number("impact"),
            category=read.choice("category", Category.values),
            status=read.choice("status", ("open", "closed", "all"), default=RiskStatus.OPEN),
            include=read.choice("include", ("services", "all")),
            directorate=read.number("directorate"),
            service=read.number("service"),
        )
        filters.refused = tuple(read.refused)
        return filters

    def query_string(self, **changes) -> str:
        values = {
            "likelihood": self.likelihood,
            "impact": self.impact,
            "category": self.category,
            "status": self.status if self.status != RiskStatus.OPEN else "",
            "include": self.include,
            "directorate": self.directorate,
            "service": self.service,
        } | changes
        from urllib.parse import urlencode

        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def risk_list_for_user(*, user) -> QuerySet[Risk]:
    """Every risk the person may open (the detail page's rule): where every register,
    heat map, count and download of risks starts."""
    return Risk.objects.filter(risks_visible_to(user))


def register_risks(register: RiskRegister, filters: RegisterFilters, *, user) -> QuerySet[Risk]:
    """The risks a register shows (its own, those escalated to it; with `include`, every
    risk of the directorate's services or of the council) that the person may open,
    narrowed by the filters. No filter reaches past what the person may open."""
    risks = risk_list_for_user(user=user)
    council_wide = filters.include == "all" and register.level == Level.CORPORATE
    if filters.include == "services" and register.level == Level.DIRECTORATE:
        risks = risks.filter(
            Q(register=register) | Q(register__directorate_id=register.directorate_id)
        )
    elif not council_wide:
        risks = risks.shown_in(register)
    if filters.status != "all":
        risks = risks.filter(status=filters.status)
    if filters.category:
        risks = risks.filter(category=filters.category)
    if filters.directorate:
        risks = risks.filter(register__directorate_id=filters.directorate)
    if filters.service:
        risks = risks.filter(register__service_id=filters.service)
    return risks


# What a risk threatens, fetched for a page of rows by a query of its own: with them in
# the page's one query PostgreSQL spent more time planning the nine joins (8 ms) than
# running them (1 ms).
THREATENS = ("threatens_action", "threatens_priority", "threatens_ambition")


def _with_recent_reviews(
    risks: QuerySet[Risk], *, paged: bool = False, related: tuple[str, ...] = RISK_RELATED
) -> QuerySet[Risk]:
    this_year, this_quarter = periods.year_and_quarter(timezone.localdate())
    prev_year, prev_quarter = periods.previous_quarter(this_year, this_quarter)
    recent = RiskReview.objects.filter(
        Q(start_year=this_year, quarter=this_quarter)
        | Q(start_year=prev_year, quarter=prev_quarter)
    )
    if paged:
        joined = [name for name in RISK_RELATED if name not in THREATENS]
        return risks.select_related(*joined).prefetch_related(
            *THREATENS, Prefetch("reviews", queryset=recent, to_attr="recent_reviews")
        )
    return risks.select_related(*related).prefetch_related(
        Prefetch("reviews", queryset=recent, to_attr="recent_reviews")
    )


@dataclass
class RiskRow:
    risk: Risk
    band: rules.Band
    previous_score: int | None
    direction: str
    within_appetite: bool | None
    next_review: dt.date | None = None  # by the band's cadence (Risk.next_review_due)
    url: str = ""  # the risk's page, on a page of rows


def risk_rows(risks, appetites: dict[str, str]) -> list[RiskRow]:
    """Each risk with its band (from its own register's matrix), last quarter's score and
    direction of travel taken from the stored reviews."""
    this = periods.year_and_quarter(timezone.localdate())
    rows = []
    for risk in risks:
        previous = None
        for review in getattr(risk, "recent_reviews", []):
            if (review.start_year, review.quarter) != this:
                previous = review.score
        appetite = appetites.get(risk.category)
        matrix = risk.register.matrix
        band = matrix.band(risk.current_score)
        rows.append(
            RiskRow(
                risk=risk,
                band=band,
                next_review=risk.next_review_due(band) if risk.status == RiskStatus.OPEN else None,
                previous_score=previous,
                direction=rules.direction(previous, risk.current_score),
                within_appetite=(
                    rules.within_appetite(appetite, risk.current_score, matrix.top_score)
                    if appetite
                    else None
                ),
            )
        )
    return rows


def appetites() -> dict[str, str]:
    from .models import CategoryAppetite

    return dict(CategoryAppetite.objects.values_list("category", "appetite"))


def register_page(
    register: RiskRegister, filters: RegisterFilters, page: str | int, *, user
) -> Page:
    risks = register_risks(register, filters, user=user)
    if filters.likelihood:
        risks = risks.filter(current_likelihood=filters.likelihood)
    if filters.impact:
        risks = risks.filter(current_impact=filters.impact)
    paginator = Paginator(_with_recent_reviews(risks.order_by("ref", "pk"), paged=True), PAGE_SIZE)
    result = paginator.get_page(page)
    result.rows = risk_rows(result.object_list, appetites())
    risk_url = url_pattern("risk:risk-detail")
    for row in result.rows:
        row.url = risk_url(row.risk.pk)
    return result


def register_all_rows(register: RiskRegister, filters: RegisterFilters, *, user) -> list[RiskRow]:
    """Every row the person may open, for downloads."""
    risks = register_risks(register, filters, user=user)
    if filters.likelihood:
        risks = risks.filter(current_likelihood=filters.likelihood)
    if filters.impact:
        risks = risks.filter(current_impact=filters.impact)
    return risk_rows(_with_recent_reviews(risks.order_by("ref", "pk")), appetites())


@dataclass
class Cell:
    likelihood: int
    impact: int
    score: int
    band: rules.Band
    count: int = 0
    previous: int = 0
    query: str = ""

    @property
    def movement(self) -> int:
        return self.count - self.previous


@dataclass
class HeatMap:
    likelihood_levels: list[dict]
    impact_levels: list[dict]
    rows: list[tuple[int, dict, list[Cell]]] = field(default_factory=list)
    total: int = 0
    previous_total: int = 0
    previous_label: str = ""
    targets_to_be_confirmed: int = 0  # risks whose target score is "To be confirmed"
    # A score-only register has no likelihood × impact grid: its risks are counted by band.
    score_only: bool = False
    by_band: list[tuple[rules.Band, int, int]] = field(default_factory=list)


def heat_map(register: RiskRegister, filters: RegisterFilters, *, user) -> HeatMap:
    """Counts of the risks the person may open in each likelihood × impact cell now, and
    in the previous quarter (from that quarter's stored reviews), on the register's matrix.
    Two queries."""
    matrix = register.matrix
    risks = register_risks(register, filters, user=user)
    now: Counter = Counter()
    to_be_confirmed = 0
    for lik, imp, given, tbc in risks.values_list(
        "current_likelihood", "current_impact", "current_score_given", "target_to_be_confirmed"
    ):
        now[(lik, imp) if given is None else given] += 1
        to_be_confirmed += tbc
    this_year, this_quarter = periods.year_and_quarter(timezone.localdate())
    prev_year, prev_quarter = periods.previous_quarter(this_year, this_quarter)
    before = Counter(
        (lik, imp) if given is None else given
        for lik, imp, given in RiskReview.objects.filter(
            risk__in=risks.values("pk"), start_year=prev_year, quarter=prev_quarter
        ).values_list("likelihood", "impact", "score_given")
    )
    result = HeatMap(
        likelihood_levels=matrix.likelihood_levels,
        impact_levels=matrix.impact_levels,
        previous_label=f"Q{prev_quarter} {prev_year}/{str(prev_year + 1)[-2:]}",
        targets_to_be_confirmed=to_be_confirmed,
        total=sum(now.values()),
        previous_total=sum(before.values()),
    )
    if matrix.score_only:
        return _by_band(result, matrix, now, before)
    for lik in range(len(matrix.likelihood_levels), 0, -1):
        cells = []
        for imp in range(1, len(matrix.impact_levels) + 1):
            value = rules.score(lik, imp)
            cells.append(
                Cell(
                    likelihood=lik,
                    impact=imp,
                    score=value,
                    band=matrix.band(value),
                    count=now.get((lik, imp), 0),
                    previous=before.get((lik, imp), 0),
                    query=filters.query_string(likelihood=lik, impact=imp),
                )
            )
        result.rows.append((lik, matrix.likelihood_levels[lik - 1], cells))
    return result


def _by_band(result: HeatMap, matrix, now: Counter, before: Counter) -> HeatMap:
    """A score-only register's risks counted by band, now and in the previous quarter."""
    result.score_only = True
    for band in matrix.bands:
        shown = rules.Band(**band)
        count = sum(n for value, n in now.items() if shown.min <= value <= shown.max)
        previous = sum(n for value, n in before.items() if shown.min <= value <= shown.max)
        result.by_band.append((shown, count, previous))
    return result


def risk_detail(risk: Risk) -> dict:
    reviews = list(risk.reviews.select_related("reviewed_by", "entered_by"))
    escalations = list(RiskEscalation.objects.filter(risk=risk).select_related("by"))
    actions = list(risk.actions.select_related("owner"))
    for action in actions:
        action.version = version_token(action)  # carried by "Mark as done"
    matrix = risk.register.matrix
    band = matrix.band(risk.current_score)
    return {
        "next_review": risk.next_review_due(band) if risk.status == RiskStatus.OPEN else None,
        "reviews": reviews,
        "escalations": escalations,
        "actions": actions,
        "band": band,
        "inherent_band": matrix.band(risk.inherent_score),
        "target_band": None if risk.target_score is None else matrix.band(risk.target_score),
        "registers": shown_in_registers(risk),
    }


def shown_in_registers(risk: Risk) -> list[RiskRegister]:
    """The registers this one record appears in, from its home upwards."""
    registers = [risk.register]
    if (
        risk.escalated_to in (Level.DIRECTORATE, Level.CORPORATE)
        and risk.register.level == Level.SERVICE
    ):
        found = RiskRegister.objects.filter(
            level=Level.DIRECTORATE, directorate_id=risk.register.directorate_id
        ).first()
        if found:
            registers.append(found)
    if risk.escalated_to == Level.CORPORATE:
        found = RiskRegister.objects.filter(level=Level.CORPORATE).first()
        if found:
            registers.append(found)
    return registers


def registers_for_user(user) -> list[RiskRegister]:
    """The registers a person may open, corporate first, then directorates and services."""
    order = {Level.CORPORATE: 0, Level.DIRECTORATE: 1, Level.SERVICE: 2}
    registers = RiskRegister.objects.select_related("service", "directorate", "matrix")
    visible = [r for r in registers if user.has_perm("risk.view_riskregister", r)]
    return sorted(visible, key=lambda r: (order[r.level], str(r)))


def corporate_register_for_user(user) -> RiskRegister | None:
    """The corporate risk register, when the person may open it (only the corporate
    registers are read and checked, not every register of the council)."""
    corporate = RiskRegister.objects.filter(level=Level.CORPORATE).select_related(
        "service", "directorate", "matrix"
    )
    visible = [r for r in corporate if user.has_perm("risk.view_riskregister", r)]
    return min(visible, key=str, default=None)


def highest_first(rows: list[RiskRow]) -> list[RiskRow]:
    """The order the Board and the committee read risks in: the highest current score
    first; equal scores by reference."""
    return sorted(rows, key=lambda r: (-r.risk.current_score, r.risk.ref))


@dataclass
class CorporateRisks:
    register: RiskRegister
    rows: list[RiskRow]  # highest first
    heat_map: HeatMap


def corporate_risks_for_user(*, user) -> CorporateRisks | None:
    """The corporate register's risks the person may open, highest first, with its heat
    map; None when the person may not open the corporate register (or there is none)."""
    register = corporate_register_for_user(user)
    if register is None:
        return None
    filters = RegisterFilters()
    # The Board and the report show no risk's threatened item: those three joins are left out.
    summary = tuple(name for name in RISK_RELATED if name not in THREATENS)
    risks = register_risks(register, filters, user=user).order_by("ref", "pk")
    rows = highest_first(risk_rows(_with_recent_reviews(risks, related=summary), appetites()))
    return CorporateRisks(register, rows, heat_map(register, filters, user=user))


def risk_form_choices(register: RiskRegister, *, first_service_id: int | None = None) -> tuple:
    """Who may own a risk in this register (people of the service, or of the directorate's
    services for a higher register) and the current plan's actions it may threaten, each
    grouped by service with `first_service_id`'s group first (one query each)."""
    from planning.models import ServiceAction

    actions = ServiceAction.objects.filter(plan__year__is_current=True)
    if register.level == Level.SERVICE:
        actions = actions.filter(plan__service_id=register.service_id)
    elif register.level == Level.DIRECTORATE:
        actions = actions.filter(plan__service__directorate_id=register.directorate_id)
    owners = people_choices(_possible_owners(register), first_service_id=first_service_id)
    actions = actions.order_by("ref", "pk")
    return owners, actions_choices(actions, first_service_id=first_service_id)


def _possible_owners(register: RiskRegister):
    from planning.models import Person

    people = Person.objects.filter(is_active=True)
    if register.level == Level.SERVICE:
        people = people.filter(service_id=register.service_id)
    elif register.level == Level.DIRECTORATE:
        people = people.filter(service__directorate_id=register.directorate_id)
    return people


def risk_action_owner_choices(
    risk: Risk, current: int | None = None, *, first_service_id: int | None = None
) -> list:
    """Who may own a further action: the people who may own a risk in its home register,
    plus the action's present owner (and the risk's owner) if they have since moved on,
    grouped by service (one query)."""
    from planning.models import Person

    extra = {risk.owner_id, current} - {None}
    people = _possible_owners(risk.register) | Person.objects.filter(pk__in=extra)
    return people_choices(people.distinct(), first_service_id=first_service_id)


def register_get_for_service(*, service) -> RiskRegister | None:
    """A service's own risk register (with its matrix), if it has one."""
    return (
        RiskRegister.objects.select_related("service", "directorate", "matrix")
        .filter(service=service)
        .first()
    )
