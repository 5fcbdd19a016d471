"""Nothing a user types into a form breaks a page or sneaks a change in.

Every form found on the pages of the permission matrix (<form method="post">: its inputs,
selects, textareas and buttons), as several kinds of user see them, is posted with generated
bad input. No answer may be a server error, and when a form is refused (re-shown with its
errors, 400, or an edit conflict, 409) nothing is saved: no row and no history entry of any
of our apps is added, changed or removed. Nor when it is forbidden (403) or out of reach
(404). See tests.fuzz.kit for the bounds (FUZZ_EXAMPLES, FUZZ_SECONDS).
"""

import pytest

from tests.fuzz.kit import (
    EXAMPLES,
    NASTY,
    OUTSIDERS,
    SECONDS,
    Budget,
    date_inputs,
    form_payloads,
    fuzz,
    is_refusal,
    posted,
    rotated,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_every_form_refuses_bad_input_without_a_server_error_or_a_saved_change(run, found):
    refused = set()
    for n, form in enumerate(found.forms):
        for turn in range(len(NASTY)):
            role = form.roles[turn % len(form.roles)]
            files = {name: text.encode() for name, text in rotated(form.files, turn).items()}
            data = posted(form, rotated(form.touchable, turn), files)
            response = run.request(role, "post", form.action, data, what=f"{form} as {role}")
            if is_refusal(response):
                refused.add(form.action)
        for prefix in date_inputs(form):
            # an otherwise real date whose year is too big for any calendar
            day = {f"{prefix}_0": "1", f"{prefix}_1": "1", f"{prefix}_2": "9" * 30}
            data = posted(form, day, {})
            run.request(form.roles[0], "post", form.action, data, what=f"{form} ({prefix})")
        outsider = OUTSIDERS[n % len(OUTSIDERS)]
        data = posted(form, rotated(form.touchable, 0), {})
        run.request(outsider, "post", form.action, data, what=f"{form} as {outsider}")
    # The sweep reached the forms' own checks, not only the permission checks before them.
    assert len(found.forms) > 40
    assert len(refused) > 30, sorted(refused)
    budget = Budget(SECONDS)
    for form in found.forms:
        if not budget.left():
            break

        def check(example, form=form):
            role, changes, uploads = example
            data = posted(form, changes, uploads)
            run.request(role, "post", form.action, data, what=f"{form} as {role}")

        fuzz(form_payloads(form), check, examples=EXAMPLES)
