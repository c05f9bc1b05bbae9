"""The SEN register: dated status history, the decisions that change it, and ranked needs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from lib.census import need_types
from pupils.models import SenStatusCode

NeedCode = models.TextChoices(  # type: ignore[call-overload]
    "NeedCode", [(t.code, (t.code, f"{t.description} ({t.code})")) for t in need_types().values()]
)


class RegisterDecision(models.Model):
    """A recorded decision that changes a pupil's SEN provision (Code of Practice 6.43-6.45)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="register_decisions")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="register_decisions")
    from_status = models.CharField(max_length=1, choices=SenStatusCode.choices)
    to_status = models.CharField(max_length=1, choices=SenStatusCode.choices)
    decided_on = models.DateField()
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    parents_informed_on = models.DateField(null=True, blank=True)
    parents_informed_how = models.CharField(max_length=120, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(from_status=F("to_status")), name="decision_changes_status"),
            models.CheckConstraint(
                condition=Q(parents_informed_on__isnull=True) | Q(parents_informed_on__gte=F("decided_on")),
                name="decision_parents_informed_after_decision",
            ),
        ]


class SenStatus(models.Model):
    """A dated period at one census SEN provision. Rows are closed, never overwritten."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="sen_statuses")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=1, choices=SenStatusCode.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    decision = models.ForeignKey(RegisterDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name_plural = "SEN statuses"
        constraints = [
            models.UniqueConstraint(
                fields=["pupil"], condition=Q(ended_on__isnull=True), name="sen_status_one_open_per_pupil"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="sen_status_end_after_start"
            ),
            models.CheckConstraint(condition=Q(status__in=SenStatusCode.values), name="sen_status_valid"),
        ]


class Need(models.Model):
    """A census need type at a rank (1 = primary). A diagnosis is optional: see the child, not the label."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="needs")
    code = models.CharField(max_length=4, choices=NeedCode.choices)
    rank = models.PositiveSmallIntegerField()
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    ended_reason = models.CharField(max_length=250, blank=True)
    description = models.TextField(blank=True, help_text="How this need shows itself for this pupil.")
    diagnosis = models.CharField(max_length=200, blank=True)
    diagnosis_source = models.CharField(max_length=200, blank=True, help_text="Who made the diagnosis.")
    diagnosis_date = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["rank", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "rank"], condition=Q(ended_on__isnull=True), name="need_one_open_per_rank"
            ),
            models.UniqueConstraint(
                fields=["pupil", "code"], condition=Q(ended_on__isnull=True), name="need_one_open_per_code"
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="need_rank_positive"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="need_end_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["code", "ended_on", "pupil"], name="need_code_idx"),
            # Primary needs by school in the overviews: each pupil's open primary need, without the table.
            models.Index(
                fields=["pupil", "code"], condition=Q(rank=1, ended_on__isnull=True), name="need_open_primary_idx"
            ),
        ]

    @property
    def broad_area(self) -> str:
        return need_types()[self.code].broad_area
