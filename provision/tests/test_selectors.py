from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lib import costs
from provision.selectors import (
    Period,
    choose_period,
    group_summary,
    impact_for_cycle,
    impact_for_planned,
    impact_report,
    periods,
    planned_against_delivered,
    pupil_costed_map,
    school_terms,
    short_of_plan,
    week_log,
    whole_school_map,
)
from provision.services import group_place_add, notional_budget_set, place_record_scores, sessions_log
from provision.tests.conftest import TODAY
from provision.tests.helpers import MONDAY, entry, make_cycle, make_group, make_intervention, make_planned, set_rate
from tests.cast import academic_year, make_pupil, place_on_support

pytestmark = pytest.mark.django_db

AUTUMN = Period("Autumn", dt.date(2025, 9, 3), dt.date(2025, 12, 19), "autumn")
WEDNESDAY = MONDAY + dt.timedelta(days=2)


def _scenario(cast):
    """A TA's group of two (Year 4 and Year 6) at £20 an hour, two sessions logged, scores for both."""
    set_rate(cast.school, cast["sendco"], cost="20.00")
    group = make_group(cast.school, cast["sendco"], staff=cast["ta"])
    places = [
        group_place_add(group=group, pupil=pupil, started_on=dt.date(2025, 9, 8), by=cast["sendco"])
        for pupil in (cast.pupil, cast.untaught_pupil)
    ]
    sessions_log(
        group=group,
        entries=[
            entry(MONDAY, present={cast.pupil.pk, cast.untaught_pupil.pk}),
            entry(WEDNESDAY, present={cast.pupil.pk}),
        ],
        by=cast["ta"],
    )
    for place, (entry_score, exit_score) in zip(places, ((80, 88), (84, 90)), strict=True):
        place_record_scores(
            place=place,
            entry_score=Decimal(entry_score),
            entry_on=dt.date(2025, 9, 8),
            exit_score=Decimal(exit_score),
            exit_on=dt.date(2025, 11, 10),
            by=cast["ta"],
        )
    return group, places


def test_the_whole_school_map_sums_pupils_hours_and_cost_by_year_and_area(cast):
    _scenario(cast)
    notional_budget_set(school=cast.school, academic_year=academic_year(), amount=Decimal("1000"), by=cast["sendco"])
    result = whole_school_map(school=cast.school, period=AUTUMN)
    area = "Cognition and learning"
    year4, year6 = result.cells[("4", area)], result.cells[("6", area)]
    # Each session cost £10, split between the two pupils on the roll whether or not they came.
    assert (year4.pupils, year4.hours, year4.cost) == (1, Decimal("1.0"), Decimal("10.00"))
    assert (year6.pupils, year6.hours, year6.cost) == (1, Decimal("0.5"), Decimal("10.00"))
    assert (result.total.pupils, result.total.hours, result.total.cost) == (2, Decimal("1.5"), Decimal("20.00"))
    assert result.year_groups == ["4", "6"]
    assert result.budget == Decimal("1000")
    assert result.budget_share == Decimal("2")
    assert result.rows[0]["label"] == "Year 4"


def test_the_whole_school_map_takes_the_same_queries_whatever_the_size(cast, django_assert_num_queries):
    group, _ = _scenario(cast)
    with django_assert_num_queries(2):
        whole_school_map(school=cast.school, period=AUTUMN)
    more = [
        place_on_support(make_pupil(cast.school, forename=f"P{n}", surname="Extra", year_group=str(n)), cast["sendco"])
        for n in (1, 2)
    ]
    second = make_group(cast.school, cast["sendco"], intervention=group.intervention, name="Second group")
    for pupil in more:
        group_place_add(group=second, pupil=pupil, started_on=dt.date(2025, 9, 8), by=cast["sendco"])
    sessions_log(group=second, entries=[entry(MONDAY, present={p.pk for p in more})], by=cast["sendco"])
    with django_assert_num_queries(2):
        result = whole_school_map(school=cast.school, period=AUTUMN)
    assert result.total.pupils == 4


def test_the_impact_report_has_progress_effect_size_delivery_and_cost(cast):
    _scenario(cast)
    [row] = impact_report(school=cast.school, period=AUTUMN)
    assert row.pupils == 2
    assert row.attendance == Decimal("75")  # 3 of 4 places taken
    assert (row.delivered, row.planned) == (2, 30)  # twice a week over the 15 weeks from 8 September
    assert row.mean_progress == Decimal("7.00")
    assert row.effect is not None
    assert row.effect.value is not None
    assert row.effect.small_group
    assert row.cost_per_pupil == Decimal("10.00")
    assert row.cost_per_progress == Decimal("1.43")
    assert "Only 2 pupils" in row.caveat


