"""While the ratings are recalculated, the RAG policy page follows the progress by itself
with htmx; without JavaScript, "Check progress again" leads to a progress page checked
again by its link. Every page is checked with axe."""

from decimal import Decimal

from playwright.sync_api import expect

from .steps import follow_link, heading, sign_in, visit


def running_job():
    from performance.models import JobStatus, RagPolicy, RatingsRebuild

    policy = RagPolicy.objects.create(tolerance_percent=Decimal(5))
    return RatingsRebuild.objects.create(policy=policy, total=5, done=2, status=JobStatus.RUNNING)


def test_the_policy_page_follows_the_recalculation_by_itself(page, live_server, demo_council):
    from performance.models import JobStatus, RatingsRebuild

    job = running_job()
    sign_in(page, live_server, "admin")
    visit(page, f"{live_server.url}/performance/rag-policy/")
    progress = page.locator("#recalculation")
    assert "2 of 5 indicators" in progress.inner_text()
    page.get_by_label("Amber tolerance as a percentage of the target").fill("7")
    RatingsRebuild.objects.filter(pk=job.pk).update(done=5, status=JobStatus.DONE)
    expect(progress).to_contain_text("5 of 5 indicators", timeout=10_000)
    assert "Done" in progress.inner_text()
    # Typing in the form is untouched by the updates.
    assert page.get_by_label("Amber tolerance as a percentage of the target").input_value() == "7"


def test_without_javascript_the_progress_is_a_page_of_its_own(open_page, live_server, demo_council):
    running_job()
    page = open_page(javascript=False)
    sign_in(page, live_server, "admin")
    visit(page, f"{live_server.url}/performance/rag-policy/")
    follow_link(page, "Check progress again")
    assert heading(page) == "Recalculating the ratings"
    assert "2 of 5 indicators" in page.inner_text("main")
    follow_link(page, "Back to the council's RAG policy")
    assert heading(page) == "The council's RAG policy"
