import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_head_of_service_home_lists_their_plan_and_actions(client_for, world):
    response = client_for("head").get(reverse("planning:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Parks business plan 2026/27" in body
    assert "Replant the park" in body


@pytest.mark.django_db
def test_signed_out_person_is_sent_to_sign_in(client):
    response = client.get(reverse("planning:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
