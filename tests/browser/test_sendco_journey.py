"""A SENDCo filters and sorts the register, opens a record and every page reached from it; all pass axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from pupils.models import Pupil
from tests.browser.conftest import PageWatch, sign_in
from tests.cast import Cast

pytestmark = pytest.mark.browser


def _heading(page: Page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def _listed_as(pupil: Pupil) -> str:
    """The register lists pupils surname first."""
    return f"{pupil.surname}, {pupil.forename}"


def test_sendco_filters_sorts_and_opens_every_page_of_a_record(web: PageWatch, cast: Cast) -> None:
    assert cast.pupil is not None
    assert cast.untaught_pupil is not None
    page = web.page
    main = page.locator("main")
    sign_in(page, cast, "sendco")
    main.get_by_role("link", name="SEN register", exact=True).click()
    expect(main.get_by_role("heading", level=2, name="2 pupils on the register")).to_be_visible()
    web.check()

    main.get_by_label("Status").select_option(label="SEN support (K)")
    main.get_by_label("Year group").select_option(label="Year 4")
    main.get_by_role("button", name="Apply filters").click()
    expect(main.get_by_role("heading", level=2, name="1 pupil matches the filters")).to_be_visible()
    assert "status=K" in page.url
    assert "year=4" in page.url
    expect(main.get_by_role("link", name=_listed_as(cast.pupil))).to_be_visible()
    expect(main.get_by_role("link", name=_listed_as(cast.untaught_pupil))).to_have_count(0)
    web.check()

    main.get_by_role("link", name="Clear filters").click()
    main.get_by_role("link", name=re.compile(r"^Year group")).click()
    assert "sort=year" in page.url
    expect(main.locator("th[aria-sort='ascending']")).to_have_text(re.compile("Year group"))
    main.get_by_role("link", name=re.compile(r"^Year group")).click()
    assert "sort=-year" in page.url
    # Descending by year group: the Year 6 pupil comes first.
    expect(
        main.get_by_role("table", name=re.compile("^Pupils on the SEN register")).locator("tbody tr").first
    ).to_contain_text(_listed_as(cast.untaught_pupil))
    web.check()

    main.get_by_role("link", name=_listed_as(cast.pupil)).click()
    assert _heading(page) == cast.pupil.display_name
    web.check()
    record_url = page.url

    # Each page reached from the record, by the link a SENDCo would follow, and the heading it should show.
    pages = [
        ("Update the profile", "One-page profile"),
        ("See earlier versions and compare", "Profile history"),
        ("Add a barrier to learning", "Add a barrier to learning"),
        (f"Record a register decision for {cast.pupil.display_name}", "Record a register decision"),
        ("Letter to parents", "Letter to parents"),
        ("Who has seen this record", "Who has seen this record"),
        ("Add a need", "Add a need"),
        (f"Change details of {cast.pupil.display_name}", "Change pupil details"),
        ("End the SLCN need", "End a need"),
    ]
    for link, heading in pages:
        page.goto(record_url)
        main.get_by_role("link", name=link, exact=True).click()
        assert _heading(page) == heading, f"'{link}' led to '{_heading(page)}'"
        web.check()

    page.goto(record_url)
    main.get_by_role("link", name="See earlier versions and compare").click()
    main.get_by_role("button", name="Compare").click()
    expect(main.get_by_role("heading", name="Version 1 compared with version 2")).to_be_visible()
    expect(main.locator("ins.app-diff-added")).not_to_have_count(0)
    web.check()
    main.get_by_role("link", name="Version 1", exact=True).click()
    expect(main.get_by_role("heading", level=2, name="Version 1", exact=True)).to_be_visible()
    web.check()

    page.goto("/")
    main.get_by_role("link", name="Term dates").click()
    assert _heading(page) == "Term dates"
    web.check()
    main.get_by_role("link", name=re.compile(r"^Change")).first.click()
    assert _heading(page).startswith("Change autumn term")
    web.check()


def test_sendco_adds_a_barrier_and_records_a_decision_on_accessible_pages(web: PageWatch, cast: Cast) -> None:
    assert cast.pupil is not None
    page = web.page
    main = page.locator("main")
    sign_in(page, cast, "sendco")
    page.goto(f"/pupils/{cast.pupil.uid}/")
    record_url = page.url

    main.get_by_role("link", name="Add a barrier to learning").click()
    main.get_by_label("Barrier to learning").fill("Fatigue")
    main.get_by_label("Adjustment or accommodation 1").fill("Rest breaks after lunch.")
    main.get_by_role("button", name="Save").click()
    expect(main).to_contain_text("Barrier added.")
    expect(main.get_by_role("heading", level=3, name="Fatigue")).to_be_visible()
    web.check()
    for link, heading in (
        ("Change Fatigue", "Change a barrier to learning"),
        ("Add adjustment for Fatigue", "Add an adjustment for 'Fatigue'"),
        ("Archive Fatigue", "Archive the barrier 'Fatigue'"),
    ):
        page.goto(record_url)
        main.get_by_role("link", name=link, exact=True).click()
        assert _heading(page) == heading
        web.check()

    # A decision whose letter has not gone yet: the letter page says so and leads to recording it.
    page.goto(record_url)
    main.get_by_role("link", name=f"Record a register decision for {cast.pupil.display_name}").click()
    main.get_by_label("EHC plan (E)").check()
    main.get_by_label("Reason for the decision").fill("The local authority issued an EHC plan.")
    main.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Letter to parents")
    expect(main.locator(".govuk-warning-text")).to_contain_text("not yet been recorded as told")
    web.check()
    main.get_by_role("link", name="Record that parents were told").click()
    assert _heading(page) == "Record that parents were told"
    web.check()
    main.get_by_label("How parents were told").fill("Letter and meeting")
    main.get_by_role("button", name="Save").click()
    expect(main).to_contain_text("The date parents were told has been recorded.")
    cast.pupil.refresh_from_db()
    assert cast.pupil.sen_status == "E"
    web.check()
