"""A teacher records a meeting with parents and shares the note, with the keyboard only; the parent reads it; the
SENDCo opens the work queue. Every page passes axe."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from plans.models import Meeting
from tests.browser.conftest import PageWatch, sign_in
from tests.browser.test_keyboard import focused, tab_to
from tests.cast import Cast

pytestmark = pytest.mark.browser


def test_teacher_records_a_meeting_and_shares_the_note_with_the_keyboard_only(web: PageWatch, cast: Cast) -> None:
    assert cast.pupil is not None
    page = web.page
    sign_in(page, cast, "teacher")
    page.goto(f"/pupils/{cast.pupil.uid}/meetings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings")
    web.check()

    tab_to(page, text="Record a meeting")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a meeting")
    web.check()
    # The date is today's already, and 'with parents' is chosen; choose the kind of meeting.
    tab_to(page, id="id_kind_0")
    page.keyboard.press("ArrowDown")
    assert focused(page)["id"] == "id_kind_1"
    tab_to(page, id="id_attendees")
    page.keyboard.type("Mrs Okafor (Mum)")
    page.keyboard.press("Enter")
    page.keyboard.type("Mr Hughes (class teacher)")
    tab_to(page, id="id_notes")
    page.keyboard.type("We looked at Amara's reading together and agreed what helps at home.")
    tab_to(page, id="id_actions")
    page.keyboard.type("Read together three times a week (Mum)")
    tab_to(page, text="Record meeting")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Note of the meeting on")
    expect(page.locator("main")).to_contain_text("Not yet shared with the parents")
    web.check()
    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.with_parents, meeting.recorded_by) == ("review", True, cast["teacher"])
    assert meeting.attendees == "Mrs Okafor (Mum)\nMr Hughes (class teacher)"

    tab_to(page, text="Record that the note was shared")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record that the note was shared")
    web.check()
    tab_to(page, text="Record as shared")
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_contain_text("Recorded as shared.")
    expect(page.locator("main")).to_contain_text("It can no longer be changed.")
    web.check()
    meeting.refresh_from_db()
    assert meeting.shared_with_parents_on is not None


def test_a_mistake_on_the_meeting_form_is_reported_and_the_parent_reads_the_shared_note(
    open_page: Callable[..., PageWatch], web: PageWatch, cast: Cast
) -> None:
    assert cast.pupil is not None
    page = web.page
    sign_in(page, cast, "sendco")
    page.goto(f"/pupils/{cast.pupil.uid}/meetings/add/")
    page.get_by_role("button", name="Record meeting").click()
    expect(page.get_by_role("heading", level=2, name="There is a problem")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Write who came to the meeting")
    web.check()
    page.get_by_label("Progress meeting").check()
    page.get_by_label("Who came").fill("Mrs Okafor (Mum)")
    page.get_by_label("What was discussed").fill("How the new visual timetable is working.")
    page.get_by_role("button", name="Record meeting").click()
    page.get_by_role("button", name="Record that the note was shared").click()
    page.get_by_role("button", name="Record as shared").click()
    expect(page.locator("main")).to_contain_text("Recorded as shared.")

    parent = open_page()
    sign_in(parent.page, cast, "parent")
    parent.page.get_by_role("link", name="My children").first.click()
    parent.page.get_by_role("link", name="Meeting notes about Amara").click()
    expect(parent.page.get_by_role("heading", level=1)).to_have_text("Meeting notes about Amara")
    parent.check()
    parent.page.locator("main").get_by_role("link", name="Progress meeting").click()
    expect(parent.page.locator("main")).to_contain_text("How the new visual timetable is working.")
    expect(parent.page.locator("main")).to_contain_text("The school shared this note with you on")
    parent.check()


def test_sendco_opens_the_work_queue_from_the_home_page(web: PageWatch, cast: Cast) -> None:
    page = web.page
    sign_in(page, cast, "sendco")
    page.locator("main").get_by_role("link", name="Work queue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Work queue: {cast.school.name}")
    expect(page.get_by_role("heading", level=2, name="One-page profiles to update (1)")).to_be_visible()
    web.check()


def test_teacher_opens_my_work_from_the_home_page(web: PageWatch, cast: Cast) -> None:
    page = web.page
    sign_in(page, cast, "teacher")
    page.locator("main").get_by_role("link", name="My work").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    web.check()
