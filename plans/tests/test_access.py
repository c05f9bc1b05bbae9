"""Access matrix for the plans app's URLs: every role, inside and outside the pupil's school (see tests/access.py)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from plans.models import Meeting
from tests.access import (
    NO_ARGS,
    PUPIL,
    PUPIL_READ,
    REGISTER_VIEW,
    SCHOOL,
    Route,
    cases,
    check_anonymous,
    check_route,
    only,
)
from tests.cast import Cast

MEETING = lambda cast, target: [target.meeting.uid]  # noqa: E731
SHARED_MEETING = lambda cast, target: [target.shared_meeting.uid]  # noqa: E731
# Staff who work with the pupil read meetings; the SENDCo and the pupil's teachers record and change them.
MEETING_READ = only({"sendco": 200, "teacher": 200, "ta": 200, "head": 200})
MEETING_CHANGE = only({"sendco": 200, "teacher": 200, "ta": 403, "head": 403})
OUTSIDER_ONLY = only({"outsider": 200})

ROUTES: dict[str, Route] = {
    "plans:pupil_meetings": Route(PUPIL, MEETING_READ, OUTSIDER_ONLY),
    "plans:meeting_add": Route(PUPIL, MEETING_CHANGE, OUTSIDER_ONLY),
    # A shared note: its parents read it too (an unshared one is a 404 for them: plans/tests/test_meetings_views.py).
    "plans:meeting": Route(SHARED_MEETING, PUPIL_READ, OUTSIDER_ONLY),
    "plans:meeting_pdf": Route(SHARED_MEETING, PUPIL_READ, OUTSIDER_ONLY),
    "plans:meeting_edit": Route(MEETING, MEETING_CHANGE, OUTSIDER_ONLY),
    "plans:meeting_share": Route(MEETING, MEETING_CHANGE, OUTSIDER_ONLY),
    "plans:meeting_archive": Route(MEETING, MEETING_CHANGE, OUTSIDER_ONLY),
    "plans:child_meetings": Route(PUPIL, only({"parent": 200}), only({})),
    "plans:queue": Route(SCHOOL, REGISTER_VIEW, OUTSIDER_ONLY),
    "plans:my_work": Route(NO_ARGS, only({"teacher": 200, "ta": 200})),
}


def make_target(cast: Cast, *, outside: bool) -> Any:
    pupil = cast.other_pupil if outside else cast.pupil
    school = cast.other_school if outside else cast.school
    assert pupil is not None
    today = timezone.localdate()
    meeting_values = {
        "pupil": pupil,
        "school": school,
        "kind": Meeting.Kind.PROGRESS,
        "held_on": today - dt.timedelta(days=1),
        "attendees": "Mum\nClass teacher",
        "notes": "Talked about reading.",
        "recorded_by": cast["sendco"],
    }
    meeting = Meeting.objects.create(**meeting_values)
    shared_meeting = Meeting.objects.create(**meeting_values, shared_with_parents_on=today)
    return SimpleNamespace(pupil=pupil, school=school, meeting=meeting, shared_meeting=shared_meeting)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "where"), cases(ROUTES))
def test_access(cast, name, where):
    check_route(cast, name, ROUTES[name], where, make_target)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(ROUTES))
def test_anonymous_users_are_sent_to_sign_in(cast, name):
    check_anonymous(cast, name, ROUTES[name], make_target)
