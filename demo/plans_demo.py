"""Support cycles, views, notes and meetings with parents for the demo's pupils on the register.

Runs after the schools, pupils and provision groups exist. Each pupil on SEN support gets a realistic history: for
some a closed earlier cycle whose unmet outcome and learning carried into the current one, and a current cycle at
some stage (a few pupils have none, so the SENDCo's work queue has something to show), with reviews overdue, due
soon and later, and a year of meetings with parents (some short of one a term). Rows go in with bulk_create, so it
scales to the LA-sized dataset.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model

from accounts.models import Membership, Role
from lib.census import broad_area_of
from lib.review_dates import bank_holidays_around, next_working_day
from plans.models import (
    CycleState,
    CycleTransition,
    Meeting,
    Outcome,
    PlannedProvision,
    ProgressNote,
    SupportCycle,
    Voice,
)
from provision.models import Place
from pupils.models import Pupil, SenStatusCode
from register.models import Need
from schools.models import School, StaffAssignment, Term

# Every model this module writes, for counting what the demo holds.
MODELS: tuple[type[Model], ...] = (
    SupportCycle,
    Outcome,
    PlannedProvision,
    PlannedProvision.outcomes.through,
    CycleTransition,
    Voice,
    ProgressNote,
    Meeting,
)

# Per broad area of need: (outcome, success criteria, baseline, target, how measured, measured at review).
OUTCOMES: dict[str, list[tuple[str, str, str, str, str, str]]] = {
    "Communication and interaction": [
        (
            "Ask an adult for help using a sentence starter card",
            "Asks for help this way in 4 of 5 lessons, seen over two weeks",
            "Asks in 1 of 5 lessons",
            "4 of 5 lessons",
            "Adult tally in lessons",
            "3 of 5 lessons",
        ),
        (
            "Take turns in a small-group game for 10 minutes",
            "Waits for a turn and passes on without a prompt, 3 sessions in a row",
            "2 minutes with prompts",
            "10 minutes, no prompts",
            "Observation in group sessions",
            "7 minutes, one prompt",
        ),
        (
            "Follow a two-step instruction given to the class",
            "Follows two-step class instructions 8 times out of 10",
            "3 times out of 10",
            "8 out of 10",
            "Teacher observation record",
            "6 out of 10",
        ),
        (
            "Use 20 new topic words correctly in speech",
            "Uses each word correctly in a sentence when asked",
            "6 of 20 words",
            "20 of 20 words",
            "Word check with TA",
            "15 of 20 words",
        ),
    ],
    "Cognition and learning": [
        (
            "Read a book at the next phonics phase with fewer than 3 errors a page",
            "3 pages in a row with fewer than 3 errors each",
            "8 errors a page",
            "2 errors a page",
            "Running record",
            "4 errors a page",
        ),
        (
            "Recall number bonds to 10 quickly",
            "All 11 bonds in under a minute, twice",
            "5 bonds in a minute",
            "11 in under a minute",
            "Timed check",
            "9 bonds in a minute",
        ),
        (
            "Write three sentences with capital letters and full stops",
            "Three independent pieces in a row meet this",
            "1 sentence with support",
            "3 independent sentences",
            "Work scrutiny",
            "3 sentences with one prompt",
        ),
        (
            "Spell 30 common exception words",
            "Spells them correctly in a weekly dictation",
            "11 of 30",
            "30 of 30",
            "Weekly dictation",
            "24 of 30",
        ),
    ],
    "Social, emotional and mental health": [
        (
            "Use the calm corner or a break card instead of leaving the room",
            "Uses it on each occasion over 3 weeks",
            "Leaves the room 5 times a week",
            "No leaving the room",
            "Incident log",
            "Leaves the room once a week",
        ),
        (
            "Settle to work within 5 minutes of the start of a lesson",
            "Settles within 5 minutes in 8 of 10 lessons",
            "Within 15 minutes",
            "Within 5 minutes",
            "Adult timing in lessons",
            "Within 8 minutes",
        ),
        (
            "Name two feelings and one strategy on the feelings chart",
            "Does so at the daily check-in for 2 weeks",
            "Names one feeling with help",
            "Two feelings and a strategy",
            "Daily check-in record",
            "Two feelings, strategy with help",
        ),
        (
            "Join a lunchtime club at least twice a week",
            "Attends twice a week for 4 weeks",
            "Does not attend",
            "Twice a week",
            "Club register",
            "Once a week",
        ),
    ],
    "Sensory and/or physical": [
        (
            "Form all lower-case letters correctly on the line",
            "A handwriting sample with every letter correctly formed",
            "14 of 26 letters",
            "26 of 26 letters",
            "Handwriting sample",
            "21 of 26 letters",
        ),
        (
            "Move around the classroom safely with the agreed layout",
            "No trips or bumps recorded in 4 weeks",
            "3 bumps a week",
            "None",
            "Adult record",
            "1 bump a week",
        ),
        (
            "Use the sloped board and pencil grip without a reminder",
            "Uses them unprompted in every writing lesson for 2 weeks",
            "With a reminder each time",
            "No reminders",
            "Teacher observation",
            "One reminder a day",
        ),
        (
            "Take part in PE with the adapted activities",
            "Joins every PE lesson for a half term",
            "Joins 1 in 3 lessons",
            "Every lesson",
            "PE register",
            "3 in 4 lessons",
        ),
    ],
}
ADJUSTMENTS: dict[str, list[str]] = {
    "Communication and interaction": [
        "Visual timetable on the desk",
        "Instructions given one step at a time, with a visual",
        "A quiet space to go to at busy times",
    ],
    "Cognition and learning": [
        "Word mat and phonics chart on the desk",
        "Reading buddy for whole-class texts",
        "Tasks chunked with a checklist",
    ],
    "Social, emotional and mental health": [
        "Meet and greet each morning with the key adult",
        "Break card agreed with every teacher",
        "Seat near the door and the teacher",
    ],
    "Sensory and/or physical": [
        "Sloped board and pencil grip",
        "Ear defenders for noisy tasks",
        "Movement break every 20 minutes",
    ],
}
CONCERNS = {
    "Communication and interaction": "Finds it hard to join in with talk in class and with friends.",
    "Cognition and learning": "Progress in reading and writing is well below what is expected for their age.",
    "Social, emotional and mental health": "Anxious in the mornings and often leaves lessons when work feels hard.",
    "Sensory and/or physical": "Finds handwriting tiring and painful; moving around the room is a worry.",
}
SUMMARIES = {
    "Communication and interaction": "Understands more than they can say. Struggles to follow instructions given to the whole class and to take turns. Strong visual memory.",
    "Cognition and learning": "Phonics gaps from phase 3; slow processing of print; good oral vocabulary and reasoning. Low working memory makes copying from the board hard.",
    "Social, emotional and mental health": "Anxiety at transitions and when work is new. Trusts two adults. Calms quickly with a movement break and a clear plan for the day.",
    "Sensory and/or physical": "Fatigue by the afternoon; fine motor skills behind peers; sensitive to noise. Keen to be independent.",
}
PUPIL_VIEWS = (
    (
        "three_wishes",
        "I wish I could read the comics my brother reads. I wish it was quieter at lunch. I wish I had a friend to sit with.",
    ),
    (
        "good_bad_day",
        "A good day is when I know what is happening. A bad day is when we have a supply teacher and it is loud.",
    ),
    ("perfect_week", "Art every day, reading with Mrs K, no spelling test, football at lunch."),
    ("relationship_circle", "Mum, Nan, my dog, Mr Davies and my friend Leo are in my circle."),
    ("card_sort", "I picked 'I like working with a partner' and 'I don't like writing a lot'."),
    ("key_adult", "Said (scribed by TA): I feel better when I can go to the calm corner before I get too cross."),
)
PARENT_VIEWS = (
    ("Mum", "Mornings are hard; homework ends in tears. We would like ideas for reading at home."),
    ("Dad", "He is happier this term. We think the small group helps. He still gets tired by Thursday."),
    ("Mum and Dad", "She talks about school more now. We worry about the move to secondary."),
    ("Grandma", "He reads to me at weekends now. He likes the reading buddy."),
)
NOTES = (
    "Read the whole page with two prompts, first time this term.",
    "Used the break card twice today and came back within 5 minutes each time.",
    "Asked for help with the sentence starter card in maths.",
    "Settled quickly after the meet and greet; good morning.",
    "Struggled after lunch; tired. Short movement break helped.",
    "Independent writing: three sentences, capital letters used.",
)
WHAT_WORKS = (
    "Short daily practice with a familiar adult; praise for effort; visual prompts.",
    "Knowing the plan for the day; a calm start; a named adult to go to.",
    "Small-group work with a partner; tasks in small steps with a checklist.",
)
WHAT_DOESNT = (
    "Reading aloud in front of the class; long instructions given to everyone at once.",
    "Changes without warning; noisy, crowded spaces; being rushed.",
    "Copying from the board; long writing tasks without a break.",
)
MEETING_NOTES = (
    "Talked about the plan and how reading practice at home is going. Parents pleased with progress in the group.",
    "Reviewed the outcomes. Agreed to keep the break card and add a check-in after lunch.",
    "Parents raised worries about tiredness; agreed to share the visual timetable with home.",
)
ACTIONS = (
    "Class teacher to send the word mat home (by Friday)\nParents to read with her three nights a week",
    "SENDCo to ask the educational psychologist for advice (this half term)",
    "TA to share weekly notes in the reading record",
)
STATES = (
    (None, 0.08),
    (CycleState.ASSESS, 0.08),
    (CycleState.PLAN, 0.12),
    (CycleState.DO, 0.56),
    (CycleState.REVIEW, 0.16),
)


@dataclass
class _Staff:
    sendco: int | None
    teachers: list[int]
    tas: list[int]

    def any(self, rng: random.Random) -> int | None:
        pool = self.teachers + self.tas
        return rng.choice(pool) if pool else self.sendco


class _Rows:
    def __init__(self) -> None:
        self.by_model: dict[type, list[Any]] = defaultdict(list)

    def add(self, obj: Any) -> Any:
        self.by_model[type(obj)].append(obj)
        return obj


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _staff_for(school: School, today: dt.date) -> _Staff:
    sendco = (
        Membership.objects.filter(school=school, role=Role.SENDCO, started_on__lte=today)
        .order_by("id")
        .values_list("user_id", flat=True)
        .first()
    )
    assignments = StaffAssignment.objects.filter(group__school=school).values_list("user_id", "role").distinct()
    return _Staff(
        sendco=sendco,
        teachers=sorted({user for user, role in assignments if role == "teacher"}),
        tas=sorted({user for user, role in assignments if role == "ta"}),
    )


class _SchoolCycles:
    def __init__(self, *, school: School, rng: random.Random, today: dt.date, rows: _Rows) -> None:
        self.school = school
        self.rng = rng
        self.today = today
        self.rows = rows
        self.staff = _staff_for(school, today)
        self.closed = bank_holidays_around(today - dt.timedelta(days=400))
        terms = list(
            Term.objects.filter(school=school, ends_on__gte=today - dt.timedelta(days=365))
            .select_related("academic_year")
            .order_by("starts_on")
        )
        self.year_terms = (
            [t for t in terms if t.academic_year.starts_on <= today <= t.academic_year.ends_on] if terms else []
        )
        self.cycles: list[tuple[SupportCycle, list[Outcome], list[PlannedProvision], list[list[Outcome]]]] = []

    def day(self, days_ago: int) -> dt.date:
        return next_working_day(self.today - dt.timedelta(days=days_ago), self.closed)

    def cycle(
        self,
        pupil: Pupil,
        *,
        number: int,
        previous: SupportCycle | None,
        area: str,
        state: str,
        started: dt.date,
        by: int,
        places: list[dict[str, Any]],
    ) -> SupportCycle:
        rng = self.rng
        in_force = state in (CycleState.DO, CycleState.REVIEW, CycleState.CLOSED)
        review_due = None
        if state != CycleState.ASSESS:
            review_due = next_working_day(started + dt.timedelta(weeks=rng.choice((6, 7, 8))), self.closed)
        closed = state == CycleState.CLOSED
        reviewed = closed or (state == CycleState.REVIEW and rng.random() < 0.5)
        cycle = self.rows.add(
            SupportCycle(
                uid=_uuid(rng),
                pupil=pupil,
                school_id=self.school.pk,
                number=number,
                previous=previous,
                state=state,
                started_on=started,
                started_by_id=by,
                concern=CONCERNS[area],
                needs_summary=SUMMARIES[area] if state != CycleState.ASSESS or rng.random() < 0.5 else "",
                review_due_on=review_due,
                parents_at_home="Read together for ten minutes, four nights a week; use the visual timetable at home."
                if in_force or state == CycleState.PLAN
                else "",
                parents_agreed_on=started + dt.timedelta(days=7) if in_force else None,
                parents_agreed_how="At the planning meeting" if in_force else "",
                pupil_agreed_on=started + dt.timedelta(days=7) if in_force and rng.random() < 0.6 else None,
                pupil_agreed_how="Talked it through with the key adult" if in_force else "",
                plan_shared_with_parents_on=started + dt.timedelta(days=8) if in_force and rng.random() < 0.8 else None,
                reviewed_on=review_due if reviewed and review_due and review_due <= self.today else None,
                staff_views="Growing in confidence; still needs prompts in larger groups." if reviewed else "",
                decision="another_cycle" if closed else "",
                decision_notes="Progress on most outcomes; keep the plan going with changes." if closed else "",
                what_works=rng.choice(WHAT_WORKS) if reviewed else "",
                what_doesnt=rng.choice(WHAT_DOESNT) if reviewed else "",
                closed_on=review_due if closed else None,
            )
        )
        outcomes: list[Outcome] = []
        if state != CycleState.ASSESS:
            for position, values in enumerate(rng.sample(OUTCOMES[area], k=rng.choice((2, 2, 3))), start=1):
                description, criteria, baseline, target, how, measured = values
                rated = reviewed and (closed or rng.random() < 0.6)
                rating = rng.choice(("not_achieved", "partly", "partly", "achieved", "exceeded")) if rated else ""
                outcomes.append(
                    self.rows.add(
                        Outcome(
                            uid=_uuid(rng),
                            cycle=cycle,
                            position=position,
                            description=description,
                            success_criteria=criteria,
                            baseline=baseline,
                            target_value=target,
                            measure_how=how,
                            measure_when="Every two weeks, and at the review",
                            measured_by="Class teacher",
                            rating=rating,
                            measured_value=measured if rated else "",
                            evidence="Records kept by the class teacher and TA" if rated else "",
                        )
                    )
                )
        provisions: list[PlannedProvision] = []
        links: list[list[Outcome]] = []
        if state != CycleState.ASSESS:
            for text in rng.sample(ADJUSTMENTS[area], k=2):
                provisions.append(
                    self.rows.add(
                        PlannedProvision(
                            uid=_uuid(rng),
                            cycle=cycle,
                            kind=PlannedProvision.Kind.ADJUSTMENT,
                            description=text,
                            delivered_by="Class teacher and TA",
                            frequency="Every lesson",
                            starts_on=started,
                            impact=rng.choice(("some", "good")) if closed else "",
                        )
                    )
                )
                links.append(outcomes[:1])
            for place in places[:2]:
                provisions.append(
                    self.rows.add(
                        PlannedProvision(
                            uid=_uuid(rng),
                            cycle=cycle,
                            kind=PlannedProvision.Kind.INTERVENTION,
                            description=place["group__intervention__name"],
                            delivered_by="Teaching assistant",
                            frequency=f"{place['sessions']} sessions a week, {place['group__minutes_per_session']} minutes",
                            sessions_per_week=place["sessions"],
                            minutes_per_session=place["group__minutes_per_session"],
                            starts_on=max(started, place["started_on"]),
                            intervention_id=place["group__intervention_id"],
                            group_id=place["group_id"],
                            impact=rng.choice(("some", "good", "strong")) if closed else "",
                        )
                    )
                )
                links.append(outcomes[1:2] or outcomes[:1])
        self.cycles.append((cycle, outcomes, provisions, links))
        self.history(cycle, state, started, by)
        self.voices(cycle, state, started)
        if state in (CycleState.DO, CycleState.REVIEW, CycleState.CLOSED):
            self.notes(cycle, outcomes, provisions, started, review_due)
        return cycle

    def history(self, cycle: SupportCycle, state: str, started: dt.date, by: int) -> None:
        order = [CycleState.ASSESS, CycleState.PLAN, CycleState.DO, CycleState.REVIEW, CycleState.CLOSED]
        moves = order[: order.index(CycleState(state)) + 1]
        for index, to_state in enumerate(moves):
            when = min(started + dt.timedelta(days=[0, 4, 8, 45, 46][index]), self.today)
            self.rows.add(
                CycleTransition(
                    cycle=cycle,
                    from_state=moves[index - 1] if index else "",
                    to_state=to_state,
                    by_id=by,
                    at=dt.datetime.combine(when, dt.time(15, 30), tzinfo=dt.UTC),
                )
            )

    def voices(self, cycle: SupportCycle, state: str, started: dt.date) -> None:
        gatherer = self.staff.sendco or self.staff.any(self.rng)
        if gatherer is None:
            return
        method, views = self.rng.choice(PUPIL_VIEWS)
        self.rows.add(
            Voice(
                uid=_uuid(self.rng),
                cycle=cycle,
                whose="pupil",
                stage="assess",
                method=method,
                views=views,
                gathered_on=started + dt.timedelta(days=2),
                gathered_by_id=gatherer,
            )
        )
        given_by, views = self.rng.choice(PARENT_VIEWS)
        self.rows.add(
            Voice(
                uid=_uuid(self.rng),
                cycle=cycle,
                whose="parent",
                stage="assess",
                method="conversation",
                given_by=given_by,
                views=views,
                gathered_on=started + dt.timedelta(days=3),
                gathered_by_id=gatherer,
            )
        )
        if state == CycleState.CLOSED:
            self.rows.add(
                Voice(
                    uid=_uuid(self.rng),
                    cycle=cycle,
                    whose="pupil",
                    stage="review",
                    method="key_adult",
                    views="I can read more words now. I still don't like reading out loud.",
                    gathered_on=min(started + dt.timedelta(days=44), self.today),
                    gathered_by_id=gatherer,
                )
            )

    def notes(
        self,
        cycle: SupportCycle,
        outcomes: list[Outcome],
        provisions: list[PlannedProvision],
        started: dt.date,
        review_due: dt.date | None,
    ) -> None:
        last = min(review_due or self.today, self.today)
        for _ in range(self.rng.randint(1, 4)):
            author = self.staff.any(self.rng)
            if author is None:
                return
            noted = started + dt.timedelta(days=self.rng.randint(9, max(9, (last - started).days)))
            noted = min(noted, self.today)
            if provisions and self.rng.random() < 0.2:
                self.rows.add(
                    ProgressNote(
                        uid=_uuid(self.rng),
                        cycle=cycle,
                        kind="missed",
                        provision=provisions[-1],
                        reason=self.rng.choice(("staff_absent", "pupil_absent", "trip")),
                        text="Session did not take place.",
                        noted_on=noted,
                        author_id=author,
                    )
                )
            else:
                self.rows.add(
                    ProgressNote(
                        uid=_uuid(self.rng),
                        cycle=cycle,
                        kind="evidence" if outcomes else "note",
                        outcome=outcomes[0] if outcomes else None,
                        text=self.rng.choice(NOTES),
                        noted_on=noted,
                        author_id=author,
                    )
                )

    def meetings(self, pupil: Pupil, cycle: SupportCycle | None) -> None:
        by = self.staff.sendco or self.staff.any(self.rng)
        if by is None or not self.year_terms:
            return
        for term in self.year_terms:
            if term.starts_on > self.today or self.rng.random() < 0.25:
                continue  # about a quarter of terms have no meeting: flagged on the work queue
            latest = min(term.ends_on, self.today)
            held = term.starts_on + dt.timedelta(days=self.rng.randint(0, max(0, (latest - term.starts_on).days)))
            shared = held + dt.timedelta(days=2) if held + dt.timedelta(days=2) <= self.today else None
            self.rows.add(
                Meeting(
                    uid=_uuid(self.rng),
                    pupil=pupil,
                    school_id=self.school.pk,
                    cycle=cycle,
                    kind="progress",
                    held_on=held,
                    attendees="Parent\nClass teacher\nSENDCo",
                    notes=self.rng.choice(MEETING_NOTES),
                    actions=self.rng.choice(ACTIONS),
                    shared_with_parents_on=shared,
                    recorded_by_id=by,
                )
            )


def build_support_cycles(*, seed: int, today: dt.date, progress: Callable[[str], None] | None = None) -> int:
    """Cycles for every school's pupils on the register; returns how many cycles were written."""
    rng = random.Random(f"{seed}-support-cycles")
    total = 0
    schools = list(School.objects.order_by("pk"))
    for number, school in enumerate(schools, start=1):
        with transaction.atomic():
            total += _build_school(school=school, rng=rng, today=today)
        if progress is not None and number % 100 == 0:
            progress(f"support cycles: {number:,} of {len(schools):,} schools")
    return total


