from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from pupils.models import GroupMembership, Pupil
from register.models import Need, RegisterDecision, SenStatus
from register.services import need_add, pupil_register_decide
from register.tests.factories import TODAY, add_pupil
from tests.cast import ROLES, Cast, add_secondary_need

# Queries for one register page, whatever its length: session, user, memberships, school, registration
# classes, status counts with roll, need mix, rows, their needs, one insert of the audit rows (the list's and
# each named pupil's), and the session save (an UPDATE between a savepoint and its release, as tests run
# inside a transaction). The status counts give the number of results unless other filters narrow the list.
REGISTER_PAGE_QUERIES = 13
REGISTER_FILTERED_PAGE_QUERIES = 14  # and a count of the pupils who match


def record_url(pupil: Pupil) -> str:
    return reverse("pupils:record", args=[pupil.uid])


def list_url(cast: Cast, query: str = "") -> str:
    return reverse("register:list", args=[cast.school.urn]) + query


def html(response: Any) -> str:
    return response.content.decode()


def decision_of(pupil: Pupil) -> RegisterDecision:
    return RegisterDecision.objects.get(pupil=pupil)


# --- who may reach what ------------------------------------------------------------------------------------------

REGISTER_STATUS = dict.fromkeys(ROLES, 404) | {"sendco": 200, "head": 200}
# The decision form and the need pages use access_pupil_for_change: 404 when the pupil is out of sight,
# 403 when the pupil is visible but the role cannot change the register (the head, and the teacher, teaching
# assistant and parent of this pupil).
CHANGE_STATUS = dict.fromkeys(ROLES, 404) | {"sendco": 200, "head": 403, "teacher": 403, "ta": 403, "parent": 403}
LETTER_STATUS = REGISTER_STATUS
PARENTS_INFORMED_STATUS = dict.fromkeys(ROLES, 404) | {"sendco": 200, "head": 403}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["register:list", "register:export_csv", "register:export_xlsx"])
def test_only_the_sendco_and_head_reach_the_register_and_its_exports(
    cast: Cast, client_for, role: str, name: str
) -> None:
    response = client_for(role).get(reverse(name, args=[cast.school.urn]))

    assert response.status_code == REGISTER_STATUS[role]
    audited = AuditEvent.objects.filter(object_type__in=["register.list", "register.export"]).exists()
    assert audited == (REGISTER_STATUS[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_the_register_of_another_school_is_not_found(cast: Cast, client_for, role: str) -> None:
    response = client_for(role).get(reverse("register:list", args=[cast.other_school.urn]))

    assert response.status_code == (200 if role == "outsider" else 404)


def test_an_unknown_school_is_not_found(cast: Cast, client_for) -> None:
    assert client_for("sendco").get(reverse("register:list", args=[999999])).status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["register:decide", "register:need_add"])
def test_only_the_sendco_changes_the_register(cast: Cast, client_for, role: str, name: str, pupil: Pupil) -> None:
    response = client_for(role).get(reverse(name, args=[pupil.uid]))

    assert response.status_code == CHANGE_STATUS[role]


@pytest.mark.parametrize("role", ["teacher", "ta", "parent"])
@pytest.mark.parametrize("name", ["register:decide", "register:need_add"])
def test_a_pupil_out_of_sight_is_not_found_on_change_pages(
    cast: Cast, client_for, role: str, name: str, untaught_pupil: Pupil
) -> None:
    assert client_for(role).get(reverse(name, args=[untaught_pupil.uid])).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_only_the_sendco_ends_a_need(cast: Cast, client_for, role: str, pupil: Pupil) -> None:
    need = pupil.needs.get()

    response = client_for(role).get(reverse("register:need_end", args=[need.uid]))

    assert response.status_code == CHANGE_STATUS[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["register:letter", "register:letter_pdf"])
def test_the_sendco_and_head_see_the_letter_and_nobody_else(
    cast: Cast, client_for, role: str, name: str, pupil: Pupil
) -> None:
    response = client_for(role).get(reverse(name, args=[decision_of(pupil).uid]))

    assert response.status_code == LETTER_STATUS[role]
    assert AuditEvent.objects.filter(object_type="register.letter").exists() == (LETTER_STATUS[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_sendco_records_that_parents_were_told(cast: Cast, client_for, role: str, pupil: Pupil) -> None:
    response = client_for(role).get(reverse("register:parents_informed", args=[decision_of(pupil).uid]))

    assert response.status_code == PARENTS_INFORMED_STATUS[role]


@pytest.mark.parametrize(
    "name",
    ["register:decide", "register:need_add", "register:need_end", "register:letter", "register:parents_informed"],
)
def test_an_unknown_uid_is_not_found(cast: Cast, client_for, name: str) -> None:
    assert client_for("sendco").get(reverse(name, args=["00000000-0000-0000-0000-000000000000"])).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(cast: Cast) -> None:
    response = Client().get(list_url(cast))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


# --- the register page -------------------------------------------------------------------------------------------


def test_register_shows_counts_for_the_whole_register_and_rows_for_the_filter(cast: Cast, client_for) -> None:
    add_pupil(cast.school, forename="Ella", surname="Evans", status="E", code="ASD")
    add_pupil(cast.school, forename="Finn", status="N")

    response = client_for("sendco").get(list_url(cast, "?status=E"))

    page = html(response)
    assert response.status_code == 200
    assert "2</span>\n      at SEN support (K), 50.0% of the roll" in page
    assert "1</span>\n      with an EHC plan (E), 25.0% of the roll" in page
    assert "3</span>\n      on the register, 75.0% of the roll" in page
    assert "Autistic spectrum disorder (ASD)" in page
    assert "1 pupil matches the filters" in page
    assert "Evans, Ella" in page
    assert "Okafor, Amara" not in page
    assert response.context["result_count"] == 1
    assert response.context["counts"].total == 3


def test_register_rows_show_class_status_needs_flags_and_link_to_the_record(
    cast: Cast, client_for, pupil: Pupil
) -> None:
    add_secondary_need(pupil, cast["sendco"])
    Pupil.objects.filter(pk=pupil.pk).update(free_school_meals=True, pupil_premium=True, preferred_forename="Amy")

    page = html(client_for("head").get(list_url(cast)))

    assert f'href="{record_url(pupil)}">Okafor, Amara</a>' in page
    assert "known as Amy Okafor" in page
    assert '<td class="govuk-table__cell">4B</td>' in page
    assert "<strong>SLCN</strong> Speech, language and communication needs" in page
    assert '<abbr title="Specific learning difficulty">SPLD</abbr>' in page
    assert ">FSM</strong>" in page
    assert ">PP</strong>" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=K", {"Ben", "Amara"}),
        ("?status=E", {"Ella"}),
        ("?need=SEMH", {"Ben"}),
        ("?area=Communication+and+interaction", {"Amara", "Ella"}),
        ("?year=6", {"Ben"}),
        ("?sex=M", {"Ella"}),
        ("?fsm=yes", {"Ella"}),
        ("?fsm=no", {"Ben", "Amara"}),
        ("?pp=yes", {"Ben"}),
        ("?pp=no", {"Amara", "Ella"}),
        ("?status=K&year=4", {"Amara"}),
    ],
)
def test_register_filters_by_query_parameters(
    cast: Cast, client_for, query: str, expected: set[str], untaught_pupil: Pupil
) -> None:
    add_pupil(cast.school, forename="Ella", surname="Evans", status="E", code="ASD", sex="M", free_school_meals=True)
    Pupil.objects.filter(pk=untaught_pupil.pk).update(pupil_premium=True)

    response = client_for("sendco").get(list_url(cast, query))

    assert {row.legal_forename for row in response.context["rows"]} == expected


def test_name_search_is_posted_kept_in_the_session_and_never_put_in_a_url(cast: Cast, client_for) -> None:
    client = client_for("sendco")
    response = client.post(list_url(cast), {"q": "carter", "status": "K", "sort": "-name"})

    assert response.status_code == 302
    assert response["Location"] == list_url(cast, "?status=K&sort=-name")
    page = client.get(response["Location"])
    assert {row.legal_forename for row in page.context["rows"]} == {"Ben"}
    assert "carter" not in " ".join(
        [
            page.context["export_csv_url"],
            page.context["export_xlsx_url"],
            *(c["url"] for c in page.context["columns"].values()),
        ]
    )
    assert 'value="carter"' in html(page)  # the search box still shows it
    # A name typed into the address bar is ignored.
    assert {row.legal_forename for row in client.get(list_url(cast, "?q=okafor")).context["rows"]} == {"Ben"}
    cleared = client.get(list_url(cast, "?clear=1"))
    assert cleared.status_code == 302
    assert {row.legal_forename for row in client.get(list_url(cast)).context["rows"]} == {"Ben", "Amara"}


def test_register_filters_by_registration_class(cast: Cast, client_for) -> None:
    response = client_for("sendco").get(list_url(cast, f"?group={cast.class_group.uid}"))

    assert [row.legal_forename for row in response.context["rows"]] == ["Amara"]
    assert f'<option value="{cast.class_group.uid}" selected>4B</option>' in html(response)


def test_a_filter_value_that_is_not_offered_is_reported_and_ignored(cast: Cast, client_for) -> None:
    response = client_for("sendco").get(list_url(cast, "?status=Z&year=99"))

    page = html(response)
    assert response.status_code == 200
    assert "Choose a status from the list." in page
    assert "Choose a year group from the list." in page
    assert response.context["result_count"] == 2


@pytest.mark.parametrize(
    ("sort", "expected", "aria"),
    [
        ("", ["Ben", "Amara"], ("Name", "ascending")),
        ("-name", ["Amara", "Ben"], ("Name", "descending")),
        ("year", ["Amara", "Ben"], ("Year group", "ascending")),
        ("-year", ["Ben", "Amara"], ("Year group", "descending")),
        ("need", ["Ben", "Amara"], ("Primary need", "ascending")),
        ("-need", ["Amara", "Ben"], ("Primary need", "descending")),
        ("status", ["Ben", "Amara"], ("Status", "ascending")),
    ],
)
def test_register_sorts_by_the_column_asked_for(
    cast: Cast, client_for, sort: str, expected: list[str], aria: tuple[str, str]
) -> None:
    response = client_for("sendco").get(list_url(cast, f"?sort={sort}" if sort else ""))

    assert [row.legal_forename for row in response.context["rows"]] == expected
    label, direction = aria
    assert (
        response.context["columns"][
            {"Name": "name", "Year group": "year", "Primary need": "need", "Status": "status"}[label]
        ]["aria_sort"]
        == direction
    )


def test_sort_headings_keep_the_filters_and_toggle_the_direction(cast: Cast, client_for) -> None:
    response = client_for("sendco").get(list_url(cast, "?status=K&sort=year"))

    columns = response.context["columns"]
    assert columns["year"]["url"] == list_url(cast, "?status=K&sort=-year")
    assert columns["name"]["url"] == list_url(cast, "?status=K")
    assert columns["need"]["url"] == list_url(cast, "?status=K&sort=need")


def test_register_pages_through_pupils_keeping_filters(cast: Cast, client_for, settings) -> None:
    settings.REGISTER_PAGE_SIZE = 2
    for surname in ("Adams", "Brown", "Dixon"):
        add_pupil(cast.school, forename="Kid", surname=surname)
    client = client_for("sendco")

    first = client.get(list_url(cast, "?status=K"))
    second = client.get(list_url(cast, "?status=K&page=2"))
    beyond = client.get(list_url(cast, "?status=K&page=99"))

    assert [row.legal_surname for row in first.context["rows"]] == ["Adams", "Brown"]
    assert [row.legal_surname for row in second.context["rows"]] == ["Carter", "Dixon"]
    assert [row.legal_surname for row in beyond.context["rows"]] == ["Okafor"]
    assert first.context["pagination"]["next"] == list_url(cast, "?status=K&page=2")
    assert second.context["pagination"]["previous"] == list_url(cast, "?status=K")
    assert 'aria-label="Page 3"' in html(first)
    assert "5 pupils match the filters" in html(first)


def test_register_view_writes_one_audit_event_with_the_filters_and_no_names(cast: Cast, client_for) -> None:
    client = client_for("sendco")
    client.post(list_url(cast), {"q": "Okafor"})
    response = client.get(list_url(cast, "?status=K&fsm=no&sort=-year"))

    assert response.status_code == 200
    event = AuditEvent.objects.get(object_type="register.list", pupil=None)
    assert (event.action, event.object_type, event.school, event.actor) == (
        AuditAction.VIEW,
        "register.list",
        cast.school,
        cast["sendco"],
    )
    assert event.pupil is None
    assert event.detail == {"status": "K", "fsm": "no", "sort": "-year", "search": True, "page": 1, "results": 1}
    assert "Okafor" not in str(event.detail)


def test_export_links_carry_the_current_filters(cast: Cast, client_for) -> None:
    response = client_for("sendco").get(list_url(cast, "?status=K&year=4&sort=-name&page=1"))

    assert (
        response.context["export_csv_url"]
        == reverse("register:export_csv", args=[cast.school.urn]) + "?status=K&year=4&sort=-name"
    )
    assert (
        response.context["export_xlsx_url"]
        == reverse("register:export_xlsx", args=[cast.school.urn]) + "?status=K&year=4&sort=-name"
    )
    assert 'href="/schools/100001/register/export.csv?status=K&amp;year=4&amp;sort=-name"' in html(response)


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_register_page_query_count_does_not_grow_with_the_register(cast: Cast, client_for) -> None:
    client = client_for("sendco")
    add_pupil(cast.school, forename="Third")
    assert Pupil.objects.filter(school=cast.school, sen_status__in=["K", "E"]).count() == 3
    few = count_queries(client, list_url(cast))
    few_filtered = count_queries(
        client, list_url(cast, "?status=K&need=SLCN&area=Communication+and+interaction&sort=-need")
    )

    for number in range(27):
        pupil = add_pupil(cast.school, forename=f"Pupil{number}", status="E" if number % 3 else "K", code="ASD")
        GroupMembership.objects.create(pupil=pupil, group=cast.class_group, started_on=dt.date(2025, 9, 1))
        if number % 2:
            add_secondary_need(pupil, cast["sendco"])
    assert Pupil.objects.filter(school=cast.school, sen_status__in=["K", "E"]).count() == 30
    many = count_queries(client, list_url(cast))
    many_filtered = count_queries(
        client, list_url(cast, "?status=K&need=SLCN&area=Communication+and+interaction&sort=-need")
    )

    assert few == many == REGISTER_PAGE_QUERIES
    assert few_filtered == many_filtered == REGISTER_FILTERED_PAGE_QUERIES


# --- register decisions ------------------------------------------------------------------------------------------


def decide_url(pupil: Pupil) -> str:
    return reverse("register:decide", args=[pupil.uid])


def test_decision_form_offers_only_the_other_statuses_and_explains_the_duty_to_tell_parents(
    cast: Cast, client_for, pupil: Pupil
) -> None:
    response = client_for("sendco").get(decide_url(pupil))

    page = html(response)
    form = response.context["form"]
    assert [value for value, _ in form.fields["to_status"].choices] == ["E", "N"]
    assert "primary_need" not in form.fields
    assert form.initial["decided_by"] == cast["sendco"].pk
    assert "6.43" in page
    assert 'type="radio" name="to_status" value="E"' in page
    assert {user.full_name for user in form.fields["decided_by"].queryset} == {
        "Sam Patel",
        "Tom Hughes",
        "Tara Singh",
        "Helen Ward",
        "Olive Grant",
    }


def test_decision_form_asks_for_a_primary_need_when_coming_onto_the_register(cast: Cast, client_for) -> None:
    pupil = add_pupil(cast.school, status="N")

    form = client_for("sendco").get(decide_url(pupil)).context["form"]

    assert [value for value, _ in form.fields["to_status"].choices] == ["K", "E"]
    assert form.fields["primary_need"].required


def decision_post(cast: Cast, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "to_status": "K",
        "decided_on": TODAY.isoformat(),
        "reason": "Assessment showed a working memory difficulty.",
        "decided_by": cast["sendco"].pk,
        "primary_need": "SPLD",
        "parents_informed_on": "",
        "parents_informed_how": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_decision_through_the_form_updates_the_register_and_leads_to_the_letter(cast: Cast, client_for) -> None:
    pupil = add_pupil(cast.school, status="N")
    client = client_for("sendco")

    response = client.post(
        decide_url(pupil),
        decision_post(
            cast, decided_by=cast["head"].pk, parents_informed_on=TODAY.isoformat(), parents_informed_how="Meeting"
        ),
    )

    decision = RegisterDecision.objects.get(pupil=pupil)
    assert response.status_code == 302
    assert response["Location"] == reverse("register:letter", args=[decision.uid])
    assert (decision.from_status, decision.to_status, decision.decided_by, decision.recorded_by) == (
        "N",
        "K",
        cast["head"],
        cast["sendco"],
    )
    assert (decision.parents_informed_on, decision.parents_informed_how) == (TODAY, "Meeting")
    pupil.refresh_from_db()
    assert pupil.sen_status == "K"
    assert SenStatus.objects.get(pupil=pupil, ended_on__isnull=True).status == "K"
    assert pupil.needs.get().code == "SPLD"
    event = AuditEvent.objects.get(object_type="register.decision", pupil=pupil, action="create")
    assert (event.action, event.actor, event.detail) == (AuditAction.CREATE, cast["sendco"], {"from": "N", "to": "K"})
    letter = client.get(response["Location"])
    assert "Decision recorded: SEN support." in html(letter)


def test_a_change_of_status_closes_the_old_period_and_opens_the_new(cast: Cast, client_for, pupil: Pupil) -> None:
    response = client_for("sendco").post(decide_url(pupil), decision_post(cast, to_status="E", primary_need=None))

    assert response.status_code == 302
    periods = list(SenStatus.objects.filter(pupil=pupil).order_by("started_on").values_list("status", "ended_on"))
    assert periods == [("K", TODAY), ("E", None)]
    pupil.refresh_from_db()
    assert pupil.sen_status == "E"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"to_status": "E", "primary_need": "NSA"}, "NSA is only valid with SEN support"),
        ({"primary_need": ""}, "Choose the pupil&#x27;s primary need"),
        ({"decided_on": (TODAY + dt.timedelta(days=1)).isoformat()}, "The decision date must be today or in the past."),
        ({"decided_on": "2026-02-30"}, "Enter the date of the decision as a real date."),
        (
            {"parents_informed_on": (TODAY - dt.timedelta(days=1)).isoformat(), "parents_informed_how": "Letter"},
            "Parents are told after the decision",
        ),
        ({"parents_informed_how": "Letter"}, "Enter the date parents were told, or leave"),
        ({"reason": ""}, "Give the reason for the decision"),
        ({"to_status": "N"}, "Choose one of the statuses listed."),
        ({"decided_by": "999999"}, "Choose a member of staff at this school."),
    ],
)
def test_a_bad_decision_shows_what_is_wrong_and_saves_nothing(
    cast: Cast, client_for, overrides: dict[str, Any], message: str
) -> None:
    pupil = add_pupil(cast.school, status="N")
    before = (
        RegisterDecision.objects.count(),
        SenStatus.objects.count(),
        Need.objects.count(),
        AuditEvent.objects.exclude(action="view").count(),
    )

    response = client_for("sendco").post(decide_url(pupil), decision_post(cast, **overrides))

    assert response.status_code == 200
    assert message in html(response)
    assert "There is a problem" in html(response)
    after = (
        RegisterDecision.objects.count(),
        SenStatus.objects.count(),
        Need.objects.count(),
        AuditEvent.objects.exclude(action="view").count(),
    )
    assert after == before
    pupil.refresh_from_db()
    assert pupil.sen_status == "N"


