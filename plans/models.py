"""The graduated approach (SEND Code of Practice 6.44-6.56): support cycles of Assess, Plan, Do, Review,
what was learned carried into the next cycle, the views of pupil and parents, and meetings with parents (6.65).

A cycle's plan can be changed by several adults; `plan_version` goes up with every change to the plan (its
fields, outcomes and provision), so a save based on an older version is refused instead of overwriting.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class CycleState(models.TextChoices):
    ASSESS = "assess", "Assess"
    PLAN = "plan", "Plan"
    DO = "do", "Do"
    REVIEW = "review", "Review"
    CLOSED = "closed", "Closed"


# Every move a cycle may make (django-oscar style: one map, one method that moves, a history row).
# A plan may go back to assess when more needs to be found out before it can be agreed.
TRANSITIONS: dict[str, frozenset[str]] = {
    CycleState.ASSESS: frozenset({CycleState.PLAN}),
    CycleState.PLAN: frozenset({CycleState.DO, CycleState.ASSESS}),
    CycleState.DO: frozenset({CycleState.REVIEW}),
    CycleState.REVIEW: frozenset({CycleState.CLOSED}),
    CycleState.CLOSED: frozenset(),
}
OPEN_STATES = (CycleState.ASSESS, CycleState.PLAN, CycleState.DO, CycleState.REVIEW)
# States in which the plan is in force: it is shown to every adult who works with the pupil.
PLAN_IN_FORCE_STATES = (CycleState.DO, CycleState.REVIEW)


class ReviewDecision(models.TextChoices):
    """The decision at review (Code 6.54-6.56)."""

    ANOTHER_CYCLE = "another_cycle", "Another cycle of SEN support"
    QUALITY_FIRST = "quality_first", "Back to quality-first teaching"
    SPECIALIST = "specialist", "Involve a specialist"
    EHC_REQUEST = "ehc_request", "Request an EHC needs assessment"


class SupportCycle(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="support_cycles")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="support_cycles")
    number = models.PositiveSmallIntegerField(help_text="1 for the pupil's first cycle, then 2, 3, …")
    previous = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_cycle")
    state = models.CharField(max_length=8, choices=CycleState.choices, default=CycleState.ASSESS)
    started_on = models.DateField()
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    concern = models.TextField(
        "Why this cycle starts", help_text="The concern or the need to explore, in a sentence or two."
    )
    # Assess
    needs_summary = models.TextField("Summary of needs and barriers to learning", blank=True)
    # Plan
    plan_version = models.PositiveIntegerField(default=0)
    plan_changed_at = models.DateTimeField(null=True, blank=True)
    plan_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_due_on = models.DateField(null=True, blank=True)
    review_date_reason = models.CharField("Why the review is after the end of term", max_length=250, blank=True)
    review_moved_reason = models.CharField("Why the review date moved", max_length=250, blank=True)
    parents_at_home = models.TextField("What the parents will do at home", blank=True)
    parents_agreed_on = models.DateField(null=True, blank=True)
    parents_agreed_how = models.CharField(max_length=150, blank=True)
    pupil_agreed_on = models.DateField(null=True, blank=True)
    pupil_agreed_how = models.CharField(max_length=150, blank=True)
    plan_shared_with_parents_on = models.DateField(null=True, blank=True)
    # Review
    reviewed_on = models.DateField(null=True, blank=True)
    staff_views = models.TextField("Views of staff", blank=True)
    decision = models.CharField(max_length=16, choices=ReviewDecision.choices, blank=True)
    decision_notes = models.TextField(blank=True)
    # Learn: carried into the next cycle
    what_works = models.TextField("What works for this pupil", blank=True)
    what_doesnt = models.TextField("What doesn't work", blank=True)
    closed_on = models.DateField(null=True, blank=True)
    review_shared_with_parents_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "number"], name="cycle_unique_number"),
            models.UniqueConstraint(fields=["pupil"], condition=~Q(state="closed"), name="cycle_one_open_per_pupil"),
            models.CheckConstraint(condition=Q(state__in=CycleState.values), name="cycle_state_valid"),
            models.CheckConstraint(
                condition=Q(review_due_on__isnull=True) | Q(review_due_on__gte=F("started_on")),
                name="cycle_review_after_start",
            ),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decision__in=ReviewDecision.values), name="cycle_decision_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["school", "state", "review_due_on"], name="cycle_school_due_idx"),
        ]

    def __str__(self) -> str:
        return f"Support cycle {self.number}"

    @property
    def is_open(self) -> bool:
        return self.state != CycleState.CLOSED


class CycleTransition(models.Model):
    """One move of a cycle from a state to the next: who moved it and when. Never edited."""

    cycle = models.ForeignKey(SupportCycle, on_delete=models.PROTECT, related_name="transitions")
    from_state = models.CharField(max_length=8, choices=CycleState.choices, blank=True)
    to_state = models.CharField(max_length=8, choices=CycleState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["at", "id"]


class VoiceMethod(models.TextChoices):
    """Accessible ways of gathering a child's or a parent's views."""

    THREE_WISHES = "three_wishes", "Three wishes"
    GOOD_BAD_DAY = "good_bad_day", "Good day / bad day"
    PERFECT_WEEK = "perfect_week", "Perfect week"
    RELATIONSHIP_CIRCLE = "relationship_circle", "Relationship circle"
    CARD_SORT = "card_sort", "Card sort"
    KEY_ADULT = "key_adult", "Talk with a key adult (scribed)"
    PHOTOS = "photos", "Photos or drawings"
    CONVERSATION = "conversation", "Conversation or meeting"
    QUESTIONNAIRE = "questionnaire", "Questionnaire"
    WRITTEN = "written", "Written by them"


class Voice(models.Model):
    """The views of the pupil, the parents or staff at one stage of a cycle, with how they were gathered."""

    class Whose(models.TextChoices):
        PUPIL = "pupil", "The pupil"
        PARENT = "parent", "Parents or carers"

    class Stage(models.TextChoices):
        ASSESS = "assess", "Assess"
        REVIEW = "review", "Review"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(SupportCycle, on_delete=models.PROTECT, related_name="voices")
    whose = models.CharField(max_length=8, choices=Whose.choices)
    stage = models.CharField(max_length=8, choices=Stage.choices)
    method = models.CharField(max_length=24, choices=VoiceMethod.choices)
    given_by = models.CharField(
        max_length=120, blank=True, help_text="For parents: who gave these views, for example Mum."
    )
    views = models.TextField()
    gathered_on = models.DateField()
    gathered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["gathered_on", "id"]


class Assessment(models.Model):
    """What was found out at Assess: teacher assessment, attainment, observations, advice from outside agencies."""

    class Kind(models.TextChoices):
        TEACHER = "teacher", "Teacher assessment"
        ATTAINMENT = "attainment", "Attainment and progress"
        OBSERVATION = "observation", "Observation"
        AGENCY_ADVICE = "agency_advice", "Advice from an outside agency"
        SCREENING = "screening", "Screening or standardised test"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(SupportCycle, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=150)
    agency = models.CharField(
        max_length=120, blank=True, help_text="For advice: the service, for example speech and language therapy."
    )
    body = models.TextField("What was found")
    assessed_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessed_on", "id"]


def private_storage() -> FileSystemStorage:
    """Uploaded documents live outside the web root (MEDIA_ROOT, never served directly) and are served only
    through the access check. A callable, so that tests can point MEDIA_ROOT elsewhere."""
    # No location given: the storage reads MEDIA_ROOT when it is used, so a changed setting is followed.
    return FileSystemStorage(base_url=None)


def _document_path(instance: Document, filename: str) -> str:
    # The stored name is random: the original name may hold personal data and is kept only in the database.
    return f"cycles/{instance.uid.hex[:2]}/{instance.uid.hex}"


class Document(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(SupportCycle, on_delete=models.PROTECT, related_name="documents")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    title = models.CharField(max_length=150)
    original_name = models.CharField(max_length=200)
    file = models.FileField(storage=private_storage, upload_to=_document_path, max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]


class OutcomeRating(models.TextChoices):
    NOT_ACHIEVED = "not_achieved", "Not achieved"
    PARTLY = "partly", "Partly achieved"
    ACHIEVED = "achieved", "Achieved"
    EXCEEDED = "exceeded", "Exceeded"


MET_RATINGS = (OutcomeRating.ACHIEVED, OutcomeRating.EXCEEDED)


class Outcome(models.Model):
    """A specific, measurable outcome: what, how success looks, where the pupil starts, how and when it is measured."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(SupportCycle, on_delete=models.PROTECT, related_name="outcomes")
    position = models.PositiveSmallIntegerField(default=1)
    barrier = models.ForeignKey(
        "pupils.Barrier", on_delete=models.PROTECT, null=True, blank=True, related_name="outcomes"
    )
    carried_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="carried_into"
    )
    description = models.TextField("What the pupil will be able to do")
    success_criteria = models.TextField("How we will know it has been achieved")
    baseline = models.CharField("Where the pupil starts", max_length=250)
    target_value = models.CharField("Target", max_length=120, blank=True)
    measure_how = models.CharField("How it is measured", max_length=250)
    measure_when = models.CharField("When it is measured", max_length=120)
    measured_by = models.CharField("Who measures it", max_length=120)
    version = models.PositiveIntegerField(default=0)
    # Review
    rating = models.CharField(max_length=16, choices=OutcomeRating.choices, blank=True)
    measured_value = models.CharField("Measured at review", max_length=120, blank=True)
    evidence = models.TextField("Evidence", blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating="") | Q(rating__in=OutcomeRating.values), name="outcome_rating_valid"
            ),
            models.CheckConstraint(condition=~Q(success_criteria=""), name="outcome_has_success_criteria"),
        ]

    @property
    def met(self) -> bool:
        return self.rating in MET_RATINGS


