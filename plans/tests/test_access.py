"""Access matrix for the plans app's URLs: every role, inside and outside the pupil's school (see tests/access.py)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from plans.models import Meeting, Outcome, PlannedProvision
from plans.tests.factories import OUTCOME as OUTCOME_VALUES
from plans.tests.test_documents import attach, private_media, start_cycle  # noqa: F401 - private_media is a fixture
from pupils.models import ProfileVersion
from pupils.services import profile_save_version
from tests.access import (
    ALLOWED,
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
CYCLE = lambda cast, target: [target.cycle.uid]  # noqa: E731
DOCUMENT = lambda cast, target: [target.document.uid]  # noqa: E731
# Staff who work with the pupil read cycles, their documents and PDFs; TAs also attach documents.
CYCLE_READ = only({"sendco": 200, "teacher": 200, "ta": 200, "head": 200})
NOTE_CHANGE = only({"sendco": 200, "teacher": 200, "ta": 200, "head": 403})
# The plan for parents, once shared: the pupil's parents too.
SHARED_PLAN_READ = only({"sendco": 200, "teacher": 200, "ta": 200, "head": 200, "parent": 200})

OUTCOME = lambda cast, target: [target.outcome.uid]  # noqa: E731
PLANNED = lambda cast, target: [target.planned.uid]  # noqa: E731
# Assess, plan and review: the SENDCo and the pupil's teachers; everyone else who sees the pupil gets 403.
CYCLE_CHANGE = only({"sendco": 200, "teacher": 200, "ta": 403, "head": 403})
CYCLE_START = only({"sendco": 200, "teacher": 200, "ta": 403, "head": 403, "parent": 403})
CYCLE_POST = only({"sendco": ALLOWED, "teacher": ALLOWED, "ta": 403, "head": 403})
CYCLE_ARCHIVE = only({"sendco": 302, "teacher": 302, "ta": 403, "head": 403})
OUTSIDER_ALLOWED = only({"outsider": ALLOWED})

ROUTES: dict[str, Route] = {
    "plans:cycle_start": Route(PUPIL, CYCLE_START, OUTSIDER_ONLY),
    "plans:cycle": Route(CYCLE, CYCLE_READ, OUTSIDER_ONLY),
    # A move the cycle is not ready for is refused with the page and its reasons (200): the access is what counts.
    "plans:cycle_move": Route(CYCLE, CYCLE_POST, OUTSIDER_ALLOWED, method="post", data={"to_state": "plan"}),
    "plans:needs_edit": Route(CYCLE, CYCLE_CHANGE, OUTSIDER_ONLY),
    "plans:voice_add": Route(lambda cast, target: [target.cycle.uid, "assess"], NOTE_CHANGE, OUTSIDER_ONLY),
    "plans:assessment_add": Route(CYCLE, NOTE_CHANGE, OUTSIDER_ONLY),
    "plans:plan_edit": Route(CYCLE, CYCLE_CHANGE, OUTSIDER_ONLY),
    "plans:outcome_add": Route(CYCLE, CYCLE_CHANGE, OUTSIDER_ONLY),
    "plans:outcome_edit": Route(OUTCOME, CYCLE_CHANGE, OUTSIDER_ONLY),
    "plans:outcome_archive": Route(OUTCOME, CYCLE_ARCHIVE, only({"outsider": 302}), method="post"),
    "plans:outcome_rate": Route(OUTCOME, CYCLE_CHANGE, OUTSIDER_ONLY),
    "plans:provision_add": Route(CYCLE, CYCLE_CHANGE, OUTSIDER_ONLY),
    "plans:provision_edit": Route(PLANNED, CYCLE_CHANGE, OUTSIDER_ONLY),
    "plans:provision_archive": Route(PLANNED, CYCLE_ARCHIVE, only({"outsider": 302}), method="post"),
    "plans:provision_impact": Route(PLANNED, CYCLE_CHANGE, OUTSIDER_ONLY),
    "plans:agreement": Route(CYCLE, CYCLE_CHANGE, OUTSIDER_ONLY),
    "plans:plan_share": Route(
        CYCLE, CYCLE_POST, OUTSIDER_ALLOWED, method="post", data={"shared_on": dt.date(2026, 1, 1).isoformat()}
    ),
    "plans:note_add": Route(CYCLE, NOTE_CHANGE, OUTSIDER_ONLY),
    "plans:review_edit": Route(CYCLE, CYCLE_CHANGE, OUTSIDER_ONLY),
    "plans:review_reschedule": Route(CYCLE, CYCLE_CHANGE, OUTSIDER_ONLY),
    "plans:review_share": Route(
        CYCLE, CYCLE_POST, OUTSIDER_ALLOWED, method="post", data={"shared_on": dt.date(2026, 1, 1).isoformat()}
    ),
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
    "plans:documents": Route(CYCLE, CYCLE_READ, OUTSIDER_ONLY),
    "plans:document_add": Route(CYCLE, NOTE_CHANGE, OUTSIDER_ONLY),
    "plans:document": Route(DOCUMENT, CYCLE_READ, OUTSIDER_ONLY),
    "plans:document_archive": Route(DOCUMENT, NOTE_CHANGE, OUTSIDER_ONLY),
    "plans:plan_pdf": Route(CYCLE, CYCLE_READ, OUTSIDER_ONLY),
    "plans:review_pdf": Route(CYCLE, CYCLE_READ, OUTSIDER_ONLY),
    "plans:profile_pdf": Route(PUPIL, PUPIL_READ, OUTSIDER_ONLY),
    "plans:parent_plan": Route(CYCLE, SHARED_PLAN_READ, OUTSIDER_ONLY),
    "plans:parent_plan_pdf": Route(CYCLE, SHARED_PLAN_READ, OUTSIDER_ONLY),
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
    # The pupil's open cycle (one per pupil), its plan shared with the parents; a fresh document for each role.
    cycle = start_cycle(cast, pupil)
    if cycle.plan_shared_with_parents_on is None:
        cycle.plan_shared_with_parents_on = today
        cycle.save(update_fields=["plan_shared_with_parents_on"])
    document = attach(cycle, cycle.started_by)
    if not ProfileVersion.objects.filter(pupil=pupil).exists():
        profile_save_version(pupil=pupil, data={"likes": "Drawing."}, change_note="", by=cycle.started_by)
    outcome = Outcome.objects.create(cycle=cycle, **OUTCOME_VALUES)
    planned = PlannedProvision.objects.create(
        cycle=cycle,
        kind=PlannedProvision.Kind.ADJUSTMENT,
        description="Visual timetable",
        delivered_by="Class teacher",
        frequency="Every day",
        starts_on=cycle.started_on,
    )
    return SimpleNamespace(
        pupil=pupil,
        school=school,
        meeting=meeting,
        shared_meeting=shared_meeting,
        cycle=cycle,
        document=document,
        outcome=outcome,
        planned=planned,
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("private_media")
@pytest.mark.parametrize(("name", "where"), cases(ROUTES))
def test_access(cast, name, where):
    check_route(cast, name, ROUTES[name], where, make_target)


@pytest.mark.django_db
@pytest.mark.usefixtures("private_media")
@pytest.mark.parametrize("name", list(ROUTES))
def test_anonymous_users_are_sent_to_sign_in(cast, name):
    check_anonymous(cast, name, ROUTES[name], make_target)
