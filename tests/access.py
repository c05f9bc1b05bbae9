"""The access matrix's shared parts: roles, expected statuses and the check each app's matrix runs.

Every app with URLs lists them in a ROUTES dict (the core apps in tests/test_access_matrix.py, the others in
<app>/tests/test_access.py); test_every_url_is_in_the_matrix fails if a URL is missing from all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.cast import Cast

ROLES = (
    "sendco",
    "teacher",
    "ta",
    "head",
    "governor",
    "school_admin",
    "trust_admin",
    "la_officer",
    "parent",
    "outsider",
)


@dataclass(frozen=True)
class Route:
    args: Callable[[Cast, Any], list[Any]]
    inside: dict[str, int]
    outside: dict[str, int] | None = None  # None: the route does not depend on a school or pupil
    method: str = "get"
    data: dict[str, str] = field(default_factory=dict)


ALLOWED = 0  # any 2xx or 3xx answer


def only(statuses: dict[str, int], default: int = 404) -> dict[str, int]:
    return {role: statuses.get(role, default) for role in ROLES}


NO_ARGS: Callable[[Cast, Any], list[Any]] = lambda cast, target: []  # noqa: E731
PUPIL = lambda cast, target: [target.pupil.uid]  # noqa: E731
SCHOOL = lambda cast, target: [target.school.urn]  # noqa: E731
DECISION = lambda cast, target: [target.decision.uid]  # noqa: E731
NEED = lambda cast, target: [target.need.uid]  # noqa: E731
BARRIER = lambda cast, target: [target.barrier.uid]  # noqa: E731

# Who sees a pupil at all: the SENDCo and head of the school, the teacher and TA who teach them, their parent.
PUPIL_READ = only({"sendco": 200, "teacher": 200, "ta": 200, "head": 200, "parent": 200})
PUPIL_READ_OUTSIDE = only({"outsider": 200})
# Changes only the SENDCo may make: visible-but-not-allowed is 403, out of sight is 404.
SENDCO_CHANGE = only({"sendco": 200, "teacher": 403, "ta": 403, "head": 403, "parent": 403})
SENDCO_CHANGE_OUTSIDE = only({"outsider": 200})
# Changes the SENDCo and the pupil's teachers may make.
PROFILE_CHANGE = only({"sendco": 200, "teacher": 200, "ta": 403, "head": 403, "parent": 403})
PROFILE_CHANGE_OUTSIDE = only({"outsider": 200})
STAFF_WITH_AUDIT = only({"sendco": 200, "head": 200, "teacher": 403, "ta": 403, "parent": 403})
REGISTER_VIEW = only({"sendco": 200, "head": 200})
AGGREGATES = only(
    {"sendco": 200, "head": 200, "governor": 200, "school_admin": 200, "trust_admin": 200, "la_officer": 200}
)
AGGREGATES_OUTSIDE = only({"trust_admin": 200, "la_officer": 200, "outsider": 200})
SETUP = only({"sendco": 200, "head": 200, "school_admin": 200})


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


def cases(routes: dict[str, Route]) -> list[tuple[str, str]]:
    return [
        (name, where)
        for name, route in routes.items()
        for where in ("inside", "outside")
        if where == "inside" or route.outside
    ]


def check_route(cast: Cast, name: str, route: Route, where: str, make_target: Callable[..., Any]) -> None:
    """Every role in turn; all mismatches are reported together. Write routes change state, so each role
    gets a fresh target (a POST that archives must not make the next role's request a 404); reads share one."""
    expected = (route.outside if where == "outside" else route.inside) or {}
    mismatches = []
    target = None
    for role in ROLES:
        if target is None or route.method != "get":
            target = make_target(cast, outside=where == "outside")
        client = Client()
        client.force_login(cast[role])
        url = reverse(name, args=route.args(cast, target))
        status = getattr(client, route.method)(url, route.data).status_code
        if status != expected[role] and not (expected[role] == ALLOWED and status < 400):
            mismatches.append(f"{role}: expected {expected[role]}, got {status}")
    assert not mismatches, f"{route.method.upper()} {name} ({where}): " + "; ".join(mismatches)


def check_anonymous(cast: Cast, name: str, route: Route, make_target: Callable[..., Any]) -> None:
    target = make_target(cast, outside=False)
    response = getattr(Client(), route.method)(reverse(name, args=route.args(cast, target)), route.data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))
