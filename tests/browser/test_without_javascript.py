"""Every page works as plain HTML: with JavaScript off a SENDCo signs in, filters, opens a record and saves."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from pupils.models import ProfileVersion
from tests.browser.conftest import PageWatch, sign_in
from tests.cast import Cast

pytestmark = pytest.mark.browser


def test_sendco_works_through_a_record_with_javascript_off(open_page: Callable[..., PageWatch], cast: Cast) -> None:
    assert cast.pupil is not None
    page = open_page(java_script_enabled=False).page
    main = page.locator("main")
    sign_in(page, cast, "sendco")
    # GOV.UK Frontend marks the body when its JavaScript runs; it must not have.
    assert "govuk-frontend-supported" not in (page.locator("body").get_attribute("class") or "")

    main.get_by_role("link", name="SEN register", exact=True).click()
    main.get_by_label("Status").select_option(label="SEN support (K)")
    main.get_by_label("Year group").select_option(label="Year 4")
    main.get_by_role("button", name="Apply filters").click()
    expect(main.get_by_role("heading", level=2, name="1 pupil matches the filters")).to_be_visible()

    main.get_by_role("link", name=f"{cast.pupil.surname}, {cast.pupil.forename}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(cast.pupil.display_name)

    main.get_by_role("link", name="Update the profile").click()
    main.get_by_label(re.compile(r"^What I don.t like")).fill("Loud assemblies.")
    main.get_by_label("What changed and why").fill("Added dislikes at the parents' meeting.")
    main.get_by_role("button", name="Save as a new version").click()

    expect(main).to_contain_text("Profile saved as version 3.")
    assert ProfileVersion.objects.get(pupil=cast.pupil, number=3).dislikes == "Loud assemblies."
