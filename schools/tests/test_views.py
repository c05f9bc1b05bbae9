from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from schools.models import Term
from schools.services import terms_create_year
from tests.cast import ROLES, Cast

NOW = dt.datetime(2026, 1, 15, 10, 0, tzinfo=ZoneInfo("Europe/London"))
SETUP = {"sendco", "head", "school_admin"}
PUPIL_NAMES = ("Amara", "Okafor", "Carter", "Chloe", "Davies")


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def _autumn(cast: Cast, school=None) -> Term:
    return Term.objects.get(school=school or cast.school, academic_year__start_year=2025, name="autumn")


def _terms_url(cast: Cast) -> str:
    return reverse("schools:terms", args=[cast.school.urn])


def _edit_url(cast: Cast, term: Term) -> str:
    return reverse("schools:term_edit", args=[cast.school.urn, term.pk])


# Access ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_terms_page_is_for_set_up_roles_only(cast: Cast, client_for, role):
    response = client_for(role).get(_terms_url(cast))
    assert response.status_code == (200 if role in SETUP else 404)
    if response.status_code == 200:
        html = response.content.decode()
        assert "2025/26" in html
        assert "Wednesday 3 September 2025" in html
        assert not any(name in html for name in PUPIL_NAMES)


@pytest.mark.parametrize("role", ROLES)
def test_term_edit_page_is_for_set_up_roles_only(cast: Cast, client_for, role):
    response = client_for(role).get(_edit_url(cast, _autumn(cast)))
    assert response.status_code == (200 if role in SETUP else 404)


@pytest.mark.parametrize("role", ROLES)
def test_only_set_up_roles_can_change_term_dates(cast: Cast, client_for, role):
    term = _autumn(cast)
    response = client_for(role).post(_edit_url(cast, term), {"starts_on": "2025-09-04", "ends_on": "2025-12-18"})
    term.refresh_from_db()
    if role in SETUP:
        assert response.status_code == 302
        assert term.starts_on == dt.date(2025, 9, 4)
    else:
        assert response.status_code == 404
        assert term.starts_on == dt.date(2025, 9, 3)
        assert not AuditEvent.objects.filter(object_type="schools.term").exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_set_up_roles_can_add_a_year(cast: Cast, client_for, role):
    response = client_for(role).post(reverse("schools:terms_add_year", args=[cast.school.urn]))
    added = Term.objects.filter(school=cast.school, academic_year__start_year=2026).count()
    if role in SETUP:
        assert response.status_code == 302
        assert added == 3
    else:
        assert response.status_code == 404
        assert added == 0


