"""A fixed cast for tests: one LA, one trust with two schools, and one user for every role.

Home school ("Oakfield Primary") holds the pupils; "Riverside Primary" is the other school in the
same trust and LA. Built with the real services where they exist, so the data obeys every rule.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from functools import cache

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import Membership, Role, User
from lib.school_year import academic_year_start
from lib.upn import make_upn
from pupils.models import GroupMembership, ParentLink, Pupil
from pupils.services import pupil_create
from register.services import need_add, pupil_register_decide
from schools.models import AcademicYear, LocalAuthority, School, StaffAssignment, TeachingGroup, Term, Trust

PASSWORD = "correct-horse-battery-staple"

_serial = itertools.count(1)


@cache
def _password_hash() -> str:
    """Argon2 is slow by design; hash the shared test password once per test run."""
    return make_password(PASSWORD)


def make_user(email: str, name: str) -> User:
    return User.objects.create(email=email, full_name=name, password=_password_hash())


def make_school(*, name: str, urn: int, la: LocalAuthority, trust: Trust | None, estab: str) -> School:
    school = School.objects.create(
        name=name, urn=urn, local_authority=la, establishment_number=estab, phase=School.Phase.PRIMARY, trust=trust
    )
    year = academic_year()
    start = year.start_year
    for term, begins, ends in (
        (Term.Name.AUTUMN, dt.date(start, 9, 3), dt.date(start, 12, 19)),
        (Term.Name.SPRING, dt.date(start + 1, 1, 5), dt.date(start + 1, 3, 27)),
        (Term.Name.SUMMER, dt.date(start + 1, 4, 13), dt.date(start + 1, 7, 22)),
    ):
        Term.objects.create(school=school, academic_year=year, name=term, starts_on=begins, ends_on=ends)
    return school


def academic_year() -> AcademicYear:
    start = academic_year_start(timezone.localdate())
    year, _ = AcademicYear.objects.get_or_create(
        start_year=start, defaults={"starts_on": dt.date(start, 9, 1), "ends_on": dt.date(start + 1, 8, 31)}
    )
    return year


def member(user: User, role: str, **scope: object) -> Membership:
    return Membership.objects.create(user=user, role=role, started_on=dt.date(2020, 9, 1), **scope)


def make_pupil(
    school: School, *, forename: str = "Amara", surname: str = "Okafor", year_group: str = "4", **extra: object
) -> Pupil:
    today = timezone.localdate()
    start = academic_year_start(today)
    # A birthday that puts the child in `year_group` this academic year.
    age_at_start = {"N1": 2, "N2": 3, "R": 4}.get(year_group, (int(year_group) + 4) if year_group.isdigit() else 8)
    born = dt.date(start - age_at_start - 1, 11, 15)
    data = {
        "upn": upn_for(school),
        "legal_forename": forename,
        "legal_surname": surname,
        "date_of_birth": born,
        "sex": "F",
        "year_group": year_group,
    }
    data.update(extra)
    return pupil_create(school=school, data=data, started_on=dt.date(start, 9, 1), by=system_user())


def upn_for(school: School) -> str:
    """A valid UPN unique within the test run: the issue year and serial come from one counter."""
    year, serial = divmod(next(_serial), 1000)
    return make_upn(
        la_code=int(school.local_authority.code),
        establishment=int(school.establishment_number),
        year=year,
        serial=serial,
    )


def system_user() -> User:
    user, _ = User.objects.get_or_create(email="system@opensend.test", defaults={"full_name": "System"})
    return user


def place_on_support(pupil: Pupil, by: User, *, code: str = "SLCN") -> Pupil:
    today = timezone.localdate()
    pupil_register_decide(
        pupil=pupil,
        to_status="K",
        decided_on=today - dt.timedelta(days=30),
        reason="Assessment showed language needs.",
        decided_by=by,
        parents_informed_on=today - dt.timedelta(days=29),
        parents_informed_how="Letter and meeting",
        primary_need=code,
        recorded_by=by,
    )
    pupil.refresh_from_db()
    return pupil


@dataclass
class Cast:
    la: LocalAuthority
    other_la: LocalAuthority
    trust: Trust
    school: School
    other_school: School
    class_group: TeachingGroup
    users: dict[str, User] = field(default_factory=dict)
    pupil: Pupil | None = None  # on SEN support, in the teacher's class, child of the parent
    untaught_pupil: Pupil | None = None  # same school, not in the teacher's class
    other_pupil: Pupil | None = None  # the other school

    def __getitem__(self, role: str) -> User:
        return self.users[role]


ROLES = (
    "sendco",
    "teacher",
    "ta",
    "head",
    "governor",
    "school_admin",
    "trust_admin",
    "la_officer",
    "parent",
    "outsider",
)


def build_cast() -> Cast:
    la = LocalAuthority.objects.create(code="919", name="Wyvern County Council")
    other_la = LocalAuthority.objects.create(code="873", name="Fenland Borough Council")
    trust = Trust.objects.create(name="Brightwater Learning Trust")
    school = make_school(name="Oakfield Primary", urn=100001, la=la, trust=trust, estab="2001")
    other = make_school(name="Riverside Primary", urn=100002, la=la, trust=trust, estab="2002")
    year = academic_year()
    group = TeachingGroup.objects.create(
        school=school, academic_year=year, name="4B", kind=TeachingGroup.Kind.REGISTRATION, year_group="4"
    )
    users = {
        "sendco": make_user("sendco@oakfield.test", "Sam Patel"),
        "teacher": make_user("teacher@oakfield.test", "Tom Hughes"),
        "ta": make_user("ta@oakfield.test", "Tara Singh"),
        "head": make_user("head@oakfield.test", "Helen Ward"),
        "governor": make_user("governor@oakfield.test", "Gareth Lloyd"),
        "school_admin": make_user("office@oakfield.test", "Olive Grant"),
        "trust_admin": make_user("admin@brightwater.test", "Tina Marsh"),
        "la_officer": make_user("officer@wyvern.test", "Lena Fox"),
        "parent": make_user("parent@example.test", "Grace Okafor"),
        "outsider": make_user("teacher@riverside.test", "Rory Black"),
    }
    for role in ("sendco", "teacher", "ta", "head", "governor", "school_admin"):
        member(users[role], role, school=school)
    member(users["trust_admin"], Role.TRUST_ADMIN, trust=trust)
    member(users["la_officer"], Role.LA_OFFICER, local_authority=la)
    member(users["outsider"], Role.SENDCO, school=other)
    StaffAssignment.objects.create(group=group, user=users["teacher"], role="teacher", started_on=year.starts_on)
    StaffAssignment.objects.create(group=group, user=users["ta"], role="ta", started_on=year.starts_on)
    cast = Cast(
        la=la, other_la=other_la, trust=trust, school=school, other_school=other, class_group=group, users=users
    )
    cast.pupil = place_on_support(make_pupil(school), users["sendco"])
    GroupMembership.objects.create(pupil=cast.pupil, group=group, started_on=year.starts_on)
    ParentLink.objects.create(
        parent=users["parent"], pupil=cast.pupil, relationship="mother", started_on=year.starts_on
    )
    cast.untaught_pupil = place_on_support(
        make_pupil(school, forename="Ben", surname="Carter", year_group="6"), users["sendco"], code="SEMH"
    )
    cast.other_pupil = place_on_support(
        make_pupil(other, forename="Chloe", surname="Davies"), users["outsider"], code="ASD"
    )
    return cast


def add_secondary_need(pupil: Pupil, by: User, code: str = "SPLD") -> None:
    need_add(
        pupil=pupil,
        code=code,
        rank=2,
        started_on=timezone.localdate(),
        description="",
        diagnosis="",
        diagnosis_source="",
        diagnosis_date=None,
        by=by,
    )