def test_the_impact_report_takes_the_same_queries_whatever_the_size(cast, django_assert_num_queries):
    _scenario(cast)
    with django_assert_num_queries(3):
        impact_report(school=cast.school, period=AUTUMN)
    other = make_group(
        cast.school, cast["sendco"], intervention=make_intervention(cast.school, cast["sendco"], name="Talk Boost")
    )
    extra = place_on_support(make_pupil(cast.school, forename="Eli", surname="Ng"), cast["sendco"])
    group_place_add(group=other, pupil=extra, started_on=dt.date(2025, 9, 8), by=cast["sendco"])
    sessions_log(group=other, entries=[entry(MONDAY, present={extra.pk})], by=cast["sendco"])
    with django_assert_num_queries(3):
        rows = impact_report(school=cast.school, period=AUTUMN, sort="pupils", descending=True)
    assert [row.intervention.name for row in rows] == ["Precision teaching", "Talk Boost"]
    terms = [(term.starts_on, term.ends_on) for term in school_terms(school=cast.school)]
    with django_assert_num_queries(2):
        given_terms = impact_report(school=cast.school, period=AUTUMN, terms=terms)
    assert given_terms == impact_report(school=cast.school, period=AUTUMN)


def test_the_group_summary_shows_attendance_progress_and_a_small_group_warning(cast):
    group, _ = _scenario(cast)
    summary = group_summary(group=group, today=TODAY)
    first = next(row for row in summary.rows if row.pupil == cast.pupil)
    assert (first.attended, first.sessions_on_roll, first.progress) == (2, 2, Decimal("8"))
    assert summary.delivered == 2
    assert summary.cost == Decimal("20.00")
    assert summary.effect.small_group
    assert summary.caveat


def test_ratio_gain_appears_for_reading_ages(cast):
    intervention = make_intervention(cast.school, cast["sendco"], name="Reading Recovery", measure="reading_age")
    group = make_group(cast.school, cast["sendco"], intervention=intervention)
    place = group_place_add(group=group, pupil=cast.pupil, started_on=dt.date(2025, 9, 8), by=cast["sendco"])
    place_record_scores(
        place=place,
        entry_score=Decimal("90"),
        entry_on=dt.date(2025, 5, 10),
        exit_score=Decimal("102"),
        exit_on=dt.date(2025, 11, 10),
        by=cast["sendco"],
    )
    [row] = group_summary(group=group, today=TODAY).rows
    # 12 months of reading age in 6 months.
    assert row.ratio_gain == Decimal("2.00")
    assert row.ratio_band == "Useful"


def test_the_week_log_lists_the_timetabled_sessions_with_the_roll_that_day(cast):
    group, _ = _scenario(cast)
    slots = week_log(group=group, monday=MONDAY, today=TODAY)
    assert [slot.held_on for slot in slots] == [MONDAY, WEDNESDAY]
    assert slots[1].present == {cast.pupil.pk}
    assert {pupil.pk for pupil in slots[0].roll} == {cast.pupil.pk, cast.untaught_pupil.pk}
    following = week_log(group=group, monday=MONDAY + dt.timedelta(days=14), today=TODAY)
    assert all(slot.in_future for slot in following)


def test_the_costed_map_covers_three_terms_with_next_term_projected(cast):
    _scenario(cast)
    previous, current, following = pupil_costed_map(pupil=cast.pupil, today=TODAY)
    assert previous.term is None
    [line] = current.lines
    assert (line.sessions, line.attended, line.hours, line.cost) == (2, 2, Decimal("1.0"), Decimal("10.00"))
    assert current.total == Decimal("10.00")
    [planned] = following.lines
    assert planned.projected
    # Spring: 12 weeks, twice a week; £10 a session shared between the group's 4 places.
    assert (planned.sessions, planned.cost) == (24, Decimal("60.00"))


def test_periods_offer_the_year_and_each_term_and_default_to_the_year_of_today(cast):
    options = periods(school_terms(school=cast.school))
    assert [option.key[0] for option in options] == ["y", "t", "t", "t"]
    assert choose_period(options, "", TODAY).key.startswith("y")
    assert choose_period(options, options[2].key, TODAY) == options[2]


def test_planned_against_delivered_counts_sessions_planned_to_date_and_attended(cast):
    group, _ = _scenario(cast)
    planned = make_planned(make_cycle(cast.pupil, cast["sendco"]), intervention=group.intervention, group=group)
    [row] = planned_against_delivered(pupil=cast.pupil, today=TODAY)
    # 48 school days from 8 September to 12 November, twice a week.
    assert (row.planned_sessions, row.attended, row.shortfall) == (19, 2, 17)
    assert row.flagged
    assert row.pk == planned.pk


def test_planned_provision_without_a_group_counts_sessions_in_any_group_of_its_intervention(cast):
    group, _ = _scenario(cast)
    make_planned(
        make_cycle(cast.pupil, cast["sendco"]), intervention=group.intervention, starts_on=MONDAY, sessions_per_week=1
    )
    [row] = planned_against_delivered(pupil=cast.pupil, today=TODAY)
    # Eight school days at once a week is one whole session planned; two were attended.
    assert (row.planned_sessions, row.attended, row.shortfall) == (1, 2, 0)
    assert not row.flagged