def _build_school(*, school: School, rng: random.Random, today: dt.date) -> int:
    rows = _Rows()
    builder = _SchoolCycles(school=school, rng=rng, today=today, rows=rows)
    pupils = list(
        Pupil.objects.filter(school=school, archived_at__isnull=True, sen_status__in=["K", "E"]).order_by("pk")
    )
    primary = dict(Need.objects.filter(pupil__in=pupils, rank=1, ended_on__isnull=True).values_list("pupil_id", "code"))
    places: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for place in Place.objects.filter(group__school=school, ended_on__isnull=True).values(
        "pupil_id",
        "group_id",
        "started_on",
        "group__intervention_id",
        "group__intervention__name",
        "group__minutes_per_session",
        "group__intervention__sessions_per_week",
    ):
        row: dict[str, Any] = dict(place)
        row["sessions"] = row.pop("group__intervention__sessions_per_week") or 1
        places[row["pupil_id"]].append(row)
    by = builder.staff.sendco or builder.staff.any(rng)
    if by is None:
        return 0
    for pupil in pupils:
        area = broad_area_of(primary.get(pupil.pk, "")) if pupil.pk in primary else "Cognition and learning"
        area = area if area in OUTCOMES else "Cognition and learning"
        if pupil.sen_status == SenStatusCode.EHC_PLAN and rng.random() < 0.5:
            builder.meetings(pupil, None)
            continue
        state = rng.choices([s for s, _ in STATES], weights=[w for _, w in STATES])[0]
        previous = None
        if state is not None and rng.random() < 0.4:
            previous = builder.cycle(
                pupil,
                number=1,
                previous=None,
                area=area,
                state=CycleState.CLOSED,
                started=builder.day(rng.randint(110, 150)),
                by=by,
                places=places[pupil.pk],
            )
        current = None
        if state is not None:
            started = builder.day(rng.randint(5, 12) if state == CycleState.ASSESS else rng.randint(14, 60))
            current = builder.cycle(
                pupil,
                number=2 if previous else 1,
                previous=previous,
                area=area,
                state=state,
                started=started,
                by=by,
                places=places[pupil.pk],
            )
        builder.meetings(pupil, current)
    _write(rows, builder)
    return len(builder.cycles)


