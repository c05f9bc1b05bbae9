from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from analytics.selectors import (
    Share,
    organisation_overview,
    primary_need_counts,
    school_overview,
    status_counts,
)
from analytics.tests.factories import add_pupils, add_school
from lib.national import latest_figure
from register.models import Need
from schools.models import School
from tests.cast import Cast, add_secondary_need


def _group(overview, status):
    return next(group for group in overview.groups if group.status == status)


def test_school_overview_counts_roll_statuses_and_needs(cast: Cast):
    by = cast["sendco"]
    add_pupils(cast.school, 20, by=by)
    add_pupils(cast.school, 9, status="K", need="SLCN", sex="M", fsm=True, by=by)
    add_pupils(cast.school, 3, status="E", need="ASD", sex="M", year_group="6", by=by)
    overview = school_overview(school=cast.school)
    # The cast adds two pupils on SEN support: SLCN (Year 4) and SEMH (Year 6), both girls, no FSM.
    assert overview.roll == 34
    support = _group(overview, "K")
    assert support.share_of_roll.count == 11
    assert support.share_of_roll.percent == Decimal("32.4")
    assert [(row.code, row.share.count) for row in support.needs] == [("SLCN", 10), ("SEMH", 1)]
    assert support.top_needs == ["Speech, language and communication needs (SLCN)"]
    assert support.boys == Share(count=9, total=11, national=support.boys.national)
    assert support.fsm is not None
    assert support.fsm.count == 9
    ehc = _group(overview, "E")
    assert ehc.share_of_roll.count == 3
    assert ehc.too_few
    assert ehc.national_top_need_here is not None
    assert ehc.national_top_need_here.count == 3
    assert overview.no_sen_fsm.count == 0
    assert overview.no_sen_fsm.total == 20


def test_school_overview_year_groups_in_census_order_with_totals(cast: Cast):
    by = cast["sendco"]
    add_pupils(cast.school, 2, year_group="R", by=by)
    add_pupils(cast.school, 1, status="E", need="ASD", year_group="6", by=by)
    overview = school_overview(school=cast.school)
    assert [(row.label, row.no_sen, row.support, row.ehc_plan) for row in overview.year_groups] == [
        ("Reception", 2, 0, 0),
        ("Year 4", 0, 1, 0),
        ("Year 6", 0, 1, 1),
    ]
    assert overview.year_totals.total == 5


def test_archived_pupils_are_not_counted(cast: Cast):
    add_pupils(cast.school, 5, status="K", need="MLD", archived=True, by=cast["sendco"])
    overview = school_overview(school=cast.school)
    assert overview.roll == 2
    assert "MLD" not in [row.code for row in _group(overview, "K").needs]


def test_primary_need_counts_only_open_rank_one_needs(cast: Cast):
    assert cast.pupil is not None
    add_secondary_need(cast.pupil, cast["sendco"], code="SPLD")
    ended = add_pupils(cast.school, 1, status="K", need="VI", by=cast["sendco"])[0]
    Need.objects.filter(pupil=ended).update(ended_on=timezone.localdate())
    counts = primary_need_counts(school_ids=[cast.school.pk])
    assert dict(counts[cast.school.pk]["K"]) == {"SLCN": 1, "SEMH": 1}


def test_pupil_on_register_without_primary_need_is_shown_as_not_recorded(cast: Cast):
    add_pupils(cast.school, 1, status="K", by=cast["sendco"])
    support = _group(school_overview(school=cast.school), "K")
    assert support.no_primary_need == 1


def test_status_counts_per_school(cast: Cast):
    add_pupils(cast.other_school, 4, status="E", need="ASD", by=cast["outsider"])
    counts = status_counts(school_ids=[cast.school.pk, cast.other_school.pk])
    assert dict(counts[cast.school.pk]) == {"K": 2}
    assert dict(counts[cast.other_school.pk]) == {"K": 1, "E": 4}