def test_a_decider_from_another_school_is_refused(cast: Cast, client_for, pupil: Pupil) -> None:
    response = client_for("sendco").post(
        decide_url(pupil), decision_post(cast, to_status="E", decided_by=cast["outsider"].pk)
    )

    assert response.status_code == 200
    assert "Choose a member of staff at this school." in html(response)
    assert RegisterDecision.objects.filter(pupil=pupil).count() == 1


def test_the_head_cannot_post_a_decision(cast: Cast, client_for, pupil: Pupil) -> None:
    response = client_for("head").post(decide_url(pupil), decision_post(cast, to_status="E"))

    assert response.status_code == 403
    assert RegisterDecision.objects.filter(pupil=pupil).count() == 1


# --- letters -----------------------------------------------------------------------------------------------------


def letter_for(cast: Cast, pupil: Pupil, client: Client, to_status: str, pdf: bool = False) -> Any:
    if to_status == "K":
        decision = decision_of(pupil)
    else:
        decision = pupil_register_decide(
            pupil=pupil,
            to_status=to_status,
            decided_on=TODAY,
            reason="Reviewed with the family.",
            decided_by=cast["sendco"],
            parents_informed_on=None,
            parents_informed_how="",
            primary_need=None,
            recorded_by=cast["sendco"],
        )
    return client.get(reverse("register:letter_pdf" if pdf else "register:letter", args=[decision.uid]))


