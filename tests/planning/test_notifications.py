"""Notifications: who is told of each step of a plan's sign-off, once per event, never for a
change rolled back; their page, marking read, settings and stopping a kind of email."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from planning.models import (
    Delivery,
    EmailDelivery,
    EmailStatus,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from planning.services import lifecycle
from planning.services.email import unsubscribe_token
from planning.services.notifications import digests_collect, notify

pytestmark = pytest.mark.django_db


def kinds_for(person):
    return list(Notification.objects.filter(recipient=person).values_list("kind", flat=True))


def test_a_submitted_plan_tells_the_portfolios_performance_lead(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.plan_submit(plan=world.service_plan, actor=world.people["head"])
    note = Notification.objects.get(recipient=world.people["lead"])
    assert note.kind == NotificationKind.PLAN_SUBMITTED
    assert note.subject == "Submitted for sign-off: Parks 2026/27 plan"
    assert note.link == world.service_plan.get_absolute_url()
    assert kinds_for(world.people["head"]) == []  # who submitted is not told
    assert [m.to for m in mail.outbox] == [[world.people["lead"].email]]


def test_a_returned_plan_tells_the_head_of_service_with_the_feedback(
    world, django_capture_on_commit_callbacks
):
    plan = world.service_plan
    lifecycle.plan_submit(plan=plan, actor=world.people["head"])
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.plan_return(plan=plan, actor=world.people["lead"], feedback="Add targets")
    note = Notification.objects.get(recipient=world.people["head"])
    assert note.subject == "Returned: Parks 2026/27 plan"
    assert note.body == "Add targets"
    assert "Add targets" in mail.outbox[-1].body


def test_sign_off_and_publication_tell_the_head_of_service(world):
    plan = world.service_plan
    lifecycle.plan_submit(plan=plan, actor=world.people["manager"])
    lifecycle.plan_sign_off(plan=plan, actor=world.people["lead"])
    lifecycle.plan_publish(plan=plan, actor=world.people["lead"])
    assert sorted(kinds_for(world.people["head"])) == [
        NotificationKind.PLAN_PUBLISHED,
        NotificationKind.PLAN_SIGNED_OFF,
    ]


def _submit_then_fail(world):
    with transaction.atomic():
        lifecycle.plan_submit(plan=world.service_plan, actor=world.people["head"])
        raise RuntimeError("the request failed after the submission")


def test_a_change_rolled_back_tells_nobody(world, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        _submit_then_fail(world)
    assert not Notification.objects.exists()
    assert not EmailDelivery.objects.exists()
    assert callbacks == []
    assert mail.outbox == []


def test_the_same_event_never_notifies_twice(world, django_capture_on_commit_callbacks):
    head = world.people["head"]
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            notify(recipients=[head], kind=NotificationKind.CHASER, subject="Hi", event="e1")
    assert Notification.objects.filter(recipient=head).count() == 1
    assert len(mail.outbox) == 1


def test_on_the_page_only_sends_no_email(world, django_capture_on_commit_callbacks):
    head = world.people["head"]
    NotificationPreference.objects.create(
        person=head, kind=NotificationKind.CHASER, delivery=Delivery.PAGE
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[head], kind=NotificationKind.CHASER, subject="Hi", event="e1")
    assert Notification.objects.get(recipient=head).email is None
    assert mail.outbox == []


def test_a_daily_digest_gathers_the_days_notifications_into_one_email_once(
    world, django_capture_on_commit_callbacks
):
    head = world.people["head"]
    NotificationPreference.objects.create(
        person=head, kind=NotificationKind.CHASER, delivery=Delivery.DAILY
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[head], kind=NotificationKind.CHASER, subject="First", event="e1")
        notify(recipients=[head], kind=NotificationKind.CHASER, subject="Second", event="e2")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        digests_collect(delivery=Delivery.DAILY)
        digests_collect(delivery=Delivery.DAILY)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Golden Thread: 2 notifications for you"
    assert "First" in message.body
    assert "Second" in message.body
    assert EmailDelivery.objects.get().status == EmailStatus.SENT


def test_the_email_has_an_html_alternative_and_a_link_to_stop_the_kind(
    world, django_capture_on_commit_callbacks
):
    head = world.people["head"]
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[head],
            kind=NotificationKind.CHASER,
            subject="Please post your update",
            link="/my-updates/",
            event="e1",
        )
    message = mail.outbox[0]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en-GB">' in html
    assert "Please post your update" in html
    token = unsubscribe_token(person_id=head.pk, kind=NotificationKind.CHASER)
    assert f"/notifications/stop/{token}/" in message.body
    assert "http://localhost:8000/my-updates/" in message.body


# --- the pages ------------------------------------------------------------------------


def make(person, n=1, start=0):
    return [
        notify(recipients=[person], kind=NotificationKind.CHASER, subject=f"Note {i}", event=i)[0]
        for i in range(start, start + n)
    ]


def test_a_person_sees_only_their_own_notifications(world, client_for):
    make(world.people["head"])
    make(world.people["staff"])
    response = client_for("head").get(reverse("planning:notification-list"))
    assert response.status_code == 200
    notes = list(response.context["page"])
    assert [n.recipient_id for n in notes] == [world.people["head"].pk]


def test_the_menu_shows_the_unread_count(world, client_for, page_cache_off):
    make(world.people["head"], 3)
    text = client_for("head").get(reverse("planning:home")).content.decode()
    assert "Notifications <strong" in text
    assert '>3<span class="govuk-visually-hidden"> unread' in text


def test_marking_read_another_persons_notification_is_404(world, client_for):
    (note,) = make(world.people["staff"])
    url = reverse("planning:notification-read", args=[note.pk])
    assert client_for("head").post(url).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_marking_read_is_post_only(world, client_for):
    (note,) = make(world.people["head"])
    url = reverse("planning:notification-read", args=[note.pk])
    assert client_for("head").get(url).status_code == 405


def test_marking_one_and_then_all_read(world, client_for):
    first, *_ = make(world.people["head"], 3)
    client = client_for("head")
    client.post(reverse("planning:notification-read", args=[first.pk]))
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notification.objects.unread().count() == 2
    response = client.post(reverse("planning:notification-read-all"), follow=True)
    assert "2 notifications marked as read" in response.content.decode()
    assert not Notification.objects.unread().exists()


def test_the_list_is_paged_with_the_same_queries_at_two_sizes(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("head")
    make(world.people["head"], 3)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("planning:notification-list"))
    make(world.people["head"], 40, start=3)
    with django_assert_max_num_queries(12) as large:
        response = client.get(reverse("planning:notification-list"))
    assert len(small.captured_queries) == len(large.captured_queries)
    assert len(response.context["page"]) == 25


def test_settings_keep_each_kinds_choice(world, client_for):
    client = client_for("head")
    url = reverse("planning:notification-settings")
    assert client.get(url).status_code == 200
    data = dict.fromkeys(NotificationKind.values, Delivery.IMMEDIATE)
    data[NotificationKind.CHASER] = Delivery.WEEKLY
    data[NotificationKind.PLAN_RETURNED] = Delivery.PAGE
    response = client.post(url, data)
    assert response.status_code == 302
    chosen = dict(
        NotificationPreference.objects.filter(person=world.people["head"]).values_list(
            "kind", "delivery"
        )
    )
    assert chosen == {"chaser": "weekly", "plan_returned": "page"}


def test_settings_with_a_choice_missing_say_so_and_keep_the_rest(world, client_for):
    data = dict.fromkeys(NotificationKind.values, Delivery.IMMEDIATE)
    data[NotificationKind.CHASER] = Delivery.WEEKLY
    del data[NotificationKind.REPORT_READY]
    response = client_for("head").post(reverse("planning:notification-settings"), data)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Choose how you are told: report ready" in text
    assert response.context["form"]["chaser"].value() == Delivery.WEEKLY  # nothing lost
    assert not NotificationPreference.objects.exists()


def test_the_unsubscribe_link_works_signed_out_and_asks_first(world, client):
    head = world.people["head"]
    token = unsubscribe_token(person_id=head.pk, kind=NotificationKind.CHASER)
    url = reverse("planning:unsubscribe", args=[token])
    response = client.get(url)
    assert response.status_code == 200
    assert not NotificationPreference.objects.exists()  # a GET (a mail scanner) stops nothing
    response = client.post(url)
    assert "Emails stopped" in response.content.decode()
    pref = NotificationPreference.objects.get(person=head)
    assert (pref.kind, pref.delivery) == (NotificationKind.CHASER, Delivery.PAGE)


def test_a_tampered_unsubscribe_link_is_404(world, client):
    token = unsubscribe_token(person_id=world.people["head"].pk, kind=NotificationKind.CHASER)
    assert client.get(reverse("planning:unsubscribe", args=[token + "x"])).status_code == 404
