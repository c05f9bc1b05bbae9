"""The rules every generated demo must keep: the same invariants the services enforce one row at a time."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.utils import timezone

from lib.census import need_valid_with
from lib.school_year import expected_year_group
from lib.upn import normalise_upn
from pupils.models import Adjustment, Barrier, Enrolment, GroupMembership, ParentLink, ProfileVersion, Pupil
from register.models import Need, RegisterDecision, SenStatus
from schools.models import TeachingGroup

ON_REGISTER = ("K", "E")


def assert_demo_invariants() -> None:
    today = timezone.localdate()
    pupils = {p.pk: p for p in Pupil.objects.all()}
    assert pupils, "the demo has pupils"

    # UPNs valid and unique; year group fits the date of birth; one open enrolment at the pupil's school.
    upns = [p.upn for p in pupils.values()]
    assert len(set(upns)) == len(upns)
    for pupil in pupils.values():
        assert normalise_upn(pupil.upn) == pupil.upn
        assert expected_year_group(pupil.date_of_birth, today) == pupil.year_group, pupil.upn
    open_enrolments = Counter(Enrolment.objects.filter(ended_on__isnull=True).values_list("pupil_id", "school_id"))
    assert all(open_enrolments[(pk, p.school_id)] == 1 for pk, p in pupils.items())
    assert all(started <= today for started in Enrolment.objects.values_list("started_on", flat=True))

    # Every pupil is in exactly one registration class.
    registration = Counter(
        GroupMembership.objects.filter(group__kind=TeachingGroup.Kind.REGISTRATION).values_list("pupil_id", flat=True)
    )
    assert all(registration[pk] == 1 for pk in pupils)

    # Status history: dated, contiguous, each period opened by a decision; one open row equal to Pupil.sen_status.
    decisions = {d.pk: d for d in RegisterDecision.objects.all()}
    statuses: dict[int, list[SenStatus]] = defaultdict(list)
    for row in SenStatus.objects.order_by("started_on", "id"):
        statuses[row.pupil_id].append(row)
    for pk, pupil in pupils.items():
        rows = statuses.get(pk, [])
        if pupil.sen_status in ON_REGISTER:
            assert rows, f"{pupil.upn} is on the register without a status history"
        if not rows:
            assert pupil.sen_status == "N"
            continue
        open_rows = [row for row in rows if row.ended_on is None]
        assert len(open_rows) == 1
        assert open_rows[0] is rows[-1]
        assert rows[-1].status == pupil.sen_status
        previous = "N"
        for row, following in zip(rows, [*rows[1:], None], strict=True):
            assert row.decision_id is not None
            decision = decisions[row.decision_id]
            assert (decision.from_status, decision.to_status) == (previous, row.status)
            assert decision.decided_on == row.started_on <= today
            assert decision.school_id == pupil.school_id
            if following is not None:
                assert row.ended_on == following.started_on
            previous = row.status
    for decision in decisions.values():
        assert decision.from_status != decision.to_status
        if decision.parents_informed_on is not None:
            assert decision.decided_on <= decision.parents_informed_on <= today
            assert decision.parents_informed_how
        assert decision.reason

    # Needs: a primary need at rank 1 for every pupil on the register, ranks and codes unique among open needs,
    # NSA only with SEN support, nothing open for a pupil off the register.
    open_needs: dict[int, list[Need]] = defaultdict(list)
    for need in Need.objects.all():
        assert pupils[need.pupil_id].date_of_birth <= need.started_on <= today
        if need.ended_on is None:
            open_needs[need.pupil_id].append(need)
    for pk, pupil in pupils.items():
        needs = open_needs.get(pk, [])
        if pupil.sen_status not in ON_REGISTER:
            assert not needs, f"{pupil.upn} is off the register with open needs"
            continue
        ranks = sorted(need.rank for need in needs)
        assert ranks == list(range(1, len(needs) + 1)), f"{pupil.upn} has ranks {ranks}"
        assert len({need.code for need in needs}) == len(needs)
        assert all(need_valid_with(need.code, pupil.sen_status) for need in needs), f"{pupil.upn}: NSA with a plan"

    # Profiles numbered 1..n; one to three current barriers, each with one to three adjustments; a parent.
    versions: dict[int, list[int]] = defaultdict(list)
    for pupil_id, number in ProfileVersion.objects.values_list("pupil_id", "number"):
        versions[pupil_id].append(number)
    current = dict(Barrier.objects.filter(archived_at__isnull=True).values_list("id", "pupil_id"))
    barriers = Counter(current.values())
    adjustments = Counter(
        Adjustment.objects.filter(archived_at__isnull=True, barrier__archived_at__isnull=True).values_list(
            "barrier_id", flat=True
        )
    )
    linked = set(ParentLink.objects.values_list("pupil_id", flat=True))
    for pk, pupil in pupils.items():
        if pupil.sen_status in ON_REGISTER:
            assert versions[pk], f"{pupil.upn} has SEN and no profile"
            assert sorted(versions[pk]) == list(range(1, len(versions[pk]) + 1)), pupil.upn
            assert 1 <= barriers[pk] <= 3, pupil.upn
            assert pk in linked, f"{pupil.upn} has SEN and no parent account"
    assert all(1 <= adjustments[barrier] <= 3 for barrier in current)
