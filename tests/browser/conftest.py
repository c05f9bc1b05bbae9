"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser for the whole session and a fresh context (cookies, storage) for each test. Every page a test
visits is checked with axe-core against WCAG 2.2 AA and for console errors (CSP violations are console errors).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Error, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from pupils.services import profile_save_version
from tests.cast import PASSWORD, Cast, build_cast

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe's best-practice rules for the project's own markup rules: one <h1>, headings in order, one <main>.
PROJECT_RULES = ["page-has-heading-one", "heading-order", "empty-heading", "empty-table-header", "landmark-one-main"]
# The app has no favicon; Chromium asks for one on every page. Reported, not a page fault.
_IGNORED_CONSOLE = re.compile(r"/favicon\.ico$")

# axe.run is started by page.evaluate, which the Content Security Policy does not govern (an injected
# <script> tag would be refused by script-src 'self'). Only the fields needed for a readable failure come back.
_RUN_AXE = """async ([tags, extra]) => {
  const rules = Object.fromEntries(extra.map((id) => [id, {enabled: true}]));
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, rules});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary})),
  }));
}"""


class PageWatch:
    """Collects a page's console errors and uncaught exceptions, and checks the page it is on."""

    def __init__(self, page: Page, *, javascript: bool = True) -> None:
        self.page = page
        self.javascript = javascript
        self.problems: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        source = message.location.get("url", "")
        if _IGNORED_CONSOLE.search(source):
            return
        self.problems.append(f"console error on {self.page.url}: {message.text} ({source})")

    def _on_page_error(self, error: Error) -> None:
        self.problems.append(f"uncaught exception on {self.page.url}: {error}")

    def assert_accessible(self) -> None:
        """axe-core finds no WCAG 2.2 AA violations, nor breaks of the project's heading rules, on the page."""
        # page.evaluate never returns when the context has JavaScript turned off.
        assert self.javascript, "axe needs JavaScript: check pages in a context with JavaScript on"
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.evaluate(AXE_SOURCE)
        violations: list[dict[str, Any]] = self.page.evaluate(_RUN_AXE, [WCAG_TAGS, PROJECT_RULES])
        if violations:
            pytest.fail(
                f"axe found {len(violations)} accessibility violation(s) on {self.page.url}:\n"
                + "\n".join(
                    f"- {v['id']} ({v['impact']}): {v['help']}\n"
                    + "\n".join(f"    {json.dumps(n['target'])}: {n['summary']}" for n in v["nodes"])
                    for v in violations
                )
            )

    def assert_one_h1_and_a_page_title(self) -> None:
        """One <h1> per page, and a <title> that names the page (base.html falls back to 'OpenSEND')."""
        h1_count = self.page.locator("h1").count()
        if h1_count != 1:
            pytest.fail(f"{self.page.url} has {h1_count} <h1> elements; a page has exactly one.")
        title = self.page.title()
        if title.startswith("OpenSEND"):
            pytest.fail(f"{self.page.url} has the title {title!r}: pass page_title to the template.")

    def assert_console_clean(self) -> None:
        if self.problems:
            pytest.fail("\n".join(self.problems))

    def check(self) -> None:
        """The page passes axe, has one <h1> and a title, and nothing has gone wrong in the console so far."""
        self.page.wait_for_load_state("load")
        self.assert_accessible()
        self.assert_one_h1_and_a_page_title()
        self.assert_console_clean()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API keeps an event loop running in the test thread, so Django would refuse the ORM
    # calls the tests make (SynchronousOnlyOperation). Allowed only while the browser runs, so that unit tests
    # collected in the same run keep Django's check. Nothing here calls the ORM from async code.
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def cast(live_server: LiveServer, transactional_db: None) -> Cast:
    """The fixed cast, committed so that the live server's thread sees it, plus two versions of the pupil's
    profile so that the history page has something to compare and the record offers 'Update the profile'."""
    cast = build_cast()
    assert cast.pupil is not None
    for number, how in ((1, "Short instructions, one at a time."), (2, "Short instructions and a visual timetable.")):
        profile_save_version(
            pupil=cast.pupil,
            data={"how_to_support": how, "likes": "Drawing and football.", "named_adult": "Mrs Hughes"},
            change_note=f"Version {number}, agreed with Mum.",
            by=cast["sendco"],
        )
    return cast


@pytest.fixture
def open_page(browser: Browser, live_server: LiveServer) -> Iterator[Callable[..., PageWatch]]:
    """Opens a page in a new browser context (options as for Browser.new_context); all are closed afterwards."""
    contexts: list[BrowserContext] = []
    watches: list[PageWatch] = []

    def make(**options: Any) -> PageWatch:
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        watch = PageWatch(context.new_page(), javascript=options.get("java_script_enabled", True))
        watches.append(watch)
        return watch

    yield make
    for context in contexts:
        context.close()
    # A safety net for console errors after a test's last check (a failure here is reported as an error).
    for watch in watches:
        watch.assert_console_clean()


@pytest.fixture
def web(open_page: Callable[..., PageWatch]) -> PageWatch:
    """A page with JavaScript on, as most people use the service."""
    return open_page()


def sign_in(page: Page, cast: Cast, role: str) -> None:
    """Sign in through the real form and land on the home page."""
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(cast[role].email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Welcome"))
