"""Every role signs in through the form, lands on home and follows its main links; every page passes axe."""

from __future__ import annotations

import pytest

from analytics import views
from tests.browser.conftest import PageWatch, sign_in
from tests.cast import Cast

pytestmark = pytest.mark.browser

# The links each role must find on its home page, and the heading of the page each one leads to.
MAIN_LINKS = {
    "sendco": {"SEN register": "SEN register", "SEN at a glance": "SEN at a glance", "Term dates": "Term dates"},
    "head": {"SEN register": "SEN register", "SEN at a glance": "SEN at a glance", "Term dates": "Term dates"},
    "teacher": {"My pupils": "My pupils"},
    "ta": {"My pupils": "My pupils"},
    "governor": {"SEN at a glance": "SEN at a glance"},
    "school_admin": {"SEN at a glance": "SEN at a glance", "Term dates": "Term dates"},
    "trust_admin": {"Trust overview": "Trust overview"},
    "la_officer": {"Local authority overview": "Local authority overview"},
    "parent": {"My children": "My children"},
}


@pytest.mark.parametrize("role", list(MAIN_LINKS))
def test_each_role_signs_in_and_reaches_accessible_main_pages(web: PageWatch, cast: Cast, role: str) -> None:
    page = web.page
    sign_in(page, cast, role)
    web.check()
    links = page.locator("main").get_by_role("link")
    found = {
        links.nth(index).inner_text(): links.nth(index).get_attribute("href") or "" for index in range(links.count())
    }
    assert set(MAIN_LINKS[role]) <= set(found), f"{role}'s home page lacks {set(MAIN_LINKS[role]) - set(found)}"
    # Every link on the home page is followed, so a page added to it later is checked too.
    for label, href in found.items():
        page.goto(href)
        if label in MAIN_LINKS[role]:
            assert page.get_by_role("heading", level=1).inner_text() == MAIN_LINKS[role][label]
        web.check()


@pytest.mark.parametrize("role", ["teacher", "ta", "parent"])
def test_staff_and_parents_open_a_pupil_record_from_their_list(web: PageWatch, cast: Cast, role: str) -> None:
    assert cast.pupil is not None
    page = web.page
    sign_in(page, cast, role)
    link = "My children" if role == "parent" else "My pupils"
    page.locator("main").get_by_role("link", name=link, exact=True).click()
    page.locator("main").get_by_role("link", name=cast.pupil.display_name).click()
    assert page.get_by_role("heading", level=1).inner_text() == cast.pupil.display_name
    web.check()


def test_the_la_overview_pages_its_schools_accessibly_by_keyboard(
    web: PageWatch, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "SCHOOLS_PER_PAGE", 1)  # the live server runs in this process
    page = web.page
    sign_in(page, cast, "la_officer")
    page.locator("main").get_by_role("link", name="Local authority overview").click()
    pages = page.get_by_role("navigation", name="Pages of the schools")
    assert "Oakfield Primary" in page.locator("main table").first.inner_text()
    web.check()

    pages.get_by_role("link", name="Next page").focus()
    page.keyboard.press("Enter")

    assert "Riverside Primary" in page.locator("main table").first.inner_text()
    assert pages.get_by_role("link", name="Page 2").get_attribute("aria-current") == "page"
    web.check()
