"""The delivery plan section: impacts, actions, milestones, due-date revisions, quarterly
updates, My updates, and each item's history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.clock import today
from core.editing import saved_redirect, submit_form
from core.history import EditConflict, version_token
from core.links import url_pattern
from core.query import QueryReader
from planning import services
from planning.forms.delivery import (
    ActionForm,
    ImpactForm,
    MilestoneForm,
    RevisionForm,
    UpdateForm,
)
from planning.links import mark_thread_urls
from planning.permissions import (
    can_change_plan,
    get_impact_for_user,
    get_item_for_user,
    get_milestone_for_user,
    get_plan_for_user,
    mark_served_openable,
)
from planning.selectors import delivery as delivery_selectors
from planning.selectors import pages
from planning.services.delivery import updates_version


def section_context(request, plan, current: str) -> dict:
    return {
        "plan": plan,
        "current": current,
        "can_change": can_change_plan(request.user, plan),
        "feedback": delivery_selectors.plan_feedback(plan),
    }


@require_GET
@login_required
def plan_delivery(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk)
    groups = delivery_selectors.delivery_section(plan, today=today())
    action_url = url_pattern("planning:action-detail")
    impact_edit_url = url_pattern("planning:impact-edit")
    impact_history_url = url_pattern("planning:item-history", "impact")
    for group in groups:
        if group.impact:
            group.impact.edit_url = impact_edit_url(group.impact.pk)
            group.impact.history_url = impact_history_url(group.impact.pk)
        mark_served_openable(request.user, group.actions)
        for action in group.actions:
            action.detail_url = action_url(action.pk)
    mark_thread_urls((action for group in groups for action in group.actions), serves=True)
    context = section_context(request, plan, "delivery") | {
        "groups": groups,
        "needs_linking": delivery_selectors.needs_linking(plan),
    }
    return render(request, "planning/serviceplan_delivery.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def impact_add(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    return _impact_form(request, plan=plan, impact=None)


@require_http_methods(["GET", "POST"])
@login_required
def impact_edit(request, pk: int):
    impact = get_impact_for_user(request.user, pk, need="change")
    return _impact_form(request, plan=impact.plan, impact=impact)


def _impact_form(request, *, plan, impact):
    initial = {"version": version_token(impact)} if impact else {}
    if impact:
        initial |= {"title": impact.title, "description": impact.description}

    def save(form):
        data = form.cleaned_data
        return services.impact_save(
            plan=plan,
            actor=request.user,
            impact=impact,
            title=data["title"],
            description=data["description"],
            version=data["version"],
        )

    outcome = submit_form(request, lambda data: ImpactForm(data, initial=initial), save, obj=impact)
    if outcome.done:
        return saved_redirect(request, "Impact saved", "planning:plan-delivery", pk=plan.pk)
    return outcome.page(request, "planning/impact_form.html", {"plan": plan, "impact": impact})


def _action_form_parts(action, plan):
    impacts = [(i.pk, i.title) for i in plan.impacts.all()]
    leads = pages.people_to_choose(plan=plan, keep_id=action.lead_id if action else None)
    return impacts, leads


@require_http_methods(["GET", "POST"])
@login_required
def action_add(request, pk: int):
    plan = get_plan_for_user(request.user, "service", pk, need="change")
    return _action_form(request, plan=plan, action=None)


@require_http_methods(["GET", "POST"])
@login_required
def action_edit(request, pk: int):
    action = get_item_for_user(request.user, "action", pk, need="change")
    return _action_form(request, plan=action.plan, action=action)


def _action_initial(action, request) -> dict:
    if action is None:
        wanted = QueryReader(request.GET).number("impact")
        return {"impact": wanted} if wanted else {}
    initial = {
        name: getattr(action, name)
        for name in (
            "ref",
            "title",
            "description",
            "start_date",
            "due_date",
            "programme_ref",
            "in_delivery_plan",
        )
    }
    initial |= {
        "impact": action.impact_id,
        "lead": action.lead_id,
        "version": version_token(action),
    }
    if action.serves_key:
        initial["serves"] = "{}:{}".format(*action.serves_key)
    return initial


def _action_form(request, *, plan, action):
    impacts, leads = _action_form_parts(action, plan)
    kwargs = {
        "action": action or plan.items.model(plan=plan),
        "impacts": impacts,
        "leads": leads,
        "user": request.user,
        "due_locked": bool(action and plan.signed_off_at),
    }
    initial = _action_initial(action, request)
    outcome = submit_form(
        request,
        lambda data: ActionForm(data, initial=initial, **kwargs),
        lambda form: _action_save(request, plan, action, form),
        obj=action,
    )
    if outcome.done:
        pk = outcome.saved.pk
        return saved_redirect(request, "Action saved", "planning:action-detail", pk=pk)
    context = {"plan": plan, "action": action}
    return outcome.page(request, "planning/serviceaction_form.html", context)


def _action_save(request, plan, action, form):
    data = dict(form.cleaned_data)
    serves, version = data.pop("serves"), data.pop("version")
    data["impact"] = delivery_selectors.impact_get_in_plan(plan=plan, pk=data["impact"])
    data["lead"] = pages.person_get(pk=data["lead"])
    return services.action_save(
        plan=plan, actor=request.user, data=data, serves=serves, action=action, version=version
    )


@require_GET
@login_required
def action_detail(request, pk: int):
    action = get_item_for_user(request.user, "action", pk)
    action = delivery_selectors.action_get_with_status(pk=action.pk)
    delivery_selectors.mark_overdue([action], today=today())
    mark_served_openable(request.user, [action])
    return render(
        request,
        "planning/serviceaction_detail.html",
        {
            "action": action,
            "plan": action.plan,
            "updates": delivery_selectors.action_updates(action),
            "can_change": can_change_plan(request.user, action.plan),
            "can_update": request.user.has_perm("planning.update_serviceaction", action),
            "milestone_form": MilestoneForm(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def action_revise(request, pk: int):
    action = get_item_for_user(request.user, "action", pk, need="change")
    initial = {"version": version_token(action)}

    def save(form):
        data = form.cleaned_data
        return services.action_revise_due_date(
            action=action,
            actor=request.user,
            revised_due_date=data["revised_due_date"],
            reason=data["reason"],
            version=data["version"],
        )

    outcome = submit_form(
        request, lambda data: RevisionForm(data, initial=initial), save, obj=action
    )
    if outcome.done:
        return saved_redirect(
            request, "Revised due date saved", "planning:action-detail", pk=action.pk
        )
    return outcome.page(
        request, "planning/serviceaction_revise.html", {"action": action, "plan": action.plan}
    )


@require_http_methods(["GET", "POST"])
@login_required
def action_update(request, pk: int):
    action = get_item_for_user(request.user, "action", pk)
    if not request.user.has_perm("planning.update_serviceaction", action):
        raise PermissionDenied("Only the lead officer and the plan's editors post updates")
    on = today()
    initial = {"version": updates_version(action)}
    outcome = submit_form(
        request,
        lambda data: UpdateForm(data, today=on, initial=initial),
        lambda form: services.update_post(
            action=action, actor=request.user, on=on, **form.cleaned_data
        ),
        version=lambda: updates_version(action),
    )
    if outcome.done:
        if request.POST.get("next") == "mine":
            return saved_redirect(request, "Update posted", "planning:my-updates")
        return saved_redirect(request, "Update posted", "planning:action-detail", pk=action.pk)
    context = {"action": action, "plan": action.plan, "quarter": action.plan.year.quarter_of(on)}
    context["next"] = request.GET.get("next", request.POST.get("next", ""))
    return outcome.page(request, "planning/serviceaction_update.html", context)


@require_POST
@login_required
def milestone_add(request, pk: int):
    action = get_item_for_user(request.user, "action", pk, need="change")
    form = MilestoneForm(request.POST)
    if form.is_valid():
        services.milestone_save(action=action, actor=request.user, **form.cleaned_data)
        note = f"Milestone added: {form.cleaned_data['title']}"
        if request.headers.get("HX-Request"):
            return _milestones_in_place(request, action.pk, note=note)
        messages.success(request, "Milestone added")
        return redirect("planning:action-detail", pk=action.pk)
    if request.headers.get("HX-Request"):
        return _milestones_in_place(request, action.pk, form=form, status=400)
    return render(
        request,
        "planning/milestone_form.html",
        {"form": form, "action": action, "plan": action.plan},
        status=400,
    )


@require_POST
@login_required
def milestone_toggle(request, pk: int):
    """Mark a milestone done or not done. The button says which it asks for (`done` is 1 or
    0), so two people pressing it at once cannot cancel each other out."""
    milestone = get_milestone_for_user(request.user, pk, need="change")
    asked = request.POST.get("done")
    want = asked == "1" if asked in ("0", "1") else not milestone.done
    state = "done" if want else "not done"
    try:
        changed = services.milestone_mark(milestone=milestone, actor=request.user, done=want)
    except EditConflict:
        changed = False  # removed meanwhile: the list shown next says so
    if changed:
        note = f"{milestone.title} marked as {state}"
    else:
        note = f"{milestone.title} was already marked as {state}"
    if request.headers.get("HX-Request"):
        return _milestones_in_place(request, milestone.action_id, note=note)
    messages.success(request, note)
    return redirect("planning:action-detail", pk=milestone.action_id)


def _milestones_in_place(request, action_pk: int, *, note="", form=None, status=200):
    """The action page's milestones, as htmx swaps them in after a change."""
    action = delivery_selectors.action_get_with_milestones(pk=action_pk)
    context = {
        "action": action,
        "plan": action.plan,
        "can_change": True,  # only the plan's editors reach here
        "milestone_form": form or MilestoneForm(),
        "note": note,
    }
    return render(request, "planning/serviceaction_detail.html#milestones", context, status=status)


@require_GET
@login_required
def my_updates(request):
    year, quarter, owed = delivery_selectors.my_updates(user=request.user, today=today())
    detail_url = url_pattern("planning:action-detail")
    update_url = url_pattern("planning:action-update")
    for row in owed:
        row.action.detail_url = detail_url(row.action.pk)
        row.action.update_url = update_url(row.action.pk)
    return render(
        request, "planning/actionupdate_mine.html", {"year": year, "quarter": quarter, "owed": owed}
    )