def test_the_support_letter_explains_sen_support_the_cycle_and_meetings(cast: Cast, client_for, pupil: Pupil) -> None:
    response = letter_for(cast, pupil, client_for("sendco"), "K")

    page = html(response)
    assert response.status_code == 200
    assert "Dear parent or carer of Amara Okafor," in page
    assert "Amara is now receiving SEN support" in page
    assert "Assessment showed language needs." in page
    assert "<em>assess</em>" in page
    assert "<em>review</em>" in page
    assert "at least three times a year" in page
    assert "please contact our SENDCo, Sam Patel" in page
    assert "Sam Patel<br>SENDCo<br>Oakfield Primary" in page
    assert reverse("register:letter_pdf", args=[decision_of(pupil).uid]) in page
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(object_type="register.letter")
    assert (event.action, event.pupil, event.detail) == (AuditAction.PRINT, pupil, {"format": "html"})


def test_the_plan_letter_says_the_plan_is_recorded(cast: Cast, client_for, pupil: Pupil) -> None:
    page = html(letter_for(cast, pupil, client_for("head"), "E"))

    assert "Education, Health and Care (EHC) plan" in page
    assert "annual review" in page


def test_the_removal_letter_says_what_happens_next(cast: Cast, client_for, pupil: Pupil) -> None:
    page = html(letter_for(cast, pupil, client_for("sendco"), "N"))

    assert "Amara no longer needs SEN support" in page
    assert "What happens next." in page
    assert "Record that parents were told" in page


