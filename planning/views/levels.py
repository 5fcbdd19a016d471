"""Adding and changing the items of the Corporate Plan (ambitions), the Delivery Plan
(activities) and a directorate's plan on a page (priorities). Who may is decided by the
plan's change permission: administrators and Management Board members for the first
two, the directorate's director for the third."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_http_methods

from core.editing import saved_redirect, submit_form
from core.history import version_token
from planning import services
from planning.forms.levels import LEVEL_TEXT, MEASURES_FIELD, LevelItemForm
from planning.permissions import get_item_for_user, get_plan_for_user

PLAN_KIND = {"ambition": "corporate", "activity": "delivery", "priority": "directorate"}


@require_http_methods(["GET", "POST"])
@login_required
def item_add(request, pk: int, kind: str):
    plan = get_plan_for_user(request.user, PLAN_KIND[kind], pk, need="change")
    return _item_form(request, kind=kind, plan=plan, item=None)


@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request, pk: int, kind: str):
    item = get_item_for_user(request.user, kind, pk, need="change")
    return _item_form(request, kind=kind, plan=item.plan, item=item)


def _initial(kind: str, item) -> dict:
    if item is None:
        return {}
    initial = {name: getattr(item, name) for name in ("ref", "title", "description")}
    if kind in MEASURES_FIELD:
        initial["measures"] = getattr(item, MEASURES_FIELD[kind])
    initial["version"] = version_token(item)
    if item.serves_key:
        initial["serves"] = "{}:{}".format(*item.serves_key)
    return initial


def _item_form(request, *, kind: str, plan, item):
    probe = item or plan.items.model(plan=plan)
    kwargs = {"kind": kind, "item": probe, "user": request.user}
    initial = _initial(kind, item)
    outcome = submit_form(
        request,
        lambda data: LevelItemForm(data, initial=initial, **kwargs),
        lambda form: _item_save(request, kind, plan, item, form),
        obj=item,
    )
    if outcome.done:
        return saved_redirect(request, f"{LEVEL_TEXT[kind].noun.capitalize()} saved", plan)
    context = {"plan": plan, "item": item, "page_title": _item_title(kind, item)}
    return outcome.page(request, "planning/planitem_form.html", context)


def _item_title(kind: str, item) -> str:
    if item:
        return f"Change {kind} {item.ref}".strip()
    return "Add a priority" if kind == "priority" else f"Add an {kind}"


def _item_save(request, kind: str, plan, item, form):
    data = dict(form.cleaned_data)
    serves, version = data.pop("serves", None), data.pop("version")
    if "measures" in data:
        data[MEASURES_FIELD[kind]] = data.pop("measures")
    return services.plan_item_save(
        plan=plan, actor=request.user, data=data, serves=serves, item=item, version=version
    )
