"""Every risk and audit model is in the admin, and its pages and history open."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.audit.world import build_audit_world
from tests.risk.world import build_risk_world

pytestmark = pytest.mark.django_db
APPS = ("risk", "audit")


def admin_models():
    return [model for model in admin.site._registry if model._meta.app_label in APPS]


def test_every_risk_and_audit_model_is_in_the_admin():
    registered = set(admin_models())
    tracked = {
        model
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    }
    assert tracked <= registered, f"not in the admin: {tracked - registered}"


def test_admin_lists_forms_and_history_pages_open(client_for, world):
    build_risk_world(world)
    build_audit_world(world)
    client = client_for("admin")
    for model in admin_models():
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        obj = model.objects.first()
        if obj is not None:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
            assert client.get(change).status_code == 200, change
            history = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
            assert client.get(history).status_code == 200, history


def test_an_agreed_original_due_date_is_read_only_in_the_admin(client_for, world):
    rec = build_audit_world(world).rec
    url = reverse("admin:audit_recommendation_change", args=[rec.pk])
    html = client_for("admin").get(url).content.decode()
    assert 'name="original_due_date"' not in html
    assert 'name="title"' in html
