"""Every URL by every role by inside and outside the pupil's school, with the expected status.

Adding a URL without listing it in a matrix fails test_every_url_is_in_the_matrix. "Inside" targets the
cast's home school (Oakfield) and its pupil; "outside" targets the other school of the same trust
and LA (Riverside), where only the outsider (Riverside's SENDCo) works. The plans and provision apps keep
their own matrices in <app>/tests/test_access.py, built from tests/access.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from plans.tests.test_access import ROUTES as PLANS_ROUTES
from provision.tests.test_access import ROUTES as PROVISION_ROUTES
from pupils.services import adjustment_add, barrier_add
from register.models import Need, RegisterDecision
from schools.models import Term
from tests.access import (
    AGGREGATES,
    AGGREGATES_OUTSIDE,
    ALLOWED,
    BARRIER,
    DECISION,
    NEED,
    NO_ARGS,
    PROFILE_CHANGE,
    PROFILE_CHANGE_OUTSIDE,
    PUPIL,
    PUPIL_READ,
    PUPIL_READ_OUTSIDE,
    REGISTER_VIEW,
    SCHOOL,
    SENDCO_CHANGE,
    SENDCO_CHANGE_OUTSIDE,
    SETUP,
    STAFF_WITH_AUDIT,
    Route,
    cases,
    check_anonymous,
    check_route,
    only,
    url_names,
)
from tests.cast import Cast


@dataclass
class Target:
    pupil: Any
    school: Any
    decision: Any
    need: Any
    barrier: Any
    adjustment: Any
    term: Any


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


def test_every_url_is_in_the_matrix():
    listed = set(ROUTES) | set(PLANS_ROUTES) | set(PROVISION_ROUTES)
    missing = url_names() - listed
    stale = listed - url_names()
    assert not missing, f"Add these URLs to an access matrix: {sorted(missing)}"
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


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "where"), cases(ROUTES))
def test_access(cast, name, where):
    check_route(cast, name, ROUTES[name], where, make_target)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [name for name in ROUTES if name != "accounts:sign_in"])
def test_anonymous_users_are_sent_to_sign_in(cast, name):
    check_anonymous(cast, name, ROUTES[name], make_target)