def test_term_of_another_school_is_not_found(cast: Cast, client_for):
    theirs = _autumn(cast, cast.other_school)
    client = client_for("sendco")
    assert client.get(reverse("schools:term_edit", args=[cast.school.urn, theirs.pk])).status_code == 404
    assert client.get(reverse("schools:term_edit", args=[cast.other_school.urn, theirs.pk])).status_code == 404
    response = client.post(
        reverse("schools:term_edit", args=[cast.school.urn, theirs.pk]),
        {"starts_on": "2025-09-04", "ends_on": "2025-12-18"},
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.starts_on == dt.date(2025, 9, 3)


def test_outsider_keeps_their_own_schools_terms(cast: Cast, client_for):
    response = client_for("outsider").get(reverse("schools:terms", args=[cast.other_school.urn]))
    assert response.status_code == 200
    assert "Riverside Primary" in response.content.decode()


def test_signed_out_visitor_is_sent_to_sign_in(cast: Cast, client):
    response = client.get(_terms_url(cast))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_add_year_only_accepts_post(cast: Cast, client_for):
    assert client_for("sendco").get(reverse("schools:terms_add_year", args=[cast.school.urn])).status_code == 405


# Pages ----------------------------------------------------------------------------------------------


def test_terms_page_context_has_navigation_title_and_breadcrumbs(cast: Cast, client_for):
    response = client_for("school_admin").get(_terms_url(cast))
    assert response.context["nav_items"][0]["label"] == "Home"
    assert response.context["page_title"] == "Term dates, Oakfield Primary"
    assert response.context["breadcrumbs"] == [{"label": "Home", "url": reverse("accounts:home")}]
    assert response.context["year_to_add"] == "2026/27"
    assert "Add terms for 2026/27" in response.content.decode()


def test_term_edit_page_is_prefilled_with_a_breadcrumb_back(cast: Cast, client_for):
    response = client_for("sendco").get(_edit_url(cast, _autumn(cast)))
    html = response.content.decode()
    assert 'value="2025-09-03"' in html
    assert 'value="2025-12-19"' in html
    assert '<label class="govuk-label" for="id_starts_on">' in html
    assert response.context["page_title"] == "Change Autumn 2025/26 dates, Oakfield Primary"
    assert [crumb["label"] for crumb in response.context["breadcrumbs"]] == ["Home", "Term dates"]
    assert response.context["nav_items"]


def test_changing_term_dates_saves_audits_and_says_so(cast: Cast, client_for):
    term = _autumn(cast)
    response = client_for("school_admin").post(
        _edit_url(cast, term), {"starts_on": "2025-09-04", "ends_on": "2025-12-18"}, follow=True
    )
    assert response.redirect_chain == [(_terms_url(cast), 302)]
    assert "Autumn 2025/26 dates saved." in response.content.decode()
    term.refresh_from_db()
    assert (term.starts_on, term.ends_on) == (dt.date(2025, 9, 4), dt.date(2025, 12, 18))
    event = AuditEvent.objects.get(object_type="schools.term")
    assert event.action == AuditAction.UPDATE
    assert event.actor == cast["school_admin"]
    assert event.detail["before"]["starts_on"] == "2025-09-03"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"starts_on": "2025-12-19", "ends_on": "2025-09-03"}, "The end date must be after the start date"),
        ({"starts_on": "2025-09-03", "ends_on": "2026-01-08"}, "These dates overlap the spring term"),
        ({"starts_on": "2025-08-27", "ends_on": "2025-12-19"}, "the first day of the 2025/26 academic year"),
        ({"starts_on": "", "ends_on": "2025-12-19"}, "Enter the first day of term."),
        ({"starts_on": "3rd Sept", "ends_on": "2025-12-19"}, "Enter a real date"),
    ],
)
def test_bad_term_dates_are_explained_and_nothing_is_saved(cast: Cast, client_for, data, message):
    term = _autumn(cast)
    response = client_for("sendco").post(_edit_url(cast, term), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert response.context["page_title"].startswith("Error: ")
    term.refresh_from_db()
    assert (term.starts_on, term.ends_on) == (dt.date(2025, 9, 3), dt.date(2025, 12, 19))
    assert not AuditEvent.objects.filter(object_type="schools.term").exists()


def test_adding_a_year_creates_three_terms_and_offers_no_further_year(cast: Cast, client_for):
    client = client_for("head")
    response = client.post(reverse("schools:terms_add_year", args=[cast.school.urn]), follow=True)
    html = response.content.decode()
    assert "Terms for 2026/27 added with suggested dates" in html
    assert "2026/27" in html
    assert "Add terms for" not in html
    assert response.context["year_to_add"] == ""
    assert AuditEvent.objects.filter(object_type="schools.term", action=AuditAction.CREATE).count() == 3


def test_adding_a_year_too_far_ahead_is_explained(cast: Cast, client_for):
    terms_create_year(school=cast.school, by=cast["head"])
    response = client_for("head").post(reverse("schools:terms_add_year", args=[cast.school.urn]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Terms for 2026/27 are already set up" in html
    assert not Term.objects.filter(academic_year__start_year=2027).exists()


def test_terms_page_queries_do_not_grow_with_years(cast: Cast, client_for, django_assert_num_queries):
    client = client_for("sendco")
    # Session, user, memberships, school, terms, then the session save (savepoint, update, release).
    with django_assert_num_queries(8):
        assert client.get(_terms_url(cast)).status_code == 200
    terms_create_year(school=cast.school, by=cast["sendco"])
    with django_assert_num_queries(8):
        assert client.get(_terms_url(cast)).status_code == 200
