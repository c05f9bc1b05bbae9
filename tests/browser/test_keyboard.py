"""Everything a SENDCo needs to update a profile can be done with the keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from pupils.models import ProfileVersion
from tests.browser.conftest import PageWatch, sign_in
from tests.cast import PASSWORD, Cast

pytestmark = pytest.mark.browser

# More Tab presses than any page here has stops before the thing we are looking for.
MAX_TABS = 80

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {tag: 'body', id: '', text: '', name: ''};
  return {tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || '').trim(), name: el.name || ''};
}"""


def focused(page: Page) -> dict[str, str]:
    return page.evaluate(_FOCUSED)


def tab_to(page: Page, *, id: str = "", text: str = "") -> None:
    """Press Tab until the element with this id, or with exactly this text, has focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focused(page)
        if (id and now["id"] == id) or (text and now["text"] == text):
            return
    pytest.fail(f"Tab never reached {id or text!r} on {page.url}")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(web: PageWatch, cast: Cast) -> None:
    assert cast.pupil is not None
    page = web.page
    sign_in(page, cast, "sendco")
    for path in ("/", f"/schools/{cast.school.urn}/register/", f"/pupils/{cast.pupil.uid}/"):
        page.goto(path)
        page.keyboard.press("Tab")
        assert focused(page) == {"tag": "a", "id": "", "text": "Skip to main content", "name": ""}, path
        expect(page.get_by_role("link", name="Skip to main content")).to_be_in_viewport()
        page.keyboard.press("Enter")
        assert focused(page)["id"] == "main-content", path
        # The next Tab continues from the main content, past the header and menu.
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)"), path
    web.check()


def test_sendco_signs_in_and_saves_a_profile_version_with_the_keyboard_only(web: PageWatch, cast: Cast) -> None:
    assert cast.pupil is not None
    page = web.page
    page.goto("/sign-in/")
    # The email field takes focus when the page opens (autofocus), so typing starts there.
    assert focused(page)["id"] == "id_username"
    page.keyboard.type(cast["sendco"].email)
    tab_to(page, id="id_password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {cast['sendco'].get_short_name()}")

    # The first Tab on a new page is the skip link; it takes focus to the main content.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"
    web.check()

    tab_to(page, text="SEN register")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("SEN register")
    tab_to(page, text=f"{cast.pupil.surname}, {cast.pupil.forename}")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(cast.pupil.display_name)

    tab_to(page, text="Update the profile")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("One-page profile")
    tab_to(page, id="id_strengths")
    page.keyboard.type("Kind to younger children; remembers every football score.")
    tab_to(page, id="id_change_note")
    page.keyboard.type("Added strengths after talking with Amara.")
    tab_to(page, text="Save as a new version")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(cast.pupil.display_name)
    expect(page.locator("main")).to_contain_text("Profile saved as version 3.")
    latest = ProfileVersion.objects.filter(pupil=cast.pupil).order_by("-number").first()
    assert latest is not None
    assert latest.number == 3
    assert latest.strengths == "Kind to younger children; remembers every football score."
    assert latest.how_to_support == "Short instructions and a visual timetable."  # carried over from version 2
    assert latest.created_by == cast["sendco"]
    web.check()