class ProvisionImpact(models.TextChoices):
    NONE = "none", "No noticeable impact"
    SOME = "some", "Some impact"
    GOOD = "good", "Good impact"
    STRONG = "strong", "Strong impact"


class PlannedProvision(models.Model):
    """One adjustment or intervention on the plan: who, what, how often, from when."""

    class Kind(models.TextChoices):
        ADJUSTMENT = "adjustment", "Adjustment in class"
        INTERVENTION = "intervention", "Intervention"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(SupportCycle, on_delete=models.PROTECT, related_name="provisions")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    description = models.TextField("What")
    delivered_by = models.CharField("Who", max_length=120)
    frequency = models.CharField("How often", max_length=120)
    sessions_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    minutes_per_session = models.PositiveSmallIntegerField(null=True, blank=True)
    starts_on = models.DateField("From")
    ends_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="provisions")
    # An intervention from the school's catalogue, and the group the pupil joins for it (provision mapping).
    intervention = models.ForeignKey(
        "provision.Intervention", on_delete=models.PROTECT, null=True, blank=True, related_name="planned"
    )
    group = models.ForeignKey(
        "provision.InterventionGroup", on_delete=models.PROTECT, null=True, blank=True, related_name="planned"
    )
    # Review
    impact = models.CharField(max_length=8, choices=ProvisionImpact.choices, blank=True)
    impact_notes = models.TextField(blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="provision_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(impact="") | Q(impact__in=ProvisionImpact.values), name="provision_impact_valid"
            ),
        ]