def test_the_head_sees_the_letter_but_not_the_link_to_record_that_parents_were_told(
    cast: Cast, client_for, pupil: Pupil
) -> None:
    page = html(letter_for(cast, pupil, client_for("head"), "N"))

    assert "Record that parents were told" not in page


def test_the_letter_pdf_is_a_pdf_and_is_audited(cast: Cast, client_for, pupil: Pupil) -> None:
    response = letter_for(cast, pupil, client_for("head"), "K", pdf=True)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "Amara" not in response["Content-Disposition"]
    event = AuditEvent.objects.get(object_type="register.letter")
    assert (event.action, event.actor, event.detail) == (AuditAction.PRINT, cast["head"], {"format": "pdf"})


# --- parents told, needs -----------------------------------------------------------------------------------------


def unannounced_decision(cast: Cast, pupil: Pupil) -> RegisterDecision:
    return pupil_register_decide(
        pupil=pupil,
        to_status="E",
        decided_on=TODAY - dt.timedelta(days=2),
        reason="Plan issued by the LA.",
        decided_by=cast["sendco"],
        parents_informed_on=None,
        parents_informed_how="",
        primary_need=None,
        recorded_by=cast["sendco"],
    )


def test_recording_that_parents_were_told_returns_to_the_record(cast: Cast, client_for, pupil: Pupil) -> None:
    decision = unannounced_decision(cast, pupil)

    response = client_for("sendco").post(
        reverse("register:parents_informed", args=[decision.uid]), {"informed_on": TODAY.isoformat(), "how": "Letter"}
    )

    assert response.status_code == 302
    assert response["Location"] == record_url(pupil)
    decision.refresh_from_db()
    assert (decision.parents_informed_on, decision.parents_informed_how) == (TODAY, "Letter")
    assert AuditEvent.objects.filter(object_type="register.decision", action=AuditAction.UPDATE).count() == 1


