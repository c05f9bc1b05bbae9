from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from accounts.models import Role
from analytics import views
from analytics.tests.factories import FACTORY_SURNAME, add_pupils, add_school
from audit.models import AuditAction, AuditEvent
from schools.models import LocalAuthority, Trust
from tests.cast import ROLES, Cast, member

# Every name a pupil in the cast or the factories has; none may appear on an aggregate page.
PUPIL_NAMES = ("Amara", "Okafor", "Ben Carter", "Carter", "Chloe", "Davies", "Zephyrine", FACTORY_SURNAME)

SCHOOL_VIEWERS = {"sendco", "head", "governor", "school_admin", "trust_admin", "la_officer"}


def _school_url(cast: Cast) -> str:
    return reverse("analytics:school", args=[cast.school.urn])


def _trust_url(cast: Cast) -> str:
    return reverse("analytics:trust", args=[cast.trust.uid])


def _la_url(cast: Cast) -> str:
    return reverse("analytics:local_authority", args=[cast.la.code])


def _assert_no_pupil_names(content: bytes) -> None:
    html = content.decode()
    for name in PUPIL_NAMES:
        assert name not in html, f"{name!r} appears on an aggregate page"


def _assert_no_pupil_links(content: bytes, cast: Cast) -> None:
    html = content.decode()
    for pupil in (cast.pupil, cast.untaught_pupil, cast.other_pupil):
        assert pupil is not None
        assert str(pupil.uid) not in html


# Access ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_school_overview_is_for_aggregate_viewers_of_the_school_its_trust_and_its_la(cast: Cast, client_for, role):
    response = client_for(role).get(_school_url(cast))
    expected = 200 if role in SCHOOL_VIEWERS else 404
    assert response.status_code == expected
    events = AuditEvent.objects.filter(actor=cast[role], object_type="analytics.school")
    if expected == 200:
        _assert_no_pupil_names(response.content)
        _assert_no_pupil_links(response.content, cast)
        assert events.get().school == cast.school
    else:
        assert not events.exists()


@pytest.mark.parametrize("role", ROLES)
def test_trust_overview_is_for_the_trust_administrator_only(cast: Cast, client_for, role):
    response = client_for(role).get(_trust_url(cast))
    expected = 200 if role == "trust_admin" else 404
    assert response.status_code == expected
    events = AuditEvent.objects.filter(actor=cast[role], object_type="analytics.trust")
    if expected == 200:
        _assert_no_pupil_names(response.content)
        _assert_no_pupil_links(response.content, cast)
        event = events.get()
        assert event.action == AuditAction.VIEW
        assert event.object_id == str(cast.trust.uid)
        assert event.pupil is None
    else:
        assert not events.exists()


@pytest.mark.parametrize("role", ROLES)
def test_la_overview_is_for_officers_of_that_la_only(cast: Cast, client_for, role):
    response = client_for(role).get(_la_url(cast))
    expected = 200 if role == "la_officer" else 404
    assert response.status_code == expected
    events = AuditEvent.objects.filter(actor=cast[role], object_type="analytics.la")
    if expected == 200:
        _assert_no_pupil_names(response.content)
        _assert_no_pupil_links(response.content, cast)
        event = events.get()
        assert event.action == AuditAction.VIEW
        assert event.object_id == cast.la.code
    else:
        assert not events.exists()


