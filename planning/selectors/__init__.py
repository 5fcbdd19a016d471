"""Named reads for planning pages: each returns everything its page shows in a fixed
number of queries, whatever the size of the council."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from planning.choices import sorted_options
from planning.delivery_rules import current_due_date
from planning.models import (
    ITEM_MODELS,
    Ambition,
    CorporatePlan,
    DeliveryActivity,
    DeliveryPlan,
    Directorate,
    DirectoratePlan,
    DirectoratePriority,
    FinancialYear,
    PdpObjective,
    PersonalDevelopmentPlan,
    PlanItem,
    Role,
    RoleAssignment,
    Service,
    ServiceAction,
    ServicePlan,
)
from planning.permissions import (
    can_view_plan,
    linkable_items,
    plans_visible_to,
    scope_for,
    served_related,
)

LEVELS: list[type[PlanItem]] = sorted(ITEM_MODELS.values(), key=lambda m: m.LEVEL)

# What each level's page needs from the plan above it, so that permissions and labels
# read no further rows.
ITEM_RELATED: dict[type[PlanItem], tuple[str, ...]] = {
    Ambition: ("plan__first_year",),
    DeliveryActivity: ("plan__year",),
    DirectoratePriority: ("plan__year", "plan__directorate"),
    ServiceAction: ("plan__year", "plan__service__directorate", "lead"),
    PdpObjective: ("plan__year", "plan__person"),
}


def items_with_context(model: type[PlanItem]) -> QuerySet:
    return model.objects.select_related(*ITEM_RELATED[model])


def can_view_item(user, item: PlanItem) -> bool:
    return can_view_plan(user, item.plan)


# --- the golden thread -------------------------------------------------------------


def thread_up(item: PlanItem, *, user) -> list[PlanItem]:
    """The chain from `item` up to the item it ultimately serves, top first, each marked
    `visible` when the person may open its plan (one out of reach is named by level only).

    One query per level climbed, so at most four whatever the data.
    """
    chain = [item]
    current = item
    while (key := current.serves_key) is not None:
        kind, pk = key
        model = ITEM_MODELS[kind]
        current = items_with_context(model).get(pk=pk)
        chain.append(current)
    for link in chain:
        link.visible = link is item or can_view_item(user, link)
    return list(reversed(chain))


# How many items a thread page draws before deeper levels wait to be opened: a service's or
# a directorate's thread fits whole; a whole council's draws its top levels and loads each
# branch below them when asked (`thread_down` from that branch's item).
THREAD_SHOWN = 100


@dataclass
class ThreadNode:
    item: PlanItem
    visible: bool = True
    children: list[ThreadNode] = field(default_factory=list)
    hidden_children: int = 0
    # Items below this one that are not drawn: its branch opens on demand.
    unopened: int = 0


@dataclass
class ThreadRow:
    """One item of a tree drawn as a flat run of rows: whether a list of the items serving
    it opens after it, and the lists that close after it (innermost first)."""

    node: ThreadNode
    opens: bool = False
    closes: list[ThreadNode] = field(default_factory=list)


@dataclass
class ThreadTree:
    root: ThreadNode
    counts: list[tuple[type[PlanItem], int]]  # every level below the root, visible or not

    @property
    def total_below(self) -> int:
        return sum(count for _, count in self.counts)

    def rows(self) -> list[ThreadRow]:
        """The drawn items under the root in the order a nested list shows them, so a page
        draws the tree in one loop rather than one template per item."""
        rows: list[ThreadRow] = []

        def walk(node: ThreadNode) -> None:
            for child in node.children:
                row = ThreadRow(child, opens=bool(child.children or child.hidden_children))
                rows.append(row)
                if row.opens:
                    walk(child)
                    rows[-1].closes.append(child)

        walk(self.root)
        return rows


Key = tuple[str, int]


def thread_down(item: PlanItem, *, user, shown: int | None = None) -> ThreadTree:
    """Every item below `item` that serves it, directly or through items between.

    Items in plans the person may not open (a private PDP, another service's draft plan)
    are counted but not shown. With `shown`, only as many levels of the tree as fit in that
    many items are drawn (always the items serving `item` directly); each item on the last
    drawn level that has items below it keeps their number in `unopened`.

    Two queries per level below at most, so eight: the keys of every item below, then the
    rows of the items drawn.
    """
    root: Key = (item.KIND, item.pk)
    known: dict[str, set[int]] = {item.KIND: {item.pk}}
    parent_of: dict[Key, Key] = {}
    order: list[Key] = []
    depth: dict[Key, int] = {root: 0}
    counts = []
    for model in LEVELS:
        if model.LEVEL <= item.LEVEL:
            continue
        targets = [target.KIND for target in model.servable_models()]
        conditions = [
            Q(**{f"{name}__in": known[kind]})
            for name, kind in zip(model.SERVES_FIELDS, targets, strict=True)
            if known.get(kind)
        ]
        rows = []
        if conditions:
            rows = list(
                model.objects.filter(reduce(or_, conditions)).values_list(
                    "pk", *(f"{name}_id" for name in model.SERVES_FIELDS)
                )
            )
        counts.append((model, len(rows)))
        known[model.KIND] = {row[0] for row in rows}
        for pk, *serves in rows:
            key = (model.KIND, pk)
            # An item serves one item at most, so its first link is the one that matched.
            parent = next(
                (kind, id_) for kind, id_ in zip(targets, serves, strict=True) if id_ is not None
            )
            parent_of[key] = parent
            depth[key] = depth[parent] + 1
            order.append(key)

    drawn_depth = _drawn_depth(depth.values(), shown)
    below: dict[Key, int] = defaultdict(int)
    for key in reversed(order):
        below[parent_of[key]] += 1 + below[key]
    wanted: dict[str, list[int]] = defaultdict(list)
    for kind, pk in order:
        if depth[(kind, pk)] <= drawn_depth:
            wanted[kind].append(pk)
    rows_by_key = {
        (kind, pk): row
        for kind, pks in wanted.items()
        for pk, row in items_with_context(ITEM_MODELS[kind]).in_bulk(pks).items()
    }

    nodes: dict[Key, ThreadNode] = {root: ThreadNode(item)}
    for key in order:
        if key not in rows_by_key:
            continue
        row = rows_by_key[key]
        node = ThreadNode(row, visible=can_view_item(user, row))
        if depth[key] == drawn_depth:
            node.unopened = below[key]
        parent = nodes.get(parent_of[key])
        if parent is None:  # removed between the two reads
            continue
        nodes[key] = node
        if node.visible and parent.visible:
            parent.children.append(node)
        else:
            parent.hidden_children += 1
    return ThreadTree(root=nodes[root], counts=counts)


def _drawn_depth(depths, shown: int | None) -> int:
    """The deepest level of the tree drawn when at most `shown` items fit (at least one
    level); every level when `shown` is None."""
    per_depth = Counter(depths)
    deepest = max(per_depth)
    if shown is None:
        return deepest
    total = 0
    for level in range(1, deepest + 1):
        total += per_depth[level]
        if total > shown and level > 1:
            return level - 1
    return deepest


# --- the home page -----------------------------------------------------------------


@dataclass
class Home:
    year: FinancialYear | None
    service_plans: list[ServicePlan]
    directorate_plans: list[DirectoratePlan]
    pdp: PersonalDevelopmentPlan | None
    objectives: list[PdpObjective]
    actions_led: list[ServiceAction]
    roles: list[RoleAssignment]
    corporate_plan: CorporatePlan | None
    delivery_plan: DeliveryPlan | None


def home_for_user(*, user) -> Home:
    """What is theirs: the plans they own or lead, the actions they lead, their PDP."""
    year = FinancialYear.objects.current()
    scope = scope_for(user)
    roles = list(
        RoleAssignment.objects.filter(person=user).select_related(
            "service", "directorate", "area", "portfolio"
        )
    )
    service_plans = list(
        ServicePlan.objects.filter(year=year, service__in=scope.services)
        .select_related("service", "year")
        .annotate(item_count=Count("items"))
    )
    directorate_plans = list(
        DirectoratePlan.objects.filter(year=year, directorate__in=scope.directorates)
        .select_related("directorate", "year")
        .annotate(item_count=Count("items"))
    )
    pdp = PersonalDevelopmentPlan.objects.filter(person=user, year=year).first()
    objectives = list(pdp.items.select_related(*_serves_related(PdpObjective))) if pdp else []
    actions_led = list(
        ServiceAction.objects.filter(lead=user, plan__year=year)
        .select_related("plan__service", "plan__year")
        .order_by(Coalesce("revised_due_date", "due_date"), "ref")
    )
    corporate_plan = None
    if year is not None:
        corporate_plan = (
            CorporatePlan.objects.filter(
                first_year__start_year__lte=year.start_year,
            )
            .select_related("first_year")
            .order_by("-first_year__start_year")
            .first()
        )
    delivery_plan = DeliveryPlan.objects.filter(year=year).select_related("year").first()
    return Home(
        year=year,
        service_plans=service_plans,
        directorate_plans=directorate_plans,
        pdp=pdp,
        objectives=objectives,
        actions_led=actions_led,
        roles=roles,
        corporate_plan=corporate_plan,
        delivery_plan=delivery_plan,
    )


def _serves_related(model: type[PlanItem]) -> list[str]:
    return served_related(model)


# --- plans ---------------------------------------------------------------------------


def plan_items(plan) -> list[PlanItem]:
    """A plan's items with what each serves, ready to show (one query)."""
    model = plan.items.model
    related = [*_serves_related(model)]
    if model is ServiceAction:
        related.append("lead")
    items = plan.items.all()
    return list(items.select_related(*related) if related else items)


def directorate_services_with_plans(directorate: Directorate, year) -> list[Service]:
    """The directorate's services, each with its head(s) of service and its plan for the
    year (three queries)."""
    services = list(directorate.services.with_structure())
    plans = {
        plan.service_id: plan
        for plan in ServicePlan.objects.filter(service__in=services, year=year)
        .select_related("year")
        .annotate(item_count=Count("items"))
    }
    heads = heads_of_service(services)
    for service in services:
        service.plan_for_year = plans.get(service.pk)
        if service.plan_for_year is not None:
            service.plan_for_year.service = service  # already here: no query to read it
        service.heads = heads.get(service.pk, [])
    return services


def heads_of_service(services: list[Service]) -> dict[int, list]:
    heads: dict[int, list] = defaultdict(list)
    for role in RoleAssignment.objects.filter(
        service__in=services, role=Role.HEAD_OF_SERVICE
    ).select_related("person"):
        heads[role.service_id].append(role.person)
    return heads


def directorates_with_counts() -> QuerySet:
    return Directorate.objects.annotate(service_count=Count("services")).order_by("name")


# --- orphans -----------------------------------------------------------------------


@dataclass
class OrphanGroup:
    model: type[PlanItem]
    by_directorate: dict[str, list[PlanItem]]
    hidden: int = 0  # orphans in plans the reader may not open: counted, not shown

    @property
    def total(self) -> int:
        return sum(len(items) for items in self.by_directorate.values())


ORPHAN_DIRECTORATE = {
    DeliveryActivity: None,
    DirectoratePriority: "plan__directorate",
    ServiceAction: "plan__service__directorate",
    PdpObjective: "plan__person__service__directorate",
}


def orphans_for_year(*, year: FinancialYear, user) -> list[OrphanGroup]:
    """Items of the year that serve nothing above them, by level and directorate: those in
    plans the person may open listed, the others (a private PDP) only counted.

    One query per level; ambitions are the top of the thread and cannot be orphans.
    """
    groups = []
    for model, directorate_path in ORPHAN_DIRECTORATE.items():
        related = ["plan__year"]
        if directorate_path:
            related.append(directorate_path)
        if model is PdpObjective:
            related.append("plan__person")
        if model is ServiceAction:
            related.append("plan__service")
        rows = (
            model.objects.filter(
                plan__year=year, **{f"{n}__isnull": True for n in model.SERVES_FIELDS}
            )
            .select_related(*related)
            .order_by("pk")
        )
        by_directorate: dict[str, list[PlanItem]] = defaultdict(list)
        hidden = 0
        for row in with_reach(rows, plans_visible_to(user, _plan_model(model), "plan__")):
            if not row.may_open:
                hidden += 1
                continue
            directorate = _follow(row, directorate_path)
            by_directorate[str(directorate) if directorate else "Council-wide"].append(row)
        groups.append(
            OrphanGroup(
                model=model, by_directorate=dict(sorted(by_directorate.items())), hidden=hidden
            )
        )
    return groups


def _plan_model(model: type[PlanItem]):
    return model._meta.get_field("plan").related_model


def with_reach(rows: QuerySet, visible: Q) -> QuerySet:
    """`rows`, each with `may_open` (whether the reader may open it, by `visible`), read
    in the same query: for lists that count what they may not show."""
    if not visible:  # no condition: everything is in reach
        return rows.annotate(may_open=Value(True, output_field=BooleanField()))
    return rows.annotate(
        may_open=Case(
            When(visible, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def _follow(obj, path: str | None):
    if not path:
        return None
    for part in path.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


# --- linking an item up the thread -------------------------------------------------


def serves_targets(item, *, user) -> list[tuple[type[PlanItem], list[PlanItem]]]:
    """What this person may link `item` to up the thread (`permissions.linkable_items`),
    by level, nearest level first, each level's items by reference (one query a level).

    `item` is a plan item, or anything else that points up the thread the same way (an
    indicator in a plan)."""
    groups = []
    for model in item.servable_models():
        rows = linkable_items(user, item=item, model=model)
        groups.append((model, [row for row, _ in sorted_options((row, str(row)) for row in rows)]))
    return groups


def serves_choices(item, *, user) -> list[tuple[str, list[tuple[str, str]]]]:
    """The grouped choices of what `item` may serve, as a select shows them."""
    return [
        (model.LEVEL_PLURAL, [(f"{model.KIND}:{row.pk}", str(row)) for row in rows])
        for model, rows in serves_targets(item, user=user)
    ]


# --- what serves each ambition (for council-wide reports) ---------------------------


@dataclass
class AmbitionActions:
    ambition: Ambition
    actions: int = 0
    overdue: int = 0
    services: int = 0


def ambitions_covering(year: FinancialYear) -> list[Ambition]:
    """The ambitions of the Corporate Plan(s) covering `year`, in reference order (one query)."""
    return [
        ambition
        for ambition in Ambition.objects.select_related("plan__first_year").order_by("ref", "pk")
        if ambition.plan.covers(year)
    ]


def service_actions_by_ambition(*, year: FinancialYear, as_at) -> list[AmbitionActions]:
    """Each ambition of the Corporate Plan covering `year`, with how many service actions
    in that year's Service Business Plans serve it (directly, or through a delivery
    activity or directorate priority), how many of them are past their due date at
    `as_at`, and how many services they come from. Two queries."""
    ambitions = ambitions_covering(year)
    result = {a.pk: AmbitionActions(ambition=a) for a in ambitions}
    served = ServiceAction.objects.filter(plan__year=year).annotate(
        ambition_id=Coalesce(
            "serves_ambition_id",
            "serves_activity__serves_ambition_id",
            "serves_priority__serves_ambition_id",
            "serves_priority__serves_activity__serves_ambition_id",
        )
    )
    services: dict[int, set[int]] = defaultdict(set)
    for ambition_id, due, revised, service_id in served.values_list(
        "ambition_id", "due_date", "revised_due_date", "plan__service_id"
    ):
        due = current_due_date(due_date=due, revised_due_date=revised)
        row = result.get(ambition_id)
        if row is None:
            continue
        row.actions += 1
        row.overdue += int(due is not None and due < as_at)
        services[ambition_id].add(service_id)
    for ambition_id, ids in services.items():
        result[ambition_id].services = len(ids)
    return list(result.values())