def _write(rows: _Rows, builder: _SchoolCycles) -> None:
    # Earlier cycles first: a current cycle points at its previous one.
    cycles = rows.by_model.pop(SupportCycle, [])
    SupportCycle.objects.bulk_create([c for c in cycles if c.previous is None])
    for cycle in cycles:
        if cycle.previous is not None:
            cycle.previous_id = cycle.previous.pk
    SupportCycle.objects.bulk_create([c for c in cycles if c.previous is not None])
    for model in (Outcome, PlannedProvision, CycleTransition, Voice):
        for obj in rows.by_model.get(model, []):
            obj.cycle_id = obj.cycle.pk
        model.objects.bulk_create(rows.by_model.get(model, []), batch_size=2000)
    for note in rows.by_model.get(ProgressNote, []):
        note.cycle_id = note.cycle.pk
        note.outcome_id = note.outcome.pk if note.outcome is not None else None
        note.provision_id = note.provision.pk if note.provision is not None else None
    ProgressNote.objects.bulk_create(rows.by_model.get(ProgressNote, []), batch_size=2000)
    for meeting in rows.by_model.get(Meeting, []):
        meeting.cycle_id = meeting.cycle.pk if meeting.cycle is not None else None
    Meeting.objects.bulk_create(rows.by_model.get(Meeting, []), batch_size=2000)
    through = PlannedProvision.outcomes.through
    links = [
        through(plannedprovision_id=item.pk, outcome_id=outcome.pk)
        for _, _, provisions, outcome_lists in builder.cycles
        for item, outcomes in zip(provisions, outcome_lists, strict=True)
        for outcome in outcomes
    ]
    through.objects.bulk_create(links, batch_size=2000)
