"""Writing the audit trail of a list or export: one event per named pupil, and the list's own event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.test import RequestFactory

from audit import services
from audit.models import AuditAction, AuditEvent
from audit.services import AuditSummary, audit_record_pupils
from pupils.models import Pupil
from tests.cast import Cast


def _request():
    request = RequestFactory().get("/")
    request.META["REMOTE_ADDR"] = "192.0.2.10"
    return request


def _pupils(cast: Cast) -> list[Pupil]:
    return [pupil for pupil in (cast.pupil, cast.untaught_pupil, cast.other_pupil) if pupil is not None]


def test_each_named_pupil_gets_an_event_stored_as_the_orm_stores_one(cast: Cast) -> None:
    pupils = _pupils(cast)

    written = audit_record_pupils(
        actor=cast["sendco"],
        action=AuditAction.VIEW,
        object_type="register.list",
        pupils=pupils,
        request=_request(),
        detail={"page": 2},
    )

    assert written == len(pupils) == 3
    events = AuditEvent.objects.filter(object_type="register.list").order_by("id")
    assert [(event.pupil_id, event.school_id, event.object_id) for event in events] == [
        (pupil.pk, pupil.school_id, str(pupil.uid)) for pupil in pupils
    ]
    for event in events:
        assert event.actor_id == cast["sendco"].pk
        assert event.action == AuditAction.VIEW
        assert event.ip_address == "192.0.2.10"
        assert event.detail == {"page": 2}
        assert event.at.tzinfo is not None
        assert abs(event.at - events[0].at) < dt.timedelta(seconds=1)


def test_a_summary_is_the_lists_own_event_with_its_own_detail_and_no_pupil(cast: Cast) -> None:
    written = audit_record_pupils(
        actor=cast["sendco"],
        action=AuditAction.EXPORT,
        object_type="register.export",
        pupils=_pupils(cast)[:2],
        detail={"format": "csv"},
        summary=AuditSummary(object_id=cast.school.urn, school=cast.school, detail={"rows": 2, "sort": "name"}),
    )

    assert written == 2  # the pupils' events; the summary is one more
    own = AuditEvent.objects.get(object_type="register.export", pupil__isnull=True)
    assert own.object_id == str(cast.school.urn)
    assert own.school_id == cast.school.pk
    assert own.detail == {"rows": 2, "sort": "name"}
    assert own.ip_address is None
    named = AuditEvent.objects.filter(object_type="register.export", pupil__isnull=False)
    assert [event.detail for event in named] == [{"format": "csv"}, {"format": "csv"}]


def test_a_long_list_is_written_in_batches(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "_BATCH", 2)
    pupils = _pupils(cast) * 3  # seven rows with the summary: four inserts

    written = audit_record_pupils(
        actor=cast["sendco"],
        action=AuditAction.EXPORT,
        object_type="register.export",
        pupils=pupils,
        summary=AuditSummary(object_id=cast.school.urn, school=cast.school),
    )

    assert written == 9
    assert AuditEvent.objects.filter(object_type="register.export").count() == 10


def test_a_list_that_fails_part_way_leaves_no_half_trail(
    transactional_db: None, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside a test transaction, as in production: the first batch was inserted, then rolled back."""
    monkeypatch.setattr(services, "_BATCH", 2)
    pupils = _pupils(cast) + _pupils(cast)[:1]

    def failing() -> Iterator[Pupil]:
        yield from pupils  # two batches of two are written...
        raise RuntimeError("the export's query failed")  # ...then the third cannot be read

    with pytest.raises(RuntimeError):
        audit_record_pupils(
            actor=cast["sendco"], action=AuditAction.EXPORT, object_type="register.export", pupils=failing()
        )

    assert not AuditEvent.objects.filter(object_type="register.export").exists()