def test_closed_and_assess_cycles_plan_nothing(cast):
    group, _ = _scenario(cast)
    make_planned(make_cycle(cast.pupil, cast["sendco"], state="assess"), group=group)
    assert planned_against_delivered(pupil=cast.pupil, today=TODAY) == []


def test_planned_against_delivered_flags_pupils_below_four_fifths_of_planned_sessions(cast):
    group, _ = _scenario(cast)
    make_planned(make_cycle(cast.pupil, cast["sendco"]), group=group)
    make_planned(make_cycle(cast.untaught_pupil, cast["sendco"]), group=group, starts_on=MONDAY)

    # Ben: 3 planned from Monday 3 November, 1 attended; Amara: 19 planned since September, 2 attended.
    [ben] = planned_against_delivered(pupil=cast.untaught_pupil, today=TODAY)
    [amara] = planned_against_delivered(pupil=cast.pupil, today=TODAY)

    assert (ben.planned_sessions, ben.attended, ben.shortfall, ben.flagged) == (3, 1, 2, True)
    assert (amara.planned_sessions, amara.attended, amara.shortfall, amara.flagged) == (19, 2, 17, True)


@pytest.mark.parametrize(
    ("planned", "attended", "short"),
    [(0, 0, False), (5, 4, False), (5, 3, True), (10, 8, False), (10, 7, True), (3, 0, True), (1, 1, False)],
)
def test_an_intervention_is_short_of_plan_below_four_fifths_of_the_sessions_planned(planned, attended, short):
    assert short_of_plan(planned=planned, attended=attended) is short


def test_impact_for_planned_gives_entry_exit_progress_and_sessions(cast):
    group, _ = _scenario(cast)
    cycle = make_cycle(cast.pupil, cast["sendco"])
    planned = make_planned(cycle, group=group)
    adjustment = make_planned(cycle, kind="adjustment", sessions_per_week=None)
    result = impact_for_planned(planned=planned)
    assert result is not None
    assert (result.entry_score, result.exit_score, result.progress) == (Decimal("80"), Decimal("88"), Decimal("8"))
    assert (result.attended, result.sessions_on_roll) == (2, 2)
    assert "Attended 2 of 2 sessions" in result.summary
    assert adjustment.pk not in impact_for_cycle(cycle=cycle)


def test_impact_for_planned_is_none_before_the_pupil_has_a_place(cast):
    intervention = make_intervention(cast.school, cast["sendco"])
    planned = make_planned(make_cycle(cast.pupil, cast["sendco"]), intervention=intervention)
    assert impact_for_planned(planned=planned) is None


def test_the_costed_map_includes_planned_in_class_support_and_resources_from_the_catalogue(cast):
    sendco = cast["sendco"]
    set_rate(cast.school, sendco, role="ta", cost="20.00")
    in_class = make_intervention(
        cast.school, sendco, name="TA support in literacy lessons", kind="in_class", group_size=2, sessions_per_week=5
    )
    overlay = make_intervention(
        cast.school, sendco, name="Coloured overlays", kind="resource", fixed_cost_per_term=Decimal("15.00")
    )
    cycle = make_cycle(cast.pupil, sendco)
    make_planned(cycle, kind="adjustment", intervention=in_class, sessions_per_week=5, minutes_per_session=60)
    make_planned(cycle, kind="adjustment", intervention=overlay, sessions_per_week=1, minutes_per_session=0)
    _, current, following = pupil_costed_map(pupil=cast.pupil, today=TODAY)
    lines = {line.provision: line for line in current.lines}
    # 8 September to 19 December: 75 school days, an hour a day of a TA at £20 an hour shared between 2 pupils.
    assert lines["TA support in literacy lessons"].sessions == 75
    assert lines["TA support in literacy lessons"].cost == Decimal("750.00")
    assert lines["Coloured overlays"].cost == Decimal("15.00")
    assert all(line.projected for line in current.lines)
    assert {line.provision for line in following.lines} == {"TA support in literacy lessons", "Coloured overlays"}


def test_the_costed_map_prices_next_term_from_rates_and_fixed_costs_in_pence(cast):
    set_rate(cast.school, cast["sendco"], cost="23.10")
    intervention = make_intervention(cast.school, cast["sendco"], fixed_cost_per_term=Decimal("7.35"))
    group = make_group(cast.school, cast["sendco"], intervention=intervention)
    group_place_add(group=group, pupil=cast.pupil, started_on=dt.date(2025, 9, 8), by=cast["sendco"])
    _, _, following = pupil_costed_map(pupil=cast.pupil, today=TODAY)
    [line] = following.lines
    # Spring: 12 weeks, twice a week, 30 minutes at £23.10 an hour, plus £7.35 a term, shared by 4 places.
    assert line.cost == costs.planned_cost_per_pupil(
        sessions=24,
        minutes=30,
        hourly_rate=Decimal("23.10"),
        fixed_per_term=Decimal("7.35"),
        sessions_per_week=2,
        group_size=4,
    )
    assert line.cost == Decimal("71.04")
