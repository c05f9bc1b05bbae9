from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from pupils.models import GroupMembership, Pupil
from register.models import RegisterDecision
from register.selectors import (
    RegisterFilters,
    decision_letter,
    register_counts,
    register_rows,
    registration_classes,
    school_staff,
)
from register.services import pupil_register_decide
from register.tests.factories import TODAY, add_pupil
from schools.models import TeachingGroup
from tests.cast import Cast, academic_year, add_secondary_need


def names(rows) -> list[str]:
    return [pupil.legal_forename for pupil in rows]


def rows_for(cast: Cast, **filters: object) -> list[str]:
    return names(register_rows(school=cast.school, filters=RegisterFilters(**filters)))  # type: ignore[arg-type]


def test_register_counts_count_support_plans_roll_and_primary_needs(cast: Cast) -> None:
    add_pupil(cast.school, forename="Ella", status="E", code="ASD")
    add_pupil(cast.school, forename="Finn", status="N")
    add_pupil(cast.school, forename="Gus", status="N")
    archived = add_pupil(cast.school, forename="Hal", status="K", code="SLCN")
    Pupil.objects.filter(pk=archived.pk).update(archived_at=timezone.now())

    counts = register_counts(school_ids=[cast.school.pk])

    assert (counts.support, counts.ehc_plan, counts.roll, counts.total) == (2, 1, 5, 3)
    assert (counts.support_share, counts.ehc_plan_share, counts.total_share) == (40.0, 20.0, 60.0)
    assert counts.need_mix == [
        ("ASD", "Autistic spectrum disorder", 1),
        ("SEMH", "Social, emotional and mental health", 1),
        ("SLCN", "Speech, language and communication needs", 1),
    ]


def test_register_counts_add_up_across_schools(cast: Cast) -> None:
    counts = register_counts(school_ids=[cast.school.pk, cast.other_school.pk])

    assert (counts.support, counts.ehc_plan, counts.roll) == (3, 0, 3)
    assert [(code, count) for code, _, count in counts.need_mix] == [("ASD", 1), ("SEMH", 1), ("SLCN", 1)]


def test_register_counts_give_no_share_for_a_school_without_pupils(cast: Cast) -> None:
    counts = register_counts(school_ids=[])

    assert (counts.roll, counts.total_share, counts.need_mix) == (0, None, [])


def test_register_counts_count_only_the_primary_need(cast: Cast, pupil: Pupil) -> None:
    add_secondary_need(pupil, cast["sendco"])

    counts = register_counts(school_ids=[cast.school.pk])

    assert [code for code, _, _ in counts.need_mix] == ["SEMH", "SLCN"]


def test_register_counts_use_two_queries_whatever_the_number_of_schools(cast: Cast, django_assert_num_queries) -> None:
    with django_assert_num_queries(2):
        register_counts(school_ids=[cast.school.pk, cast.other_school.pk])


@pytest.mark.parametrize(
    "filters",
    [
        RegisterFilters(),
        RegisterFilters(status="K"),
        RegisterFilters(status="E"),
        RegisterFilters(status="N"),
        RegisterFilters(status="all", sort="-year"),
        RegisterFilters(status="all", sex="F"),
        RegisterFilters(fsm=False),
    ],
    ids=["register", "K", "E", "N", "all", "all girls", "no FSM"],
)
def test_the_counts_give_the_number_of_matching_pupils_only_when_nothing_but_the_status_narrows_the_list(
    cast: Cast, filters: RegisterFilters
) -> None:
    add_pupil(cast.school, forename="Eve", status="E")
    add_pupil(cast.school, forename="Nat", status="N")
    counts = register_counts(school_ids=[cast.school.pk])

    known = counts.matching(filters)

    narrowed = filters.sex or filters.fsm is not None
    assert known is None if narrowed else known == register_rows(school=cast.school, filters=filters).count()


