"""Many pupils quickly, for aggregate tests: rows written directly, since only counts are under test."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from accounts.models import User
from lib.upn import make_upn
from pupils.models import Pupil
from register.models import Need
from schools.models import LocalAuthority, School, Trust

# Names no page may ever show; the cast's pupils are checked too.
FACTORY_SURNAME = "Quintrell"
_serials = itertools.count(1)
_urns = itertools.count(200001)


def add_pupils(
    school: School,
    count: int,
    *,
    status: str = "N",
    need: str | None = None,
    sex: str = "F",
    fsm: bool = False,
    year_group: str = "5",
    archived: bool = False,
    by: User,
) -> list[Pupil]:
    pupils = []
    for _ in range(count):
        serial = next(_serials)
        pupils.append(
            Pupil(
                upn=make_upn(
                    la_code=int(school.local_authority.code),
                    establishment=int(school.establishment_number),
                    year=30 + serial // 1000,
                    serial=serial % 1000,
                ),
                legal_forename="Zephyrine",
                legal_surname=FACTORY_SURNAME,
                date_of_birth=dt.date(2016, 1, 1),
                sex=sex,
                year_group=year_group,
                school=school,
                free_school_meals=fsm,
                sen_status=status,
                archived_at=timezone.now() if archived else None,
            )
        )
    created = Pupil.objects.bulk_create(pupils)
    if need is not None:
        Need.objects.bulk_create(
            [Need(pupil=pupil, code=need, rank=1, started_on=timezone.localdate(), recorded_by=by) for pupil in created]
        )
    return created


def add_school(*, la: LocalAuthority, trust: Trust | None, phase: str = School.Phase.PRIMARY, name: str = "") -> School:
    urn = next(_urns)
    return School.objects.create(
        name=name or f"School {urn}",
        urn=urn,
        local_authority=la,
        establishment_number=f"{urn % 10000:04d}",
        phase=phase,
        trust=trust,
    )