def test_parents_told_before_the_decision_is_refused_on_the_form(cast: Cast, client_for, pupil: Pupil) -> None:
    decision = unannounced_decision(cast, pupil)

    response = client_for("sendco").post(
        reverse("register:parents_informed", args=[decision.uid]),
        {"informed_on": (TODAY - dt.timedelta(days=3)).isoformat(), "how": "Letter"},
    )

    assert response.status_code == 200
    assert "Parents are told after the decision" in html(response)
    decision.refresh_from_db()
    assert decision.parents_informed_on is None


def test_parents_already_told_are_shown_not_asked_again(cast: Cast, client_for, pupil: Pupil) -> None:
    client = client_for("sendco")
    url = reverse("register:parents_informed", args=[decision_of(pupil).uid])

    page = html(client.get(url))
    response = client.post(url, {"informed_on": TODAY.isoformat(), "how": "Again"})

    assert "Parents were already recorded as told on" in page
    assert '<form method="post"' not in page.split('id="main-content"')[1]
    assert response.status_code == 200
    assert "Parents were already recorded as told on" in html(response)


def need_post(**overrides: str) -> dict[str, str]:
    data = {
        "code": "SPLD",
        "rank": "2",
        "started_on": TODAY.isoformat(),
        "description": "Finds copying from the board slow.",
        "diagnosis": "",
        "diagnosis_source": "",
        "diagnosis_date": "",
    }
    data.update(overrides)
    return data


