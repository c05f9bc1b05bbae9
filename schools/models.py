"""Organisations (local authorities, trusts), schools, academic years, terms and teaching groups."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q


class LocalAuthority(models.Model):
    code = models.CharField(
        "LA code", max_length=3, unique=True, validators=[RegexValidator(r"^\d{3}$", "An LA code is three digits.")]
    )
    name = models.CharField(max_length=120)

    class Meta:
        verbose_name_plural = "local authorities"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Trust(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=160)
    companies_house_number = models.CharField(max_length=8, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    class Phase(models.TextChoices):
        NURSERY = "nursery", "Nursery"
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"
        ALL_THROUGH = "all_through", "All-through"
        SPECIAL = "special", "Special"
        ALTERNATIVE_PROVISION = "ap", "Alternative provision"

    urn = models.PositiveIntegerField(
        "URN", unique=True, validators=[MinValueValidator(100000), MaxValueValidator(999999)]
    )
    name = models.CharField(max_length=160)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="schools")
    establishment_number = models.CharField(
        max_length=4, validators=[RegexValidator(r"^\d{4}$", "An establishment number is four digits.")]
    )
    phase = models.CharField(max_length=16, choices=Phase.choices)
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="schools", null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "establishment_number"], name="school_unique_laestab"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def laestab(self) -> str:
        """The DfE number: LA code followed by the establishment number."""
        return f"{self.local_authority.code}{self.establishment_number}"


class AcademicYear(models.Model):
    """1 September to 31 August. start_year 2026 is the year 2026/27."""

    start_year = models.PositiveSmallIntegerField(unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="academic_year_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"


class Term(models.Model):
    """A school's own term dates: academies and LAs set different ones, so they are per school."""

    class Name(models.TextChoices):
        AUTUMN = "autumn", "Autumn"
        SPRING = "spring", "Spring"
        SUMMER = "summer", "Summer"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="terms")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="terms")
    name = models.CharField(max_length=8, choices=Name.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["school", "academic_year", "name"], name="term_unique_per_school_year"),
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="term_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_name_display()} {self.academic_year}"


class TeachingGroup(models.Model):
    """A registration class or a teaching group (a set, a subject class, an intervention group)."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", "Registration class"
        TEACHING = "teaching", "Teaching group"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="groups")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(max_length=60)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    subject = models.CharField(max_length=60, blank=True)
    year_group = models.CharField(max_length=2, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "academic_year", "name"], name="group_unique_name_per_year"),
        ]

    def __str__(self) -> str:
        return self.name


class StaffAssignment(models.Model):
    """A member of staff who teaches or supports a group."""

    class Role(models.TextChoices):
        TEACHER = "teacher", "Teacher"
        TEACHING_ASSISTANT = "ta", "Teaching assistant"

    group = models.ForeignKey(TeachingGroup, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(max_length=8, choices=Role.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="assignment_end_after_start"
            ),
        ]
        indexes = [models.Index(fields=["user", "ended_on"], name="assignment_user_idx")]
