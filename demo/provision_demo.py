"""Demo provision: each school's catalogue, staff rates, notional SEN budget, intervention groups with timetables,
pupils on SEN support placed in them, sessions with attendance and missed sessions, and entry and exit scores.

Runs after the schools and pupils exist and before the support cycles (a plan's interventions point at the groups
its pupil is in). Written in bulk, one transaction per school, with a handful of reads per school, so it keeps up
with `load_demo --pupils 300000`. The demo trust's four schools get three terms of history (the current term and
the two before it); the other schools get the current term, which is enough for the LA-scale pages and keeps
the build quick.

Costs are worked out with lib.costs at the rate on the day, as provision.services.sessions_log does.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from accounts.models import Membership, Role
from lib.census import broad_area_of
from lib.costs import session_cost
from provision.models import (
    Attendance,
    Intervention,
    InterventionGroup,
    Measure,
    NotionalBudget,
    Place,
    Session,
    SessionStatus,
    StaffRate,
    TimetableSlot,
)
from pupils.models import Pupil
from register.models import Need
from schools.models import AcademicYear, School, Term

BATCH_SIZE = 2000
# The tables this module writes, for tests that count rows against queries.
MODELS = (Intervention, StaffRate, NotionalBudget, InterventionGroup, TimetableSlot, Place, Session, Attendance)
CL, CI, SEMH, SP = (
    "Cognition and learning",
    "Communication and interaction",
    "Social, emotional and mental health",
    "Sensory and/or physical",
)
PRIMARY, SECONDARY, ANY = "primary", "secondary", "any"


@dataclass(frozen=True)
class Item:
    """A catalogue entry. `phase` says where it is used: primary (up to Year 6), secondary, or any."""

    name: str
    area: str
    evidence: str
    kind: str
    role: str
    size: int
    per_week: int
    minutes: int
    weeks: int
    fixed: int
    measure: str
    description: str
    phase: str = ANY
    label: str = ""
    higher: bool = True
    other: tuple[str, ...] = ()


# fmt: off
CATALOGUE = (
    Item("Precision teaching", CL, "moderate", "one_to_one", "ta", 1, 3, 10, 10, 0, "custom",
         "Short daily practice of a few words or facts until they are fluent, charted each session.",
         label="Items read correctly in a minute"),
    Item("Toe by Toe", CL, "limited", "one_to_one", "ta", 1, 5, 15, 20, 10, "reading_age",
         "A structured phonics manual worked through with an adult, a page a day."),
    Item("Switch-on Reading", CL, "moderate", "one_to_one", "ta", 1, 4, 20, 10, 40, "reading_age",
         "Ten-week reading programme for pupils who are behind, from Nottinghamshire's Every Child Counts.",
         phase=PRIMARY),
    Item("Catch Up Literacy", CL, "moderate", "one_to_one", "ta", 1, 2, 15, 20, 30, "reading_age",
         "Two 15-minute sessions a week matched to the pupil's reading level; EEF-evaluated."),
    Item("Catch Up Numeracy", CL, "moderate", "one_to_one", "ta", 1, 2, 15, 20, 30, "standardised",
         "Ten components of number, taught in short individual sessions."),
    Item("1stClass@Number", CL, "moderate", "group", "ta", 4, 3, 30, 12, 60, "standardised",
         "Small-group maths for pupils in Key Stage 1 and 2 who find number hard.", phase=PRIMARY),
    Item("Numicon intervention", CL, "limited", "group", "ta", 4, 3, 30, 10, 25, "standardised",
         "Concrete and visual number work with Numicon shapes.", phase=PRIMARY),
    Item("Read Write Inc. Fresh Start", CL, "moderate", "group", "ta", 4, 3, 45, 20, 50, "reading_age",
         "Phonics catch-up for older pupils, with age-appropriate texts.", phase=SECONDARY),
    Item("Phonics catch-up group", CL, "strong", "group", "ta", 4, 5, 15, 8, 0, "custom",
         "Daily keep-up sessions on the sounds taught that week in class.", phase=PRIMARY,
         label="Phonics check practice score (0-40)"),
    Item("Lexia reading programme", CL, "limited", "resource", "ta", 6, 3, 20, 12, 150, "standardised",
         "Adaptive online reading practice on school laptops, supervised by a TA.", other=(SP,)),
    Item("Paired reading", CL, "moderate", "one_to_one", "ta", 1, 3, 15, 10, 0, "reading_age",
         "Reading together with an adult or older pupil, switching to solo reading when ready."),
    Item("Working memory group", CL, "limited", "group", "ta", 4, 2, 30, 8, 0, "custom",
         "Games and strategies (chunking, rehearsal, visual cues) for pupils with low working memory.",
         label="Digit span (forwards and backwards)"),
    Item("Maths mastery pre-teaching", CL, "moderate", "group", "teacher", 4, 2, 20, 12, 0, "standardised",
         "The next lesson's key vocabulary and models, taught the day before.", phase=SECONDARY),
    Item("Talk Boost", CI, "moderate", "group", "ta", 4, 3, 30, 10, 50, "custom",
         "A ten-week group for children with delayed language, from Speech and Language UK.", phase=PRIMARY,
         label="Talk Boost progress tracker (0-34)"),
    Item("Nuffield Early Language Intervention (NELI)", CI, "strong", "group", "ta", 4, 3, 30, 20, 0,
         "standardised", "Oral language in small groups and one-to-one, for Reception; EEF-evaluated.",
         phase=PRIMARY),
    Item("Language for Thinking", CI, "limited", "group", "ta", 4, 2, 30, 10, 0, "custom",
         "Moving from literal to inferential language with picture scenes.", label="Question levels secure (0-12)"),
    Item("Lego-based therapy", CI, "limited", "group", "ta", 3, 1, 45, 12, 20, "custom",
         "Building in threes as engineer, supplier and builder, to practise social communication.",
         other=(SEMH,), label="Social communication checklist (0-20)"),
    Item("Colourful Semantics", CI, "moderate", "one_to_one", "ta", 1, 3, 20, 10, 0, "custom",
         "Colour-coded sentence parts that build spoken and written sentences.",
         label="Sentence level (1-6)"),
    Item("Speech and language therapy", CI, "moderate", "one_to_one", "salt", 1, 1, 45, 6, 0, "standardised",
         "Assessment and direct sessions from the traded therapy service, with a programme for the TA."),
    Item("Attention Autism", CI, "limited", "group", "ta", 6, 5, 20, 12, 0, "custom",
         "Bucket time: shared attention built in four stages.", phase=PRIMARY,
         label="Attention stage reached (1-4)"),
    Item("Social stories and comic strip conversations", CI, "limited", "in_class", "teacher", 1, 1, 10, 12, 0,
         "none", "Short personalised stories that explain a situation, read before it happens.", other=(SEMH,)),
    Item("Emotional Literacy Support (ELSA)", SEMH, "moderate", "one_to_one", "hlta", 1, 1, 45, 8, 30, "sdq",
         "Weekly sessions with a trained ELSA on recognising and managing feelings."),
    Item("Nurture group", SEMH, "moderate", "group", "teacher", 8, 4, 90, 24, 150, "boxall",
         "A small, predictable class for part of the day, with breakfast and shared routines.", phase=PRIMARY),
    Item("Zones of Regulation group", SEMH, "limited", "group", "ta", 4, 1, 45, 8, 15, "custom",
         "Naming feelings by colour zone and choosing tools to move between zones.",
         label="Self-regulation checklist (0-30)"),
    Item("Drawing and Talking", SEMH, "limited", "one_to_one", "ta", 1, 1, 30, 12, 0, "sdq",
         "Twelve weekly sessions of drawing with a trusted adult, who listens without interpreting."),
    Item("School counselling", SEMH, "moderate", "one_to_one", "counsellor", 1, 1, 50, 8, 0, "sdq",
         "Weekly sessions with the school counsellor.", phase=SECONDARY),
    Item("Learning mentor check-in", SEMH, "limited", "one_to_one", "mentor", 1, 5, 10, 12, 0, "sdq",
         "A daily check-in and check-out with a named adult, with a report card.", phase=SECONDARY),
    Item("Circle of Friends", SEMH, "limited", "group", "ta", 6, 1, 30, 8, 0, "sdq",
         "Peers volunteer to support a pupil who finds friendships hard.", other=(CI,)),
    Item("Sensory circuits", SP, "limited", "group", "ta", 6, 5, 15, 12, 0, "custom",
         "Alerting, organising and calming activities before the school day.", phase=PRIMARY, other=(SEMH,),
         label="Ready-to-learn rating (0-10)"),
    Item("Fine motor skills group", SP, "limited", "group", "ta", 4, 3, 20, 10, 20, "custom",
         "Dough, threading, tweezers and pencil control, from Clever Hands.", phase=PRIMARY,
         label="Fine motor checklist (0-24)"),
    Item("Motor skills programme", SP, "moderate", "group", "ta", 6, 3, 20, 10, 0, "custom",
         "Balance, coordination and ball skills (Jump Ahead), set by the occupational therapist.",
         label="Motor skills checklist (0-30)"),
    Item("Occupational therapy programme", SP, "moderate", "one_to_one", "ot", 1, 1, 45, 6, 0, "standardised",
         "Direct sessions from the occupational therapist, with a programme carried on by the TA."),
    Item("Touch-typing", SP, "limited", "resource", "ta", 4, 3, 20, 10, 60, "custom",
         "Touch-type Read and Spell for pupils whose handwriting holds them back.", other=(CL,),
         label="Typing speed (words a minute)"),
    Item("Handwriting group", SP, "limited", "group", "ta", 4, 2, 30, 10, 0, "custom",
         "Speed Up! kinaesthetic handwriting programme.", label="Letters a minute"),
    Item("Physiotherapy exercises", SP, "moderate", "one_to_one", "ta", 1, 3, 20, 12, 0, "none",
         "The physiotherapist's daily programme, carried out by a trained TA."),
)
# fmt: on
assert len(CATALOGUE) >= 30  # noqa: S101 - the demo promises at least 30 interventions

# Hourly cost with on-costs, this academic year; last year's were about 4% lower.
RATES = {
    "ta": Decimal("17.80"),
    "hlta": Decimal("21.40"),
    "teacher": Decimal("43.50"),
    "sendco": Decimal("51.00"),
    "mentor": Decimal("19.90"),
    "salt": Decimal("62.00"),
    "ot": Decimal("58.00"),
    "counsellor": Decimal("45.00"),
    "ep": Decimal("88.00"),
}
NOT_DELIVERED = (
    (SessionStatus.STAFF_ABSENT, 4),
    (SessionStatus.STAFF_REDEPLOYED, 3),
    (SessionStatus.TRIP, 2),
    (SessionStatus.ROOM, 1),
    (SessionStatus.OTHER, 1),
)
NOTES = (
    "",
    "",
    "",
    "Good focus today.",
    "Needed a movement break halfway.",
    "Finished the unit; moving on next week.",
    "Harder day; kept it short and positive.",
    "Used the visual prompts without being asked.",
)
LEAVE_REASONS = ("Made enough progress to stop early", "Moved to another group", "Timetable clash with options")
SHARE_PLACED = 0.7  # pupils on the register with an intervention in a term
DELIVERED = 0.88
PRESENT = 0.92
TIMES = (dt.time(8, 45), dt.time(9, 15), dt.time(10, 45), dt.time(11, 20), dt.time(13, 15), dt.time(14, 10))
ROOMS = ("Library", "Intervention room", "Learning hub", "Quiet room", "Room 4", "Nurture room")


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _bulk(model: Any, objs: list[Any]) -> list[Any]:
    if objs:
        model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
    return objs


def build_provision(
    *, seed: int, today: dt.date, full_history_urns: Iterable[int], progress: Callable[[str], None] | None = None
) -> int:
    """Provision for every school; returns the number of sessions written."""
    full = frozenset(full_history_urns)
    schools = list(School.objects.order_by("pk"))
    total = 0
    for number, school in enumerate(schools, start=1):
        rng = random.Random(f"{seed}-provision-{school.urn}")
        with transaction.atomic():
            total += _SchoolProvision(
                school=school, rng=rng, today=today, terms_back=3 if school.urn in full else 1
            ).build()
        if progress is not None and number % 100 == 0:
            progress(f"provision: {number:,} of {len(schools):,} schools")
    return total


@dataclass
class _Pupil:
    pk: int
    year_group: str
    born: dt.date
    area: str
    status: str

    @property
    def secondary(self) -> bool:
        return self.year_group.isdigit() and int(self.year_group) >= 7

    @property
    def band(self) -> str:
        """Pupils are grouped with others of a similar age."""
        if not self.year_group.isdigit():
            return "EY"
        year = int(self.year_group)
        return ("KS1", "KS1", "LKS2", "LKS2", "UKS2", "UKS2", "KS3", "KS3", "KS3", "KS4", "KS4", "KS5", "KS5", "KS5")[
            min(year, 14) - 1
        ]


class _SchoolProvision:
    def __init__(self, *, school: School, rng: random.Random, today: dt.date, terms_back: int) -> None:
        self.school, self.rng, self.today, self.terms_back = school, rng, today, terms_back
        self.sessions = 0
        self.rate_rise = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
        self.phase_ok: dict[str, bool] = {}

    def build(self) -> int:
        rng, school, today = self.rng, self.school, self.today
        terms = list(Term.objects.filter(school=school, starts_on__lte=today).order_by("starts_on"))[-self.terms_back :]
        if not terms:
            return 0
        pupils = self.pupils()
        secondary = sum(p.secondary for p in pupils) > len(pupils) / 2
        catalogue = self.catalogue(secondary=secondary)
        self.rates(terms[0].starts_on)
        self.budget(len(pupils))
        tas = list(
            Membership.objects.filter(school=school, role=Role.TEACHING_ASSISTANT, ended_on__isnull=True)
            .order_by("user__email")
            .values_list("user_id", flat=True)
        )
        # The featured TA (ta@<school>.demo) sorts first among ta@... and is given the first groups.
        featured = next(
            iter(
                Membership.objects.filter(
                    school=school, role=Role.TEACHING_ASSISTANT, user__email__startswith="ta@"
                ).values_list("user_id", flat=True)
            ),
            None,
        )
        if featured in tas:
            tas.remove(featured)
            tas.insert(0, featured)
        sendco = next(
            iter(Membership.objects.filter(school=school, role=Role.SENDCO).values_list("user_id", flat=True)), None
        )
        if sendco is None or not pupils:
            return 0
        plans: list[tuple[InterventionGroup, list[int], list[_Pupil]]] = []
        for index, term in enumerate(terms):
            current = index == len(terms) - 1
            starts = _monday_on_or_after(term.starts_on + dt.timedelta(days=7))
            if starts > today:
                starts = term.starts_on
            ends = term.ends_on - dt.timedelta(days=5) if not current else term.ends_on
            if ends <= starts:
                continue
            plans.extend(self.groups(catalogue, pupils, starts, ends, tas, sendco))
        groups = _bulk(InterventionGroup, [group for group, _, _ in plans])
        slots: list[TimetableSlot] = []
        for group, days, _ in plans:
            time = rng.choice(TIMES)
            slots.extend(TimetableSlot(group=group, weekday=day, starts_at=time) for day in days)
        _bulk(TimetableSlot, slots)
        places = self.places(plans, sendco)
        self.log(groups, slots, places, catalogue, terms, sendco)
        return self.sessions

    # reads ---------------------------------------------------------------------------------------------------
    def pupils(self) -> list[_Pupil]:
        primary = dict(
            Need.objects.filter(pupil__school=self.school, rank=1, ended_on__isnull=True).values_list(
                "pupil_id", "code"
            )
        )
        result = []
        for pk, year, born, status in (
            Pupil.objects.filter(school=self.school, archived_at__isnull=True, sen_status__in=("K", "E"))
            .order_by("pk")
            .values_list("pk", "year_group", "date_of_birth", "sen_status")
        ):
            area = broad_area_of(primary[pk]) if pk in primary else CL
            result.append(_Pupil(pk, year, born, area or CL, status))
        return result

    # the catalogue, rates and budget -----------------------------------------------------------------------
    def catalogue(self, *, secondary: bool) -> dict[str, Intervention]:
        items = [
            Intervention(
                uid=_uuid(self.rng),
                school=self.school,
                name=item.name,
                description=item.description,
                area=item.area,
                other_areas=list(item.other),
                evidence=item.evidence,
                kind=item.kind,
                staff_role=item.role,
                group_size=item.size,
                sessions_per_week=item.per_week,
                minutes_per_session=item.minutes,
                weeks=item.weeks,
                fixed_cost_per_term=Decimal(item.fixed),
                measure=item.measure,
                measure_label=item.label,
                higher_is_better=item.higher,
            )
            for item in CATALOGUE
        ]
        _bulk(Intervention, items)
        self.phase_ok = {item.name: item.phase == ANY or (item.phase == SECONDARY) == secondary for item in CATALOGUE}
        return {intervention.name: intervention for intervention in items}

    def rates(self, earliest: dt.date) -> None:
        year_start = dt.date(self.today.year if self.today.month >= 9 else self.today.year - 1, 9, 1)
        first = min(earliest, year_start) - dt.timedelta(days=365)
        sendco = Membership.objects.filter(school=self.school, role=Role.SENDCO).values_list("user_id", flat=True)[:1]
        by = next(iter(sendco), None)
        if by is None:
            return
        rows = []
        for role, rate in RATES.items():
            rows.append(
                StaffRate(
                    school=self.school,
                    role=role,
                    hourly_cost=(rate * Decimal("0.96")).quantize(Decimal("0.01")),
                    started_on=first,
                    ended_on=year_start,
                    set_by_id=by,
                )
            )
            rows.append(StaffRate(school=self.school, role=role, hourly_cost=rate, started_on=year_start, set_by_id=by))
        _bulk(StaffRate, rows)
        self.rate_rise = year_start

    def budget(self, on_register: int) -> None:
        by = Membership.objects.filter(school=self.school, role=Role.SENDCO).values_list("user_id", flat=True).first()
        if by is None:
            return
        years = AcademicYear.objects.filter(terms__school=self.school, starts_on__lte=self.today).distinct()
        # About £6,000 a pupil on the register: the first £6,000 of additional support comes from the school's budget.
        amount = Decimal(max(on_register, 1) * 6000)
        _bulk(
            NotionalBudget,
            [
                NotionalBudget(
                    school=self.school, academic_year=year, amount=amount.quantize(Decimal("100")), set_by_id=by
                )
                for year in years
            ],
        )

    def rate(self, role: str, on: dt.date) -> Decimal:
        rate = RATES[role]
        return rate if on >= self.rate_rise else (rate * Decimal("0.96")).quantize(Decimal("0.01"))

    # groups and places --------------------------------------------------------------------------------------
    def groups(
        self,
        catalogue: dict[str, Intervention],
        pupils: list[_Pupil],
        starts: dt.date,
        ends: dt.date,
        tas: list[int],
        sendco: int,
    ) -> list[tuple[InterventionGroup, list[int], list[_Pupil]]]:
        rng = self.rng
        chosen = [pupil for pupil in pupils if rng.random() < SHARE_PLACED]
        buckets: dict[tuple[str, str], list[_Pupil]] = defaultdict(list)
        for pupil in chosen:
            buckets[(pupil.area, pupil.band)].append(pupil)
        result = []
        staff_turn = 0
        for (area, band), members in sorted(buckets.items()):
            rng.shuffle(members)
            options = [
                item
                for item in CATALOGUE
                if item.area == area and self.phase_ok[item.name] and item.kind != "in_class" and item.measure != "none"
            ]
            if not options:
                continue
            while members:
                item = rng.choice(options)
                taking, members = members[: item.size], members[item.size :]
                intervention = catalogue[item.name]
                days = sorted(rng.sample(range(5), min(item.per_week, 5)))
                staff = None
                if item.role in ("ta", "hlta", "mentor") and tas:
                    staff = tas[staff_turn % len(tas)]
                    staff_turn += 1
                group = InterventionGroup(
                    uid=_uuid(rng),
                    school=self.school,
                    intervention=intervention,
                    name=f"{band} {item.name} ({starts:%b %Y})",
                    staff_id=staff,
                    staff_role=item.role,
                    capacity=max(item.size, len(taking)),
                    minutes_per_session=item.minutes,
                    room=rng.choice(ROOMS),
                    starts_on=starts,
                    ends_on=ends + dt.timedelta(days=1),
                    created_by_id=sendco,
                )
                result.append((group, days, taking))
        return result

    def places(self, plans: list[tuple[InterventionGroup, list[int], list[_Pupil]]], sendco: int) -> list[Place]:
        rng, today = self.rng, self.today
        places = []
        for group, _, members in plans:
            assert group.ends_on is not None  # noqa: S101 - every demo group has an end
            finished = group.ends_on <= today
            for pupil in members:
                left = None
                reason = ""
                span = (min(group.ends_on, today) - group.starts_on).days
                if rng.random() < 0.08 and span > 21:
                    left = group.starts_on + dt.timedelta(days=rng.randint(14, span - 1))
                    reason = rng.choice(LEAVE_REASONS)
                entry, exit_ = self.scores(
                    group.intervention, pupil, group.starts_on, group.ends_on - dt.timedelta(days=1)
                )
                has_exit = finished and left is None and rng.random() < 0.9
                places.append(
                    Place(
                        uid=_uuid(rng),
                        group=group,
                        pupil_id=pupil.pk,
                        started_on=group.starts_on,
                        ended_on=left or (group.ends_on if finished else None),
                        ended_reason=reason or ("Completed the programme" if finished else ""),
                        entry_score=entry,
                        entry_on=group.starts_on if entry is not None else None,
                        exit_score=exit_ if has_exit and entry is not None else None,
                        exit_on=group.ends_on - dt.timedelta(days=1) if has_exit and entry is not None else None,
                        created_by_id=sendco,
                    )
                )
        return _bulk(Place, places)

    def scores(
        self, intervention: Intervention, pupil: _Pupil, start: dt.date, end: dt.date
    ) -> tuple[Decimal | None, Decimal | None]:
        rng = self.rng
        months = (end - start).days / 30.4375

        def clamp(value: float, low: float = 0, high: float = 1000) -> Decimal:
            return Decimal(str(round(min(max(value, low), high))))

        match intervention.measure:
            case Measure.READING_AGE:
                age = (start - pupil.born).days / 30.4375
                entry = age - rng.uniform(10, 30)
                return clamp(entry, 48), clamp(entry + months * rng.gauss(1.9, 0.8), 48)
            case Measure.STANDARDISED:
                entry = rng.gauss(79, 6)
                return clamp(entry, 55, 110), clamp(entry + rng.gauss(5, 4), 55, 120)
            case Measure.BOXALL:
                entry = rng.gauss(42, 8)
                return clamp(entry, 0, 100), clamp(entry + rng.gauss(9, 5), 0, 100)
            case Measure.SDQ:
                entry = rng.gauss(20, 4)
                return clamp(entry, 0, 40), clamp(entry - rng.gauss(3, 3), 0, 40)
            case Measure.CUSTOM:
                entry = rng.uniform(4, 12)
                return clamp(entry), clamp(entry + rng.gauss(4, 2.5))
        return None, None

    # sessions and attendance --------------------------------------------------------------------------------
    def log(
        self,
        groups: list[InterventionGroup],
        slots: list[TimetableSlot],
        places: list[Place],
        catalogue: dict[str, Intervention],
        terms: list[Term],
        sendco: int,
    ) -> None:
        rng, today = self.rng, self.today
        by_group_slots: dict[int, list[TimetableSlot]] = defaultdict(list)
        for slot in slots:
            by_group_slots[slot.group_id].append(slot)
        by_group_places: dict[int, list[Place]] = defaultdict(list)
        for place in places:
            by_group_places[place.group_id].append(place)
        term_ranges = [(term.starts_on, term.ends_on) for term in terms]
        sessions: list[Session] = []
        rolls: list[list[tuple[int, bool]]] = []
        reasons = [status for status, _ in NOT_DELIVERED]
        weights = [weight for _, weight in NOT_DELIVERED]
        for group in groups:
            assert group.ends_on is not None  # noqa: S101
            group_slots = by_group_slots[group.pk]
            per_week = max(1, len(group_slots))
            last = min(today, group.ends_on - dt.timedelta(days=1))
            day = group.starts_on
            while day <= last:
                if day.weekday() < 5 and any(low <= day <= high for low, high in term_ranges):
                    for slot in group_slots:
                        if slot.weekday != day.weekday():
                            continue
                        if day == today and slot.starts_at.hour >= 12:
                            continue  # this afternoon's session has not happened yet
                        roll = [
                            place.pupil_id
                            for place in by_group_places[group.pk]
                            if place.started_on <= day and (place.ended_on is None or place.ended_on > day)
                        ]
                        status = (
                            SessionStatus.DELIVERED if rng.random() < DELIVERED else rng.choices(reasons, weights)[0]
                        )
                        present = [(pupil, rng.random() < PRESENT) for pupil in roll]
                        if status == SessionStatus.DELIVERED and not any(flag for _, flag in present):
                            status = SessionStatus.PUPILS_ABSENT
                        delivered = status == SessionStatus.DELIVERED
                        minutes = group.minutes_per_session - (5 if rng.random() < 0.05 else 0) if delivered else 0
                        cost = (
                            session_cost(
                                minutes=minutes,
                                hourly_rate=self.rate(group.staff_role, day),
                                fixed_per_term=group.intervention.fixed_cost_per_term,
                                sessions_per_week=per_week,
                            )
                            if delivered
                            else Decimal(0)
                        )
                        sessions.append(
                            Session(
                                uid=_uuid(rng),
                                group=group,
                                held_on=day,
                                starts_at=slot.starts_at,
                                status=status,
                                minutes=max(minutes, 1) if delivered else 0,
                                note=rng.choice(NOTES) if delivered else "",
                                on_roll=len(roll) if delivered else 0,
                                staff_cost=cost,
                                logged_by_id=group.staff_id or sendco,
                            )
                        )
                        rolls.append(present if delivered else [])
                day += dt.timedelta(days=1)
        _bulk(Session, sessions)
        _bulk(
            Attendance,
            [
                Attendance(session=session, pupil_id=pupil, present=flag)
                for session, roll in zip(sessions, rolls, strict=True)
                for pupil, flag in roll
            ],
        )
        self.sessions = len(sessions)
