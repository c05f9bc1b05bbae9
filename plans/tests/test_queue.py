"""The work queue: the SENDCo's for the school, and a teacher's or TA's for their pupils."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from plans.models import CycleState, Meeting, PlannedProvision, SupportCycle
from plans.selectors.queue import WorkQueue, school_queue
from provision.models import Intervention
from provision.selectors import planned_against_delivered
from pupils.models import GroupMembership, ProfileVersion, Pupil
from register.services import pupil_register_decide
from schools.models import StaffAssignment, TeachingGroup, Term
from tests.cast import Cast, academic_year, make_pupil, member, system_user

# A Tuesday in the summer term of the cast's academic year (2025/26): autumn and spring have ended.
TODAY = dt.date(2026, 5, 12)


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[dt.date]:
    with time_machine.travel(dt.datetime(2026, 5, 12, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False):
        yield TODAY


def on_register(cast: Cast, forename: str, *, status: str = "K", since: dt.date, year_group: str = "5") -> Pupil:
    pupil = make_pupil(cast.school, forename=forename, surname="Queue", year_group=year_group)
    pupil_register_decide(
        pupil=pupil,
        to_status=status,
        decided_on=since,
        reason="Assessment.",
        decided_by=system_user(),
        parents_informed_on=None,
        parents_informed_how="",
        primary_need="SLCN" if status == "K" else "ASD",
        recorded_by=system_user(),
    )
    pupil.refresh_from_db()
    return pupil


def cycle_for(cast: Cast, pupil: Pupil, *, state: str = CycleState.DO, due: dt.date | None = None) -> SupportCycle:
    return SupportCycle.objects.create(
        pupil=pupil,
        school=pupil.school,
        number=1,
        state=state,
        started_on=TODAY - dt.timedelta(days=45),
        started_by=cast["sendco"],
        concern="Concern.",
        review_due_on=due,
    )


def profile(pupil: Pupil, by: Any, *, at: dt.datetime) -> None:
    ProfileVersion.objects.create(pupil=pupil, number=1, likes="Drawing.", created_by=by, created_at=at)


def meeting(cast: Cast, pupil: Pupil, held_on: dt.date, **extra: Any) -> None:
    Meeting.objects.create(
        pupil=pupil,
        school=pupil.school,
        kind=Meeting.Kind.PROGRESS,
        held_on=held_on,
        attendees="Mum",
        notes="Progress.",
        recorded_by=cast["sendco"],
        **extra,
    )


def names(queue: WorkQueue, key: str) -> list[str]:
    [section] = [section for section in queue.sections if section.key == key]
    return [item.pupil.forename for item in section.items]


@pytest.fixture
def school_state(cast: Cast) -> dict[str, Pupil]:
    """Amara (the cast's pupil, taught by the teacher): review due in 5 days, no profile, an intervention with no
    sessions attended. Ben (untaught): review 3 days overdue, a fresh profile. Dev: on support since October,
    no cycle, no meetings with parents, a profile from January last year. Eve: EHC plan, cycle still at assess.
    Finn: not on the register, a plan being agreed with its review due in 14 days."""
    assert cast.pupil is not None
    assert cast.untaught_pupil is not None
    amara, ben = cast.pupil, cast.untaught_pupil
    amara_cycle = cycle_for(cast, amara, due=TODAY + dt.timedelta(days=5))
    cycle_for(cast, ben, due=TODAY - dt.timedelta(days=3))
    profile(ben, cast["sendco"], at=timezone.now() - dt.timedelta(days=10))
    dev = on_register(cast, "Dev", since=dt.date(2025, 10, 1))
    profile(dev, cast["sendco"], at=dt.datetime(2025, 1, 10, 12, 0, tzinfo=dt.UTC))
    meeting(cast, dev, dt.date(2025, 11, 3), with_parents=False)
    meeting(cast, dev, dt.date(2026, 2, 3), archived_at=timezone.now())
    eve = on_register(cast, "Eve", status="E", since=dt.date(2025, 10, 1))
    profile(eve, cast["sendco"], at=timezone.now())
    cycle_for(cast, eve, state=CycleState.ASSESS)
    finn = make_pupil(cast.school, forename="Finn", surname="Queue")
    cycle_for(cast, finn, state=CycleState.PLAN, due=TODAY + dt.timedelta(days=14))
    reading = Intervention.objects.create(
        school=cast.school,
        name="Reading catch-up",
        area="Cognition and learning",
        evidence="moderate",
        kind="group",
        staff_role="ta",
        measure="none",
    )
    PlannedProvision.objects.create(
        cycle=amara_cycle,
        kind=PlannedProvision.Kind.INTERVENTION,
        description="Reading catch-up",
        delivered_by="Ms Singh",
        frequency="Three times a week",
        sessions_per_week=3,
        minutes_per_session=20,
        starts_on=TODAY - dt.timedelta(days=21),
        intervention=reading,
    )
    return {"amara": amara, "ben": ben, "dev": dev, "eve": eve, "finn": finn}


def test_the_school_queue_puts_each_pupil_in_the_right_sections(cast: Cast, school_state: dict[str, Pupil]) -> None:
    queue = school_queue(school=cast.school, today=TODAY)

    assert names(queue, "overdue") == ["Ben"]
    assert names(queue, "due_soon") == ["Amara", "Finn"]
    assert names(queue, "no_plan") == ["Dev", "Eve"]
    # Dev's meeting without parents and the archived one do not count: none held, two expected by now.
    assert names(queue, "meetings") == ["Dev"]
    assert names(queue, "profiles") == ["Amara", "Dev"]
    assert names(queue, "provision") == ["Amara"]
    assert queue.schools_without_terms == []


def test_queue_items_link_to_the_cycle_or_the_record_and_say_what_is_due(
    cast: Cast, school_state: dict[str, Pupil]
) -> None:
    queue = school_queue(school=cast.school, today=TODAY)
    items = {(section.key, item.pupil.forename): item for section in queue.sections for item in section.items}
    ben_cycle = SupportCycle.objects.get(pupil=school_state["ben"])
    eve_cycle = SupportCycle.objects.get(pupil=school_state["eve"])

    assert items["overdue", "Ben"].url == reverse("plans:cycle", args=[ben_cycle.uid])
    assert items["overdue", "Ben"].detail == "3 days overdue. Support cycle 1, at do."
    assert items["due_soon", "Amara"].detail == "In 5 days. Support cycle 1, at do."
    assert items["no_plan", "Dev"].url == reverse("pupils:record", args=[school_state["dev"].uid])
    assert items["no_plan", "Eve"].url == reverse("plans:cycle", args=[eve_cycle.uid])
    assert items["meetings", "Dev"].detail == "0 of 2 expected by now. Short at the end of the autumn and spring terms."
    assert items["meetings", "Dev"].url.endswith("#meetings")
    assert items["profiles", "Amara"].detail == "No one-page profile yet."
    assert items["profiles", "Dev"].detail == "Not updated since 10 January 2025."
    assert items["provision", "Amara"].detail == "Attended 0 of 9 sessions planned so far."


def test_the_provision_section_names_the_pupils_their_costed_map_shows_short_of_plan(
    cast: Cast, school_state: dict[str, Pupil]
) -> None:
    """The queue and each pupil's planned-against-delivered table read differently but apply one rule."""
    _grow(cast, 3)
    queue = school_queue(school=cast.school, today=TODAY)
    [section] = [section for section in queue.sections if section.key == "provision"]

    expected = set()
    for pupil in Pupil.objects.filter(school=cast.school):
        rows = planned_against_delivered(pupil=pupil, today=TODAY)
        if any(row.flagged for row in rows):
            expected.add((pupil.pk, sum(row.attended for row in rows), sum(row.planned_sessions for row in rows)))
    assert {(item.pupil.pk, *map(int, re.findall(r"\d+", item.detail))) for item in section.items} == expected
    assert len(expected) == 4


def test_a_meeting_a_term_takes_a_pupil_off_the_meetings_list(cast: Cast, school_state: dict[str, Pupil]) -> None:
    dev = school_state["dev"]
    meeting(cast, dev, dt.date(2025, 11, 20))
    meeting(cast, dev, dt.date(2026, 3, 2))

    assert names(school_queue(school=cast.school, today=TODAY), "meetings") == []


def test_a_profile_updated_within_twelve_months_is_not_listed(cast: Cast, school_state: dict[str, Pupil]) -> None:
    ProfileVersion.objects.create(
        pupil=school_state["dev"], number=2, likes="Lego.", created_by=cast["sendco"], created_at=timezone.now()
    )

    assert names(school_queue(school=cast.school, today=TODAY), "profiles") == ["Amara"]


def test_sendco_sees_the_queue_with_counts_and_every_named_pupil_is_audited(
    client_for: Any, cast: Cast, school_state: dict[str, Pupil]
) -> None:
    response = client_for("sendco").get(reverse("plans:queue", args=[cast.school.urn]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Reviews overdue (1)" in body
    assert "Reviews due in the next two weeks (2)" in body
    assert "Short of meetings with parents (1)" in body
    assert reverse("plans:cycle", args=[SupportCycle.objects.get(pupil=school_state["ben"]).uid]) in body
    audited = AuditEvent.objects.filter(object_type="plans.work_queue", actor=cast["sendco"])
    assert {event.pupil_id for event in audited} == {pupil.pk for pupil in school_state.values()}
    assert audited.count() == len(school_state)


def test_head_sees_the_same_queue_and_teachers_do_not_reach_it(
    client_for: Any, cast: Cast, school_state: dict[str, Pupil]
) -> None:
    url = reverse("plans:queue", args=[cast.school.urn])

    head = client_for("head").get(url)

    assert head.status_code == 200
    assert [section.count for section in head.context["queue"].sections] == [1, 2, 2, 1, 2, 1]
    assert client_for("teacher").get(url).status_code == 404
    assert client_for("ta").get(url).status_code == 404
    assert client_for("outsider").get(url).status_code == 404


@pytest.mark.parametrize("role", ["teacher", "ta"])
def test_teachers_and_tas_get_a_queue_for_their_own_pupils_only(
    client_for: Any, cast: Cast, school_state: dict[str, Pupil], role: str
) -> None:
    response = client_for(role).get(reverse("plans:my_work"))

    assert response.status_code == 200
    queue = response.context["queue"]
    assert {item.pupil.forename for section in queue.sections for item in section.items} == {"Amara"}
    assert names(queue, "due_soon") == ["Amara"]
    assert names(queue, "provision") == ["Amara"]
    assert "Ben" not in response.content.decode()


def test_staff_without_groups_and_parents_have_no_my_work_page(client_for: Any, cast: Cast) -> None:
    for role in ("sendco", "head", "parent"):
        assert client_for(role).get(reverse("plans:my_work")).status_code == 404


def test_a_school_without_term_dates_is_told_to_add_them(client_for: Any, cast: Cast) -> None:
    Term.objects.filter(school=cast.school).delete()

    response = client_for("sendco").get(reverse("plans:queue", args=[cast.school.urn]))

    assert [school.pk for school in response.context["queue"].schools_without_terms] == [cast.school.pk]
    assert f"{cast.school.name} has no term dates for this academic year" in response.content.decode()
    assert reverse("schools:terms", args=[cast.school.urn]) in response.content.decode()
    assert names(response.context["queue"], "meetings") == []


def test_an_empty_queue_says_so(client_for: Any, cast: Cast) -> None:
    Pupil.objects.update(sen_status="N")

    response = client_for("sendco").get(reverse("plans:queue", args=[cast.school.urn]))

    assert response.context["queue"].total == 0
    assert "No reviews are overdue." in response.content.decode()


def _grow(cast: Cast, count: int) -> None:
    """`count` more pupils with something in every section: cycles due, meetings, profiles, interventions."""
    for index in range(count):
        pupil = on_register(cast, f"Extra{index}", since=dt.date(2025, 10, 1))
        cycle = cycle_for(cast, pupil, state=CycleState.DO, due=TODAY - dt.timedelta(days=index % 3))
        meeting(cast, pupil, dt.date(2025, 11, 1))
        profile(pupil, cast["sendco"], at=dt.datetime(2024, 12, 1, tzinfo=dt.UTC))
        intervention = Intervention.objects.create(
            school=cast.school,
            name=f"Intervention {index}",
            area="Cognition and learning",
            evidence="moderate",
            kind="group",
            staff_role="ta",
            measure="none",
        )
        PlannedProvision.objects.create(
            cycle=cycle,
            kind=PlannedProvision.Kind.INTERVENTION,
            description="Catch-up",
            delivered_by="TA",
            frequency="Twice a week",
            sessions_per_week=2,
            starts_on=TODAY - dt.timedelta(days=14),
            intervention=intervention,
        )


@pytest.mark.parametrize("extra", [0, 15])
def test_the_school_queue_takes_a_fixed_number_of_queries(
    client_for: Any, cast: Cast, school_state: dict[str, Pupil], django_assert_num_queries: Any, extra: int
) -> None:
    _grow(cast, extra)
    client = client_for("sendco")
    url = reverse("plans:queue", args=[cast.school.urn])
    client.get(url)

    # Session and user, memberships, the school, the pupils, terms, meetings, planned interventions, the audit rows
    # (one insert), and the session saved in a transaction (three statements).
    with django_assert_num_queries(12):
        response = client.get(url)

    assert response.context["queue"].total >= 9 + 4 * extra


@pytest.mark.parametrize("extra", [0, 15])
def test_my_work_takes_a_fixed_number_of_queries(
    client_for: Any, cast: Cast, school_state: dict[str, Pupil], django_assert_num_queries: Any, extra: int
) -> None:
    _grow(cast, extra)
    client = client_for("teacher")
    url = reverse("plans:my_work")
    client.get(url)

    # As the school's queue, less the school: the names of the teacher's schools come with their terms.
    with django_assert_num_queries(11):
        client.get(url)


def test_a_teacher_at_two_schools_gets_one_queue_in_the_same_number_of_queries(
    client_for: Any, cast: Cast, school_state: dict[str, Pupil], django_assert_num_queries: Any
) -> None:
    assert cast.other_pupil is not None
    year = academic_year()
    group = TeachingGroup.objects.create(
        school=cast.other_school, academic_year=year, name="5R", kind=TeachingGroup.Kind.REGISTRATION, year_group="5"
    )
    member(cast["teacher"], "teacher", school=cast.other_school)
    StaffAssignment.objects.create(group=group, user=cast["teacher"], role="teacher", started_on=year.starts_on)
    GroupMembership.objects.create(pupil=cast.other_pupil, group=group, started_on=year.starts_on)
    Term.objects.filter(school=cast.other_school).delete()
    client = client_for("teacher")
    url = reverse("plans:my_work")
    client.get(url)

    with django_assert_num_queries(11):
        response = client.get(url)

    queue = response.context["queue"]
    assert {item.pupil.forename for section in queue.sections for item in section.items} == {"Amara", "Chloe"}
    assert [school.name for school in queue.schools_without_terms] == ["Riverside Primary"]
    assert "Riverside Primary has no term dates for this academic year" in response.content.decode()