def test_register_rows_hold_pupils_at_support_and_with_plans_in_this_school_only(cast: Cast) -> None:
    add_pupil(cast.school, forename="Ella", status="E", code="ASD")
    add_pupil(cast.school, forename="Finn", status="N")
    archived = add_pupil(cast.school, forename="Hal")
    Pupil.objects.filter(pk=archived.pk).update(archived_at=timezone.now())

    assert sorted(rows_for(cast)) == ["Amara", "Ben", "Ella"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"status": "K"}, ["Amara", "Ben"]),
        ({"status": "E"}, ["Ella"]),
        ({"need": "SPLD"}, ["Amara"]),  # a secondary need counts: any current rank
        ({"need": "ASD"}, ["Ella"]),
        ({"area": "Communication and interaction"}, ["Amara", "Ella"]),
        ({"area": "Cognition and learning"}, []),  # Amara's SPLD is secondary: the area is of the primary need
        ({"area": "Social, emotional and mental health"}, ["Ben"]),
        ({"year": "6"}, ["Ben"]),
        ({"sex": "M"}, ["Ella"]),
        ({"fsm": True}, ["Ella"]),
        ({"fsm": False}, ["Amara", "Ben"]),
        ({"pp": True}, ["Ben"]),
        ({"pp": False}, ["Amara", "Ella"]),
        ({"search": "okaf"}, ["Amara"]),
        ({"search": "Ellie"}, ["Ella"]),  # preferred names are searched too
        ({"search": "ben carter"}, ["Ben"]),
        ({"search": "ben okafor"}, []),
        ({"status": "K", "year": "4"}, ["Amara"]),
    ],
)
def test_register_rows_filter(
    cast: Cast, filters: dict[str, object], expected: list[str], pupil: Pupil, untaught_pupil: Pupil
) -> None:
    add_pupil(
        cast.school,
        forename="Ella",
        surname="Evans",
        status="E",
        code="ASD",
        sex="M",
        free_school_meals=True,
        preferred_forename="Ellie",
    )
    Pupil.objects.filter(pk=untaught_pupil.pk).update(pupil_premium=True)
    add_secondary_need(pupil, cast["sendco"])

    assert sorted(rows_for(cast, **filters)) == sorted(expected)


def test_register_rows_filter_by_current_registration_class(cast: Cast, untaught_pupil: Pupil) -> None:
    year = academic_year()
    group = TeachingGroup.objects.create(
        school=cast.school, academic_year=year, name="6A", kind=TeachingGroup.Kind.REGISTRATION, year_group="6"
    )
    GroupMembership.objects.create(pupil=untaught_pupil, group=group, started_on=year.starts_on)
    left = add_pupil(cast.school, forename="Ella")
    GroupMembership.objects.create(pupil=left, group=group, started_on=year.starts_on, ended_on=TODAY)

    assert rows_for(cast, group=str(group.uid)) == ["Ben"]
    assert rows_for(cast, group=str(cast.class_group.uid)) == ["Amara"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Ava", "Ben", "Amara", "Cal"]),
        ("-name", ["Cal", "Amara", "Ben", "Ava"]),
        ("year", ["Cal", "Amara", "Ben", "Ava"]),
        ("-year", ["Ava", "Ben", "Amara", "Cal"]),
        ("status", ["Ben", "Amara", "Cal", "Ava"]),
        ("-status", ["Ava", "Ben", "Amara", "Cal"]),
        ("need", ["Cal", "Ava", "Ben", "Amara"]),
        ("-need", ["Amara", "Ben", "Ava", "Cal"]),
    ],
)
def test_register_rows_sort(cast: Cast, sort: str, expected: list[str]) -> None:
    # Amara Okafor: Y4, K, SLCN. Ben Carter: Y6, K, SEMH. Year 10 sorts after Year 6, Reception first;
    # within a sort key, pupils come by surname.
    add_pupil(cast.school, forename="Ava", surname="Adams", year_group="10", status="E", code="MLD")
    add_pupil(cast.school, forename="Cal", surname="Zeller", year_group="R", status="K", code="ASD")

    assert rows_for(cast, sort=sort) == expected


def test_register_rows_break_ties_by_id_so_pages_never_repeat_a_pupil(cast: Cast) -> None:
    twins = [add_pupil(cast.school, forename="Sam", surname="Twin") for _ in range(3)]

    rows = [pupil.pk for pupil in register_rows(school=cast.school, filters=RegisterFilters(search="Twin"))]
    descending = [
        pupil.pk for pupil in register_rows(school=cast.school, filters=RegisterFilters(search="Twin", sort="-name"))
    ]

    assert rows == sorted(pupil.pk for pupil in twins)
    assert descending == sorted((pupil.pk for pupil in twins), reverse=True)


