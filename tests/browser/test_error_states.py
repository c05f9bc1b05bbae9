"""A form with mistakes says what is wrong in an error summary whose links take the user to each field."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from pupils.models import Pupil
from tests.browser.conftest import PageWatch, sign_in
from tests.cast import Cast

pytestmark = pytest.mark.browser


def assert_each_error_link_leads_to_its_field(page: Page) -> dict[str, str]:
    """Each link in the error summary moves focus to its field, which is described by the same message.
    Returns each target id with its message."""
    links = page.locator("main .govuk-error-summary").get_by_role("link")
    messages: dict[str, str] = {}
    for index in range(links.count()):
        link = links.nth(index)
        href = link.get_attribute("href") or ""
        assert re.fullmatch(r"#id_\w+", href), f"error link {index + 1} goes to {href!r}"
        messages[href[1:]] = message = link.inner_text()
        link.click()
        field = page.locator(href)
        expect(field).to_be_focused()
        # The message is shown beside the field and read out with it (for radios, with their fieldset).
        radio = field.get_attribute("type") == "radio"
        name = field.get_attribute("name") or ""
        expect(page.locator(f"#{name}-error")).to_contain_text(message)
        described = field.evaluate(
            "(el, radio) => (radio ? el.closest('fieldset') : el).getAttribute('aria-describedby') || ''", radio
        )
        assert f"{name}-error" in described.split(), f"{href} is not described by its error message"
    return messages


def test_adding_a_pupil_with_a_bad_upn_and_future_birthday_shows_an_accessible_error_summary(
    web: PageWatch, cast: Cast
) -> None:
    page = web.page
    main = page.locator("main")
    sign_in(page, cast, "sendco")
    page.goto(f"/schools/{cast.school.urn}/pupils/add/")
    web.check()
    pupils_before = Pupil.objects.count()

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    main.get_by_label("UPN (unique pupil number)").fill("X12345")
    main.get_by_label("Legal forename").fill("Dev")
    main.get_by_label("Legal surname").fill("Sharma")
    main.get_by_label("Date of birth").fill(tomorrow.isoformat())
    main.get_by_label("Male", exact=True).check()
    main.get_by_label("Year group", exact=True).select_option(label="Year 4")
    main.get_by_label("Date the pupil joined the school").fill(timezone.localdate().isoformat())
    main.get_by_role("button", name="Save").click()

    summary = main.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    # GOV.UK Frontend moves focus to the summary so that screen reader users hear it first.
    assert page.evaluate("() => !!document.activeElement.closest('.govuk-error-summary')")
    web.check()

    messages = assert_each_error_link_leads_to_its_field(page)
    assert set(messages) == {"id_upn", "id_date_of_birth"}
    assert messages["id_date_of_birth"] == "Date of birth must be today or in the past."
    assert Pupil.objects.count() == pupils_before


def test_every_error_on_an_empty_add_pupil_form_links_to_its_field(web: PageWatch, cast: Cast) -> None:
    page = web.page
    sign_in(page, cast, "sendco")
    page.goto(f"/schools/{cast.school.urn}/pupils/add/")
    page.locator("main").get_by_role("button", name="Save").click()

    # One summary for the whole page, even though the pupil's start date is a second form.
    expect(page.locator(".govuk-error-summary")).to_have_count(1)
    web.check()
    messages = assert_each_error_link_leads_to_its_field(page)
    assert set(messages) >= {"id_legal_forename", "id_legal_surname", "id_sex_0", "id_year_group", "id_started_on"}


def test_a_register_decision_without_status_or_reason_links_each_error_to_its_field(web: PageWatch, cast: Cast) -> None:
    assert cast.pupil is not None
    page = web.page
    sign_in(page, cast, "sendco")
    page.goto(f"/pupils/{cast.pupil.uid}/register/decide/")
    page.locator("main").get_by_role("button", name="Save decision").click()

    expect(page.locator(".govuk-error-summary")).to_have_count(1)
    web.check()
    messages = assert_each_error_link_leads_to_its_field(page)
    assert set(messages) == {"id_to_status_0", "id_reason"}


def test_a_wrong_password_and_a_locked_account_are_explained_accessibly(web: PageWatch, cast: Cast) -> None:
    page = web.page
    main = page.locator("main")
    page.goto("/sign-in/")
    web.check()
    for attempt in range(1, 6):
        main.get_by_label("Email address").fill(cast["head"].email)
        main.get_by_label("Password").fill(f"not-the-password-{attempt}")
        main.get_by_role("button", name="Sign in").click()
        if attempt == 1:
            expect(main.locator(".govuk-error-summary")).to_contain_text("Enter a correct email address and password")
            web.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many sign-in attempts")
    # The lockout page comes with 429 Too Many Requests, which Chromium logs as a failed load: expected here.
    refused = [problem for problem in web.problems if "status of 429 (Too Many Requests)" in problem]
    assert len(refused) == 1
    web.problems.remove(refused[0])
    web.check()


def test_a_record_outside_the_users_school_gets_an_accessible_not_found_page(web: PageWatch, cast: Cast) -> None:
    assert cast.other_pupil is not None
    page = web.page
    sign_in(page, cast, "sendco")
    response = page.goto(f"/pupils/{cast.other_pupil.uid}/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("main")).not_to_contain_text(cast.other_pupil.legal_surname)
    # Chromium logs the 404 as a failed load: expected here.
    refused = [problem for problem in web.problems if "status of 404 (Not Found)" in problem]
    assert len(refused) == 1
    web.problems.remove(refused[0])
    web.check()