def test_adding_a_need_through_the_form_returns_to_the_record(cast: Cast, client_for, pupil: Pupil) -> None:
    client = client_for("sendco")
    page = html(client.get(reverse("register:need_add", args=[pupil.uid])))

    response = client.post(reverse("register:need_add", args=[pupil.uid]), need_post())

    assert "See the child, not the label" in page
    assert response.status_code == 302
    assert response["Location"] == record_url(pupil)
    need = pupil.needs.get(rank=2)
    assert (need.code, need.description, need.recorded_by) == (
        "SPLD",
        "Finds copying from the board slow.",
        cast["sendco"],
    )
    assert AuditEvent.objects.filter(object_type="register.need", action=AuditAction.CREATE).count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"rank": "1"}, "Rank 1 is already SLCN"),
        ({"code": ""}, "Choose a census need type."),
        ({"rank": "0"}, "Rank 1 is the primary need; a rank cannot be lower."),
        ({"diagnosis_source": "GP"}, "Name the diagnosis, or clear its source and date"),
        ({"started_on": (TODAY + dt.timedelta(days=3)).isoformat()}, "The start date must be today or in the past."),
    ],
)
def test_a_bad_need_shows_what_is_wrong_and_saves_nothing(
    cast: Cast, client_for, overrides: dict[str, str], message: str, pupil: Pupil
) -> None:
    response = client_for("sendco").post(reverse("register:need_add", args=[pupil.uid]), need_post(**overrides))

    assert response.status_code == 200
    assert message in html(response)
    assert pupil.needs.count() == 1
    assert not AuditEvent.objects.filter(object_type="register.need").exclude(action="view").exists()


