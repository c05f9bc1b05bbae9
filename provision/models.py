"""The provision map: the school's catalogue of interventions, staff rates, groups, sessions, attendance and scores."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from lib.census import BROAD_AREAS


class AreaOfNeed(models.TextChoices):
    """The four broad areas of the Code of Practice (6.28-6.35), spelt as lib.census.BROAD_AREAS and the register."""

    COMMUNICATION = BROAD_AREAS[0], BROAD_AREAS[0]
    COGNITION = BROAD_AREAS[1], BROAD_AREAS[1]
    SEMH = BROAD_AREAS[2], BROAD_AREAS[2]
    SENSORY_PHYSICAL = BROAD_AREAS[3], BROAD_AREAS[3]


class StaffRole(models.TextChoices):
    """Who delivers provision, for costing. Not the sign-in roles: an HLTA or a therapist signs in as a TA or not at all."""

    TEACHING_ASSISTANT = "ta", "Teaching assistant"
    HLTA = "hlta", "Higher level teaching assistant"
    TEACHER = "teacher", "Teacher"
    SENDCO = "sendco", "SENDCo"
    LEARNING_MENTOR = "mentor", "Learning mentor"
    SPEECH_THERAPIST = "salt", "Speech and language therapist"
    OCCUPATIONAL_THERAPIST = "ot", "Occupational therapist"
    COUNSELLOR = "counsellor", "Counsellor"
    EDUCATIONAL_PSYCHOLOGIST = "ep", "Educational psychologist"


class Evidence(models.TextChoices):
    STRONG = "strong", "Strong"
    MODERATE = "moderate", "Moderate"
    LIMITED = "limited", "Limited"
    UNKNOWN = "unknown", "Unknown"


class InterventionKind(models.TextChoices):
    GROUP = "group", "Small group"
    ONE_TO_ONE = "one_to_one", "One to one"
    IN_CLASS = "in_class", "In-class adjustment"
    RESOURCE = "resource", "Resource"


class Measure(models.TextChoices):
    """The measure taken at entry and exit. Reading and spelling ages are in months, so ratio gain applies."""

    READING_AGE = "reading_age", "Reading or spelling age (months)"
    STANDARDISED = "standardised", "Standardised score"
    BOXALL = "boxall", "Boxall profile"
    SDQ = "sdq", "Strengths and Difficulties Questionnaire (total difficulties)"
    CUSTOM = "custom", "Custom scale"
    NONE = "none", "No measure"


# Which direction is better for the fixed measures; a custom scale says its own.
MEASURE_HIGHER_IS_BETTER = {
    Measure.READING_AGE: True,
    Measure.STANDARDISED: True,
    Measure.BOXALL: True,  # the diagnostic profile's developmental strands: higher is better
    Measure.SDQ: False,  # total difficulties: lower is better
}


def measure_name_for(measure: str, label: str) -> str:
    """What the entry and exit scores measure: a custom scale's own name, else the measure's."""
    return label if measure == Measure.CUSTOM else Measure(measure).label


def improves_upwards_for(measure: str, higher_is_better: bool) -> bool:
    """Whether a higher score is better: fixed for the standard measures, set by the school for a custom scale."""
    return MEASURE_HIGHER_IS_BETTER.get(Measure(measure), higher_is_better)


class Intervention(models.Model):
    """One item in a school's catalogue: an intervention or adjustment, how it is run and what it costs."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="interventions")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    area = models.CharField(
        "Main area of need", max_length=48, choices=AreaOfNeed.choices, help_text="Used for the whole-school map."
    )
    other_areas = models.JSONField(
        "Other areas of need", default=list, blank=True, help_text="Broad areas the intervention also serves."
    )
    evidence = models.CharField("Strength of evidence", max_length=10, choices=Evidence.choices)
    kind = models.CharField("Type", max_length=12, choices=InterventionKind.choices)
    staff_role = models.CharField("Delivered by", max_length=12, choices=StaffRole.choices)
    group_size = models.PositiveSmallIntegerField("Default group size", default=1)
    sessions_per_week = models.PositiveSmallIntegerField(default=1)
    minutes_per_session = models.PositiveSmallIntegerField(default=30)
    weeks = models.PositiveSmallIntegerField("Default length in weeks", default=10)
    fixed_cost_per_term = models.DecimalField(
        "Fixed costs a term (£)",
        max_digits=9,
        decimal_places=2,
        default=0,
        help_text="Licences, materials and training, per group per term.",
    )
    measure = models.CharField("Entry and exit measure", max_length=12, choices=Measure.choices)
    measure_label = models.CharField("Name of the custom scale", max_length=80, blank=True)
    higher_is_better = models.BooleanField(
        "A higher score is better", default=True, help_text="For a custom scale: the direction of improvement."
    )
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"], condition=Q(archived_at__isnull=True), name="intervention_unique_name"
            ),
            models.CheckConstraint(condition=Q(area__in=BROAD_AREAS), name="intervention_area_valid"),
            models.CheckConstraint(condition=Q(evidence__in=Evidence.values), name="intervention_evidence_valid"),
            models.CheckConstraint(condition=Q(kind__in=InterventionKind.values), name="intervention_kind_valid"),
            models.CheckConstraint(condition=Q(staff_role__in=StaffRole.values), name="intervention_role_valid"),
            models.CheckConstraint(condition=Q(measure__in=Measure.values), name="intervention_measure_valid"),
            models.CheckConstraint(condition=Q(group_size__gte=1), name="intervention_group_size_positive"),
            models.CheckConstraint(
                condition=Q(sessions_per_week__gte=1, minutes_per_session__gte=1, weeks__gte=1),
                name="intervention_frequency_positive",
            ),
            models.CheckConstraint(condition=Q(fixed_cost_per_term__gte=0), name="intervention_fixed_cost_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def measure_name(self) -> str:
        return measure_name_for(self.measure, self.measure_label)

    @property
    def improves_upwards(self) -> bool:
        return improves_upwards_for(self.measure, self.higher_is_better)


class StaffRate(models.Model):
    """The hourly cost of a role (salary with on-costs), set by the school. Dated rows: a change closes the old rate."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="staff_rates")
    role = models.CharField(max_length=12, choices=StaffRole.choices)
    hourly_cost = models.DecimalField("Hourly cost (£)", max_digits=7, decimal_places=2)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "role"], condition=Q(ended_on__isnull=True), name="staff_rate_one_open_per_role"
            ),
            models.CheckConstraint(condition=Q(hourly_cost__gt=0), name="staff_rate_positive"),
            models.CheckConstraint(condition=Q(role__in=StaffRole.values), name="staff_rate_role_valid"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="staff_rate_end_after_start"
            ),
        ]


class InterventionGroup(models.Model):
    """An intervention as it runs: who leads it, when and where, for whom, from when to when."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="intervention_groups")
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(max_length=120)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="intervention_groups",
        null=True,
        blank=True,
        help_text="The member of staff who runs the group and logs its sessions.",
    )
    staff_role = models.CharField("Costed as", max_length=12, choices=StaffRole.choices)
    capacity = models.PositiveSmallIntegerField("Places")
    minutes_per_session = models.PositiveSmallIntegerField()
    room = models.CharField(max_length=60, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="intervention_group_capacity_positive"),
            models.CheckConstraint(condition=Q(minutes_per_session__gte=1), name="intervention_group_minutes_positive"),
            models.CheckConstraint(condition=Q(staff_role__in=StaffRole.values), name="intervention_group_role_valid"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="intervention_group_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["school", "ends_on"], name="intervention_group_school_idx")]

    def __str__(self) -> str:
        return self.name


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"


class TimetableSlot(models.Model):
    """When a group meets each week. The number of slots is the group's sessions a week."""

    group = models.ForeignKey(InterventionGroup, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField()

    class Meta:
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "weekday", "starts_at"], name="timetable_slot_unique"),
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=4), name="timetable_slot_weekday_valid"),
        ]


