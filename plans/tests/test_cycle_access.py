"""The hand-written access check of a support cycle agrees with cycles_visible_to() and reads what the ORM reads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.test import RequestFactory

from audit.models import AuditEvent
from plans.models import SupportCycle
from plans.permissions import access_cycle_by_uid, cycles_visible_to
from plans.tests.factories import start_cycle
from pupils.models import Pupil
from schools.models import School
from tests.cast import ROLES, make_pupil, place_on_support


def _cycles(cast) -> list[SupportCycle]:
    """A cycle of each of the cast's pupils, and one of a pupil archived since."""
    archived = place_on_support(make_pupil(cast.school, forename="Old", surname="Record"), cast["sendco"])
    cycles = [
        start_cycle(cast.pupil, cast["sendco"]),
        start_cycle(cast.untaught_pupil, cast["sendco"]),
        start_cycle(cast.other_pupil, cast["outsider"]),
        start_cycle(archived, cast["sendco"]),
    ]
    Pupil.objects.filter(pk=archived.pk).update(archived_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    return cycles


def test_the_cycle_s_access_check_agrees_with_the_visible_cycles(cast):
    cycles = _cycles(cast)
    for role in ROLES:
        user = cast[role]
        visible = set(cycles_visible_to(user).values_list("pk", flat=True))
        for cycle in cycles:
            request = RequestFactory().get("/")
            request.user = type(user).objects.get(pk=user.pk)  # no cached access between cycles
            if cycle.pk not in visible:
                with pytest.raises(Http404):
                    access_cycle_by_uid(request, cycle.uid)
                continue
            found = access_cycle_by_uid(request, str(cycle.uid))
            expected = SupportCycle.objects.select_related("pupil", "school").get(pk=cycle.pk)
            for model, got, wanted in (
                (SupportCycle, found, expected),
                (Pupil, found.pupil, expected.pupil),
                (School, found.school, expected.school),
            ):
                for field in model._meta.concrete_fields:
                    assert getattr(got, field.attname) == getattr(wanted, field.attname), (role, field.name)
    # Every role that reads cycles saw at least one, and no one saw the archived pupil's.
    assert {role for role in ROLES if cycles_visible_to(cast[role]).exists()} >= {"sendco", "head", "teacher", "ta"}
    assert not any(cycles_visible_to(cast[role]).filter(pk=cycles[-1].pk).exists() for role in ROLES)


def test_the_check_audits_one_read_of_the_cycle_and_rejects_what_is_not_a_uid(cast):
    cycle = start_cycle(cast.pupil, cast["sendco"])
    request = RequestFactory().get("/")
    request.user = cast["sendco"]
    before = AuditEvent.objects.count()
    access_cycle_by_uid(request, cycle.uid)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.object_type, event.object_id, event.pupil_id, event.school_id, event.actor_id, event.detail) == (
        "plans.cycle",
        str(cycle.uid),
        cast.pupil.pk,
        cast.school.pk,
        cast["sendco"].pk,
        {},
    )
    for bad in ("not-a-uid", "00000000-0000-0000-0000-000000000000"):
        with pytest.raises(Http404):
            access_cycle_by_uid(request, bad)
