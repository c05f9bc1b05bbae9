from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AuditAction, AuditEvent
from audit.services import audit_record

pytestmark = pytest.mark.django_db


def make_event(cast):
    return audit_record(actor=cast["sendco"], action=AuditAction.VIEW, object_type="pupil.record", pupil=cast.pupil)


def test_an_event_records_the_pupils_school(cast):
    event = make_event(cast)
    assert event.school_id == cast.school.pk
    assert event.at.tzinfo is not None


def test_the_model_refuses_to_change_or_delete_an_event(cast):
    event = make_event(cast)
    event.action = AuditAction.UPDATE
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_the_queryset_refuses_bulk_update_and_delete(cast):
    make_event(cast)
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(action="update")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_an_update_that_bypasses_django(cast):
    """The trigger from migration 0002, on whichever database the suite runs (SQLite or PostgreSQL)."""
    event = make_event(cast)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'update' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "view"


def test_lookups_by_actor_and_pupil_use_the_dated_indexes_alone():
    """Migration 0003 dropped the foreign keys' own indexes, which repeated the dated ones' leading column."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, AuditEvent._meta.db_table)
    indexed = [tuple(details["columns"]) for details in constraints.values() if details["index"]]

    assert ("actor_id",) not in indexed
    assert ("pupil_id",) not in indexed
    assert ("actor_id", "at") in indexed
    assert ("pupil_id", "at") in indexed
