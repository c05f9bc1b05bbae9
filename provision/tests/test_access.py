"""Access matrix for the provision app's URLs: every role, inside and outside the pupil's school (see tests/access.py)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from tests.access import Route, cases, check_anonymous, check_route
from tests.cast import Cast

ROUTES: dict[str, Route] = {}


def make_target(cast: Cast, *, outside: bool) -> Any:
    pupil = cast.other_pupil if outside else cast.pupil
    school = cast.other_school if outside else cast.school
    return SimpleNamespace(pupil=pupil, school=school)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "where"), cases(ROUTES))
def test_access(cast, name, where):
    check_route(cast, name, ROUTES[name], where, make_target)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(ROUTES))
def test_anonymous_users_are_sent_to_sign_in(cast, name):
    check_anonymous(cast, name, ROUTES[name], make_target)