def test_a_need_for_a_pupil_off_the_register_is_refused_with_the_way_forward(cast: Cast, client_for) -> None:
    pupil = add_pupil(cast.school, status="N")

    response = client_for("sendco").post(reverse("register:need_add", args=[pupil.uid]), need_post(rank="1"))

    assert response.status_code == 200
    assert "Record a register decision first" in html(response)
    assert not pupil.needs.exists()


def secondary_need(cast: Cast, pupil: Pupil, started_on: dt.date = TODAY) -> Need:
    return need_add(
        pupil=pupil,
        code="SPLD",
        rank=2,
        started_on=started_on,
        description="",
        diagnosis="",
        diagnosis_source="",
        diagnosis_date=None,
        by=cast["sendco"],
    )


def test_ending_a_need_through_the_form_returns_to_the_record(cast: Cast, client_for, pupil: Pupil) -> None:
    need = secondary_need(cast, pupil, TODAY - dt.timedelta(days=5))

    response = client_for("sendco").post(
        reverse("register:need_end", args=[need.uid]), {"ended_on": TODAY.isoformat(), "reason": "Caught up."}
    )

    assert response.status_code == 302
    assert response["Location"] == record_url(pupil)
    need.refresh_from_db()
    assert (need.ended_on, need.ended_reason) == (TODAY, "Caught up.")
    # The reason is kept on the need; the append-only audit trail holds no free text.
    assert AuditEvent.objects.filter(object_type="register.need", action=AuditAction.UPDATE).get().detail == {
        "ended_on": TODAY.isoformat(),
    }