def test_organisation_overview_rows_totals_and_phases(cast: Cast):
    empty = add_school(la=cast.la, trust=cast.trust, phase=School.Phase.SECONDARY, name="Zenith Academy")
    add_pupils(cast.other_school, 12, by=cast["outsider"])
    overview = organisation_overview(local_authority_id=cast.la.pk, with_phases=True)
    assert [(row.school.name, row.roll, row.support.count) for row in overview.rows] == [
        ("Oakfield Primary", 2, 2),
        ("Riverside Primary", 13, 1),
        ("Zenith Academy", 0, 0),
    ]
    assert overview.rows[2].support.percent is None
    assert overview.rows[2].top_needs == []
    assert overview.roll == 15
    assert overview.support.count == 3
    assert [(phase.label, phase.schools, phase.roll) for phase in overview.phases] == [
        ("Primary", 2, 15),
        ("Secondary", 1, 0),
    ]
    assert empty.pk in [row.school.pk for row in overview.rows]


def test_organisation_top_need_lists_ties_in_code_order(cast: Cast):
    overview = organisation_overview(trust_id=cast.trust.pk)
    assert overview.rows[0].top_needs == [
        "Social, emotional and mental health (SEMH)",
        "Speech, language and communication needs (SLCN)",
    ]
    assert overview.rows[1].top_needs == ["Autistic spectrum disorder (ASD)"]


def test_national_figures_are_the_latest_period(cast: Cast):
    support = _group(school_overview(school=cast.school), "K")
    assert support.share_of_roll.national == latest_figure(measure="share_of_pupils", group="SEN support")
    assert support.share_of_roll.national is not None
    assert support.share_of_roll.national.period == "2025/26 (Jan 2026)"
    assert support.national_top_need is not None
    assert support.national_top_need.qualifier == "SLCN"


@pytest.mark.parametrize(
    ("count", "total", "too_few", "comparison"),
    [
        (1, 9, True, ""),
        (3, 10, False, "15.2 percentage points above national"),
        (0, 0, True, ""),
    ],
)
def test_share_says_too_few_below_ten_pupils(count, total, too_few, comparison):
    national = latest_figure(measure="share_of_pupils", group="SEN support")
    share = Share(count=count, total=total, national=national)
    assert share.too_few is too_few
    assert share.comparison == comparison


def test_school_overview_takes_two_queries_however_many_pupils(cast: Cast, django_assert_num_queries):
    with django_assert_num_queries(2):
        school_overview(school=cast.school)
    add_pupils(cast.school, 50, status="K", need="MLD", by=cast["sendco"])
    with django_assert_num_queries(2):
        school_overview(school=cast.school)


def test_organisation_overview_takes_three_queries_however_many_schools(cast: Cast, django_assert_num_queries):
    with django_assert_num_queries(3):
        organisation_overview(trust_id=cast.trust.pk)
    for _ in range(3):
        school = add_school(la=cast.la, trust=cast.trust)
        add_pupils(school, 10, status="E", need="ASD", by=cast["sendco"])
    with django_assert_num_queries(3):
        organisation_overview(trust_id=cast.trust.pk)


def test_organisation_overview_needs_exactly_one_organisation(cast: Cast):
    with pytest.raises(TypeError, match="exactly one"):
        organisation_overview()
    with pytest.raises(TypeError, match="exactly one"):
        organisation_overview(trust_id=cast.trust.pk, local_authority_id=cast.la.pk)


def test_organisation_overview_names_each_school_with_its_phase(cast: Cast):
    add_school(la=cast.la, trust=cast.trust, phase=School.Phase.SPECIAL, name="Brook Special School")
    overview = organisation_overview(trust_id=cast.trust.pk)
    assert [(row.school.name, row.school.phase_label) for row in overview.rows] == [
        ("Brook Special School", "Special"),
        ("Oakfield Primary", "Primary"),
        ("Riverside Primary", "Primary"),
    ]
    assert overview.rows[1].school.urn == cast.school.urn


def test_counts_of_no_schools_are_empty(cast: Cast):
    assert status_counts(school_ids=[]) == {}
    assert primary_need_counts(school_ids=[]) == {}