def test_signed_out_visitor_is_sent_to_sign_in(cast: Cast, client):
    for url in (_school_url(cast), _trust_url(cast), _la_url(cast)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_outsider_sees_their_own_school_overview(cast: Cast, client_for):
    response = client_for("outsider").get(reverse("analytics:school", args=[cast.other_school.urn]))
    assert response.status_code == 200
    assert "Riverside Primary" in response.content.decode()
    _assert_no_pupil_names(response.content)


def test_trust_admin_cannot_see_a_school_outside_the_trust(cast: Cast, client_for):
    maintained = add_school(la=cast.la, trust=None, name="Maintained Primary")
    url = reverse("analytics:school", args=[maintained.urn])
    assert client_for("trust_admin").get(url).status_code == 404
    assert client_for("la_officer").get(url).status_code == 200


def test_la_officer_cannot_see_a_school_in_another_la(cast: Cast, client_for):
    elsewhere = add_school(la=cast.other_la, trust=cast.trust, name="Fen Primary")
    url = reverse("analytics:school", args=[elsewhere.urn])
    assert client_for("la_officer").get(url).status_code == 404
    assert client_for("trust_admin").get(url).status_code == 200


def test_unknown_school_trust_and_la_are_not_found(cast: Cast, client_for):
    assert client_for("sendco").get(reverse("analytics:school", args=[999999])).status_code == 404
    assert client_for("trust_admin").get(reverse("analytics:trust", args=[uuid.uuid4()])).status_code == 404
    assert client_for("la_officer").get(reverse("analytics:local_authority", args=["000"])).status_code == 404


def test_a_urn_past_any_database_integer_is_not_found(cast: Cast, client_for):
    for urn in (2**31, 2**63, 10**20):
        assert client_for("la_officer").get(reverse("analytics:school", args=[urn])).status_code == 404


def test_trust_admin_of_another_trust_is_not_found(cast: Cast, client_for):
    other = Trust.objects.create(name="Other Trust")
    assert client_for("trust_admin").get(reverse("analytics:trust", args=[other.uid])).status_code == 404


def test_la_officer_cannot_see_another_la(cast: Cast, client_for):
    response = client_for("la_officer").get(reverse("analytics:local_authority", args=[cast.other_la.code]))
    assert response.status_code == 404
    assert LocalAuthority.objects.filter(code=cast.other_la.code).exists()


# Content --------------------------------------------------------------------------------------------


def test_school_overview_context_has_navigation_title_and_breadcrumbs(cast: Cast, client_for):
    response = client_for("governor").get(_school_url(cast))
    assert response.context["nav_items"][0]["label"] == "Home"
    assert response.context["page_title"] == "SEN at a glance, Oakfield Primary"
    assert response.context["breadcrumbs"] == [{"label": "Home", "url": reverse("accounts:home")}]


def test_small_school_says_too_few_to_compare_and_why(cast: Cast, client_for):
    html = client_for("governor").get(_school_url(cast)).content.decode()
    assert "Too few to compare" in html
    assert "swings widely" in html
    assert "percentage points" not in html


def test_school_overview_compares_with_latest_national_figure_and_its_source(cast: Cast, client_for):
    by = cast["sendco"]
    add_pupils(cast.school, 58, by=by)
    add_pupils(cast.school, 10, status="K", need="SLCN", sex="M", fsm=True, by=by)
    html = client_for("head").get(_school_url(cast)).content.decode()
    # 12 of 70 on SEN support is 17.1%, against 14.8% in January 2026.
    assert "17.1%" in html
    assert "14.8%" in html
    assert "2025/26 (Jan 2026)" in html
    assert "nasen summary of DfE" in html
    assert "2.3 percentage points above national" in html
    # The school's SLCN share against the national most common need for SEN support.
    assert "25.7%" in html
    # Boys: 10 of 12 on SEN support (83.3%) against 61%.
    assert "83.3%" in html
    assert "61%" in html
    _assert_no_pupil_names(html.encode())


def test_school_overview_shows_year_groups_and_need_mix(cast: Cast, client_for):
    html = client_for("sendco").get(_school_url(cast)).content.decode()
    assert "Year 4" in html
    assert "Year 6" in html
    assert "Speech, language and communication needs (SLCN)" in html
    assert "Social, emotional and mental health (SEMH)" in html
    assert "<caption" in html
    assert 'scope="col"' in html


def test_trust_overview_lists_each_school_with_totals(cast: Cast, client_for):
    response = client_for("trust_admin").get(_trust_url(cast))
    html = response.content.decode()
    assert "Oakfield Primary" in html
    assert "Riverside Primary" in html
    assert "All 2 schools" in html
    assert "Autistic spectrum disorder (ASD)" in html
    assert "By phase" not in html
    assert response.context["page_title"] == "Trust overview, Brightwater Learning Trust"
    assert response.context["nav_items"]


def test_la_overview_lists_schools_and_totals_by_phase(cast: Cast, client_for):
    add_school(la=cast.la, trust=None, phase="secondary", name="Wyvern High")
    response = client_for("la_officer").get(_la_url(cast))
    html = response.content.decode()
    assert "Wyvern High" in html
    assert "Oakfield Primary" in html
    assert "By phase" in html
    assert "Secondary" in html
    assert response.context["breadcrumbs"][0]["label"] == "Home"


def test_la_overview_pages_its_schools_by_name_and_totals_them_all(cast: Cast, client_for, monkeypatch):
    monkeypatch.setattr(views, "SCHOOLS_PER_PAGE", 2)
    add_school(la=cast.la, trust=None, phase="secondary", name="Wyvern High")  # third by name
    client = client_for("la_officer")

    first = client.get(_la_url(cast)).content.decode()
    second = client.get(_la_url(cast) + "?page=2").content.decode()

    assert "Oakfield Primary" in first
    assert "Riverside Primary" in first
    assert "Wyvern High" not in first
    assert "Wyvern High" in second
    assert "Oakfield Primary" not in second
    assert "All 3 schools" in first
    assert "All 3 schools" in second
    assert "schools 1 to 2 of 3, by name" in first
    assert 'aria-label="Pages of the schools"' in first
    assert f'href="{_la_url(cast)}?page=2"' in first


def test_aggregate_pages_write_no_pupil_audit_events(cast: Cast, client_for):
    before = AuditEvent.objects.filter(pupil__isnull=False).count()
    client_for("sendco").get(_school_url(cast))
    client_for("trust_admin").get(_trust_url(cast))
    client_for("la_officer").get(_la_url(cast))
    assert AuditEvent.objects.filter(pupil__isnull=False).count() == before
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_type__startswith="analytics.").count() == 3