def test_register_row_carries_needs_class_status_date_and_preferred_name(cast: Cast, pupil: Pupil) -> None:
    Pupil.objects.filter(pk=pupil.pk).update(preferred_forename="Amy")
    add_secondary_need(pupil, cast["sendco"])
    (row,) = register_rows(school=cast.school, filters=RegisterFilters(search="Okafor"))[0:50]

    assert row.name == "Okafor, Amara"
    assert row.known_as == "Amy Okafor"
    assert row.registration_class == "4B"
    assert row.status_label == "SEN support"
    assert row.status_since == TODAY - dt.timedelta(days=30)
    assert row.primary_need is not None
    assert row.primary_need.code == "SLCN"
    assert [need.code for need in row.other_needs] == ["SPLD"]


def test_register_rows_cost_the_same_queries_for_few_and_many_pupils(cast: Cast, django_assert_num_queries) -> None:
    with django_assert_num_queries(2):  # the rows, then their current needs
        register_rows(school=cast.school, filters=RegisterFilters())[0:50]
    for number in range(10):
        add_pupil(cast.school, forename=f"Extra{number}")
    with django_assert_num_queries(2):
        rows = register_rows(school=cast.school, filters=RegisterFilters())[0:50]
    assert len(rows) == 12


def test_filters_for_the_audit_trail_leave_out_the_search_words(cast: Cast) -> None:
    filters = RegisterFilters(status="K", search="Okafor", fsm=False, sort="-year")

    assert filters.audit_detail() == {"status": "K", "fsm": "no", "sort": "-year", "search": True}
    assert "Okafor" not in str(filters.audit_detail())
    assert filters.querystring(page="2") == "?status=K&fsm=no&sort=-year&page=2"  # never the search words


def test_registration_classes_are_this_years_registration_groups_of_the_school(cast: Cast) -> None:
    TeachingGroup.objects.create(
        school=cast.school, academic_year=academic_year(), name="Maths set 1", kind=TeachingGroup.Kind.TEACHING
    )
    TeachingGroup.objects.create(
        school=cast.other_school, academic_year=academic_year(), name="4R", kind=TeachingGroup.Kind.REGISTRATION
    )

    assert registration_classes(school=cast.school) == [(str(cast.class_group.uid), "4B")]


def test_school_staff_are_the_people_working_at_the_school_not_governors(cast: Cast) -> None:
    staff = {user.full_name for user in school_staff(school=cast.school)}

    assert staff == {"Sam Patel", "Tom Hughes", "Tara Singh", "Helen Ward", "Olive Grant"}


def test_decision_letter_names_the_sendco_the_primary_need_and_the_signer(cast: Cast, pupil: Pupil) -> None:
    decision = RegisterDecision.objects.get(pupil=pupil)

    letter = decision_letter(decision=decision)

    assert letter.pupil_name == "Amara Okafor"
    assert letter.primary_need == "Speech, language and communication needs"
    assert letter.sendco_names == ["Sam Patel"]
    assert (letter.signed_by, letter.signed_by_role) == ("Sam Patel", "SENDCo")
    assert letter.letter_date == TODAY


def test_decision_letter_signed_by_the_head_gives_their_role(cast: Cast) -> None:
    pupil = add_pupil(cast.school, status="N")
    decision = pupil_register_decide(
        pupil=pupil,
        to_status="K",
        decided_on=TODAY,
        reason="Evidence.",
        decided_by=cast["head"],
        parents_informed_on=None,
        parents_informed_how="",
        primary_need="MLD",
        recorded_by=cast["sendco"],
    )

    letter = decision_letter(decision=decision)

    assert (letter.signed_by, letter.signed_by_role) == ("Helen Ward", "Headteacher or senior leader")


def test_register_search_takes_like_wildcards_literally(cast: Cast) -> None:
    add_pupil(cast.school, forename="Per%cy", surname="Under_score")
    add_pupil(cast.school, forename="Percy", surname="Underscore")

    assert rows_for(cast, search="%") == ["Per%cy"]
    assert rows_for(cast, search="r_s") == ["Per%cy"]
    assert rows_for(cast, search="UNDER") == ["Per%cy", "Percy"]


def test_register_list_is_counted_and_read_a_page_at_a_time(cast: Cast, django_assert_num_queries) -> None:
    for number in range(3):
        add_pupil(cast.school, forename=f"Zed{number}", surname="Zulu")
    rows = register_rows(school=cast.school, filters=RegisterFilters())

    with django_assert_num_queries(1):
        assert rows.count() == 5
    assert names(rows[3:5]) == ["Zed1", "Zed2"]
    assert rows[4].legal_forename == "Zed2"
    assert rows[9:20] == []
    with pytest.raises(IndexError):
        rows[5]
    with pytest.raises(TypeError, match="a page at a time"):
        rows[0:10:2]
