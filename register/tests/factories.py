"""Test data for the register tests, built through the real services."""

from __future__ import annotations

import datetime as dt
import itertools

from lib.school_year import academic_year_start
from lib.upn import make_upn
from pupils.models import Pupil
from pupils.services import pupil_create
from register.services import pupil_register_decide
from schools.models import School
from tests.cast import system_user

# A Tuesday in the spring term: the register tests freeze the clock here (see conftest.py).
TODAY = dt.date(2026, 3, 10)
_upn_numbers = itertools.count(1)


def add_pupil(
    school: School,
    *,
    forename: str = "Pupil",
    surname: str = "Test",
    status: str = "K",
    code: str = "SLCN",
    year_group: str = "4",
    **extra: object,
) -> Pupil:
    """A pupil through the real services, on the register at `status` (N: not on it).

    Unlike tests.cast.make_pupil this draws UPNs from its own counter, so tests that need many pupils
    do not use up the cast's serial numbers.
    """
    number = next(_upn_numbers)
    start = academic_year_start(TODAY)
    age_at_start = {"N1": 2, "N2": 3, "R": 4}.get(year_group, int(year_group) + 4 if year_group.isdigit() else 8)
    data: dict[str, object] = {
        "upn": make_upn(
            la_code=int(school.local_authority.code),
            establishment=int(school.establishment_number),
            year=30 + (number // 1000) % 60,
            serial=number % 1000,
        ),
        "legal_forename": forename,
        "legal_surname": surname,
        "date_of_birth": dt.date(start - age_at_start - 1, 11, 15),
        "sex": "F",
        "year_group": year_group,
    }
    data.update(extra)
    user = system_user()
    pupil = pupil_create(school=school, data=data, started_on=dt.date(start, 9, 1), by=user)
    if status in ("K", "E"):
        pupil_register_decide(
            pupil=pupil,
            to_status=status,
            decided_on=TODAY - dt.timedelta(days=20),
            reason="Evidence from assessment.",
            decided_by=user,
            parents_informed_on=None,
            parents_informed_how="",
            primary_need=code,
            recorded_by=user,
        )
        pupil.refresh_from_db()
    return pupil
