from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from provision.models import Attendance, Intervention, InterventionGroup, Session
from provision.services import group_place_add, sessions_log
from provision.tests.helpers import (
    MONDAY,
    entry,
    make_cycle,
    make_group,
    make_intervention,
    make_planned,
    set_rate,
)
from tests.cast import make_pupil, place_on_support

pytestmark = pytest.mark.django_db


def _group(cast):
    set_rate(cast.school, cast["sendco"], cost="20.00")
    group = make_group(cast.school, cast["sendco"], staff=cast["ta"])
    for pupil in (cast.pupil, cast.untaught_pupil):
        group_place_add(group=group, pupil=pupil, started_on=dt.date(2025, 9, 8), by=cast["sendco"])
    return group


def _week_data(group, monday, **changes):
    """What the week form posts when nothing is changed: each past session delivered, full length, all there."""
    data: dict[str, str | list[str]] = {}
    for offset in (0, 2):
        key = f"s{monday + dt.timedelta(days=offset):%Y%m%d}0915"
        data[f"{key}-status"] = "delivered"
        data[f"{key}-minutes"] = "30"
        data[f"{key}-present"] = [str(place.pupil_id) for place in group.places.all()]
        data[f"{key}-note"] = ""
    data.update(changes)
    return data


def test_the_week_page_starts_each_past_session_as_delivered_with_everyone_there(cast, client_for):
    group = _group(cast)
    response = client_for("ta").get(reverse("provision:log_week", args=[group.uid]) + f"?week={MONDAY}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["s202511030915-status"] == "delivered"
    assert set(form.initial["s202511030915-present"]) == {str(cast.pupil.pk), str(cast.untaught_pupil.pk)}
    assert AuditEvent.objects.filter(object_type="provision.log", pupil=cast.pupil).exists()


def test_a_ta_saves_a_week_in_one_post(cast, client_for):
    group = _group(cast)
    key = "s202511050915"
    data = _week_data(group, MONDAY, **{f"{key}-status": "trip", f"{key}-note": "Year 4 trip to the museum"})
    response = client_for("ta").post(reverse("provision:log_week", args=[group.uid]) + f"?week={MONDAY}", data)
    assert response.status_code == 302
    assert Session.objects.filter(group=group).count() == 2
    trip = Session.objects.get(held_on=dt.date(2025, 11, 5))
    assert (trip.status, trip.note) == ("trip", "Year 4 trip to the museum")
    assert Attendance.objects.filter(present=True).count() == 2


def test_a_session_in_the_future_is_refused_on_the_page_and_nothing_saved(cast, client_for):
    group = _group(cast)
    data = _week_data(group, MONDAY + dt.timedelta(days=14))
    response = client_for("ta").post(
        reverse("provision:log_week", args=[group.uid]) + f"?week={MONDAY + dt.timedelta(days=14)}", data
    )
    assert response.status_code == 200
    assert "is in the future" in response.content.decode()
    assert response.context["page_title"].startswith("Error: ")
    assert not Session.objects.exists()


def test_negative_minutes_on_the_page_show_a_clear_message(cast, client_for):
    group = _group(cast)
    data = _week_data(group, MONDAY, **{"s202511030915-minutes": "-30"})
    response = client_for("ta").post(reverse("provision:log_week", args=[group.uid]) + f"?week={MONDAY}", data)
    assert response.status_code == 200
    assert "Minutes cannot be negative" in response.content.decode()
    assert not Session.objects.exists()


def test_a_week_with_nothing_chosen_asks_for_one_session(cast, client_for):
    group = _group(cast)
    data = _week_data(group, MONDAY, **{"s202511030915-status": "", "s202511050915-status": ""})
    response = client_for("ta").post(reverse("provision:log_week", args=[group.uid]) + f"?week={MONDAY}", data)
    assert "Choose what happened at one session at least." in response.content.decode()


def test_a_nonsense_week_is_not_found(cast, client_for):
    group = _group(cast)
    response = client_for("ta").get(reverse("provision:log_week", args=[group.uid]) + "?week=not-a-date")
    assert response.status_code == 404


def test_the_sendco_adds_an_intervention_through_the_form(cast, client_for):
    response = client_for("sendco").post(
        reverse("provision:intervention_add", args=[cast.school.urn]),
        {
            "name": "Lego therapy",
            "description": "Building in threes: engineer, supplier, builder.",
            "area": "Communication and interaction",
            "other_areas": ["Social, emotional and mental health"],
            "evidence": "limited",
            "kind": "group",
            "staff_role": "ta",
            "group_size": "3",
            "sessions_per_week": "1",
            "minutes_per_session": "45",
            "weeks": "12",
            "fixed_cost_per_term": "40",
            "measure": "custom",
            "measure_label": "Turn-taking checklist (0-20)",
            "higher_is_better": "on",
        },
    )
    assert response.status_code == 302
    item = Intervention.objects.get(name="Lego therapy")
    assert item.other_areas == ["Social, emotional and mental health"]
    assert item.measure_name == "Turn-taking checklist (0-20)"


def test_the_sendco_sets_up_a_group_with_its_timetable(cast, client_for):
    intervention = make_intervention(cast.school, cast["sendco"])
    response = client_for("sendco").post(
        reverse("provision:group_add", args=[cast.school.urn]),
        {
            "intervention": intervention.pk,
            "name": "Year 4 precision teaching",
            "staff": cast["ta"].pk,
            "capacity": "4",
            "minutes_per_session": "20",
            "weekdays": ["1", "3"],
            "starts_at": "13:30",
            "room": "Library",
            "starts_on": "2025-11-10",
        },
    )
    assert response.status_code == 302
    group = InterventionGroup.objects.get()
    assert sorted(group.slots.values_list("weekday", flat=True)) == [1, 3]


def test_adding_a_pupil_before_the_group_starts_shows_the_reason(cast, client_for):
    group = make_group(cast.school, cast["sendco"], starts_on=dt.date(2025, 11, 10))
    response = client_for("sendco").post(
        reverse("provision:place_add", args=[group.uid]), {"pupil": cast.pupil.pk, "started_on": "2025-11-03"}
    )
    assert response.status_code == 200
    assert "cannot join before" in response.content.decode()
    assert not group.places.exists()


def test_an_exit_score_without_an_entry_score_shows_the_reason(cast, client_for):
    group = _group(cast)
    place = group.places.get(pupil=cast.pupil)
    response = client_for("ta").post(
        reverse("provision:place_scores", args=[place.uid]), {"exit_score": "90", "exit_on": "2025-11-10"}
    )
    assert response.status_code == 200
    assert "An exit score needs an entry score" in response.content.decode()
    place.refresh_from_db()
    assert place.exit_score is None


def test_the_group_page_names_its_pupils_in_their_audit_trail_in_fixed_queries(
    cast, client_for, django_assert_max_num_queries
):
    group = _group(cast)
    sessions_log(group=group, entries=[entry(MONDAY, present={cast.pupil.pk})], by=cast["ta"])
    client = client_for("ta")
    with django_assert_max_num_queries(20):
        response = client.get(reverse("provision:group", args=[group.uid]))
    assert response.status_code == 200
    assert "Amara Okafor" in response.content.decode()
    assert "Cost so far" not in response.content.decode()  # a TA sees no costs
    assert AuditEvent.objects.filter(object_type="provision.group", pupil=cast.untaught_pupil).exists()


# Query counts ---------------------------------------------------------------------------------------------------

# Every page: the session, the user and their memberships first, the session save (savepoint, update, release)
# last. The map: the school, its terms, its cells and totals in one statement, the budget, the audit insert, the roles
# without a rate. The impact report: the school, its terms, one row per intervention, the groups that ran, the
# audit insert. The groups page: the school, the groups with their places taken and their timetable slots.
# A pupil's costed map: the pupil, the audit insert, the school's terms, the sessions logged in the previous and
# current terms, the places open into the next, the provision on the pupil's plans.
MAP_PAGE_QUERIES = 12
IMPACT_PAGE_QUERIES = 11
GROUPS_PAGE_QUERIES = 8
PUPIL_MAP_PAGE_QUERIES = 12


def _more_pupils_in_a_second_group(cast, group):
    more = [
        place_on_support(make_pupil(cast.school, forename=f"P{n}", surname="Extra", year_group=str(n)), cast["sendco"])
        for n in (1, 2, 3)
    ]
    second = make_group(cast.school, cast["sendco"], intervention=group.intervention, name="Second group")
    for pupil in more:
        group_place_add(group=second, pupil=pupil, started_on=dt.date(2025, 9, 8), by=cast["sendco"])
    sessions_log(group=second, entries=[entry(MONDAY, present={pupil.pk for pupil in more})], by=cast["sendco"])


def test_the_map_page_takes_the_same_queries_whatever_the_number_of_pupils(cast, client_for, django_assert_num_queries):
    group = _group(cast)
    sessions_log(group=group, entries=[entry(MONDAY, present={cast.pupil.pk})], by=cast["ta"])
    client = client_for("sendco")
    url = reverse("provision:map", args=[cast.school.urn])
    with django_assert_num_queries(MAP_PAGE_QUERIES):
        response = client.get(url)
    assert "£10.00" in response.content.decode()
    _more_pupils_in_a_second_group(cast, group)
    with django_assert_num_queries(MAP_PAGE_QUERIES):
        response = client.get(url)
    assert response.context["map"].total.pupils == 5


def test_the_groups_page_takes_the_same_queries_whatever_the_number_of_groups(
    cast, client_for, django_assert_num_queries
):
    group = _group(cast)
    client = client_for("sendco")
    url = reverse("provision:groups", args=[cast.school.urn])
    with django_assert_num_queries(GROUPS_PAGE_QUERIES):
        client.get(url)
    _more_pupils_in_a_second_group(cast, group)
    make_group(
        cast.school, cast["sendco"], intervention=group.intervention, name="Ended group", ends_on=dt.date(2025, 10, 1)
    )
    with django_assert_num_queries(GROUPS_PAGE_QUERIES):
        response = client.get(url)
    assert [card.name for card in response.context["running"]] == ["Second group", "Year 4 precision teaching"]


def test_the_groups_page_shows_each_group_timetable_roll_and_who_runs_it(cast, client_for):
    group = _group(cast)
    ended = make_group(
        cast.school,
        cast["sendco"],
        intervention=group.intervention,
        name="Summer reading",
        ends_on=dt.date(2025, 10, 1),
    )
    page = client_for("sendco").get(reverse("provision:groups", args=[cast.school.urn])).content.decode()
    assert "Precision teaching; Monday, Wednesday at 09:15, Library" in page
    assert "2 of 4 places taken; run by Tara Singh" in page
    assert f'href="{reverse("provision:group", args=[group.uid])}"' in page
    assert f'href="{reverse("provision:log_week", args=[group.uid])}"' in page
    assert (
        f'<a class="govuk-link" href="{reverse("provision:group", args=[ended.uid])}">Summer reading</a> (ended 1 October 2025)'
        in page
    )


def test_a_member_of_staff_sees_only_the_groups_they_run(cast, client_for):
    _group(cast)
    url = reverse("provision:groups", args=[cast.school.urn])
    ta_page = client_for("ta").get(url)
    assert [card.name for card in ta_page.context["running"]] == ["Year 4 precision teaching"]
    assert "My intervention groups" in ta_page.content.decode()
    teacher_page = client_for("teacher").get(url)
    assert teacher_page.context["running"] == []
    assert "No groups are running." in teacher_page.content.decode()


def test_the_impact_page_takes_the_same_queries_whatever_the_number_of_pupils(
    cast, client_for, django_assert_num_queries
):
    group = _group(cast)
    sessions_log(group=group, entries=[entry(MONDAY, present={cast.pupil.pk})], by=cast["ta"])
    client = client_for("sendco")
    url = reverse("provision:impact", args=[cast.school.urn]) + "?sort=-cost"
    with django_assert_num_queries(IMPACT_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert "Precision teaching" in response.content.decode()
    assert 'aria-sort="descending"' in response.content.decode()
    _more_pupils_in_a_second_group(cast, group)
    with django_assert_num_queries(IMPACT_PAGE_QUERIES):
        response = client.get(url)
    assert [row.pupils for row in response.context["rows"]] == [5]


def test_a_pupils_costed_map_takes_the_same_queries_whatever_their_provision(
    cast, client_for, django_assert_num_queries
):
    client = client_for("sendco")
    url = reverse("provision:pupil_map", args=[cast.pupil.uid])
    with django_assert_num_queries(PUPIL_MAP_PAGE_QUERIES):
        response = client.get(url)
    assert "No provision" in response.content.decode()
    group = _group(cast)
    sessions_log(group=group, entries=[entry(MONDAY, present={cast.pupil.pk})], by=cast["ta"])
    second = make_group(cast.school, cast["sendco"], intervention=group.intervention, name="Second group")
    group_place_add(group=second, pupil=cast.pupil, started_on=dt.date(2025, 9, 8), by=cast["sendco"])
    sessions_log(group=second, entries=[entry(MONDAY, present={cast.pupil.pk})], by=cast["sendco"])
    cycle = make_cycle(cast.pupil, cast["sendco"])
    make_planned(cycle, group=group)
    make_planned(cycle, intervention=group.intervention, starts_on=MONDAY)
    with django_assert_num_queries(PUPIL_MAP_PAGE_QUERIES):
        response = client.get(url)
    [_, current, following] = response.context["terms"]
    assert [line.group for line in current.lines] == ["Second group", "Year 4 precision teaching"]
    assert len(following.lines) == 2
    assert [row.attended for row in response.context["planned"]] == [1, 2]


def test_the_costed_map_downloads_as_csv_xlsx_and_pdf_and_each_is_audited(cast, client_for):
    group = _group(cast)
    sessions_log(group=group, entries=[entry(MONDAY, present={cast.pupil.pk, cast.untaught_pupil.pk})], by=cast["ta"])
    client = client_for("sendco")
    page = client.get(reverse("provision:pupil_map", args=[cast.pupil.uid]))
    assert "Costed provision map" in page.content.decode()
    csv_response = client.get(reverse("provision:pupil_map_csv", args=[cast.pupil.uid]))
    text = csv_response.content.decode("utf-8-sig")
    assert "Precision teaching" in text
    assert "5.00" in text  # a £10 session shared by two
    assert cast.pupil.upn in text
    assert csv_response["Content-Disposition"].endswith(f'costed-provision-map-{cast.pupil.uid}.csv"')
    xlsx = client.get(reverse("provision:pupil_map_xlsx", args=[cast.pupil.uid]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Precision teaching" in values
    assert 5.0 in values
    pdf = client.get(reverse("provision:pupil_map_pdf", args=[cast.pupil.uid]))
    assert pdf.content.startswith(b"%PDF")
    formats = set(
        AuditEvent.objects.filter(object_type="provision.costed_map", action="export").values_list(
            "detail__format", flat=True
        )
    )
    assert formats == {"csv", "xlsx", "pdf"}


def test_staff_rates_are_set_on_the_rates_page_and_never_cached(cast, client_for):
    client = client_for("school_admin")
    response = client.post(
        reverse("provision:rates", args=[cast.school.urn]),
        {"role": "hlta", "hourly_cost": "23.10", "started_on": "2025-09-01"},
    )
    assert response.status_code == 302
    page = client.get(reverse("provision:rates", args=[cast.school.urn]))
    assert "£23.10" in page.content.decode()
    assert page["Cache-Control"] == "no-store"


def test_a_rate_of_nothing_is_refused(cast, client_for):
    response = client_for("sendco").post(
        reverse("provision:rates", args=[cast.school.urn]),
        {"role": "ta", "hourly_cost": "0", "started_on": "2025-09-01"},
    )
    assert "above £0" in response.content.decode()


def test_the_notional_budget_is_shown_against_the_map(cast, client_for):
    client = client_for("sendco")
    year = client.get(reverse("provision:budget", args=[cast.school.urn])).context["form"].initial["academic_year"]
    response = client.post(
        reverse("provision:budget", args=[cast.school.urn]), {"academic_year": year.pk, "amount": "85000"}
    )
    assert response.status_code == 302
    page = client.get(reverse("provision:map", args=[cast.school.urn]))
    assert page.context["map"].budget == Decimal("85000")


def test_the_map_warns_when_a_role_that_runs_groups_has_no_rate(cast, client_for):
    from provision.tests.helpers import make_group, set_rate

    make_group(cast.school, cast["sendco"])
    url = reverse("provision:map", args=[cast.school.urn])
    page = client_for("sendco").get(url)
    assert page.context["roles_without_rate"] == ["Teaching assistant"]
    assert b"are costed at \xc2\xa30" in page.content
    set_rate(cast.school, cast["sendco"])
    assert client_for("sendco").get(url).context["roles_without_rate"] == []
