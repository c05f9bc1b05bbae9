"""The audit trail: every read and write of a named pupil, every export, every sign-in.

Rows are append-only. The application has no code path that updates or deletes them, the model and
its queryset refuse it, and a database trigger (migration 0002) refuses UPDATE on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    ARCHIVE = "archive", "Archived"
    EXPORT = "export", "Exported"
    PRINT = "print", "Printed or downloaded"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_OUT = "sign_out", "Signed out"


# Plain-English names for the parts of a record, shown in "who has seen this record".
OBJECT_LABELS = {
    "pupil.record": "Whole record",
    "pupil.summary": "Summary on a teacher's page",
    "pupil.details": "Pupil details",
    "pupil.profile": "One-page profile",
    "pupil.profile_history": "Profile history",
    "pupil.barrier": "Barrier to learning",
    "pupil.adjustment": "Adjustment",
    "pupil.audit_log": "This log",
    "pupil.edit": "Form to change the record",
    "register.list": "SEN register list",
    "register.export": "SEN register export",
    "register.decision": "Register decision",
    "register.need": "Need",
    "register.letter": "Letter to parents",
    "plans.meeting": "Meeting with parents",
    "plans.meetings": "List of meetings",
    "plans.meeting_note": "Meeting note for parents, or its PDF",
    "plans.parent_meetings": "Meeting notes shared with the parents",
    "plans.work_queue": "Work queue",
    "plans.document": "Document attached to a support cycle",
    "plans.parent_plan": "Plan for parents, or its PDF",
    "plans.plan": "Support plan, or its PDF",
    "plans.review": "Review of a support plan, or its PDF",
    "plans.cycle": "Support cycle",
    "plans.outcome": "Outcome on a support plan",
    "plans.provision": "Adjustment or intervention on a support plan",
    "plans.note": "Note or evidence in a support cycle",
    "plans.voice": "Views of the pupil or parents",
    "plans.assessment": "Assessment in a support cycle",
}


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # No index of their own on actor and pupil: (actor, -at) and (pupil, -at) below lead with them (0003).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    # What was touched, for example "pupil.profile" or "register.export".
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    pupil = models.ForeignKey(
        "pupils.Pupil", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["pupil", "-at"], name="audit_pupil_at_idx"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at_idx"),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events cannot be deleted.")

    @property
    def object_label(self) -> str:
        return OBJECT_LABELS.get(self.object_type, self.object_type)
