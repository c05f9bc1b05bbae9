"""Pupils, their enrolment history, families, groups, profiles and barriers to learning."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from lib.school_year import YEAR_GROUPS


class YearGroup(models.TextChoices):
    N1 = "N1", "Nursery 1"
    N2 = "N2", "Nursery 2"
    R = "R", "Reception"
    Y1 = "1", "Year 1"
    Y2 = "2", "Year 2"
    Y3 = "3", "Year 3"
    Y4 = "4", "Year 4"
    Y5 = "5", "Year 5"
    Y6 = "6", "Year 6"
    Y7 = "7", "Year 7"
    Y8 = "8", "Year 8"
    Y9 = "9", "Year 9"
    Y10 = "10", "Year 10"
    Y11 = "11", "Year 11"
    Y12 = "12", "Year 12"
    Y13 = "13", "Year 13"
    Y14 = "14", "Year 14"


assert tuple(YearGroup.values) == YEAR_GROUPS  # noqa: S101 - one list of year groups, checked at import


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"


class SenStatusCode(models.TextChoices):
    """Census SENprovision."""

    NONE = "N", "No SEN"
    SUPPORT = "K", "SEN support"
    EHC_PLAN = "E", "EHC plan"


class Pupil(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    upn = models.CharField("UPN", max_length=13, unique=True)
    legal_forename = models.CharField(max_length=100)
    legal_surname = models.CharField(max_length=100)
    preferred_forename = models.CharField(max_length=100, blank=True)
    preferred_surname = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    year_group = models.CharField(max_length=2, choices=YearGroup.choices)
    out_of_year_group = models.BooleanField(
        default=False,
        help_text="Taught a year above or below the chronological year group (for example a summer-born child).",
    )
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="pupils")
    free_school_meals = models.BooleanField(default=False)
    pupil_premium = models.BooleanField(default=False)
    eal = models.BooleanField("English as an additional language", default=False)
    looked_after = models.BooleanField(default=False)
    # The current census SEN provision, kept equal to the open SenStatus row by register.services
    # in the same transaction; the history lives in register.SenStatus.
    sen_status = models.CharField(max_length=1, choices=SenStatusCode.choices, default=SenStatusCode.NONE)
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(sen_status__in=SenStatusCode.values), name="pupil_sen_status_valid"),
            models.CheckConstraint(condition=Q(year_group__in=YEAR_GROUPS), name="pupil_year_group_valid"),
        ]
        indexes = [
            models.Index(
                fields=["school", "sen_status", "legal_surname", "legal_forename", "id"], name="pupil_register_idx"
            ),
            models.Index(fields=["school", "legal_surname", "legal_forename", "id"], name="pupil_school_name_idx"),
            # The counts of trust and LA overviews: every live pupil's school and status, without the table.
            models.Index(
                fields=["school", "sen_status"], condition=Q(archived_at__isnull=True), name="pupil_live_status_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def forename(self) -> str:
        return self.preferred_forename or self.legal_forename

    @property
    def surname(self) -> str:
        return self.preferred_surname or self.legal_surname

    @property
    def display_name(self) -> str:
        return f"{self.forename} {self.surname}"


# A pupil's details as the school's MIS holds them: what the details form edits and the service validates.
DETAIL_FIELDS = (
    "upn",
    "legal_forename",
    "legal_surname",
    "preferred_forename",
    "preferred_surname",
    "date_of_birth",
    "sex",
    "year_group",
    "out_of_year_group",
    "free_school_meals",
    "pupil_premium",
    "eal",
    "looked_after",
)


class Enrolment(models.Model):
    """One period at one school. A pupil belongs to one school at a time; history is kept."""

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="enrolments")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="enrolments")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil"], condition=Q(ended_on__isnull=True), name="enrolment_one_open_per_pupil"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="enrolment_end_after_start"
            ),
        ]


class GroupMembership(models.Model):
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="group_memberships")
    group = models.ForeignKey("schools.TeachingGroup", on_delete=models.CASCADE, related_name="memberships")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="group_membership_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["group", "ended_on"], name="group_membership_group_idx")]


class ParentLink(models.Model):
    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        STEP_PARENT = "step_parent", "Step-parent"
        GRANDPARENT = "grandparent", "Grandparent"
        FOSTER_CARER = "foster_carer", "Foster carer"
        CARER = "carer", "Carer"
        OTHER = "other", "Other relative"

    parent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="parent_links")
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="parent_links")
    relationship = models.CharField(max_length=16, choices=Relationship.choices)
    parental_responsibility = models.BooleanField(default=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "pupil"], condition=Q(ended_on__isnull=True), name="parent_link_unique_open"
            ),
        ]


class ProfileVersion(models.Model):
    """One version of the one-page profile. Never edited: a change is a new version (Code 6.49)."""

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="profile_versions")
    number = models.PositiveIntegerField()
    admire = models.TextField("What people like and admire about me", blank=True)
    important_to_me = models.TextField("What is important to me", blank=True)
    how_to_support = models.TextField("How best to support me", blank=True)
    communication = models.TextField("How I communicate", blank=True)
    likes = models.TextField("What I like", blank=True)
    dislikes = models.TextField("What I don't like", blank=True)
    strengths = models.TextField("My strengths", blank=True)
    medical_needs = models.TextField("My medical needs", blank=True)
    strategies_that_work = models.TextField("Strategies that work for me", blank=True)
    strategies_that_dont = models.TextField("Strategies that don't work for me", blank=True)
    named_adult = models.CharField("My named adult (chosen by me)", max_length=150, blank=True)
    change_note = models.CharField(max_length=250, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    PROFILE_FIELDS = (
        "admire",
        "important_to_me",
        "how_to_support",
        "communication",
        "likes",
        "dislikes",
        "strengths",
        "medical_needs",
        "strategies_that_work",
        "strategies_that_dont",
        "named_adult",
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "number"], name="profile_version_unique_number"),
        ]


class Barrier(models.Model):
    """Something that stands between this pupil and learning. Plans start from barriers, not targets."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="barriers")
    title = models.CharField(max_length=120, help_text="For example: fatigue, anxiety, low working memory.")
    description = models.TextField(blank=True, help_text="What it looks like for this pupil, and when.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_reason = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["created_at", "id"]


class Adjustment(models.Model):
    class Kind(models.TextChoices):
        ADJUSTMENT = "adjustment", "Adjustment"
        ACCOMMODATION = "accommodation", "Accommodation"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    barrier = models.ForeignKey(Barrier, on_delete=models.PROTECT, related_name="adjustments")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.ADJUSTMENT)
    description = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
