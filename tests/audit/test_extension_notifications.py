"""An extension asked for tells the performance leads who decide it; its decision tells the
recommendation's owner."""

import pytest

from audit import services
from planning.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db


def subjects(person, kind):
    return list(
        Notification.objects.filter(recipient=person, kind=kind).values_list("subject", "link")
    )


def test_an_extension_request_tells_the_portfolios_performance_lead(audit_world, world):
    ((subject, link),) = subjects(world.people["lead"], NotificationKind.EXTENSION_REQUESTED)
    assert subject == "Extension to decide: GM-1 Retender the mowing contract"
    assert link == audit_world.extension.get_absolute_url()
    note = Notification.objects.get(kind=NotificationKind.EXTENSION_REQUESTED)
    assert "The market test found one bidder" in note.body
    assert subjects(world.people["head"], NotificationKind.EXTENSION_REQUESTED) == []


def test_a_refusal_tells_the_owner_with_the_note(audit_world, world):
    services.extension_decide(
        extension=audit_world.extension, actor=world.people["lead"], approve=False, note="No"
    )
    note = Notification.objects.get(
        recipient=world.people["head"], kind=NotificationKind.EXTENSION_DECIDED
    )
    assert note.subject == "Extension refused: GM-1 Retender the mowing contract"
    assert note.body == "No"
    assert note.link == audit_world.rec.get_absolute_url()