class Place(models.Model):
    """A pupil's place in a group, with entry and exit scores on the group's measure. Half-open dates."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(InterventionGroup, on_delete=models.CASCADE, related_name="places")
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="intervention_places")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    ended_reason = models.CharField(max_length=250, blank=True)
    entry_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    entry_on = models.DateField(null=True, blank=True)
    exit_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    exit_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "pupil"], condition=Q(ended_on__isnull=True), name="place_one_open_per_pupil"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")), name="place_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(entry_score__isnull=True, entry_on__isnull=True)
                | Q(entry_score__isnull=False, entry_on__isnull=False),
                name="place_entry_score_dated",
            ),
            models.CheckConstraint(
                condition=Q(exit_score__isnull=True, exit_on__isnull=True)
                | Q(exit_score__isnull=False, exit_on__isnull=False, entry_score__isnull=False),
                name="place_exit_needs_entry",
            ),
            models.CheckConstraint(
                condition=Q(exit_on__isnull=True) | Q(exit_on__gte=F("entry_on")), name="place_exit_after_entry"
            ),
        ]
        indexes = [models.Index(fields=["pupil", "ended_on"], name="place_pupil_idx")]


class SessionStatus(models.TextChoices):
    DELIVERED = "delivered", "Delivered"
    STAFF_ABSENT = "staff_absent", "Not delivered: staff absent"
    STAFF_REDEPLOYED = "staff_redeployed", "Not delivered: staff needed elsewhere"
    PUPILS_ABSENT = "pupils_absent", "Not delivered: pupils absent"
    TRIP = "trip", "Not delivered: trip or event"
    ROOM = "room", "Not delivered: no room"
    SCHOOL_CLOSED = "closed", "Not delivered: school closed"
    OTHER = "other", "Not delivered: another reason"


class Session(models.Model):
    """One timetabled meeting of a group, delivered or not.

    staff_cost and on_roll are written when the session is logged, so a later change of rate or roster does not
    rewrite history, and so costs per pupil can be summed in the database (staff_cost / on_roll; see lib.costs).
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(InterventionGroup, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    starts_at = models.TimeField()
    status = models.CharField(max_length=16, choices=SessionStatus.choices)
    minutes = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(max_length=200, blank=True)
    on_roll = models.PositiveSmallIntegerField(default=0)
    staff_cost = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_on", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "held_on", "starts_at"], name="session_unique_per_slot"),
            models.CheckConstraint(condition=Q(status__in=SessionStatus.values), name="session_status_valid"),
            models.CheckConstraint(
                condition=Q(status=SessionStatus.DELIVERED, minutes__gte=1)
                | (~Q(status=SessionStatus.DELIVERED) & Q(minutes=0, staff_cost=0)),
                name="session_minutes_match_status",
            ),
            models.CheckConstraint(condition=Q(staff_cost__gte=0), name="session_cost_not_negative"),
        ]
        indexes = [models.Index(fields=["group", "held_on"], name="session_group_date_idx")]

    @property
    def delivered(self) -> bool:
        return self.status == SessionStatus.DELIVERED


class Attendance(models.Model):
    """One row per pupil on the group's roll at a delivered session: present or not."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="intervention_attendances")
    present = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "pupil"], name="attendance_unique_per_session"),
        ]
        indexes = [models.Index(fields=["pupil", "session"], name="attendance_pupil_idx")]


class NotionalBudget(models.Model):
    """The school's notional SEN budget for an academic year, set by the school (from its LA funding statement)."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="notional_budgets")
    academic_year = models.ForeignKey("schools.AcademicYear", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField("Notional SEN budget (£)", max_digits=11, decimal_places=2)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "academic_year"], name="notional_budget_unique_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="notional_budget_not_negative"),
        ]
