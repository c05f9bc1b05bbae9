"""Building provision data for tests through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from accounts.models import User
from plans.models import PlannedProvision, SupportCycle
from provision.models import Intervention, InterventionGroup, StaffRate
from provision.services import SessionEntry, group_create, intervention_create, staff_rate_set
from pupils.models import Pupil
from schools.models import School

MONDAY = dt.date(2025, 11, 3)  # in the cast's autumn term when time is frozen in November 2025


def make_intervention(school: School, by: User, **overrides: Any) -> Intervention:
    data: dict[str, Any] = {
        "name": "Precision teaching",
        "description": "Short daily practice of a few items to fluency.",
        "area": "Cognition and learning",
        "other_areas": [],
        "evidence": "moderate",
        "kind": "group",
        "staff_role": "ta",
        "group_size": 4,
        "sessions_per_week": 2,
        "minutes_per_session": 30,
        "weeks": 10,
        "fixed_cost_per_term": Decimal("0"),
        "measure": "standardised",
        "measure_label": "",
        "higher_is_better": True,
    }
    data.update(overrides)
    return intervention_create(school=school, data=data, by=by)


def set_rate(school: School, by: User, role: str = "ta", cost: str = "20.00") -> StaffRate:
    return staff_rate_set(school=school, role=role, hourly_cost=Decimal(cost), started_on=dt.date(2020, 9, 1), by=by)


def make_group(
    school: School,
    by: User,
    *,
    intervention: Intervention | None = None,
    staff: User | None = None,
    capacity: int = 4,
    starts_on: dt.date = dt.date(2025, 9, 8),
    weekdays: tuple[int, ...] = (0, 2),
    **extra: Any,
) -> InterventionGroup:
    return group_create(
        school=school,
        intervention=intervention or make_intervention(school, by),
        name=extra.pop("name", "Year 4 precision teaching"),
        staff=staff,
        capacity=capacity,
        minutes_per_session=extra.pop("minutes_per_session", 30),
        room=extra.pop("room", "Library"),
        starts_on=starts_on,
        ends_on=extra.pop("ends_on", None),
        weekdays=list(weekdays),
        starts_at=dt.time(9, 15),
        by=by,
    )


def entry(
    day: dt.date,
    *,
    status: str = "delivered",
    minutes: int | None = 30,
    present: set[int] | None = None,
    note: str = "",
) -> SessionEntry:
    return SessionEntry(
        key=f"s{day:%Y%m%d}0915",
        held_on=day,
        starts_at=dt.time(9, 15),
        status=status,
        minutes=minutes,
        note=note,
        present=frozenset(present or set()),
    )


def make_cycle(pupil: Pupil, by: User, *, state: str = "do", started_on: dt.date = dt.date(2025, 9, 8)) -> SupportCycle:
    return SupportCycle.objects.create(
        pupil=pupil,
        school=pupil.school,
        number=1,
        state=state,
        started_on=started_on,
        started_by=by,
        concern="Slow progress in reading.",
    )


def make_planned(cycle: SupportCycle, **extra: Any) -> PlannedProvision:
    values: dict[str, Any] = {
        "kind": "intervention",
        "description": "Precision teaching for reading, in a small group.",
        "delivered_by": "Teaching assistant",
        "frequency": "Twice a week",
        "sessions_per_week": 2,
        "minutes_per_session": 30,
        "starts_on": dt.date(2025, 9, 8),
    }
    values.update(extra)
    return PlannedProvision.objects.create(cycle=cycle, **values)
