"""Reads from a streaming replica, writes to the primary, and a user's reads right after their own write too.

Installed only when OPENSEND_DB_REPLICA_URL is set (opensend/settings.py). A read goes to the primary when:
- the request is not a GET or HEAD: forms check what they are about to change against the primary;
- anything has been written in this request, or this session wrote within the last
  OPENSEND_DB_REPLICA_PIN_SECONDS: so a user always sees what they have just saved, however far the replica lags;
- the primary has a transaction open (every service is @transaction.atomic): reads inside it, `select_for_update`
  among them, must see and lock the primary's rows.
Otherwise reads go to the replica. Sessions and sign-in attempts (django-axes) are read and written on the primary
only, and never pin: they are written on every request, and a session read from a lagging replica would sign the
user out. Writes to the audit trail do not pin either: every read is audited, and a "who has seen this record"
that is a moment late is harmless.

The pin lives in a context variable that ReplicaPinMiddleware sets up for each request, so concurrent requests
(threads or async tasks) never share it.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
REPLICA = "replica"
SESSION_KEY = "_opensend_db_pinned_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Apps kept on the primary for reads and writes alike.
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes"})
# Apps whose writes happen on every request and never need to be read back at once.
UNPINNED_APPS = PRIMARY_ONLY_APPS | {"audit"}


@dataclass
class _RequestState:
    pinned: bool = False  # reads go to the primary for the rest of this request
    wrote: bool = False  # something that pins was written in this request


_state: contextvars.ContextVar[_RequestState | None] = contextvars.ContextVar("opensend_db_routing", default=None)


def pin_to_primary() -> None:
    """Send every read for the rest of this request (or this unit of work, outside a request) to the primary."""
    state = _state.get()
    if state is None:
        state = _RequestState()
        _state.set(state)
    state.pinned = True


def pinned() -> bool:
    state = _state.get()
    return state is not None and (state.pinned or state.wrote)


class PrimaryReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if model._meta.app_label in PRIMARY_ONLY_APPS or pinned() or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        if model._meta.app_label not in UNPINNED_APPS:
            state = _state.get()
            if state is None:
                state = _RequestState()
                _state.set(state)
            state.wrote = True
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        # Both aliases hold the same data: the replica is a copy of the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == PRIMARY


class ReplicaPinMiddleware:
    """Starts each request unpinned (or pinned, for unsafe methods and sessions that wrote a moment ago) and, after a
    request that wrote, pins the session for OPENSEND_DB_REPLICA_PIN_SECONDS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        until = session.get(SESSION_KEY, 0) if session is not None else 0
        state = _RequestState(pinned=request.method not in SAFE_METHODS or until > time.time())
        token = _state.set(state)
        try:
            response = self.get_response(request)
            if state.wrote and session is not None:
                session[SESSION_KEY] = time.time() + settings.DATABASE_REPLICA_PIN_SECONDS
            return response
        finally:
            _state.reset(token)