# Query counts ---------------------------------------------------------------------------------------

# Session, user, memberships, the school (or trust or LA), the audit insert, then the figures:
# one cross-tabulation of the roll and one of primary needs for a school; the schools, their status
# counts and their primary needs for a trust or LA; then the session save (savepoint, update, release).
SCHOOL_PAGE_QUERIES = 10
ORGANISATION_PAGE_QUERIES = 11


def test_school_overview_queries_do_not_grow_with_pupils(cast: Cast, client_for, django_assert_num_queries):
    client = client_for("sendco")
    add_pupils(cast.school, 3, status="K", need="MLD", by=cast["sendco"])
    with django_assert_num_queries(SCHOOL_PAGE_QUERIES):
        assert client.get(_school_url(cast)).status_code == 200
    add_pupils(cast.school, 45, status="E", need="ASD", sex="M", fsm=True, year_group="2", by=cast["sendco"])
    with django_assert_num_queries(SCHOOL_PAGE_QUERIES):
        assert client.get(_school_url(cast)).status_code == 200


@pytest.mark.parametrize("kind", ["trust", "la"])
def test_organisation_pages_queries_do_not_grow_with_schools_or_pupils(
    cast: Cast, client_for, django_assert_num_queries, kind
):
    # A fresh trust or LA with one school and 5 pupils, then three schools with 50 pupils each.
    by = cast["sendco"]
    if kind == "trust":
        trust = Trust.objects.create(name="Solo Trust")
        member(cast["trust_admin"], Role.TRUST_ADMIN, trust=trust)
        client, url = client_for("trust_admin"), reverse("analytics:trust", args=[trust.uid])
        la, school_trust = cast.la, trust
    else:
        la = LocalAuthority.objects.create(code="999", name="Solo Council")
        member(cast["la_officer"], Role.LA_OFFICER, local_authority=la)
        client, url = client_for("la_officer"), reverse("analytics:local_authority", args=[la.code])
        school_trust = None
    schools = [add_school(la=la, trust=school_trust)]
    add_pupils(schools[0], 5, status="K", need="SLCN", by=by)
    with django_assert_num_queries(ORGANISATION_PAGE_QUERIES):
        assert client.get(url).status_code == 200
    schools += [add_school(la=la, trust=school_trust), add_school(la=la, trust=school_trust)]
    for school in schools:
        add_pupils(school, 50 - (5 if school == schools[0] else 0), status="E", need="ASD", by=by)
    with django_assert_num_queries(ORGANISATION_PAGE_QUERIES):
        assert client.get(url).status_code == 200


def test_small_counts_are_blurred_for_viewers_who_may_not_see_names(cast, client_for) -> None:
    url = reverse("analytics:school", args=[cast.school.urn])
    governor_html = client_for("governor").get(url).content.decode()
    sendco_html = client_for("sendco").get(url).content.decode()
    # One pupil on SEN support in Year 4: a governor of a small school could tell who that is.
    assert "fewer than 5" in governor_html
    assert "fewer than 5" not in sendco_html
    # The columns that would let a small count be worked out by subtraction are left out.
    assert ">No SEN</th>" not in governor_html
    assert ">No SEN</th>" in sendco_html


def test_the_disclosure_filter_keeps_zero_and_counts_of_five_or_more() -> None:
    from opensend.templatetags.disclosure import disclose, withheld

    assert disclose(0, True) == "0"
    assert disclose(3, True) == "fewer than 5"
    assert disclose(5, True) == "5"
    assert disclose(3, False) == "3"
    # A percentage of a withheld count would give it away, so it is withheld with it.
    assert withheld(3, True)
    assert not withheld(0, True)
    assert not withheld(7, True)
    assert not withheld(3, False)
