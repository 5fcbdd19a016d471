"""Administrators set the council up through the admin: every model is there, with history."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def admin_models():
    return [model for model in admin.site._registry if model._meta.app_label == "planning"]


def test_every_planning_model_is_in_the_admin():
    from django.apps import apps

    registered = set(admin_models())
    tracked = {
        model
        for model in apps.get_app_config("planning").get_models()
        if not model.__name__.startswith("Historical")
    }
    assert tracked <= registered, f"not in the admin: {tracked - registered}"


def test_admin_lists_add_forms_and_history_pages_open(client_for, world):
    from planning.models import ActionQuarter, EmailDelivery, ImportRun, Notification

    # Derived records: listed, never entered by hand (an import run starts from "Bring data in").
    kept_from_others = {ActionQuarter, Notification, EmailDelivery, ImportRun}
    client = client_for("admin")
    for model in admin_models():
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
        assert client.get(add).status_code == (403 if model in kept_from_others else 200), add
        obj = model.objects.first()
        if obj is not None:
            history = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
            assert client.get(history).status_code == 200, history


def test_admin_change_is_recorded_with_who_made_it(client_for, world):
    client = client_for("admin")
    url = reverse("admin:planning_directorate_change", args=[world.service.directorate_id])
    response = client.post(url, {"code": "place", "name": "Place and Environment"})
    assert response.status_code == 302
    latest = world.service.directorate.history.latest()
    assert latest.name == "Place and Environment"
    assert latest.history_user == world.people["admin"]
