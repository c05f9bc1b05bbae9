"""Access matrix for the provision app's URLs: every role, inside and outside the pupil's school (see tests/access.py)."""

from __future__ import annotations

import itertools
from types import SimpleNamespace
from typing import Any

import pytest

from provision.services import group_place_add
from provision.tests.helpers import make_group, make_intervention
from tests.access import PUPIL, SCHOOL, SETUP, Route, cases, check_anonymous, check_route, only
from tests.cast import Cast

GROUP = lambda cast, target: [target.group.uid]  # noqa: E731
PLACE = lambda cast, target: [target.place.uid]  # noqa: E731
INTERVENTION = lambda cast, target: [target.intervention.uid]  # noqa: E731

_serial = itertools.count(1)

OUTSIDE = only({"outsider": 200})
CATALOGUE = only({"sendco": 200, "head": 200, "school_admin": 200, "teacher": 200, "ta": 200})
CATALOGUE_CHANGE = only({"sendco": 200, "head": 403, "school_admin": 403, "teacher": 403, "ta": 403})
GROUPS = only({"sendco": 200, "head": 200, "teacher": 200, "ta": 200})
GROUP_ADD = only({"sendco": 200, "head": 403, "teacher": 403, "ta": 403})
# The cast's TA runs the group; the teacher does not, so it is out of their sight.
GROUP_READ = only({"sendco": 200, "head": 200, "ta": 200})
GROUP_MANAGE = only({"sendco": 200, "head": 403, "ta": 403})
GROUP_LOG = only({"sendco": 200, "head": 403, "ta": 200})
COSTED_MAP = only({"sendco": 200, "head": 200, "teacher": 403, "ta": 403, "parent": 403})

ROUTES: dict[str, Route] = {
    "provision:catalogue": Route(SCHOOL, CATALOGUE, OUTSIDE),
    "provision:intervention_add": Route(SCHOOL, CATALOGUE_CHANGE, OUTSIDE),
    "provision:intervention_edit": Route(INTERVENTION, CATALOGUE_CHANGE, OUTSIDE),
    "provision:rates": Route(SCHOOL, SETUP, OUTSIDE),
    "provision:budget": Route(SCHOOL, SETUP, OUTSIDE),
    "provision:groups": Route(SCHOOL, GROUPS, OUTSIDE),
    "provision:group_add": Route(SCHOOL, GROUP_ADD, OUTSIDE),
    "provision:group": Route(GROUP, GROUP_READ, OUTSIDE),
    "provision:place_add": Route(GROUP, GROUP_MANAGE, OUTSIDE),
    "provision:log_week": Route(GROUP, GROUP_LOG, OUTSIDE),
    "provision:place_end": Route(PLACE, GROUP_MANAGE, OUTSIDE),
    "provision:place_scores": Route(PLACE, GROUP_LOG, OUTSIDE),
    "provision:map": Route(SCHOOL, SETUP, OUTSIDE),
    "provision:impact": Route(SCHOOL, SETUP, OUTSIDE),
    "provision:pupil_map": Route(PUPIL, COSTED_MAP, OUTSIDE),
    "provision:pupil_map_csv": Route(PUPIL, COSTED_MAP, OUTSIDE),
    "provision:pupil_map_xlsx": Route(PUPIL, COSTED_MAP, OUTSIDE),
    "provision:pupil_map_pdf": Route(PUPIL, COSTED_MAP, OUTSIDE),
}


def make_target(cast: Cast, *, outside: bool) -> Any:
    pupil = cast.other_pupil if outside else cast.pupil
    school = cast.other_school if outside else cast.school
    sendco = cast["outsider"] if outside else cast["sendco"]
    intervention = make_intervention(school, sendco, name=f"Catch-up literacy {next(_serial)}")
    group = make_group(school, sendco, intervention=intervention, staff=None if outside else cast["ta"])
    assert pupil is not None
    place = group_place_add(group=group, pupil=pupil, started_on=group.starts_on, by=sendco)
    return SimpleNamespace(pupil=pupil, school=school, group=group, place=place, intervention=intervention)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "where"), cases(ROUTES))
def test_access(cast, name, where):
    check_route(cast, name, ROUTES[name], where, make_target)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(ROUTES))
def test_anonymous_users_are_sent_to_sign_in(cast, name):
    check_anonymous(cast, name, ROUTES[name], make_target)
