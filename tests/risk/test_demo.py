"""The demo council's risk registers and recommendation tracker."""

import datetime as dt

import pytest

from audit import demo as audit_demo
from audit.models import Decision, ExtensionRequest, Recommendation, Status
from planning.demo import demo_council_seed
from risk import demo as risk_demo
from risk.models import Level, Risk, RiskEscalation, RiskRegister, RiskReview

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    demo_council_seed(scale="small")
    return risk_demo.demo_seed(scale="small") | audit_demo.demo_seed(scale="small")


def test_registers_at_every_level_with_reviews_and_escalations(seeded):
    assert {r.level for r in RiskRegister.objects.all()} == set(Level.values)
    assert Risk.objects.count() == seeded["risks"] > 50
    assert Risk.objects.filter(escalated_to=Level.DIRECTORATE).exists()
    assert Risk.objects.filter(escalated_to=Level.CORPORATE).exists()
    assert RiskEscalation.objects.count() == Risk.objects.exclude(escalated_to="").count()
    assert RiskReview.objects.count() == 4 * Risk.objects.count()
    assert Risk.objects.filter(threatens_action__isnull=False).exists()


def test_recommendations_in_every_status_with_extensions_and_overdue(seeded):
    assert set(Recommendation.objects.values_list("status", flat=True)) == set(Status.values)
    assert Recommendation.objects.filter(revision_count__gt=0).exists()
    assert ExtensionRequest.objects.filter(decision=Decision.PENDING).exists()
    assert Recommendation.objects.overdue(dt.date.today()).exists()
    assert Recommendation.objects.filter(owner__username="head").exists()


def test_seeding_again_adds_nothing(seeded):
    again = risk_demo.demo_seed(scale="small") | audit_demo.demo_seed(scale="small")
    assert not any(again.values())
