from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def test_signing_in_is_audited_with_the_address(cast):
    client = Client(REMOTE_ADDR="203.0.113.9")
    response = client.post(reverse("accounts:sign_in"), {"username": cast["sendco"].email, "password": PASSWORD})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="sign_in")
    assert (event.actor, event.ip_address) == (cast["sendco"], "203.0.113.9")


def test_a_failed_sign_in_is_audited_without_the_typed_address(cast):
    client = Client()
    response = client.post(reverse("accounts:sign_in"), {"username": cast["sendco"].email, "password": "wrong"})
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()
    event = AuditEvent.objects.get(action="sign_in_failed")
    assert event.actor is None
    assert event.object_id == str(cast["sendco"].uid)
    assert cast["sendco"].email not in str(event.detail)


def test_repeated_failures_lock_the_account_for_a_while(cast):
    client = Client()
    for _ in range(5):
        client.post(reverse("accounts:sign_in"), {"username": cast["sendco"].email, "password": "wrong"})
    response = client.post(reverse("accounts:sign_in"), {"username": cast["sendco"].email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert not AuditEvent.objects.filter(action="sign_in").exists()


def test_pages_need_a_signed_in_user(cast):
    response = Client().get(reverse("pupils:record", args=[cast.pupil.uid]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))
    assert str(cast.pupil.uid) in response["Location"]  # the opaque id only, never a name


def test_signing_out_is_a_post_and_is_audited(cast, client_for):
    client = client_for("teacher")
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    response = client.post(reverse("accounts:sign_out"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="sign_out", actor=cast["teacher"]).exists()
    assert client.get(reverse("accounts:home")).status_code == 302


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("sendco", ["SEN register", "SEN at a glance"]),
        ("head", ["SEN register", "SEN at a glance"]),
        ("teacher", ["My pupils"]),
        ("ta", ["My pupils"]),
        ("governor", ["SEN at a glance"]),
        ("school_admin", ["SEN at a glance"]),
        ("trust_admin", ["Trust overview"]),
        ("la_officer", ["Local authority overview"]),
        ("parent", ["My children"]),
    ],
)
def test_home_shows_each_role_its_own_workspaces(cast, client_for, role, expected):
    html = client_for(role).get(reverse("accounts:home")).content.decode()
    for label in expected:
        assert label in html


def test_home_for_a_governor_has_no_register_link(cast, client_for):
    assert "SEN register" not in client_for("governor").get(reverse("accounts:home")).content.decode()
