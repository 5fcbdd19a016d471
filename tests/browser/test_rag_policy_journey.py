"""An administrator finds the council's RAG policy from the indicator list, changes it by
keyboard and sees the stored ratings recalculated; a mistake is shown with what was typed.
Every page is checked with axe."""

from tests.reporting.celery_broker import celery_inline

from .steps import follow_link, heading, press_enter_to_navigate, sign_in, tab_to, visit


def test_admin_changes_the_rag_policy_and_sees_it_recalculated(page, live_server, demo_council):
    sign_in(page, live_server, "admin")
    visit(page, f"{live_server.url}/performance/indicators/")
    follow_link(page, "Change the council's RAG policy")
    assert heading(page) == "The council's RAG policy"

    tolerance = page.get_by_label("Amber tolerance as a percentage of the target")
    tolerance.fill("more or less")
    tab_to(page, page.get_by_role("button", name="Save and recalculate every rating"))
    press_enter_to_navigate(page)
    assert "There is a problem" in page.inner_text("main")
    assert tolerance.input_value() == "more or less"

    tolerance.fill("5")
    with celery_inline():
        tab_to(page, page.get_by_role("button", name="Save and recalculate every rating"))
        press_enter_to_navigate(page)
    main = page.inner_text("main")
    assert "In force: Amber within 5% of target" in main
    assert "Done" in page.inner_text("#recalculation")