class ProgressNote(models.Model):
    """Do: a dated note or piece of evidence against an outcome, or provision that was missed or changed."""

    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        EVIDENCE = "evidence", "Evidence of progress"
        MISSED = "missed", "Provision missed"
        CHANGED = "changed", "Provision changed"

    class MissedReason(models.TextChoices):
        STAFF_ABSENT = "staff_absent", "Staff absent"
        PUPIL_ABSENT = "pupil_absent", "Pupil absent"
        TRIP = "trip", "Trip or event"
        TIMETABLE = "timetable", "Timetable clash"
        ROOM = "room", "Room not available"
        PUPIL_DECLINED = "pupil_declined", "Pupil did not want to take part"
        OTHER = "other", "Other"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(SupportCycle, on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, null=True, blank=True, related_name="notes")
    provision = models.ForeignKey(
        PlannedProvision, on_delete=models.PROTECT, null=True, blank=True, related_name="notes"
    )
    reason = models.CharField(max_length=16, choices=MissedReason.choices, blank=True)
    text = models.TextField()
    noted_on = models.DateField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-noted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["missed", "changed"]) | Q(provision__isnull=False),
                name="note_missed_names_provision",
            ),
            models.CheckConstraint(condition=~Q(kind="missed") | ~Q(reason=""), name="note_missed_has_reason"),
        ]


class Meeting(models.Model):
    """A meeting with parents (Code 6.65: at least three a year for pupils on SEN support) and the note they get."""

    class Kind(models.TextChoices):
        PLAN = "plan", "Planning meeting"
        REVIEW = "review", "Review meeting"
        PROGRESS = "progress", "Progress meeting"
        OTHER = "other", "Other meeting"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="meetings")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="meetings")
    cycle = models.ForeignKey(SupportCycle, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    held_on = models.DateField()
    with_parents = models.BooleanField(default=True)
    attendees = models.TextField(help_text="Who came, one per line, with their role.")
    notes = models.TextField("What was discussed")
    actions = models.TextField("Agreed actions", blank=True, help_text="One per line: what, who, by when.")
    shared_with_parents_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(shared_with_parents_on__isnull=True) | Q(shared_with_parents_on__gte=F("held_on")),
                name="meeting_shared_after_held",
            ),
        ]
        indexes = [models.Index(fields=["school", "held_on"], name="meeting_school_held_idx")]
