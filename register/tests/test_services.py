from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditAction, AuditEvent
from pupils.models import Pupil
from register.models import Need, RegisterDecision, SenStatus
from register.services import need_add, need_end, pupil_register_decide, register_decision_record_parents_informed
from register.tests.factories import TODAY, add_pupil
from tests.cast import Cast


def decide(cast: Cast, pupil: Pupil, **overrides: Any) -> RegisterDecision:
    values: dict[str, Any] = {
        "to_status": "K",
        "decided_on": TODAY,
        "reason": "Assessment showed needs.",
        "decided_by": cast["sendco"],
        "parents_informed_on": None,
        "parents_informed_how": "",
        "primary_need": "MLD",
        "recorded_by": cast["sendco"],
    }
    values.update(overrides)
    return pupil_register_decide(pupil=pupil, **values)


def add_need(cast: Cast, pupil: Pupil, **overrides: Any) -> Need:
    values: dict[str, Any] = {
        "code": "SPLD",
        "rank": 2,
        "started_on": TODAY,
        "description": "",
        "diagnosis": "",
        "diagnosis_source": "",
        "diagnosis_date": None,
        "by": cast["sendco"],
    }
    values.update(overrides)
    return need_add(pupil=pupil, **values)


def error_fields(info: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(info.value.message_dict)


def test_placing_a_pupil_on_support_opens_status_need_and_audit(cast: Cast) -> None:
    pupil = add_pupil(cast.school, status="N")

    decision = decide(cast, pupil, primary_need="MLD")

    pupil.refresh_from_db()
    assert pupil.sen_status == "K"
    assert (decision.from_status, decision.to_status) == ("N", "K")
    status = SenStatus.objects.get(pupil=pupil, ended_on__isnull=True)
    assert (status.status, status.started_on, status.decision) == ("K", TODAY, decision)
    assert list(pupil.needs.values_list("code", "rank", "started_on")) == [("MLD", 1, TODAY)]
    event = AuditEvent.objects.get(object_type="register.decision", object_id=str(decision.uid))
    assert (event.action, event.pupil, event.detail) == (AuditAction.CREATE, pupil, {"from": "N", "to": "K"})


def test_recording_an_ehc_plan_closes_support_and_keeps_the_needs(cast: Cast, pupil: Pupil) -> None:

    decide(cast, pupil, to_status="E", primary_need=None)

    pupil.refresh_from_db()
    assert pupil.sen_status == "E"
    assert list(SenStatus.objects.filter(pupil=pupil).order_by("started_on").values_list("status", "ended_on")) == [
        ("K", TODAY),
        ("E", None),
    ]
    assert pupil.needs.get(ended_on__isnull=True).code == "SLCN"


def test_removing_a_pupil_ends_their_needs_on_the_decision_date(cast: Cast, pupil: Pupil) -> None:

    decide(cast, pupil, to_status="N", primary_need=None, decided_on=TODAY - dt.timedelta(days=1))

    assert list(pupil.needs.values_list("code", "ended_on")) == [("SLCN", TODAY - dt.timedelta(days=1))]


def test_removal_cannot_be_dated_before_a_need_began(cast: Cast, pupil: Pupil) -> None:
    add_need(cast, pupil, started_on=TODAY - dt.timedelta(days=2))

    with pytest.raises(ValidationError) as info:
        decide(cast, pupil, to_status="N", primary_need=None, decided_on=TODAY - dt.timedelta(days=5))

    assert "SPLD need was recorded from" in info.value.message_dict["decided_on"][0]
    pupil.refresh_from_db()
    assert pupil.sen_status == "K"
    assert not RegisterDecision.objects.filter(pupil=pupil, to_status="N").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"to_status": "E", "primary_need": "NSA"}, "primary_need"),
        ({"primary_need": None}, "primary_need"),
        ({"primary_need": "XYZ"}, "primary_need"),
        ({"decided_on": TODAY + dt.timedelta(days=1)}, "decided_on"),
        ({"reason": "  "}, "reason"),
        (
            {"parents_informed_on": TODAY - dt.timedelta(days=1), "parents_informed_how": "Letter"},
            "parents_informed_on",
        ),
        ({"parents_informed_on": TODAY, "parents_informed_how": ""}, "parents_informed_how"),
        ({"to_status": "N"}, "to_status"),
    ],
)
def test_a_bad_decision_is_refused_and_saves_nothing(cast: Cast, overrides: dict[str, Any], field: str) -> None:
    pupil = add_pupil(cast.school, status="N")
    before = (
        RegisterDecision.objects.count(),
        SenStatus.objects.count(),
        Need.objects.count(),
        AuditEvent.objects.count(),
    )

    with pytest.raises(ValidationError) as info:
        decide(cast, pupil, **overrides)

    assert field in error_fields(info)
    pupil.refresh_from_db()
    assert pupil.sen_status == "N"
    after = (
        RegisterDecision.objects.count(),
        SenStatus.objects.count(),
        Need.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before


def test_an_ehc_plan_needs_an_assessed_need_not_nsa(cast: Cast) -> None:
    pupil = add_pupil(cast.school, status="K", code="NSA")

    with pytest.raises(ValidationError) as info:
        decide(cast, pupil, to_status="E", primary_need=None)

    assert "NSA" in info.value.message_dict["to_status"][0]


def test_a_decision_cannot_predate_the_current_status(cast: Cast, pupil: Pupil) -> None:

    with pytest.raises(ValidationError) as info:
        decide(cast, pupil, to_status="E", primary_need=None, decided_on=TODAY - dt.timedelta(days=31))

    assert "decided_on" in error_fields(info)


def test_recording_that_parents_were_told_sets_the_date_once(cast: Cast) -> None:
    decision = decide(cast, add_pupil(cast.school, status="N"), decided_on=TODAY - dt.timedelta(days=3))

    register_decision_record_parents_informed(decision=decision, informed_on=TODAY, how=" Letter ", by=cast["sendco"])

    decision.refresh_from_db()
    assert (decision.parents_informed_on, decision.parents_informed_how) == (TODAY, "Letter")
    event = AuditEvent.objects.filter(object_type="register.decision", action=AuditAction.UPDATE).get()
    assert event.detail == {"parents_informed_on": TODAY.isoformat()}
    with pytest.raises(ValidationError, match="already recorded"):
        register_decision_record_parents_informed(decision=decision, informed_on=TODAY, how="Again", by=cast["sendco"])


def test_parents_cannot_be_told_before_the_decision(cast: Cast) -> None:
    decision = decide(cast, add_pupil(cast.school, status="N"))

    with pytest.raises(ValidationError) as info:
        register_decision_record_parents_informed(
            decision=decision, informed_on=TODAY - dt.timedelta(days=1), how="Letter", by=cast["sendco"]
        )

    assert "informed_on" in error_fields(info)
    decision.refresh_from_db()
    assert decision.parents_informed_on is None


def test_adding_a_need_at_the_next_rank_is_audited(cast: Cast, pupil: Pupil) -> None:

    need = add_need(
        cast, pupil, diagnosis="Dyslexia", diagnosis_source="Educational psychologist", diagnosis_date=TODAY
    )

    assert (need.code, need.rank, need.diagnosis) == ("SPLD", 2, "Dyslexia")
    event = AuditEvent.objects.get(object_type="register.need", object_id=str(need.uid))
    assert event.detail == {"code": "SPLD", "rank": 2}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"rank": 1}, "rank"),  # two needs at the same rank
        ({"rank": 3}, "rank"),
        ({"code": "SLCN"}, "code"),
        ({"started_on": TODAY + dt.timedelta(days=1)}, "started_on"),
        ({"diagnosis_source": "GP"}, "diagnosis"),
    ],
)
def test_a_bad_need_is_refused_and_saves_nothing(
    cast: Cast, overrides: dict[str, Any], field: str, pupil: Pupil
) -> None:

    with pytest.raises(ValidationError) as info:
        add_need(cast, pupil, **overrides)

    assert field in error_fields(info)
    assert pupil.needs.count() == 1


