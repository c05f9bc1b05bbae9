"""The primary/replica router's decisions. `make replica-test` checks the same rules against a real streaming
replica (opensend/tests/replica/); these run in the ordinary suite, where no replica is configured."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from audit.models import AuditEvent
from opensend import routers
from opensend.routers import PRIMARY, REPLICA, SESSION_KEY, PrimaryReplicaRouter, ReplicaPinMiddleware
from pupils.models import Pupil
from register.models import Need

router = PrimaryReplicaRouter()


@pytest.fixture(autouse=True)
def fresh_context():
    """Each test starts as a new request would: nothing written, nothing pinned."""
    token = routers._state.set(None)
    yield
    routers._state.reset(token)


def _request(method: str = "GET", session: dict[str, float] | None = None) -> HttpRequest:
    request = RequestFactory().generic(method, "/")
    request.session = session if session is not None else {}  # type: ignore[assignment]
    return request


def test_reads_go_to_the_replica_when_nothing_has_been_written():
    assert router.db_for_read(Pupil) == REPLICA


def test_every_write_goes_to_the_primary():
    assert router.db_for_write(Pupil) == PRIMARY
    assert router.db_for_write(AuditEvent) == PRIMARY
    assert router.db_for_write(Session) == PRIMARY


def test_reads_after_a_write_go_to_the_primary():
    router.db_for_write(Need)
    assert router.db_for_read(Pupil) == PRIMARY


def test_writing_the_audit_trail_or_the_session_does_not_pin_reads():
    router.db_for_write(AuditEvent)
    router.db_for_write(Session)
    assert router.db_for_read(Pupil) == REPLICA


def test_sessions_are_always_read_from_the_primary():
    assert router.db_for_read(Session) == PRIMARY


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_go_to_the_primary():
    with transaction.atomic():
        assert router.db_for_read(Pupil) == PRIMARY
    assert router.db_for_read(Pupil) == REPLICA


def test_pin_to_primary_sends_later_reads_to_the_primary():
    routers.pin_to_primary()
    assert router.db_for_read(Pupil) == PRIMARY


def test_only_the_primary_is_migrated():
    assert router.allow_migrate(PRIMARY, "pupils")
    assert not router.allow_migrate(REPLICA, "pupils")


def _reads_during(request: HttpRequest, *, write: bool = False) -> str:
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        if write:
            router.db_for_write(Need)
        seen.append(router.db_for_read(Pupil))
        return HttpResponse()

    ReplicaPinMiddleware(view)(request)
    return seen[0]


def test_a_form_post_reads_from_the_primary():
    assert _reads_during(_request("POST")) == PRIMARY


@override_settings(DATABASE_REPLICA_PIN_SECONDS=10)
def test_a_session_that_wrote_reads_from_the_primary_until_the_pin_expires():
    session: dict[str, float] = {}
    with time_machine.travel(1_800_000_000, tick=False):
        assert _reads_during(_request("POST", session), write=True) == PRIMARY
        assert session[SESSION_KEY] == pytest.approx(time.time() + 10)
        assert _reads_during(_request("GET", session)) == PRIMARY
    with time_machine.travel(1_800_000_011, tick=False):
        assert _reads_during(_request("GET", session)) == REPLICA


def test_a_request_that_only_read_does_not_pin_the_session():
    session: dict[str, float] = {}
    assert _reads_during(_request("GET", session)) == REPLICA
    assert SESSION_KEY not in session


def test_one_request_writing_does_not_pin_the_next_request_of_another_session():
    assert _reads_during(_request("GET"), write=True) == PRIMARY
    assert _reads_during(_request("GET")) == REPLICA
