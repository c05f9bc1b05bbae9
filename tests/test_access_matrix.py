"""Every URL by every role by inside and outside the pupil's school, with the expected status.

Adding a URL without listing it here fails test_every_url_is_in_the_matrix. "Inside" targets the
cast's home school (Oakfield) and its pupil; "outside" targets the other school of the same trust
and LA (Riverside), where only the outsider (Riverside's SENDCo) works.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pupils.services import adjustment_add, barrier_add
from register.models import Need, RegisterDecision
from schools.models import Term
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


@dataclass
class Target:
    pupil: Any
    school: Any
    decision: Any
    need: Any
    barrier: Any
    adjustment: Any
    term: Any


@dataclass(frozen=True)
class Route:
    args: Callable[[Cast, Target], list[Any]]
    inside: dict[str, int]
    outside: dict[str, int] | None = None  # None: the route does not depend on a school or pupil
    method: str = "get"
    data: dict[str, str] = field(default_factory=dict)


ALLOWED = 0  # any 2xx or 3xx answer


def only(statuses: dict[str, int], default: int = 404) -> dict[str, int]:
    return {role: statuses.get(role, default) for role in ROLES}


NO_ARGS: Callable[[Cast, Target], list[Any]] = lambda cast, target: []  # noqa: E731
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

ROUTES: dict[str, Route] = {
    "accounts:home": Route(NO_ARGS, only({}, default=200)),
    "accounts:sign_in": Route(NO_ARGS, only({}, default=302)),  # signed-in users are sent home
    "accounts:sign_out": Route(NO_ARGS, only({}, default=302), method="post"),
    "pupils:record": Route(PUPIL, PUPIL_READ, PUPIL_READ_OUTSIDE),
    "pupils:details_edit": Route(PUPIL, SENDCO_CHANGE, SENDCO_CHANGE_OUTSIDE),
    "pupils:add": Route(SCHOOL, only({"sendco": 200}), only({"outsider": 200})),
    "pupils:profile_edit": Route(PUPIL, PROFILE_CHANGE, PROFILE_CHANGE_OUTSIDE),
    "pupils:profile_history": Route(PUPIL, PUPIL_READ, PUPIL_READ_OUTSIDE),
    "pupils:barrier_add": Route(PUPIL, PROFILE_CHANGE, PROFILE_CHANGE_OUTSIDE),
    "pupils:barrier_edit": Route(BARRIER, PROFILE_CHANGE, PROFILE_CHANGE_OUTSIDE),
    "pupils:barrier_archive": Route(BARRIER, PROFILE_CHANGE, PROFILE_CHANGE_OUTSIDE),
    "pupils:adjustment_add": Route(BARRIER, PROFILE_CHANGE, PROFILE_CHANGE_OUTSIDE),
    "pupils:adjustment_archive": Route(
        lambda cast, target: [target.adjustment.uid],
        only({"sendco": 302, "teacher": 302, "ta": 403, "head": 403, "parent": 403}),
        only({"outsider": 302}),
        method="post",
    ),
    "pupils:my_pupils": Route(NO_ARGS, only({"teacher": 200, "ta": 200})),
    "pupils:my_children": Route(NO_ARGS, only({"parent": 200})),
    "audit:pupil_log": Route(PUPIL, STAFF_WITH_AUDIT, only({"outsider": 200})),
    "register:list": Route(SCHOOL, REGISTER_VIEW, only({"outsider": 200})),
    "register:export_csv": Route(SCHOOL, REGISTER_VIEW, only({"outsider": 200})),
    "register:export_xlsx": Route(SCHOOL, REGISTER_VIEW, only({"outsider": 200})),
    "register:decide": Route(PUPIL, SENDCO_CHANGE, SENDCO_CHANGE_OUTSIDE),
    # Decisions are reached only by those who may act on them: everyone else gets 404.
    "register:letter": Route(DECISION, REGISTER_VIEW, only({"outsider": 200})),
    "register:letter_pdf": Route(DECISION, REGISTER_VIEW, only({"outsider": 200})),
    "register:parents_informed": Route(DECISION, only({"sendco": 200, "head": 403}), SENDCO_CHANGE_OUTSIDE),
    "register:need_add": Route(PUPIL, SENDCO_CHANGE, SENDCO_CHANGE_OUTSIDE),
    "register:need_end": Route(NEED, SENDCO_CHANGE, SENDCO_CHANGE_OUTSIDE),
    "analytics:school": Route(SCHOOL, AGGREGATES, AGGREGATES_OUTSIDE),
    "analytics:trust": Route(lambda cast, target: [cast.trust.uid], only({"trust_admin": 200})),
    "analytics:local_authority": Route(lambda cast, target: [cast.la.code], only({"la_officer": 200})),
    "schools:terms": Route(SCHOOL, SETUP, only({"outsider": 200})),
    "schools:term_edit": Route(
        lambda cast, target: [target.school.urn, target.term.pk], SETUP, only({"outsider": 200})
    ),
    # The first allowed POST adds the year (302); later ones are told it exists (200): both are "allowed".
    "schools:terms_add_year": Route(
        SCHOOL,
        only({"sendco": ALLOWED, "head": ALLOWED, "school_admin": ALLOWED}),
        only({"outsider": ALLOWED}),
        method="post",
    ),
}


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


def test_every_url_is_in_the_matrix():
    missing = url_names() - set(ROUTES)
    stale = set(ROUTES) - url_names()
    assert not missing, f"Add these URLs to the access matrix: {sorted(missing)}"
    assert not stale, f"These URLs no longer exist: {sorted(stale)}"


def make_target(cast: Cast, *, outside: bool) -> Target:
    pupil = cast.other_pupil if outside else cast.pupil
    assert pupil is not None
    school = cast.other_school if outside else cast.school
    author = cast["outsider"] if outside else cast["sendco"]
    barrier = barrier_add(pupil=pupil, title="Fatigue", description="", adjustments=[], by=author)
    adjustment = adjustment_add(barrier=barrier, kind="adjustment", description="Rest breaks", by=author)
    return Target(
        pupil=pupil,
        school=school,
        decision=RegisterDecision.objects.filter(pupil=pupil).first(),
        need=Need.objects.filter(pupil=pupil, ended_on__isnull=True).first(),
        barrier=barrier,
        adjustment=adjustment,
        term=Term.objects.filter(school=school).first(),
    )


CASES = [
    (name, where)
    for name, route in ROUTES.items()
    for where in ("inside", "outside")
    if where == "inside" or route.outside
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "where"), CASES)
def test_access(cast, name, where):
    """Every role in turn; all mismatches are reported together. Write routes change state, so each role
    gets a fresh target (a POST that archives must not make the next role's request a 404)."""
    route = ROUTES[name]
    expected = (route.outside if where == "outside" else route.inside) or {}
    mismatches = []
    for role in ROLES:
        target = make_target(cast, outside=where == "outside")
        client = Client()
        client.force_login(cast[role])
        url = reverse(name, args=route.args(cast, target))
        status = getattr(client, route.method)(url, route.data).status_code
        if status != expected[role] and not (expected[role] == ALLOWED and status < 400):
            mismatches.append(f"{role}: expected {expected[role]}, got {status}")
    assert not mismatches, f"{route.method.upper()} {name} ({where}): " + "; ".join(mismatches)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [name for name, route in ROUTES.items() if name != "accounts:sign_in"])
def test_anonymous_users_are_sent_to_sign_in(cast, name):
    route = ROUTES[name]
    target = make_target(cast, outside=False)
    response = getattr(Client(), route.method)(reverse(name, args=route.args(cast, target)), route.data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))