def test_nsa_cannot_be_added_for_a_pupil_with_a_plan(cast: Cast) -> None:
    pupil = add_pupil(cast.school, status="E", code="ASD")

    with pytest.raises(ValidationError) as info:
        add_need(cast, pupil, code="NSA")

    assert "only valid with SEN support" in info.value.message_dict["code"][0]


def test_ending_the_primary_need_moves_the_others_up_from_the_same_date(cast: Cast, pupil: Pupil) -> None:
    add_need(cast, pupil, started_on=TODAY - dt.timedelta(days=10))
    primary = pupil.needs.get(rank=1)

    need_end(need=primary, ended_on=TODAY - dt.timedelta(days=2), reason="Met after review.", by=cast["sendco"])

    current = pupil.needs.filter(ended_on__isnull=True).get()
    assert (current.code, current.rank, current.started_on) == ("SPLD", 1, TODAY - dt.timedelta(days=2))
    assert pupil.needs.get(code="SPLD", rank=2).ended_on == TODAY - dt.timedelta(days=2)


def test_ending_a_need_before_a_lower_need_began_moves_it_up_from_its_own_start(cast: Cast, pupil: Pupil) -> None:
    add_need(cast, pupil, started_on=TODAY)
    primary = pupil.needs.get(rank=1)

    need_end(need=primary, ended_on=TODAY - dt.timedelta(days=5), reason="Met after review.", by=cast["sendco"])

    current = pupil.needs.filter(ended_on__isnull=True).get()
    assert (current.code, current.rank, current.started_on) == ("SPLD", 1, TODAY)
    assert Need.objects.get(pk=primary.pk).ended_on == TODAY - dt.timedelta(days=5)


def test_a_need_cannot_end_before_it_began(cast: Cast, pupil: Pupil) -> None:
    need = add_need(cast, pupil, started_on=TODAY - dt.timedelta(days=1))

    with pytest.raises(ValidationError) as info:
        need_end(need=need, ended_on=TODAY - dt.timedelta(days=2), reason="Gone.", by=cast["sendco"])

    assert "ended_on" in error_fields(info)
    need.refresh_from_db()
    assert need.ended_on is None


def test_the_last_need_of_a_pupil_on_the_register_cannot_end(cast: Cast, pupil: Pupil) -> None:

    with pytest.raises(ValidationError, match="needs a primary need"):
        need_end(need=pupil.needs.get(), ended_on=TODAY, reason="Gone.", by=cast["sendco"])
