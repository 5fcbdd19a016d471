"""The admin keeps a matrix in use frozen and offers a new version instead."""

import pytest
from django.urls import reverse

from risk import rules
from risk.models import RiskMatrix

pytestmark = pytest.mark.django_db


def test_admin_cannot_change_a_matrix_in_use(client_for, risk_world):
    matrix = risk_world.parks.matrix
    client = client_for("admin")
    url = reverse("admin:risk_riskmatrix_change", args=[matrix.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="bands"' not in page.content  # shown read-only
    response = client.post(url, {"name": "Changed", "version": 1, "bands": "[]"})
    assert response.status_code == 403
    matrix.refresh_from_db()
    assert matrix.name == "Council matrix"
    assert matrix.bands == rules.DEFAULT_BANDS


def test_admin_makes_a_new_version_of_a_matrix_in_use(client_for, risk_world):
    matrix = risk_world.parks.matrix
    response = client_for("admin").post(
        reverse("admin:risk_riskmatrix_changelist"),
        {"action": "make_new_version", "_selected_action": [matrix.pk]},
    )
    assert response.status_code == 302
    assert RiskMatrix.objects.filter(name=matrix.name, version=2).exists()
    url = reverse("admin:risk_riskmatrix_change", args=[RiskMatrix.objects.get(version=2).pk])
    assert b'name="bands"' in client_for("admin").get(url).content  # not in use: editable