def test_a_need_ending_before_it_began_is_refused_on_the_form(cast: Cast, client_for, pupil: Pupil) -> None:
    need = secondary_need(cast, pupil)

    response = client_for("sendco").post(
        reverse("register:need_end", args=[need.uid]),
        {"ended_on": (TODAY - dt.timedelta(days=1)).isoformat(), "reason": "Caught up."},
    )

    assert response.status_code == 200
    assert "The end date cannot be before the need started" in html(response)
    need.refresh_from_db()
    assert need.ended_on is None


def test_an_ended_need_is_shown_as_ended(cast: Cast, client_for, pupil: Pupil) -> None:
    need = secondary_need(cast, pupil, TODAY - dt.timedelta(days=5))
    client = client_for("sendco")
    client.post(reverse("register:need_end", args=[need.uid]), {"ended_on": TODAY.isoformat(), "reason": "Caught up."})

    page = html(client.get(reverse("register:need_end", args=[need.uid])))

    assert "This need ended on 10 March 2026." in page


def test_the_sendco_can_find_pupils_not_on_the_register(cast: Cast, client_for) -> None:
    from tests.cast import make_pupil

    make_pupil(cast.school, forename="Nadia", surname="Noor")
    client = client_for("sendco")
    on_register = {row.legal_forename for row in client.get(list_url(cast)).context["rows"]}
    not_on = {row.legal_forename for row in client.get(list_url(cast, "?status=N")).context["rows"]}
    everyone = {row.legal_forename for row in client.get(list_url(cast, "?status=all")).context["rows"]}
    assert "Nadia" not in on_register
    assert not_on == {"Nadia"}
    assert everyone == on_register | {"Nadia"}
    assert "added to the roll" in html(client.get(list_url(cast)))
    assert "added to the roll" not in html(client_for("head").get(list_url(cast)))
