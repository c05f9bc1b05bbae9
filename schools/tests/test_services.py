from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from audit.models import AuditAction, AuditEvent
from schools.models import AcademicYear, Term
from schools.services import term_update, terms_create_year
from tests.cast import Cast

# A January day in the 2025/26 academic year: the cast's terms run 3 Sept 2025 to 22 July 2026.
NOW = dt.datetime(2026, 1, 15, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def _term(cast: Cast, name: str) -> Term:
    return Term.objects.get(school=cast.school, academic_year__start_year=2025, name=name)


def test_term_update_saves_the_dates_and_audits_before_and_after(cast: Cast):
    term = _term(cast, "autumn")
    term_update(term=term, starts_on=dt.date(2025, 9, 4), ends_on=dt.date(2025, 12, 18), by=cast["school_admin"])
    term.refresh_from_db()
    assert (term.starts_on, term.ends_on) == (dt.date(2025, 9, 4), dt.date(2025, 12, 18))
    event = AuditEvent.objects.get(object_type="schools.term")
    assert event.action == AuditAction.UPDATE
    assert event.actor == cast["school_admin"]
    assert event.school == cast.school
    assert event.object_id == str(term.pk)
    assert event.detail["before"] == {"starts_on": "2025-09-03", "ends_on": "2025-12-19"}
    assert event.detail["after"] == {"starts_on": "2025-09-04", "ends_on": "2025-12-18"}


@pytest.mark.parametrize(
    ("name", "starts_on", "ends_on", "field", "message"),
    [
        ("autumn", dt.date(2025, 12, 19), dt.date(2025, 9, 3), "ends_on", "The end date must be after the start date"),
        ("autumn", dt.date(2025, 9, 3), dt.date(2025, 9, 3), "ends_on", "The end date must be after the start date"),
        ("autumn", dt.date(2025, 8, 28), dt.date(2025, 12, 19), "starts_on", "on or after 1 September 2025"),
        ("summer", dt.date(2026, 4, 13), dt.date(2026, 9, 2), "ends_on", "on or before 31 August 2026"),
        ("autumn", dt.date(2025, 9, 3), dt.date(2026, 1, 9), "ends_on", "overlap the spring term"),
        ("spring", dt.date(2026, 7, 27), dt.date(2026, 8, 20), "ends_on", "must come before the summer term"),
        (
            "summer",
            dt.date(2025, 9, 1),
            dt.date(2025, 9, 2),
            "starts_on",
            "must come after the spring term, which ends on 27 March 2026",
        ),
    ],
)
def test_term_update_refuses_bad_dates_and_saves_nothing(cast: Cast, name, starts_on, ends_on, field, message):
    term = _term(cast, name)
    before = (term.starts_on, term.ends_on)
    with pytest.raises(ValidationError) as caught:
        term_update(term=term, starts_on=starts_on, ends_on=ends_on, by=cast["sendco"])
    assert message in " ".join(caught.value.message_dict[field])
    term.refresh_from_db()
    assert (term.starts_on, term.ends_on) == before
    assert not AuditEvent.objects.filter(object_type="schools.term").exists()


def test_term_update_ignores_other_schools_terms(cast: Cast):
    # Riverside's spring term has the same dates; only this school's terms may not overlap.
    term = _term(cast, "spring")
    term_update(term=term, starts_on=dt.date(2026, 1, 6), ends_on=dt.date(2026, 3, 27), by=cast["sendco"])
    term.refresh_from_db()
    assert term.starts_on == dt.date(2026, 1, 6)


def test_term_update_with_unchanged_dates_writes_no_event(cast: Cast):
    term = _term(cast, "summer")
    term_update(term=term, starts_on=term.starts_on, ends_on=term.ends_on, by=cast["sendco"])
    assert not AuditEvent.objects.filter(object_type="schools.term").exists()


def test_terms_create_year_adds_next_year_with_valid_suggested_dates(cast: Cast):
    terms = terms_create_year(school=cast.school, by=cast["head"])
    assert [term.name for term in terms] == ["autumn", "spring", "summer"]
    assert {term.academic_year.start_year for term in terms} == {2026}
    year = AcademicYear.objects.get(start_year=2026)
    assert (year.starts_on, year.ends_on) == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    assert terms[0].starts_on == dt.date(2026, 9, 7)  # the first Monday of September 2026
    assert all(earlier.ends_on < later.starts_on for earlier, later in itertools.pairwise(terms))
    assert Term.objects.filter(school=cast.other_school, academic_year=year).count() == 0
    events = AuditEvent.objects.filter(object_type="schools.term", action=AuditAction.CREATE)
    assert events.count() == 3
    assert {event.school for event in events} == {cast.school}


def test_terms_create_year_refuses_a_year_more_than_one_ahead(cast: Cast):
    terms_create_year(school=cast.school, by=cast["head"])
    with pytest.raises(ValidationError) as caught:
        terms_create_year(school=cast.school, by=cast["head"])
    assert "Terms for 2026/27 are already set up" in caught.value.messages[0]
    assert "from 1 September 2026" in caught.value.messages[0]
    assert not Term.objects.filter(academic_year__start_year=2027).exists()
    assert AuditEvent.objects.filter(object_type="schools.term").count() == 3


def test_terms_create_year_starts_with_the_current_year_for_a_school_without_terms(cast: Cast):
    Term.objects.filter(school=cast.school).delete()
    terms = terms_create_year(school=cast.school, by=cast["sendco"])
    assert {term.academic_year.start_year for term in terms} == {2025}
