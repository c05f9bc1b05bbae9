from __future__ import annotations

from django.db.models import QuerySet

from audit.models import AuditEvent
from pupils.models import Pupil


def pupil_audit_events(*, pupil: Pupil, action: str = "") -> QuerySet[AuditEvent]:
    """Every read and write of this pupil's record, newest first."""
    events = AuditEvent.objects.filter(pupil=pupil).select_related("actor").order_by("-at", "-id")
    if action:
        events = events.filter(action=action)
    return events
