"""The router against a real primary and streaming standby. Replication lag is made certain, not hoped for: tests
that need it pause WAL replay on the standby, so a row written on the primary is known to be missing there."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.db import connections, transaction
from django.db.utils import InternalError, OperationalError, ProgrammingError
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from opensend import routers
from opensend.routers import PRIMARY, REPLICA, PrimaryReplicaRouter
from schools.models import Trust

PASSWORD = "replica-test-password-4d2c"


@pytest.fixture(autouse=True)
def fresh_context(live_db):
    token = routers._state.set(None)
    yield
    routers._state.reset(token)


def _ask(alias: str, sql: str) -> object:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _eventually(check: Callable[[], bool], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


@contextmanager
def replay_paused() -> Iterator[None]:
    """The standby keeps receiving WAL but stops applying it: everything written from now on is 'lagging'."""
    _ask(REPLICA, "SELECT pg_wal_replay_pause()::text")
    assert _eventually(lambda: _ask(REPLICA, "SELECT pg_get_wal_replay_pause_state()") == "paused")
    try:
        yield
    finally:
        _ask(REPLICA, "SELECT pg_wal_replay_resume()::text")


def _trust_on_primary() -> Trust:
    """A row written on the primary without going through the router (so nothing is pinned)."""
    trust = Trust(name=f"Replica test {uuid.uuid4()}")
    trust.save(using=PRIMARY)
    return trust


def test_the_replica_is_a_read_only_standby_streaming_from_the_primary():
    assert _ask(REPLICA, "SELECT pg_is_in_recovery()") is True
    assert _ask(PRIMARY, "SELECT pg_is_in_recovery()") is False
    assert _ask(PRIMARY, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == 1
    with pytest.raises((InternalError, OperationalError, ProgrammingError), match="read-only"):
        Trust(name="refused").save(using=REPLICA)


def test_plain_reads_are_served_by_the_replica_once_rows_have_streamed_to_it():
    trust = _trust_on_primary()
    assert PrimaryReplicaRouter().db_for_read(Trust) == REPLICA
    assert _eventually(lambda: Trust.objects.filter(uid=trust.uid).exists())
    assert Trust.objects.all().db == REPLICA


def test_a_read_right_after_a_write_sees_it_although_the_replica_has_not():
    with replay_paused():
        trust = Trust.objects.create(name=f"Just written {uuid.uuid4()}")
        assert not Trust.objects.using(REPLICA).filter(uid=trust.uid).exists()
        assert Trust.objects.get(uid=trust.uid).name == trust.name


def test_reads_inside_a_transaction_see_the_primary_before_anything_is_written():
    """A service validates what it reads before it writes; inside its transaction it must read the primary."""
    with replay_paused():
        trust = _trust_on_primary()
        with transaction.atomic():
            assert Trust.objects.filter(uid=trust.uid).exists()
        assert not Trust.objects.filter(uid=trust.uid).exists()  # outside, unpinned: the lagging standby


def test_locking_reads_go_to_the_primary():
    trust = _trust_on_primary()
    with transaction.atomic():
        locked = Trust.objects.select_for_update().get(uid=trust.uid)
    assert locked.pk == trust.pk


def test_someone_who_just_signed_in_stays_signed_in_while_the_replica_lags():
    """Sign-in writes (last login, the audit trail, the session); the next pages must read the primary, or the
    new account, still missing on the standby, would send the user back to the sign-in page."""
    client = Client()
    with replay_paused():
        email = f"replica-{uuid.uuid4().hex[:12]}@example.org"
        user = User(email=email, full_name="Replica Tester", password=make_password(PASSWORD))
        user.save(using=PRIMARY)
        assert not User.objects.using(REPLICA).filter(email=email).exists()
        response = client.post(reverse("accounts:sign_in"), {"username": email, "password": PASSWORD})
        assert response.status_code == 302
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            home = client.get(reverse("accounts:home"))
        assert home.status_code == 200
        assert home.wsgi_request.user.pk == user.pk
        assert len(on_replica.captured_queries) == 0


@override_settings(DATABASE_REPLICA_PIN_SECONDS=5)
def test_a_session_reads_from_the_replica_again_when_its_pin_has_expired():
    client = Client()
    email = f"replica-{uuid.uuid4().hex[:12]}@example.org"
    User(email=email, full_name="Replica Tester", password=make_password(PASSWORD)).save(using=PRIMARY)
    assert _eventually(lambda: User.objects.using(REPLICA).filter(email=email).exists())
    client.post(reverse("accounts:sign_in"), {"username": email, "password": PASSWORD})
    with time_machine.travel(time.time() + 6, tick=True), CaptureQueriesContext(connections[REPLICA]) as on_replica:
        home = client.get(reverse("accounts:home"))
    assert home.status_code == 200
    assert home.wsgi_request.user.pk == User.objects.using(PRIMARY).get(email=email).pk
    assert len(on_replica.captured_queries) > 0
