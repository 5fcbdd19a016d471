"""Planning pages: thin views that fetch and authorise in one line, then render."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from core.clock import today
from core.editing import saved_redirect, submit_form
from core.history import version_token
from core.links import url_pattern
from core.worklists import work_lists_counted
from planning import selectors, services
from planning.forms.serves import ServesForm
from planning.links import mark_thread_urls
from planning.permissions import (
    can_change_plan,
    can_import_plan,
    get_item_for_user,
    get_plan_for_user,
    mark_openable,
    mark_served_openable,
    scope_for,
)
from planning.selectors import pages
from planning.selectors.directorate import plan_on_a_page

from .pdp import pdp_parts


@require_GET
@login_required
def home(request):
    home = selectors.home_for_user(user=request.user)
    lists = work_lists_counted(user=request.user, today=today())
    mark_served_openable(request.user, home.objectives)
    mark_thread_urls(home.actions_led)
    mark_thread_urls(home.objectives, serves=True)
    return render(
        request,
        "planning/home.html",
        {"home": home, "scope": scope_for(request.user), "work_lists": lists},
    )


@require_GET
@login_required
def directorate_list(request):
    directorates = list(selectors.directorates_with_counts())
    directorate_url = url_pattern("planning:directorate-detail")
    for directorate in directorates:
        directorate.url = directorate_url(directorate.pk)
    return render(request, "planning/directorate_list.html", {"directorates": directorates})


@require_GET
@login_required
def directorate_detail(request, pk: int):
    page = pages.directorate_page_for_user(user=request.user, pk=pk)
    return render(request, "planning/directorate_detail.html", page)


@require_GET
@login_required
def service_detail(request, pk: int):
    page = pages.service_page_for_user(user=request.user, pk=pk)
    return render(request, "planning/service_detail.html", page)


@require_GET
@login_required
def plan_detail(request, kind: str, pk: int):
    plan = get_plan_for_user(request.user, kind, pk)
    items = mark_served_openable(request.user, selectors.plan_items(plan))
    mark_thread_urls(items, serves=True)
    context = {
        "plan": plan,
        "items": items,
        "can_change": can_change_plan(request.user, plan),
    }
    if kind == "directorate":
        services = selectors.directorate_services_with_plans(plan.directorate, plan.year)
        mark_openable(request.user, [service.plan_for_year for service in services])
        context["services"] = services
        context["page"] = plan_on_a_page(plan=plan, user=request.user)
        mark_thread_urls(context["page"].priorities, serves=True)
    if kind == "service":
        context |= service_plan_context(request.user, plan)
    if kind == "pdp":
        context["parts"] = pdp_parts(plan)
    return render(request, f"planning/plan_{kind}.html", context)


def service_plan_context(user, plan) -> dict:
    """What the plan's overview shows about its QA: feedback, trail, and what this person
    may do next."""
    from planning.models import PlanStatus
    from planning.selectors import delivery

    may_submit = user.has_perm("planning.submit_serviceplan", plan)
    may_sign_off = user.has_perm("planning.signoff_serviceplan", plan)
    return {
        "feedback": delivery.plan_feedback(plan),
        "reviews": delivery.plan_reviews(plan),
        "may_submit": may_submit and plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED),
        "may_review": may_sign_off and plan.status == PlanStatus.SUBMITTED,
        "may_publish": (may_submit or may_sign_off) and plan.status == PlanStatus.SIGNED_OFF,
        "may_roll_forward": may_submit,
        "may_import": can_import_plan(user, plan),
    }


@require_GET
@login_required
def thread(request, kind: str, pk: int):
    item = get_item_for_user(request.user, kind, pk)
    chain = mark_openable(
        request.user, selectors.thread_up(item, user=request.user), plan_of=lambda i: i.plan
    )
    tree = selectors.thread_down(item, user=request.user, shown=selectors.THREAD_SHOWN)
    rows = thread_rows(tree)
    return render(
        request,
        "planning/thread.html",
        {
            "item": item,
            "chain": chain,
            "tree": tree,
            "rows": rows,
            "partial": any(row.node.unopened for row in rows),
            "can_change": can_change_plan(request.user, item.plan) and bool(item.SERVES_FIELDS),
        },
    )


@require_GET
@login_required
def thread_branch(request, kind: str, pk: int):
    """The items serving one item, as the list its thread page draws: loaded into a larger
    thread where that branch is opened. The same read rule as the item's own page."""
    item = get_item_for_user(request.user, kind, pk)
    tree = selectors.thread_down(item, user=request.user, shown=selectors.THREAD_SHOWN)
    return render(request, "planning/thread_branch.html", {"tree": tree, "rows": thread_rows(tree)})


def thread_rows(tree) -> list:
    """The tree's rows, each with the address of its item's thread and, for a branch not yet
    drawn, of that branch: one reverse() per kind of item, not per row."""
    rows = tree.rows()
    kinds = {row.node.item.KIND for row in rows}
    page = {kind: url_pattern("planning:thread", kind) for kind in kinds}
    branch = {kind: url_pattern("planning:thread-branch", kind) for kind in kinds}
    for row in rows:
        item = row.node.item
        row.url = page[item.KIND](item.pk)
        if row.node.unopened:
            row.branch_url = branch[item.KIND](item.pk)
    return rows


def _link_item(*, item, form, actor):
    """Link the item up the thread; a refusal is shown against the picker."""
    try:
        return services.item_link(
            item=item,
            target=form.cleaned_data["serves"],
            actor=actor,
            version=form.cleaned_data["version"],
        )
    except ValidationError as error:
        raise ValidationError({"serves": error.messages}) from error


@require_http_methods(["GET", "POST"])
@login_required
def item_serves(request, kind: str, pk: int):
    item = get_item_for_user(request.user, kind, pk, need="change")
    if not item.SERVES_FIELDS:
        raise Http404("Corporate ambitions are the top of the thread")
    initial = {"version": version_token(item)}
    if item.serves_key:
        initial["serves"] = "{}:{}".format(*item.serves_key)
    outcome = submit_form(
        request,
        lambda data: ServesForm(data, item=item, user=request.user, initial=initial),
        lambda form: _link_item(item=item, form=form, actor=request.user),
        obj=item,
    )
    if outcome.done:
        return saved_redirect(request, "Link saved", "planning:thread", kind=kind, pk=pk)
    return outcome.page(request, "planning/item_serves.html", {"item": item})


@require_GET
@login_required
def orphans(request):
    if not request.user.has_perm("planning.view_orphans"):
        raise PermissionDenied("Only performance leads and administrators see orphans")
    years, year = pages.year_list_and_chosen(wanted=request.GET.get("year", ""))
    groups = selectors.orphans_for_year(year=year, user=request.user) if year else []
    for group in groups:
        for items in group.by_directorate.values():
            mark_openable(request.user, items, plan_of=lambda item: item.plan)
    mark_thread_urls(
        item for group in groups for items in group.by_directorate.values() for item in items
    )
    return render(
        request, "planning/orphans.html", {"groups": groups, "year": year, "years": years}
    )


@require_GET
def accessibility(request):
    return render(request, "planning/accessibility.html")
