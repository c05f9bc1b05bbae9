"""The client's address behind reverse proxies (OPENSEND_TRUSTED_PROXY_COUNT), for the audit trail and lockouts."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from audit.models import AuditEvent
from audit.services import client_ip
from tests.cast import PASSWORD

PROXY = "10.0.0.5"


def _request(forwarded: str | None = None):
    request = RequestFactory().get("/")
    request.META["REMOTE_ADDR"] = PROXY
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_trusted_proxies_the_forwarded_header_is_ignored():
    assert client_ip(_request("198.51.100.7")) == PROXY


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_client_is_the_address_the_proxy_appended():
    assert client_ip(_request("198.51.100.7")) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_addresses_the_client_wrote_itself_are_not_believed():
    assert client_ip(_request("203.0.113.66, 198.51.100.7")) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_client_is_second_from_the_right():
    assert client_ip(_request("203.0.113.66, 198.51.100.7, 10.0.0.9")) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=2)
@pytest.mark.parametrize("forwarded", [None, "", "198.51.100.7", "not-an-address, 10.0.0.9"])
def test_a_missing_short_or_malformed_header_falls_back_to_the_connection(forwarded):
    assert client_ip(_request(forwarded)) == PROXY


def test_no_request_has_no_address():
    assert client_ip(None) is None


def _sign_in(email: str, password: str, client_address: str):
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)
    return client.post(reverse("accounts:sign_in"), {"username": email, "password": password})


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1, AXES_FAILURE_LIMIT=3)
def test_a_lockout_behind_the_proxy_stops_that_client_only(cast):
    email = cast["sendco"].email
    for _ in range(3):
        _sign_in(email, "wrong-password", "198.51.100.7")
    assert _sign_in(email, PASSWORD, "198.51.100.7").status_code != 302
    assert _sign_in(email, PASSWORD, "203.0.113.20").status_code == 302
    signed_in = AuditEvent.objects.get(action="sign_in")
    assert signed_in.ip_address == "203.0.113.20"
    assert set(AuditEvent.objects.filter(action="sign_in_failed").values_list("ip_address", flat=True)) == {
        "198.51.100.7"
    }
