"""Submitting a Service Business Plan, its QA by the performance lead, publishing and
rolling it forward."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.links import url_pattern
from planning import services
from planning.forms.lifecycle import ReturnForm
from planning.permissions import get_plan_with_perm
from planning.selectors import delivery as delivery_selectors


@require_http_methods(["GET", "POST"])
@login_required
def plan_submit(request, pk: int):
    plan = get_plan_with_perm(
        request.user, pk, "submit_serviceplan", "Only the head of service submits the plan"
    )
    error = None
    if request.method == "POST":
        try:
            services.plan_submit(plan=plan, actor=request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, "Plan submitted for sign-off")
            return redirect(plan)
    return render(
        request,
        "planning/serviceplan_submit.html",
        {
            "plan": plan,
            "sections": delivery_selectors.plan_check_answers(plan),
            "feedback": delivery_selectors.plan_feedback(plan),
            "error": error,
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def plan_review(request, pk: int):
    """The performance lead's QA page: the plan's state and trail, return with feedback
    or sign off."""
    plan = get_plan_with_perm(
        request.user,
        pk,
        "signoff_serviceplan",
        "Only the performance lead for this service's portfolio signs off its plan",
    )
    form, error = ReturnForm(request.POST or None), None
    if request.method == "POST":
        signing_off = request.POST.get("decision") == "sign-off"
        form = ReturnForm() if signing_off else form
        if signing_off or form.is_valid():
            error = _decide(request, plan, form, sign_off=signing_off)
            if error is None:
                return redirect("planning:qa-queue")
    return _review_page(request, plan, form, error)


def _decide(request, plan, form, *, sign_off: bool) -> str | None:
    """Sign the plan off, or return it to the head of service with the lead's feedback:
    the refusal in words, or None once done."""
    try:
        if sign_off:
            services.plan_sign_off(plan=plan, actor=request.user)
        else:
            services.plan_return(plan=plan, actor=request.user, **form.cleaned_data)
    except ValidationError as refusal:
        return " ".join(refusal.messages)
    done = (
        "Plan signed off" if sign_off else "Plan returned to the head of service with your feedback"
    )
    messages.success(request, done)
    return None


def _review_page(request, plan, form, error):
    context = {
        "plan": plan,
        "form": form,
        "error": error,
        "sections": delivery_selectors.plan_check_answers(plan),
        "reviews": delivery_selectors.plan_reviews(plan),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "planning/serviceplan_review.html", context, status=status)


@require_POST
@login_required
def plan_publish(request, pk: int):
    plan = get_plan_with_perm(
        request.user,
        pk,
        "publish_serviceplan",
        "Only the head of service or performance lead publishes the plan",
    )
    try:
        services.plan_publish(plan=plan, actor=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, "Plan published: it stays live and can be updated in year")
    return redirect(plan)


@require_http_methods(["GET", "POST"])
@login_required
def plan_roll_forward(request, pk: int):
    plan = get_plan_with_perm(
        request.user, pk, "submit_serviceplan", "Only the head of service rolls the plan forward"
    )
    error = None
    if request.method == "POST":
        try:
            new_plan = services.plan_roll_forward(plan=plan, actor=request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, f"Started the {new_plan.year} plan from this one")
            return redirect(new_plan)
    open_actions = delivery_selectors.open_actions(plan)
    return render(
        request,
        "planning/serviceplan_roll_forward.html",
        {"plan": plan, "open_actions": open_actions, "error": error},
        status=400 if error else 200,
    )


@require_GET
@login_required
def qa_queue(request):
    if not request.user.has_perm("planning.view_qa_queue"):
        raise PermissionDenied("The QA queue is for performance leads")
    plans = delivery_selectors.qa_queue(user=request.user)
    review_url = url_pattern("planning:plan-review")
    for plan in plans:
        plan.review_url = review_url(plan.pk)
    return render(request, "planning/serviceplan_qa_queue.html", {"plans": plans})
