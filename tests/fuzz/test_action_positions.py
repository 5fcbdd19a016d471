"""Each action's stored quarterly positions always equal those worked out afresh from its
updates, whatever sequence of posting, correcting and removing updates came before.

Updates are posted through planning.services.update_post (refused ones included: they
must leave the positions alone) and corrected or removed through the admin, the other way
they change. After every sequence, for every action and quarter, the stored row (or its
absence) is compared with the latest update for that quarter or an earlier one found by a
plain query; and the dashboard's reading of them (action_positions) as at each quarter's
end agrees too, counting only the updates posted by the end of that day.
"""

import contextlib
import datetime as dt

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.periods import UK, after_day
from planning import services
from planning.models import ActionQuarter, ActionUpdate, FinancialYear
from planning.selectors.delivery import action_positions
from tests import factories as f

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

ACTIONS = 3
YEAR_DAYS = 365  # 1 April 2026 to 31 March 2027

days = st.integers(min_value=0, max_value=YEAR_DAYS - 1).map(
    lambda n: dt.date(2026, 4, 1) + dt.timedelta(days=n)
)
post = st.tuples(
    st.just("post"),
    st.integers(0, ACTIONS - 1),
    st.sampled_from(["green", "amber", "red", "blue"]),
    st.booleans(),  # with commentary and recovery action (without, amber and red are refused)
    days,
)
correct = st.tuples(
    st.just("correct"),
    st.integers(0, 50),  # which update, counted round the ones there are
    st.integers(1, 4),  # its quarter
    st.sampled_from(["green", "blue"]),
    st.integers(0, ACTIONS - 1),  # moved to this action
)
remove = st.tuples(st.just("remove"), st.integers(0, 50), st.booleans())  # one, or all of it
edits = st.lists(st.one_of(post, post, correct, remove), min_size=1, max_size=12)


def fresh(action_id: int, quarter: int, *, posted_before=None):
    """The position for the quarter, worked out from the updates by a plain query (only
    those posted before `posted_before`, when given)."""
    updates = ActionUpdate.objects.filter(action_id=action_id, quarter__lte=quarter)
    if posted_before is not None:
        updates = updates.filter(created_at__lt=posted_before)
    latest = updates.order_by("-quarter", "-created_at", "-pk").first()
    if latest is None:
        return None
    quarters = "".join(str(q) for q in sorted(set(updates.values_list("quarter", flat=True))))
    return (latest.rag, latest.commentary, latest.recovery_action, quarters)


def stored(action_id: int, quarter: int):
    row = ActionQuarter.objects.filter(action_id=action_id, quarter=quarter).first()
    if row is None:
        return None
    return (row.rag, row.commentary, row.recovery_action, row.quarters_updated)


def apply(edit, *, actions, admin_request):
    admin = site._registry[ActionUpdate]
    kind, *args = edit
    if kind == "post":
        number, rag, explained, on = args
        with contextlib.suppress(ValidationError):  # refused posts must change nothing
            update = services.update_post(
                action=actions[number],
                actor=admin_request.user,
                rag=rag,
                commentary="Supplier late" if explained else "",
                recovery_action="Second supplier" if explained else "",
                completed_on=on if rag == "blue" else None,
                on=on,
            )
            # Posted on the day it was for, so that a quarter's end falls between posts.
            ActionUpdate.objects.filter(pk=update.pk).update(
                created_at=dt.datetime.combine(on, dt.time(10), tzinfo=UK)
            )
            services.action_positions_refresh(action_ids=[update.action_id])
        return
    updates = list(ActionUpdate.objects.order_by("pk"))
    if not updates:
        return
    update = updates[args[0] % len(updates)]
    if kind == "correct":
        _, quarter, rag, moved_to = args
        update.quarter, update.rag = quarter, rag
        update.completed_on = dt.date(2026, 4, 1) if rag == "blue" else None
        update.action = actions[moved_to]
        admin.save_model(admin_request, update, form=None, change=True)
    elif args[1]:
        admin.delete_queryset(admin_request, ActionUpdate.objects.filter(pk__lte=update.pk))
    else:
        admin.delete_model(admin_request, update)


def test_stored_positions_equal_fresh_ones_after_any_edits(world):
    actions = [
        f.ActionFactory(plan=world.service_plan, lead=world.people["head"], ref=f"P{n}")
        for n in range(ACTIONS)
    ]
    admin_request = RequestFactory().post("/admin/")
    admin_request.user = world.people["admin"]
    year = FinancialYear.objects.get(start_year=2026)
    quarter_ends = [end for _, _, end in year.quarters]

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(edits)
    def check(sequence):
        with transaction.atomic():
            for edit in sequence:
                apply(edit, actions=actions, admin_request=admin_request)
            for action in actions:
                for quarter in range(1, 5):
                    assert stored(action.pk, quarter) == fresh(action.pk, quarter), (
                        action.ref,
                        quarter,
                    )
            for quarter, end in enumerate(quarter_ends, start=1):
                shown = {
                    p.pk: p
                    for p in action_positions(year=year, as_at=end, user=world.people["admin"])
                }
                for action in actions:
                    # As at the quarter's end: only what was posted by the end of that day.
                    expected = fresh(action.pk, quarter, posted_before=after_day(end))
                    expected = expected or ("", "", "", "")
                    p = shown[action.pk]
                    assert (p.rag, p.commentary, p.recovery_action) == expected[:3]
            transaction.set_rollback(True)

    check()
