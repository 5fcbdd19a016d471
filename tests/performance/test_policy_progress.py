"""While the ratings are recalculated after a policy change, the policy page follows the
progress with htmx; without JavaScript the progress is a page of its own, checked again with
its link (no timed refresh: WCAG 2.2.1), so the policy form never loses what is typed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from performance.models import JobStatus, RagPolicy, RatingsRebuild

pytestmark = pytest.mark.django_db

POLICY_URL = reverse("performance:rag-policy")
PROGRESS_URL = reverse("performance:rag-policy-progress")


def running(done=2, total=5) -> RatingsRebuild:
    policy = RagPolicy.objects.create(tolerance_percent=Decimal(5))
    return RatingsRebuild.objects.create(
        policy=policy, total=total, done=done, status=JobStatus.RUNNING
    )


def test_the_policy_page_polls_the_progress_while_it_runs(client_for, perf):
    running()
    html = client_for("admin").get(POLICY_URL).content.decode()
    assert f'hx-get="{PROGRESS_URL}"' in html
    assert 'hx-trigger="every 2s"' in html
    assert 'http-equiv="refresh"' not in html  # the form keeps what is typed
    assert f'href="{PROGRESS_URL}"' in html  # without JavaScript: the progress page


def test_htmx_gets_the_progress_alone_and_polling_stops_when_it_is_done(client_for, perf):
    job = running()
    client = client_for("admin")
    fragment = client.get(PROGRESS_URL, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="recalculation"')
    assert "2 of 5 indicators" in fragment
    assert "hx-trigger" in fragment
    assert "<html" not in fragment
    RatingsRebuild.objects.filter(pk=job.pk).update(done=5, status=JobStatus.DONE)
    fragment = client.get(PROGRESS_URL, headers={"HX-Request": "true"}).content.decode()
    assert "5 of 5 indicators" in fragment
    assert "hx-trigger" not in fragment


def test_without_javascript_the_progress_page_is_checked_again_by_its_link(client_for, perf):
    job = running()
    client = client_for("admin")
    page = client.get(PROGRESS_URL).content.decode()
    assert 'http-equiv="refresh"' not in page  # a timed refresh fails WCAG 2.2.1
    assert f'href="{PROGRESS_URL}">Check progress again' in page
    assert "2 of 5 indicators" in page
    assert f'href="{POLICY_URL}"' in page
    RatingsRebuild.objects.filter(pk=job.pk).update(done=5, status=JobStatus.DONE)
    page = client.get(PROGRESS_URL).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "5 of 5 indicators" in page


def test_the_progress_page_says_when_nothing_is_being_recalculated(client_for, perf):
    page = client_for("admin").get(PROGRESS_URL).content.decode()
    assert "No recalculation has been asked for" in page


@pytest.mark.parametrize("persona", ["lead", "head", "board"])
def test_only_an_administrator_follows_the_progress(client_for, perf, persona):
    running()
    assert client_for(persona).get(PROGRESS_URL).status_code == 403


def test_the_progress_refuses_a_post(client_for, perf):
    assert client_for("admin").post(PROGRESS_URL).status_code == 405


def test_the_progress_runs_the_same_queries_whatever_the_job(
    client_for, perf, django_assert_max_num_queries
):
    client = client_for("admin")
    running(done=1, total=5)
    client.get(PROGRESS_URL)
    with django_assert_max_num_queries(3):
        client.get(PROGRESS_URL, headers={"HX-Request": "true"})
    running(done=400, total=6000)
    with django_assert_max_num_queries(3):
        client.get(PROGRESS_URL, headers={"HX-Request": "true"})
