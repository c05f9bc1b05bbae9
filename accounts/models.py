"""People who sign in, and the roles they hold in schools, trusts and local authorities."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import F, Q


class Role(models.TextChoices):
    SENDCO = "sendco", "SENDCo"
    TEACHER = "teacher", "Teacher"
    TEACHING_ASSISTANT = "ta", "Teaching assistant"
    HEAD = "head", "Headteacher or senior leader"
    GOVERNOR = "governor", "Governor (SEND link)"
    SCHOOL_ADMIN = "school_admin", "School administrator"
    TRUST_ADMIN = "trust_admin", "Trust administrator"
    LA_OFFICER = "la_officer", "Local authority officer"


SCHOOL_ROLES = frozenset(
    {Role.SENDCO, Role.TEACHER, Role.TEACHING_ASSISTANT, Role.HEAD, Role.GOVERNOR, Role.SCHOOL_ADMIN}
)
# Roles that see every pupil in their school by name.
WHOLE_SCHOOL_ROLES = frozenset({Role.SENDCO, Role.HEAD})
# Roles that see pupils they teach or support, through teaching groups.
GROUP_ROLES = frozenset({Role.TEACHER, Role.TEACHING_ASSISTANT})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0]


class Membership(models.Model):
    """A role held by a user in one school, one trust or one local authority, from a date."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    trust = models.ForeignKey(
        "schools.Trust", on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    local_authority = models.ForeignKey(
        "schools.LocalAuthority", on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        role__in=sorted(SCHOOL_ROLES),
                        school__isnull=False,
                        trust__isnull=True,
                        local_authority__isnull=True,
                    )
                    | Q(role=Role.TRUST_ADMIN, school__isnull=True, trust__isnull=False, local_authority__isnull=True)
                    | Q(role=Role.LA_OFFICER, school__isnull=True, trust__isnull=True, local_authority__isnull=False)
                ),
                name="membership_scope_matches_role",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="membership_end_after_start"
            ),
        ]
        indexes = [models.Index(fields=["user", "ended_on"], name="membership_user_idx")]

    def __str__(self) -> str:
        scope = self.school or self.trust or self.local_authority
        return f"{self.get_role_display()} — {scope}"
