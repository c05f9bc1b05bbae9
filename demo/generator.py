"""The demo data generator behind `manage.py load_demo`: a seeded, fictional trust that reads like real practice.

The default demo is one local authority (Wyvern County Council), one trust (Brightwater Learning Trust) and
its four schools: a one-form-entry primary, a two-form-entry primary, an 11-16 secondary and a special
school, about 1,850 pupils in all. A larger `pupils` total keeps those four first and adds schools of
about 300 pupils each, in more local authorities and trusts, until the total is reached.

Why the generator writes to the models directly, in bulk, instead of calling the services
(`pupil_create`, `pupil_register_decide`, `profile_save_version`, ...):

- Speed. The services lock, validate and audit one row at a time; 300,000 pupils through them would take
  hours. Here every table is written with `bulk_create` in batches, one transaction per batch of schools,
  with no query per row.
- History. The demo needs rows dated in the past (a pupil placed on SEN support two years ago, an EHC plan
  issued last spring, profile version 2 written after a review). The services date things today.
- The audit log. Services write an AuditEvent for every change; the demo leaves the audit trail empty
  except for what real use writes.

The generator produces the same rows the services would: a RegisterDecision for every change of status,
dated SenStatus rows (one open per pupil, equal to `Pupil.sen_status`), ranked Needs (NSA only with SEN
support), numbered ProfileVersions, Barriers with Adjustments. demo/tests/test_generator.py checks these
invariants on the generated data.

Everything random comes from one `random.Random(seed)` and a Faker seeded with the same number, so a seed
gives the same demo (names, needs, words; uuids too) on any machine. Dates are relative to today.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone
from faker import Faker

from accounts.models import Membership, Role, User
from demo import banks
from demo.plans_demo import build_support_cycles
from demo.provision_demo import build_provision
from lib.school_year import YEAR_GROUPS, academic_year_start
from lib.upn import make_upn
from pupils.models import (
    Adjustment,
    Barrier,
    Enrolment,
    GroupMembership,
    ParentLink,
    ProfileVersion,
    Pupil,
    SenStatusCode,
    Sex,
)
from register.models import Need, RegisterDecision, SenStatus
from schools.models import AcademicYear, LocalAuthority, School, StaffAssignment, TeachingGroup, Term, Trust

T = TypeVar("T")

DEMO_PASSWORD = "opensend-demo"  # noqa: S105 - the published demo password, printed by load_demo
DEFAULT_SEED = 2026
BATCH_SIZE = 2000
FLUSH_EVERY_PUPILS = 5000  # one transaction per batch of schools of about this many pupils
MIN_PUPILS = 40
MAX_PUPILS = 3_000_000

K, E, N = SenStatusCode.SUPPORT.value, SenStatusCode.EHC_PLAN.value, SenStatusCode.NONE.value
PRIMARY, SECONDARY, SPECIAL = School.Phase.PRIMARY.value, School.Phase.SECONDARY.value, School.Phase.SPECIAL.value

# --- prevalence: generator parameters tuned to the national figures in reference/national_figures.csv ----------
# SEN support 14.2-14.8% and EHC plans about 2.5-3% in mainstream schools (5.3-6.0% of all pupils, most of the
# rest in special schools); boys are 61% of pupils on SEN support and 71% of those with a plan.
K_RATE = 0.145
E_RATE_MAINSTREAM = 0.028
E_RATE_SPECIAL = 0.97
BOYS_SHARE = {K: 0.61, E: 0.71}
BOYS_AT_SPECIAL_SCHOOLS = 0.70
REMOVED_FROM_REGISTER = 0.02  # share of mainstream pupils with no SEN now who had SEN support in the past
FSM_RATE = {N: 0.22, K: 0.39, E: 0.44}
LOOKED_AFTER_RATE = {N: 0.005, K: 0.025, E: 0.04}
EAL_RATE = 0.20
# Primary need mix. SEN support: SLCN most common (25.7%), then SEMH, MLD, SPLD, ASD. EHC plans: ASD (33.6%),
# then SLCN, SEMH, SLD, MLD, PMLD. Special schools have more SLD, PMLD and ASD. NSA is valid only with K.
# fmt: off
NEED_MIX_K: dict[str, float] = {
    "SLCN": 26, "SEMH": 20, "MLD": 15, "SPLD": 13, "ASD": 9.5, "NSA": 4, "OTH": 3.5, "PD": 2.5, "HI": 1.5,
    "VI": 0.8, "SLD": 0.4, "DS": 0.3, "MSI": 0.2, "PMLD": 0.1,
}
NEED_MIX_E: dict[str, float] = {
    "ASD": 34, "SLCN": 20, "SEMH": 15, "SLD": 7, "MLD": 6.5, "PD": 5, "SPLD": 4, "PMLD": 2.5, "HI": 2.5, "OTH": 2,
    "DS": 1.5, "VI": 1.2, "MSI": 0.3,
}
NEED_MIX_E_SPECIAL: dict[str, float] = {
    "ASD": 36, "SLD": 20, "SEMH": 10, "MLD": 10, "PMLD": 8, "SLCN": 6, "DS": 4, "PD": 3, "OTH": 1, "MSI": 1,
    "HI": 0.5, "VI": 0.5,
}
# fmt: on
NEED_MIX_K_SPECIAL: dict[str, float] = {"ASD": 40, "SLD": 25, "SEMH": 20, "SLCN": 15}
SECONDARY_NEED_SHARE = {K: 0.3, E: 0.5}
# Identification rises through the primary years.
YEAR_WEIGHT = {"R": 0.6, "1": 0.85, "2": 1.0, "3": 1.15, "4": 1.15, "5": 1.15, "6": 1.15, "7": 1.1, "8": 1.1, "9": 1.05}
COGNITION_AND_LEARNING = frozenset({"MLD", "SLD", "PMLD", "SPLD", "DS"})

# --- the demo trust ------------------------------------------------------------------------------------------
DEMO_LA = ("919", "Wyvern County Council", "wyvern")
DEMO_TRUST = ("Brightwater Learning Trust", "brightwater", "10482731")
# name, email domain, phase, pupils, URN, establishment number
DEMO_SCHOOLS = (
    ("Oakfield Primary School", "oakfield", PRIMARY, 210, 148201, 2101),
    ("Riverside Primary School", "riverside", PRIMARY, 420, 148202, 2102),
    ("Kingsmead Academy", "kingsmead", SECONDARY, 1100, 148203, 4101),
    ("Willow Bank School", "willowbank", SPECIAL, 120, 148204, 7001),
)
DEMO_PUPILS = sum(school[3] for school in DEMO_SCHOOLS)
# The SENDCo who works across two schools of the trust.
CROSS_SCHOOL_SENDCO = "sendco.trust@brightwater.demo"
CROSS_SCHOOL_SENDCO_SCHOOLS = ("riverside", "willowbank")
SHOWCASE_SCHOOL = "oakfield"
SHOWCASE_PARENT = "parent@family.demo"

# Real LA numbers that python-stdnum's UPN list accepts, so every demo UPN validates. Names are fictional.
# fmt: off
LA_CODES = (
    873, 886, 855, 830, 850, 840, 935, 926, 909, 908, 916, 925, 931, 933, 936, 937, 938, 865, 866, 878, 879, 880,
    881, 882, 883, 884, 885, 887, 888, 889, 890, 891, 892, 893, 894, 895, 896, 800, 801, 802, 803, 805, 806, 807,
    808, 810, 811, 812, 813, 815, 816, 821, 822, 823, 825, 826, 831, 835, 836, 837, 845, 846, 851,
)
# fmt: on
SCHOOLS_PER_LA = 60
# fmt: off
PLACES = (
    "Marlshire", "Kestrel Vale", "Ashcombe", "Harrowfield", "Northwold", "Greymoor", "Saltmarsh", "Fernley",
    "Redcastle", "Bramblewick", "Eastmere", "Thornhollow", "Westbridge", "Calderford", "Hollin Bay", "Oxendale",
    "Merrow", "Stonebridge", "Larkfield", "Coldharbour", "Brackenshire", "Millbrook", "Southwark Vale", "Elmstead",
)
# fmt: on
LA_KINDS = ("County Council", "Borough Council", "City Council", "Council")
# fmt: off
STEMS = (
    "Ash", "Oak", "Beech", "Elm", "Hazel", "Holly", "Rowan", "Willow", "Alder", "Birch", "Cedar", "Larch", "Maple",
    "Brook", "Mill", "Church", "Castle", "Kings", "Queens", "Green", "Meadow", "Park", "Hill", "Valley", "Fox",
    "Lark", "Heron", "Orchard", "Bridge", "Stone", "Windmill", "Thorn", "Primrose", "Bluebell", "Swallow",
)
# fmt: on
STEM_ENDS = ("field", "wood", "bank", "mead", "dale", "croft", "gate", "ford", "lea", "hurst", "combe", "moor", "side")
SCHOOL_KINDS = {
    PRIMARY: (
        "Primary School",
        "Primary Academy",
        "Church of England Primary School",
        "Community Primary School",
        "Infant and Junior School",
    ),
    SECONDARY: ("Academy", "High School", "School", "Community College"),
    SPECIAL: ("School", "Academy", "Special School"),
}
# fmt: off
TRUST_WORDS = (
    "Aspire", "Horizon", "Northstar", "Evergreen", "Kite", "Compass", "Beacon", "Keystone", "Riverbend",
    "Lighthouse", "Oakleaf", "Summit", "Meridian", "Harbour", "Skylark", "Heartwood", "Anchor", "Lantern",
)
# fmt: on
TRUST_KINDS = ("Learning Trust", "Academy Trust", "Education Trust", "Schools Partnership", "Multi-Academy Trust")
# fmt: off
CLASS_NAMES = (
    "Acorn", "Ash", "Beech", "Birch", "Cedar", "Chestnut", "Elm", "Hazel", "Holly", "Juniper", "Larch", "Maple",
    "Oak", "Pine", "Rowan", "Sycamore", "Willow", "Yew", "Alder", "Aspen", "Cherry", "Hawthorn", "Linden", "Poplar",
    "Spruce", "Walnut", "Apple", "Blackthorn",
)
SPECIAL_CLASS_NAMES = (
    "Kingfisher", "Otter", "Badger", "Heron", "Fox", "Owl", "Robin", "Wren", "Hedgehog", "Squirrel", "Dragonfly",
    "Puffin", "Swan", "Deer", "Hare", "Falcon", "Starling", "Dolphin", "Seal", "Butterfly",
)
# fmt: on
SPECIAL_BANDS = (("R", "1", "2"), ("3", "4"), ("5", "6"), ("7", "8", "9"), ("10", "11"), ("12", "13", "14"))
# fmt: off
SPECIAL_YEAR_WEIGHTS = {
    "R": 3, "1": 4, "2": 5, "3": 6, "4": 7, "5": 8, "6": 8, "7": 10, "8": 10, "9": 10, "10": 10, "11": 10, "12": 6,
    "13": 5, "14": 4,
}
# fmt: on
SUBJECTS = (("En", "English"), ("Ma", "Mathematics"), ("Sc", "Science"))
TUTOR_LETTERS = "ABCDEFGHJKLMNPRSTW"
CLASS_SIZE = 30
TUTOR_GROUP_SIZE = 27.5
SPECIAL_CLASS_SIZE = 9


# --- plans: what to build, decided before anything is written ---------------------------------------------------
@dataclass(frozen=True)
class LaPlan:
    code: str
    name: str
    domain: str


@dataclass(frozen=True)
class TrustPlan:
    name: str
    domain: str
    companies_house_number: str


@dataclass(frozen=True)
class SchoolPlan:
    name: str
    domain: str
    phase: str
    pupils: int
    la: int  # index into the LA plans
    trust: int | None  # index into the trust plans; None for a maintained school
    urn: int
    estab: int
    named: bool = False


@dataclass(frozen=True)
class DemoPlan:
    las: list[LaPlan]
    trusts: list[TrustPlan]
    schools: list[SchoolPlan]

    @property
    def pupils(self) -> int:
        return sum(school.pupils for school in self.schools)


def _split(total: int, weights: Sequence[float]) -> list[int]:
    """Whole numbers in proportion to `weights` that add up to `total` (largest remainder)."""
    scale = sum(weights)
    exact = [total * weight / scale for weight in weights]
    counts = [math.floor(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda index: (counts[index] - exact[index], index))
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def plan_demo(*, pupils: int | None = None, seed: int = DEFAULT_SEED) -> DemoPlan:
    """The LAs, trusts and schools to build for a total number of pupils (default: the demo trust alone)."""
    total = DEMO_PUPILS if pupils is None else pupils
    if not MIN_PUPILS <= total <= MAX_PUPILS:
        raise ValueError(f"The number of pupils must be between {MIN_PUPILS} and {MAX_PUPILS:,}; got {total:,}.")
    rng = random.Random(f"plan-{seed}")
    las = [LaPlan(*DEMO_LA)]
    trusts = [TrustPlan(DEMO_TRUST[0], DEMO_TRUST[1], DEMO_TRUST[2])]
    named_sizes = _split(min(total, DEMO_PUPILS), [school[3] for school in DEMO_SCHOOLS])
    schools = [
        SchoolPlan(name, domain, phase, size, la=0, trust=0, urn=urn, estab=estab, named=True)
        for (name, domain, phase, _, urn, estab), size in zip(DEMO_SCHOOLS, named_sizes, strict=True)
    ]
    remaining = total - DEMO_PUPILS
    sizes: list[tuple[str, int]] = []
    while remaining > 0:
        phase = rng.choices((PRIMARY, SECONDARY, SPECIAL), (0.84, 0.08, 0.08))[0]
        if phase == PRIMARY:
            size = rng.choice(
                (rng.randint(180, 210), rng.randint(180, 210), rng.randint(380, 420), rng.randint(90, 150))
            )
        elif phase == SECONDARY:
            size = rng.randint(700, 1500)
        else:
            size = rng.randint(60, 180)
        if remaining - size < 60:
            size = remaining  # the last school takes the rest, rather than leaving a school of a handful
        sizes.append((phase, size))
        remaining -= size
    la_count = min(len(LA_CODES) + 1, max(1, math.ceil((len(sizes) + len(schools)) / SCHOOLS_PER_LA)))
    for index in range(1, la_count):
        place = PLACES[(index - 1) % len(PLACES)]
        suffix = "" if index <= len(PLACES) else f" {chr(ord('A') + (index - 1) // len(PLACES))}"
        las.append(
            LaPlan(str(LA_CODES[index - 1]), f"{place}{suffix} {rng.choice(LA_KINDS)}", f"la{LA_CODES[index - 1]}")
        )
    used_estabs: dict[int, set[int]] = {0: {school.estab for school in schools}}
    used_names = {school.name for school in schools}
    first_estab = {PRIMARY: 2000, SECONDARY: 4000, SPECIAL: 7000}
    trust_left = 0
    trust_la = -1
    named = len(schools)
    for number, (phase, size) in enumerate(sizes):
        position = named + number
        # Blocks of schools per LA; with more schools than LA numbers, the blocks go round the LAs again.
        la = (position // SCHOOLS_PER_LA) % la_count
        taken = used_estabs.setdefault(la, set())
        estab = first_estab[phase]
        while estab in taken:
            estab += 1
        taken.add(estab)
        trust: int | None = None
        if rng.random() < 0.55:
            if trust_left <= 0 or trust_la != la:
                word = TRUST_WORDS[len(trusts) % len(TRUST_WORDS)]
                place = las[la].name.split(" ")[0]
                trusts.append(
                    TrustPlan(
                        f"{word} {place} {rng.choice(TRUST_KINDS)}", f"trust{len(trusts)}", f"{10500000 + len(trusts)}"
                    )
                )
                trust_left, trust_la = rng.randint(3, 14), la
            trust = len(trusts) - 1
            trust_left -= 1
        urn = (150000 if trust is not None else 110000) + number
        name = ""
        for _ in range(6):
            stem = rng.choice(STEMS) + rng.choice(STEM_ENDS)
            name = f"{stem} {rng.choice(SCHOOL_KINDS[phase])}"
            if name not in used_names:
                break
            name = f"{stem} {rng.choice(('Park', 'Green', 'Vale', 'Hill', 'Lane'))} {rng.choice(SCHOOL_KINDS[phase])}"
            if name not in used_names:
                break
        used_names.add(name)
        schools.append(SchoolPlan(name, f"school{urn}", phase, size, la=la, trust=trust, urn=urn, estab=estab))
    return DemoPlan(las=las, trusts=trusts, schools=schools)


# --- writing -----------------------------------------------------------------------------------------------------
WRITE_ORDER: tuple[type[models.Model], ...] = (
    School,
    Term,
    TeachingGroup,
    User,
    Membership,
    StaffAssignment,
    Pupil,
    Enrolment,
    GroupMembership,
    RegisterDecision,
    SenStatus,
    Need,
    ProfileVersion,
    Barrier,
    Adjustment,
    ParentLink,
)


class _Rows:
    """Unsaved model instances, written table by table in dependency order (parents get their ids first)."""

    def __init__(self) -> None:
        self.rows: dict[type[models.Model], list[Any]] = {model: [] for model in WRITE_ORDER}
        self.pupils = 0

    def add(self, obj: T) -> T:
        self.rows[type(obj)].append(obj)  # type: ignore[index]
        return obj

    def flush(self) -> None:
        with transaction.atomic():
            for model in WRITE_ORDER:
                objs = self.rows[model]
                if objs:
                    model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
                    objs.clear()
        self.pupils = 0


# --- people ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Person:
    forename: str
    surname: str
    title: str

    @property
    def full_name(self) -> str:
        return f"{self.forename} {self.surname}"

    @property
    def short(self) -> str:
        return f"{self.title} {self.surname}"


@dataclass(eq=False)
class Staffer:
    user: User
    person: Person
    membership: Membership | None = None


@dataclass(eq=False)
class Group:
    group: TeachingGroup
    set_number: int = 0
    teacher: Staffer | None = None
    tas: list[Staffer] = field(default_factory=list)
    pupils: list[Draft] = field(default_factory=list)

    def sen_count(self) -> int:
        return sum(1 for draft in self.pupils if draft.sen is not None and draft.sen.status != N)


@dataclass
class SenPlan:
    status: str  # the current status: K, E, or N after removal from the register
    route: str  # "K", "E", "KE" (SEN support, then a plan), "KN" (SEN support, then removed)
    primary: str
    secondary: str | None
    versions: int
    barriers: int
    fresh: bool = False  # a decision made this week; the letter to parents is still to go


@dataclass(eq=False)
class Draft:
    pupil: Pupil
    enrolled_on: dt.date
    ability: float
    registration: Group | None = None
    sets: list[Group] = field(default_factory=list)
    sen: SenPlan | None = None
    showcase: bool = False


def _ascii(value: str) -> str:
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", plain.lower())


def _first_upper(value: str) -> str:
    return value[:1].upper() + value[1:]


def _numbered(names: Sequence[str]) -> Iterator[str]:
    """Names in order, then again as "Otter 2", "Otter 3"... so a large school never repeats a class name."""
    for round_number in range(1, 1000):
        for name in names:
            yield name if round_number == 1 else f"{name} {round_number}"
    raise RuntimeError("more classes than names")


def _weighted_sample(rng: random.Random, items: Sequence[T], weights: Sequence[float], count: int) -> list[T]:
    """`count` items without replacement, each chosen with probability in proportion to its weight."""
    keyed = sorted(((rng.random() ** (1.0 / weight), index) for index, weight in enumerate(weights)), reverse=True)
    return [items[index] for _, index in keyed[:count]]


# --- the builder -------------------------------------------------------------------------------------------------
@dataclass
class BuildResult:
    schools: int
    pupils: int
    users: int
    seconds: float


class DemoBuilder:
    def __init__(self, *, seed: int, today: dt.date, progress: Callable[[str], None] | None = None) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.fake = Faker("en_GB")
        self.reseed("start")
        self.today = today
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.start = academic_year_start(today)
        self.progress = progress
        # Argon2 is slow on purpose: hash the one demo password once and give every demo account the same hash.
        self.password = make_password(DEMO_PASSWORD)
        self.emails: set[str] = set()
        self.rows = _Rows()
        self.users = 0
        self.parent_number = 0
        self.year: AcademicYear
        self.cross_sendco: Staffer | None = None

    # small helpers ---------------------------------------------------------------------------------------------
    def reseed(self, key: str) -> None:
        """Start a fresh random stream for one school or organisation, so each comes out the same whatever
        else is built: the demo trust is identical in the default demo and in a 300,000-pupil one."""
        self.rng.seed(f"{self.seed}-{key}")
        self.fake.seed_instance(f"{self.seed}-{key}")

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def day_between(self, low: dt.date, high: dt.date) -> dt.date:
        """A school day (Monday to Friday, where the range allows) in [low, high], never after today;
        `low` when the range is empty."""
        high = min(high, self.today)
        if high <= low:
            return min(low, self.today)
        day = low + dt.timedelta(days=self.rng.randint(0, (high - low).days))
        if day.weekday() >= 5:
            monday, friday = _weekday_on_or_after(day), _weekday_on_or_before(day)
            day = monday if monday <= high else friday if friday >= low else day
        return day

    def at(self, day: dt.date, hour: int | None = None) -> dt.datetime:
        """A moment during the school day on `day`, never in the future."""
        hour = self.rng.randint(8, 16) if hour is None else hour
        moment = dt.datetime(day.year, day.month, day.day, hour, self.rng.randint(0, 59), tzinfo=self.tz)
        return min(moment, self.now)

    def adult(self, *, female: bool | None = None, surname: str | None = None) -> Person:
        female = self.rng.random() < 0.5 if female is None else female
        forename = self.fake.first_name_female() if female else self.fake.first_name_male()
        title = self.rng.choice(("Mrs", "Miss", "Ms", "Mrs")) if female else "Mr"
        return Person(forename, surname or self.fake.last_name(), title)

    def user(self, person: Person, email: str) -> User:
        base, _, domain = email.partition("@")
        candidate, number = email, 1
        while candidate in self.emails:
            number += 1
            candidate = f"{base}{number}@{domain}"
        self.emails.add(candidate)
        self.users += 1
        return self.rows.add(User(uid=self.uuid(), email=candidate, full_name=person.full_name, password=self.password))

    def staff_email(self, person: Person, domain: str) -> str:
        return f"{_ascii(person.forename)[:1]}.{_ascii(person.surname)}@{domain}.demo"

    def since(self, years_low: int, years_high: int) -> dt.date:
        return dt.date(self.start - self.rng.randint(years_low, years_high), 9, 1)

    def term_start(self, year: int, shift: int) -> dt.date:
        return _weekday_on_or_after(dt.date(year, 9, 2 + shift))

    # the whole demo --------------------------------------------------------------------------------------------
    def build(self, plan: DemoPlan) -> BuildResult:
        began = time.monotonic()
        self.year = AcademicYear.objects.get_or_create(
            start_year=self.start,
            defaults={"starts_on": dt.date(self.start, 9, 1), "ends_on": dt.date(self.start + 1, 8, 31)},
        )[0]
        previous = AcademicYear.objects.get_or_create(
            start_year=self.start - 1,
            defaults={"starts_on": dt.date(self.start - 1, 9, 1), "ends_on": dt.date(self.start, 8, 31)},
        )[0]
        years = (previous, self.year)
        las = LocalAuthority.objects.bulk_create([LocalAuthority(code=la.code, name=la.name) for la in plan.las])
        trusts = Trust.objects.bulk_create(
            [Trust(uid=self.uuid(), name=t.name, companies_house_number=t.companies_house_number) for t in plan.trusts]
        )
        self.organisation_staff(plan, las, trusts)
        for number, school_plan in enumerate(plan.schools, start=1):
            trust = trusts[school_plan.trust] if school_plan.trust is not None else None
            self.reseed(f"school-{school_plan.urn}")
            SchoolBuilder(self, school_plan, las[school_plan.la], trust, years).build()
            if self.rows.pupils >= FLUSH_EVERY_PUPILS or number == len(plan.schools):
                self.rows.flush()
                if self.progress is not None:
                    self.progress(
                        f"{number:,} of {len(plan.schools):,} schools written ({time.monotonic() - began:.0f}s)"
                    )
        self.rows.flush()
        return BuildResult(
            schools=len(plan.schools), pupils=plan.pupils, users=self.users, seconds=time.monotonic() - began
        )

    def organisation_staff(self, plan: DemoPlan, las: list[LocalAuthority], trusts: list[Trust]) -> None:
        self.reseed("cross-school-sendco")
        person = self.adult()
        self.cross_sendco = Staffer(self.user(person, CROSS_SCHOOL_SENDCO), person)
        for la_plan, la in zip(plan.las, las, strict=True):
            self.reseed(f"la-{la_plan.code}")
            officer = self.user(self.adult(), f"la@{la_plan.domain}.demo")
            self.rows.add(
                Membership(user=officer, role=Role.LA_OFFICER, local_authority=la, started_on=self.since(1, 8))
            )
        for trust_plan, trust in zip(plan.trusts, trusts, strict=True):
            self.reseed(f"trust-{trust_plan.domain}")
            admin = self.user(self.adult(), f"trust@{trust_plan.domain}.demo")
            self.rows.add(Membership(user=admin, role=Role.TRUST_ADMIN, trust=trust, started_on=self.since(1, 6)))


def _weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _next(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def term_dates(start_year: int, shift: int) -> list[tuple[str, dt.date, dt.date]]:
    """A school's three terms: early September to about 19 December, early January to the end of March or
    early April, mid April to about 22 July. `shift` (0-2 days) varies dates between LAs and academies."""
    autumn = (
        _weekday_on_or_after(dt.date(start_year, 9, 2 + shift)),
        _weekday_on_or_before(dt.date(start_year, 12, 19 + shift)),
    )
    spring_start = _next(dt.date(start_year + 1, 1, 4 + shift), 0)
    spring_end = _next(dt.date(start_year + 1, 3, 27 + shift), 4)
    summer_start = _next(spring_end + dt.timedelta(days=10), 0)
    summer_end = _weekday_on_or_before(dt.date(start_year + 1, 7, 21 + shift))
    return [
        (Term.Name.AUTUMN.value, *autumn),
        (Term.Name.SPRING.value, spring_start, spring_end),
        (Term.Name.SUMMER.value, summer_start, summer_end),
    ]


class SchoolBuilder:
    """Everything in one school: terms, groups, staff, pupils, the register, profiles, barriers, parents."""

    def __init__(
        self,
        demo: DemoBuilder,
        plan: SchoolPlan,
        la: LocalAuthority,
        trust: Trust | None,
        years: tuple[AcademicYear, ...],
    ) -> None:
        self.demo = demo
        self.rng = demo.rng
        self.plan = plan
        self.la = la
        self.years = years
        self.shift = (int(la.code) + (1 if trust is not None and plan.urn % 3 == 0 else 0)) % 3
        self.school = demo.rows.add(
            School(
                urn=plan.urn,
                name=plan.name,
                local_authority=la,
                establishment_number=f"{plan.estab:04d}",
                phase=plan.phase,
                trust=trust,
            )
        )
        self.groups: list[Group] = []
        self.sets: list[Group] = []
        self.drafts: list[Draft] = []
        self.upn_serials: dict[int, int] = {}
        self.sendco: Staffer
        self.featured_group: Group | None = None
        self.featured_ta: Staffer | None = None

    @property
    def domain(self) -> str:
        return self.plan.domain

    def build(self) -> None:
        today = self.demo.today
        for year in self.years:
            for name, begins, ends in term_dates(year.start_year, self.shift):
                self.demo.rows.add(
                    Term(school=self.school, academic_year=year, name=name, starts_on=begins, ends_on=ends)
                )
        self.make_pupils()
        self.assign_sen()
        self.make_groups()
        if self.plan.named and self.domain == SHOWCASE_SCHOOL:
            self.choose_showcase()
        self.make_staff()
        for draft in self.drafts:
            self.write_pupil(draft)
        # The SENDCo has been in post since before the first decision they recorded.
        first = min((d.enrolled_on for d in self.drafts if d.sen is not None), default=today)
        membership = self.sendco.membership
        if membership is not None and membership.started_on > first:
            membership.started_on = first
        self.demo.rows.pupils += len(self.drafts)

    # pupils -----------------------------------------------------------------------------------------------------
    def year_groups(self) -> list[tuple[str, int]]:
        if self.plan.phase == SPECIAL:
            groups = list(SPECIAL_YEAR_WEIGHTS)
            weights: list[float] = list(SPECIAL_YEAR_WEIGHTS.values())
        else:
            groups = ["R", "1", "2", "3", "4", "5", "6"] if self.plan.phase == PRIMARY else ["7", "8", "9", "10", "11"]
            weights = [1.0] * len(groups)
        return list(zip(groups, _split(self.plan.pupils, weights), strict=True))

    def make_pupils(self) -> None:
        demo, rng = self.demo, self.rng
        start = demo.start
        boys_share = BOYS_AT_SPECIAL_SCHOOLS if self.plan.phase == SPECIAL else 0.51
        for year_group, count in self.year_groups():
            age = YEAR_GROUPS.index(year_group) + 2  # age on 31 August before the year starts (lib.school_year)
            born_from = dt.date(start - age - 1, 9, 1)
            reception_year = start - (YEAR_GROUPS.index(year_group) - YEAR_GROUPS.index("R"))
            for _ in range(count):
                male = rng.random() < boys_share
                eal = rng.random() < EAL_RATE
                if eal and rng.random() < 0.7:
                    forename = rng.choice(banks.EAL_BOYS if male else banks.EAL_GIRLS)
                    surname = rng.choice(banks.EAL_SURNAMES)
                else:
                    forename = rng.choice(banks.BOYS if male else banks.GIRLS)
                    surname = demo.fake.last_name()
                born = born_from + dt.timedelta(days=rng.randint(0, 365))
                if born.month == 9 and born.day == 1 and born.year != born_from.year:
                    born -= dt.timedelta(days=1)  # a leap year: stay within 1 September - 31 August
                enrolled_on = self.entry_date(year_group, reception_year)
                serial = self.upn_serials.get(reception_year, 0) + 1
                self.upn_serials[reception_year] = serial
                pupil = Pupil(
                    uid=demo.uuid(),
                    upn=make_upn(
                        la_code=int(self.la.code), establishment=self.plan.estab, year=reception_year, serial=serial
                    ),
                    legal_forename=forename,
                    legal_surname=surname,
                    preferred_forename=banks.NICKNAMES.get(forename, "") if rng.random() < 0.25 else "",
                    date_of_birth=born,
                    sex=Sex.MALE if male else Sex.FEMALE,
                    year_group=year_group,
                    school=self.school,
                    eal=eal,
                    created_at=demo.at(enrolled_on),
                )
                self.drafts.append(Draft(pupil=pupil, enrolled_on=enrolled_on, ability=rng.gauss(0, 1)))

    def entry_date(self, year_group: str, reception_year: int) -> dt.date:
        """When the pupil joined this school: at the usual entry point, or in-year for some."""
        demo, rng = self.demo, self.rng
        if self.plan.phase == PRIMARY:
            entry_year = reception_year
        elif self.plan.phase == SECONDARY:
            entry_year = reception_year + 7
        else:
            entry_year = rng.randint(reception_year, demo.start)
        usual = demo.term_start(entry_year, self.shift)
        if rng.random() < 0.08 and usual < demo.today:
            return demo.day_between(usual, demo.today)  # an in-year admission
        return min(usual, demo.today)

    # the register ----------------------------------------------------------------------------------------------
    def assign_sen(self) -> None:
        rng = self.rng
        drafts = self.drafts
        special = self.plan.phase == SPECIAL
        e_count = round(len(drafts) * (E_RATE_SPECIAL if special else E_RATE_MAINSTREAM))
        k_count = len(drafts) - e_count if special else round(len(drafts) * K_RATE)
        chosen_e = self.pick(drafts, e_count, BOYS_SHARE[E])
        taken = {id(d) for d in chosen_e}
        remaining = [d for d in drafts if id(d) not in taken]
        chosen_k = self.pick(remaining, k_count, BOYS_SHARE[K])
        for status, chosen in ((E, chosen_e), (K, chosen_k)):
            for draft in chosen:
                draft.sen = self.sen_plan(draft, status)
        if not special:
            long_enough = self.demo.today - dt.timedelta(days=500)
            for draft in drafts:
                if draft.sen is None and draft.enrolled_on <= long_enough and rng.random() < REMOVED_FROM_REGISTER:
                    plan = self.sen_plan(draft, K)
                    plan.route, plan.status, plan.secondary, plan.versions = "KN", N, None, 1
                    draft.sen = plan
        if self.plan.named:
            self.named_extras()
        for draft in drafts:
            status = draft.sen.status if draft.sen is not None else N
            if draft.sen is not None and draft.sen.route == "KN":
                status = K  # a pupil who was on the register is as likely to be eligible as one on it now
            pupil = draft.pupil
            pupil.sen_status = draft.sen.status if draft.sen is not None else N
            pupil.free_school_meals = rng.random() < FSM_RATE[status]
            pupil.looked_after = rng.random() < LOOKED_AFTER_RATE[status]
            pupil.pupil_premium = pupil.free_school_meals or pupil.looked_after or rng.random() < 0.04

    def pick(self, drafts: list[Draft], count: int, boys_share: float) -> list[Draft]:
        """`count` pupils, `boys_share` of them boys, more often in the years where needs are identified."""
        count = min(count, len(drafts))
        boys = [d for d in drafts if d.pupil.sex == Sex.MALE]
        girls = [d for d in drafts if d.pupil.sex == Sex.FEMALE]
        boy_count = min(len(boys), round(count * boys_share))
        girl_count = min(len(girls), count - boy_count)
        boy_count = count - girl_count
        chosen: list[Draft] = []
        for group, number in ((boys, boy_count), (girls, girl_count)):
            weights = [YEAR_WEIGHT.get(d.pupil.year_group, 1.0) for d in group]
            chosen += _weighted_sample(self.rng, group, weights, number)
        return chosen

    def sen_plan(self, draft: Draft, status: str) -> SenPlan:
        rng = self.rng
        special = self.plan.phase == SPECIAL
        if status == E:
            mix = NEED_MIX_E_SPECIAL if special else NEED_MIX_E
        else:
            mix = NEED_MIX_K_SPECIAL if special else NEED_MIX_K
        primary = rng.choices(list(mix), list(mix.values()))[0]
        secondary = None
        options = [code for code in banks.NEED_BANKS[primary].secondary if code != primary]
        if options and rng.random() < SECONDARY_NEED_SHARE[status]:
            secondary = rng.choice(options)
        if status == K:
            route = "K"
        elif special:
            route = "KE" if rng.random() < 0.15 else "E"
        else:
            route = "KE" if rng.random() < 0.6 else "E"
        return SenPlan(
            status=status,
            route=route,
            primary=primary,
            secondary=secondary,
            versions=rng.choices((1, 2, 3), (0.55, 0.3, 0.15))[0],
            barriers=rng.choices((1, 2, 3), (0.3, 0.45, 0.25))[0],
        )

    def named_extras(self) -> None:
        """The demo trust's schools show a few things on purpose: an NSA pupil and a pupil with Down syndrome
        at the primaries, and a decision from this week whose letter to parents has not gone yet."""
        on_support = [d for d in self.drafts if d.sen is not None and d.sen.route == "K"]
        if not on_support:
            return
        if self.plan.phase == PRIMARY:
            code = "NSA" if self.domain == SHOWCASE_SCHOOL else "DS"
            if not any(d.sen is not None and d.sen.primary == code for d in self.drafts):
                youngest = min(on_support, key=lambda d: YEAR_GROUPS.index(d.pupil.year_group))
                assert youngest.sen is not None  # noqa: S101 - chosen from pupils with a plan
                youngest.sen.primary, youngest.sen.secondary = code, None
        if self.plan.phase != SPECIAL and len(on_support) > 2:
            latest = on_support[-1]
            assert latest.sen is not None  # noqa: S101
            latest.sen.fresh = True

    # groups and staff ------------------------------------------------------------------------------------------
    def new_group(self, name: str, kind: str, year_group: str = "", subject: str = "") -> Group:
        group = TeachingGroup(
            uid=self.demo.uuid(),
            school=self.school,
            academic_year=self.demo.year,
            name=name,
            kind=kind,
            subject=subject,
            year_group=year_group,
        )
        return Group(self.demo.rows.add(group))

    def make_groups(self) -> None:
        rng = self.rng
        by_year: dict[str, list[Draft]] = {}
        for draft in self.drafts:
            by_year.setdefault(draft.pupil.year_group, []).append(draft)
        registration = TeachingGroup.Kind.REGISTRATION.value
        if self.plan.phase == SPECIAL:
            names = _numbered(SPECIAL_CLASS_NAMES)
            for band in SPECIAL_BANDS:
                pupils = [d for year in band for d in by_year.get(year, [])]
                classes = [
                    self.new_group(next(names), registration)
                    for _ in range(max(1, math.ceil(len(pupils) / SPECIAL_CLASS_SIZE)))
                ]
                for index, draft in enumerate(pupils):
                    classes[index % len(classes)].pupils.append(draft)
                self.groups += classes
        elif self.plan.phase == PRIMARY:
            forms = max(1, round(self.plan.pupils / 7 / CLASS_SIZE))
            names = _numbered(CLASS_NAMES)
            for year_group, _ in self.year_groups():
                label = "Reception" if year_group == "R" else f"Year {year_group}"
                classes = [self.new_group(f"{label} {next(names)}", registration, year_group) for _ in range(forms)]
                pupils = by_year.get(year_group, [])
                rng.shuffle(pupils)
                for index, draft in enumerate(pupils):
                    classes[index % forms].pupils.append(draft)
                self.groups += classes
        else:
            forms = max(1, round(self.plan.pupils / 5 / TUTOR_GROUP_SIZE))
            teaching = TeachingGroup.Kind.TEACHING.value
            for year_group, _ in self.year_groups():
                pupils = by_year.get(year_group, [])
                letters = _numbered(TUTOR_LETTERS)
                tutor_groups = [
                    self.new_group(f"{year_group}{next(letters)}", registration, year_group) for _ in range(forms)
                ]
                rng.shuffle(pupils)
                for index, draft in enumerate(pupils):
                    tutor_groups[index % forms].pupils.append(draft)
                self.groups += tutor_groups
                # Sets by prior attainment: pupils with cognition and learning needs are more often in lower sets.
                ranked = sorted(pupils, key=lambda d: -self.attainment(d))
                for short, subject in SUBJECTS:
                    sets = [
                        self.new_group(f"{year_group}/{short}{k}", teaching, year_group, subject)
                        for k in range(1, forms + 1)
                    ]
                    for number, group in enumerate(sets, start=1):
                        group.set_number = number
                    sizes = _split(len(ranked), [1.0] * forms)
                    position = 0
                    for group, size in zip(sets, sizes, strict=True):
                        group.pupils = ranked[position : position + size]
                        position += size
                        for draft in group.pupils:
                            draft.sets.append(group)
                    self.sets += sets
        for group in self.groups:
            for draft in group.pupils:
                draft.registration = group
        if self.plan.phase != SECONDARY:
            self.featured_group = self.pick_featured_group()

    def choose_showcase(self) -> None:
        """The pupil whose parent signs in as parent@family.demo: on SEN support in the featured class, with
        SLCN and SPLD, three profile versions and three barriers."""
        group = self.featured_group
        candidates = group.pupils if group and group.pupils else self.drafts
        if not candidates:
            return
        on_support = [
            d
            for d in candidates
            if d.sen is not None and d.sen.route == "K" and not d.sen.fresh and d.sen.primary != "NSA"
        ]
        chosen = min(on_support or candidates, key=lambda d: (d.pupil.looked_after, d.sen is None))
        if chosen.sen is None or chosen.sen.route != "K":
            chosen.sen = SenPlan(status=K, route="K", primary="SLCN", secondary=None, versions=3, barriers=3)
            chosen.pupil.sen_status = K
        chosen.sen.primary, chosen.sen.secondary, chosen.sen.versions, chosen.sen.barriers = "SLCN", "SPLD", 3, 3
        chosen.sen.fresh = False
        chosen.showcase = True

    def attainment(self, draft: Draft) -> float:
        score = draft.ability
        if draft.sen is not None and draft.sen.status != N:
            score -= 1.2 if draft.sen.primary in COGNITION_AND_LEARNING else 0.4
        return score

    def staffer(self, role: str, *, email: str | None = None, since: dt.date | None = None) -> Staffer:
        person = self.demo.adult(female=self.rng.random() < (0.85 if role == Role.TEACHING_ASSISTANT else 0.7))
        user = self.demo.user(person, email or self.demo.staff_email(person, self.domain))
        staffer = Staffer(user, person)
        staffer.membership = self.member(staffer, role, since or self.demo.since(0, 10))
        return staffer

    def member(self, staffer: Staffer, role: str, since: dt.date) -> Membership:
        return self.demo.rows.add(Membership(user=staffer.user, role=role, school=self.school, started_on=since))

    def assign(self, group: Group, staffer: Staffer, role: str) -> None:
        self.demo.rows.add(
            StaffAssignment(group=group.group, user=staffer.user, role=role, started_on=self.demo.year.starts_on)
        )
        if role == StaffAssignment.Role.TEACHER:
            group.teacher = staffer
        else:
            group.tas.append(staffer)

    def make_staff(self) -> None:
        demo, rng, domain = self.demo, self.rng, self.domain
        cross = demo.cross_sendco
        if self.plan.named and domain in CROSS_SCHOOL_SENDCO_SCHOOLS and cross is not None:
            self.sendco = Staffer(cross.user, cross.person)
            self.sendco.membership = self.member(self.sendco, Role.SENDCO, demo.since(3, 3))
        else:
            self.sendco = self.staffer(Role.SENDCO, email=f"sendco@{domain}.demo", since=demo.since(2, 9))
        self.staffer(Role.HEAD, email=f"head@{domain}.demo", since=demo.since(1, 9))
        self.staffer(Role.GOVERNOR, email=f"governor@{domain}.demo", since=demo.since(0, 4))
        self.staffer(Role.SCHOOL_ADMIN, email=f"admin@{domain}.demo", since=demo.since(0, 12))
        teacher_role, ta_role = StaffAssignment.Role.TEACHER.value, StaffAssignment.Role.TEACHING_ASSISTANT.value
        if self.plan.phase == SECONDARY:
            forms = len(self.sets) // (len(SUBJECTS) * 5) or 1
            # Each subject teacher takes the same set number in every year. The featured teacher (teacher@)
            # takes the lowest English sets, where most pupils with SEN are.
            departments = {
                subject: [
                    self.staffer(
                        Role.TEACHER,
                        email=f"teacher@{domain}.demo" if subject == "English" and k == forms else None,
                    )
                    for k in range(1, forms + 1)
                ]
                for _, subject in SUBJECTS
            }
            featured = departments["English"][-1]
            for group in self.sets:
                self.assign(group, departments[group.group.subject][group.set_number - 1], teacher_role)
            tutors = [s for staff in departments.values() for s in staff]
            extra = len(self.groups) - len(tutors)
            tutors += [self.staffer(Role.TEACHER) for _ in range(max(0, extra))]
            rng.shuffle(tutors)
            for group, tutor in zip(self.groups, tutors, strict=False):
                self.assign(group, tutor, teacher_role)
            tas = [self.staffer(Role.TEACHING_ASSISTANT, email=f"ta@{domain}.demo")]
            tas += [self.staffer(Role.TEACHING_ASSISTANT) for _ in range(forms + 1)]
            lower_sets = [g for g in self.sets if g.set_number == forms and g.group.subject != "Science"]
            for index, group in enumerate(lower_sets):
                self.assign(group, tas[(index // 2) % len(tas)], ta_role)
            self.featured_ta = tas[0]
            self.featured_group = next(g for g in self.sets if g.teacher is featured)
        else:
            featured_group = self.featured_group or self.pick_featured_group()
            for group in self.groups:
                email = f"teacher@{domain}.demo" if group is featured_group else None
                self.assign(group, self.staffer(Role.TEACHER, email=email), teacher_role)
            per_class = 2 if self.plan.phase == SPECIAL else 1
            ta_count = len(self.groups) * 2 if self.plan.phase == SPECIAL else max(2, round(len(self.groups) * 0.6))
            tas = [self.staffer(Role.TEACHING_ASSISTANT, email=f"ta@{domain}.demo")]
            tas += [self.staffer(Role.TEACHING_ASSISTANT) for _ in range(ta_count - 1)]
            self.featured_ta = tas[0]
            order = [featured_group] + [g for g in self.groups if g is not featured_group]
            # Round the classes: where there are fewer assistants than classes, each supports two.
            slot = 0
            for group in order:
                for _ in range(per_class):
                    self.assign(group, tas[slot % len(tas)], ta_role)
                    slot += 1

    def pick_featured_group(self) -> Group:
        """The class whose teacher signs in as teacher@: a Year 3-5 class (or any class) with the most SEN."""
        middle = [g for g in self.groups if g.group.year_group in ("3", "4", "5")] or self.groups
        return max(middle, key=lambda g: (g.sen_count(), g.group.year_group == "4"))

    # one pupil's rows ------------------------------------------------------------------------------------------
    def write_pupil(self, draft: Draft) -> None:
        rows, pupil = self.demo.rows, draft.pupil
        rows.add(pupil)
        rows.add(Enrolment(pupil=pupil, school=self.school, started_on=draft.enrolled_on))
        group_start = max(self.demo.year.starts_on, draft.enrolled_on)
        for group in ([draft.registration] if draft.registration else []) + draft.sets:
            rows.add(GroupMembership(pupil=pupil, group=group.group, started_on=group_start))
        if draft.sen is not None:
            PupilSenWriter(self, draft).write()
        if draft.sen is not None or self.rng.random() < 0.05:
            self.write_parents(draft)

    def write_parents(self, draft: Draft) -> None:
        demo, rng, pupil = self.demo, self.rng, draft.pupil
        links: list[tuple[str, bool, Person]] = []
        if pupil.looked_after:
            links.append((ParentLink.Relationship.FOSTER_CARER, False, demo.adult(female=True)))
        else:
            first = rng.choices(
                ("mother", "father", "grandparent", "step_parent", "carer", "other"),
                (0.62, 0.25, 0.05, 0.03, 0.02, 0.03),
            )[0]
            female = first == "mother" or (first != "father" and rng.random() < 0.7)
            # Step-parents and grandparents hold parental responsibility only by order or agreement.
            responsible = first in ("mother", "father") or (
                first in ("grandparent", "step_parent") and rng.random() < 0.4
            )
            surname = pupil.legal_surname if rng.random() < 0.85 else None
            links.append((first, responsible, demo.adult(female=female, surname=surname)))
            if first in ("mother", "father") and rng.random() < 0.35:
                other = "father" if first == "mother" else "mother"
                links.append((other, True, demo.adult(female=other == "mother", surname=pupil.legal_surname)))
        for index, (relationship, responsibility, person) in enumerate(links):
            if draft.showcase and index == 0:
                email = SHOWCASE_PARENT
            else:
                demo.parent_number += 1
                email = f"{_ascii(person.forename)}.{_ascii(person.surname)}{demo.parent_number}@family.demo"
            user = demo.user(person, email)
            demo.rows.add(
                ParentLink(
                    parent=user,
                    pupil=pupil,
                    relationship=relationship,
                    parental_responsibility=responsibility,
                    started_on=draft.enrolled_on,
                )
            )


class PupilSenWriter:
    """The register history, needs, profile versions and barriers of one pupil with SEN (now or in the past)."""

    def __init__(self, school: SchoolBuilder, draft: Draft) -> None:
        assert draft.sen is not None  # noqa: S101 - only called for pupils with a plan
        self.school = school
        self.demo = school.demo
        self.rng = school.rng
        self.draft = draft
        self.sen: SenPlan = draft.sen
        self.pupil = draft.pupil
        self.bank = banks.NEED_BANKS[self.sen.primary]
        self.variant = self.rng.choice(self.bank.variants)
        self.adults = self.adult_options()
        self.adult, self.adult_label = self.rng.choice(self.adults)
        male = self.pupil.sex == Sex.MALE
        phase = school.plan.phase
        interests = (
            banks.INTERESTS_SPECIAL
            if phase == SPECIAL
            else banks.INTERESTS_SECONDARY
            if phase == SECONDARY
            else banks.INTERESTS_PRIMARY
        )
        interest, interest2 = self.rng.sample(interests, 2)
        self.context = {
            "name": self.pupil.preferred_forename or self.pupil.legal_forename,
            "he": "he" if male else "she",
            "He": "He" if male else "She",
            "him": "him" if male else "her",
            "his": "his" if male else "her",
            "His": "His" if male else "Her",
            "interest": interest,
            "interest2": interest2,
            "adult": self.adult.person.short,
            "family": banks.FOSTER_FAMILY if self.pupil.looked_after else self.rng.choice(banks.FAMILIES),
            "special_thing": self.rng.choice(banks.SPECIAL_THINGS),
            "la": school.la.name,
            "school": school.plan.name,
            "issued": "",
        }
        self.interests = interests

    def text(self, template: str) -> str:
        return template.format_map(self.context)

    def adult_options(self) -> list[tuple[Staffer, str]]:
        """Adults a pupil might choose as their named adult, with how the pupil knows them."""
        group = self.draft.registration
        options = [(ta, "teaching assistant") for ta in (group.tas if group else [])]
        if group and group.teacher:
            options.append((group.teacher, "form tutor" if self.school.plan.phase == SECONDARY else "class teacher"))
        for taught in self.draft.sets:
            options += [(ta, "teaching assistant") for ta in taught.tas]
        return options or [(self.school.sendco, "SENDCo")]

    def write(self) -> None:
        dates = self.register_history()
        self.removed = dates[-1] if self.sen.route == "KN" else None
        self.write_needs(dates[0])
        versions = self.write_profiles(dates[0])
        self.write_barriers(versions[0], removed_on=self.removed)

    # register ----------------------------------------------------------------------------------------------
    def register_history(self) -> list[dt.date]:
        """Decisions and status periods; returns the decision dates, oldest first."""
        demo, sen, enrolled = self.demo, self.sen, self.draft.enrolled_on
        today = demo.today
        days = dt.timedelta
        steps: list[tuple[str, str, dt.date, str]] = []  # from, to, decided on, reason
        if sen.route == "KE" and (today - enrolled).days < 400:
            sen.route = "E"  # too new at the school for SEN support first: arrived with the plan
        route = sen.route
        if route in ("K", "KE", "KN"):
            latest = today - days(240 if route != "K" else 10)
            if self.draft.showcase:
                latest = today - days(400)  # long enough ago for three versions of the profile
            earliest = enrolled + days(20)
            if sen.primary == "NSA":
                earliest = max(earliest, today - days(200))  # "not yet assessed" describes a recent decision
            on_support = demo.day_between(earliest, latest)
            if sen.fresh:
                on_support = demo.day_between(max(enrolled, today - days(5)), today - days(2))
            steps.append((N, K, on_support, self.text(self.rng.choice(self.bank.reasons))))
            if route == "KE":
                issued = demo.day_between(on_support + days(200), today - days(20))
                self.context["issued"] = f"{issued:%d/%m/%Y}"
                recorded = demo.day_between(issued, issued + days(10))
                steps.append((K, E, recorded, self.text(self.rng.choice(banks.REASON_EHCP_AFTER_SUPPORT))))
            elif route == "KN":
                removed = demo.day_between(on_support + days(200), today - days(30))
                steps.append((K, N, removed, self.text(self.rng.choice(banks.REASON_REMOVED))))
        else:
            if self.school.plan.phase != PRIMARY or self.rng.random() < 0.5:
                reason = self.rng.choice(banks.REASON_EHCP_ON_ARRIVAL)
            else:
                issued = demo.day_between(max(self.pupil.date_of_birth, enrolled - days(200)), enrolled - days(20))
                self.context["issued"] = f"{issued:%d/%m/%Y}"
                reason = banks.REASON_EHCP_EARLY[0]
            steps.append((N, E, enrolled, self.text(reason)))
        if self.sen.status == K and self.school.plan.phase == SPECIAL:
            steps[0] = (N, K, enrolled, self.text(banks.REASON_ASSESSMENT_PLACE[0]))
        previous: SenStatus | None = None
        sendco = self.school.sendco.user
        for from_status, to_status, decided_on, reason in steps:
            informed: dt.date | None = None
            how = ""
            if not sen.fresh:
                informed = demo.day_between(decided_on, decided_on + days(10))
                how = self.rng.choice(banks.PARENTS_INFORMED_HOW_EHCP if to_status == E else banks.PARENTS_INFORMED_HOW)
            decision = demo.rows.add(
                RegisterDecision(
                    uid=demo.uuid(),
                    pupil=self.pupil,
                    school=self.school.school,
                    from_status=from_status,
                    to_status=to_status,
                    decided_on=decided_on,
                    reason=reason,
                    decided_by=sendco,
                    parents_informed_on=informed,
                    parents_informed_how=how,
                    recorded_by=sendco,
                    recorded_at=demo.at(demo.day_between(decided_on, decided_on + days(2))),
                )
            )
            if previous is not None:
                previous.ended_on = decided_on
            previous = demo.rows.add(
                SenStatus(
                    pupil=self.pupil,
                    school=self.school.school,
                    status=to_status,
                    started_on=decided_on,
                    decision=decision,
                )
            )
        return [step[2] for step in steps]

    # needs -------------------------------------------------------------------------------------------------
    def write_needs(self, first_day: dt.date) -> None:
        demo, rng, sen = self.demo, self.rng, self.sen
        ended = self.removed
        codes = [(sen.primary, self.variant)]
        if sen.secondary:
            codes.append((sen.secondary, rng.choice(banks.NEED_BANKS[sen.secondary].variants)))
        for rank, (code, variant) in enumerate(codes, start=1):
            bank = banks.NEED_BANKS[code]
            started = first_day if rank == 1 else demo.day_between(first_day, first_day + dt.timedelta(days=300))
            if ended is not None:
                started = min(started, ended)
            diagnosis = source = ""
            diagnosed_on: dt.date | None = None
            if variant.diagnosis and rng.random() < bank.diagnosis_share:
                diagnosis, source = variant.diagnosis, variant.diagnosis_source
                if code == "DS":
                    diagnosed_on = self.pupil.date_of_birth
                else:
                    earliest = self.pupil.date_of_birth + dt.timedelta(days=2 * 365)
                    diagnosed_on = demo.day_between(earliest, demo.today - dt.timedelta(days=14))
            demo.rows.add(
                Need(
                    uid=demo.uuid(),
                    pupil=self.pupil,
                    code=code,
                    rank=rank,
                    started_on=started,
                    ended_on=ended,
                    ended_reason=self.text(banks.NEED_ENDED) if ended is not None else "",
                    description=self.text(variant.description),
                    diagnosis=diagnosis,
                    diagnosis_source=source,
                    diagnosis_date=diagnosed_on,
                    recorded_by=self.school.sendco.user,
                    recorded_at=demo.at(started),
                )
            )

    # profile -----------------------------------------------------------------------------------------------
    def profile_fields(self) -> dict[str, str]:
        rng, bank = self.rng, self.bank
        complex_needs = self.sen.primary in banks.COMPLEX_NEEDS
        medical = rng.choice(bank.medical) if bank.medical and rng.random() < 0.6 else ""
        if not medical:
            medical = rng.choice(banks.MEDICAL) if rng.random() < 0.35 else banks.MEDICAL_NONE
        how = rng.sample(bank.how_to_support, min(3, len(bank.how_to_support)))
        works = rng.sample(bank.works, min(3, len(bank.works)))
        if self.sen.secondary:
            works.append(rng.choice(banks.NEED_BANKS[self.sen.secondary].works))
        two = 2 if complex_needs else 1  # phrases that assume speech don't suit every child: use the need's own
        fields = {
            "admire": rng.sample(banks.ADMIRE_COMPLEX if complex_needs else banks.ADMIRE, 2),
            "important_to_me": [rng.choice(bank.important), rng.choice(banks.IMPORTANT)],
            "how_to_support": how,
            "communication": [rng.choice(bank.communication)],
            "likes": [f"{{interest}}, {{interest2}} and {rng.choice(banks.LIKES)}."],
            "dislikes": rng.sample(bank.dislikes, min(two, len(bank.dislikes)))
            + ([] if complex_needs else [rng.choice(banks.DISLIKES)]),
            "strengths": rng.sample(bank.strengths, min(two, len(bank.strengths)))
            + ([] if complex_needs else [rng.choice(banks.STRENGTHS)]),
            "medical_needs": [medical],
            "strategies_that_work": works,
            "strategies_that_dont": rng.sample(bank.doesnt, min(2, len(bank.doesnt))),
        }
        result = {name: " ".join(_first_upper(self.text(piece)) for piece in pieces) for name, pieces in fields.items()}
        result["named_adult"] = f"{self.adult.person.short} ({self.adult_label})"
        return result

    def revise(self, fields: dict[str, str]) -> tuple[dict[str, str], str]:
        """The next version of a profile: one or two realistic changes, and a note saying what changed."""
        rng, bank = self.rng, self.bank
        new = dict(fields)
        notes: list[str] = []
        changes = ["works", "doesnt", "likes", "communication", "medical"]
        if len(self.adults) > 1:
            changes.append("named_adult")
        for change in rng.sample(changes, rng.choice((1, 1, 2))):
            if change == "named_adult":
                others = [(a, label) for a, label in self.adults if a is not self.adult]
                if not others:
                    continue
                self.adult, self.adult_label = rng.choice(others)
                self.context["adult"] = self.adult.person.short
                new["named_adult"] = f"{self.adult.person.short} ({self.adult_label})"
            elif change == "works":
                unused = [s for s in bank.works if self.text(s) not in new["strategies_that_work"]]
                if not unused:
                    continue
                new["strategies_that_work"] += " " + self.text(rng.choice(unused))
            elif change == "doesnt":
                sentences = [s for s in bank.works if self.text(s) in new["strategies_that_work"]]
                if len(sentences) < 2:
                    continue
                moved = self.text(rng.choice(sentences))
                new["strategies_that_work"] = new["strategies_that_work"].replace(moved, "").replace("  ", " ").strip()
                new["strategies_that_dont"] += f" {moved}"
            elif change == "likes":
                new["likes"] = self.new_interest(new["likes"])
            elif change == "communication":
                phrases = [self.text(c) for c in bank.communication if self.text(c) != new["communication"]]
                if not phrases:
                    continue
                new["communication"] = rng.choice(phrases)
            elif change == "medical":
                if new["medical_needs"] != banks.MEDICAL_NONE:
                    continue
                new["medical_needs"] = self.text(rng.choice(banks.MEDICAL))
            notes.append(self.text(banks.CHANGE_NOTES[change]))
        if not notes:  # none of the changes applied to this profile: a new interest always can
            new["likes"] = self.new_interest(new["likes"])
            notes.append(self.text(banks.CHANGE_NOTES["likes"]))
        return new, " ".join(notes)

    def new_interest(self, likes: str) -> str:
        interest = self.rng.choice([i for i in self.interests if i.lower() not in likes.lower()])
        return f"{likes} New this year: {interest}."

    def write_profiles(self, first_day: dt.date) -> list[dt.date]:
        demo, rng = self.demo, self.rng
        days = dt.timedelta
        ended = self.removed
        fields = self.profile_fields()
        written = demo.day_between(first_day + days(5), first_day + days(40))
        dates: list[dt.date] = []
        note = ""
        last_day = min(demo.today, ended) if ended is not None else demo.today
        for number in range(1, self.sen.versions + 1):
            if number > 1:
                # Later versions spread out towards today: a profile is kept up to date (Code 6.49).
                if written + days(45) > last_day:
                    break
                low = written + days(45)
                if number == self.sen.versions:
                    low = max(low, last_day - days(240))
                share = (last_day - written).days // (self.sen.versions - number + 1)
                written = demo.day_between(low, max(low, written + days(share)))
                fields, note = self.revise(fields)
            author = self.school.sendco
            teacher = self.draft.registration.teacher if self.draft.registration else None
            if number > 1 and teacher is not None and rng.random() < 0.5:
                author = teacher  # class teachers keep profiles up to date too
            demo.rows.add(
                ProfileVersion(
                    pupil=self.pupil,
                    number=number,
                    change_note=note,
                    created_by=author.user,
                    created_at=demo.at(written),
                    **fields,
                )
            )
            dates.append(written)
        return dates

    # barriers ----------------------------------------------------------------------------------------------
    def write_barriers(self, written: dt.date, *, removed_on: dt.date | None) -> None:
        demo, rng, bank = self.demo, self.rng, self.bank
        preferred = [bank.barriers[i] for i in self.variant.barriers]
        others = [b for b in bank.barriers if b not in preferred]
        rng.shuffle(others)
        chosen = (preferred + others)[: self.sen.barriers]
        if self.sen.secondary and len(chosen) >= 2:
            titles = {b.title for b in chosen[:-1]}
            extra = [b for b in banks.NEED_BANKS[self.sen.secondary].barriers if b.title not in titles]
            if extra:
                chosen[-1] = rng.choice(extra)
        sendco = self.school.sendco.user
        for index, barrier_text in enumerate(chosen):
            created = demo.at(written if index == 0 else demo.day_between(written, written + dt.timedelta(days=90)))
            archived_at = demo.at(removed_on) if removed_on is not None else None
            barrier = demo.rows.add(
                Barrier(
                    uid=demo.uuid(),
                    pupil=self.pupil,
                    title=self.text(barrier_text.title),
                    description=self.text(barrier_text.description),
                    created_by=sendco,
                    created_at=created,
                    archived_at=archived_at,
                    archived_reason=self.text(banks.BARRIER_ARCHIVED) if archived_at else "",
                )
            )
            count = rng.choice((1, 2, 2, 3)) if not self.draft.showcase else 3
            for kind, text in rng.sample(barrier_text.adjustments, min(count, len(barrier_text.adjustments))):
                demo.rows.add(
                    Adjustment(
                        uid=demo.uuid(),
                        barrier=barrier,
                        kind=kind,
                        description=self.text(text),
                        created_by=sendco,
                        created_at=created,
                        archived_at=archived_at,
                    )
                )


def build_demo(
    *, pupils: int | None = None, seed: int = DEFAULT_SEED, progress: Callable[[str], None] | None = None
) -> BuildResult:
    """Build the demo into an empty database. Callers check first that no school exists."""
    began = time.monotonic()
    plan = plan_demo(pupils=pupils, seed=seed)
    today = timezone.localdate()
    result = DemoBuilder(seed=seed, today=today, progress=progress).build(plan)
    build_provision(
        seed=seed,
        today=today,
        full_history_urns=[school.urn for school in plan.schools if school.named],
        progress=progress,
    )
    # Support plans come after provision groups: a plan's interventions point at the groups the pupils are in.
    build_support_cycles(seed=seed, today=today, progress=progress)
    result.seconds = time.monotonic() - began  # the whole build: schools, provision and support cycles
    return result
