"""The console watch that every browser test relies on does catch what it is meant to catch.

Every page visited by the other tests is checked for console errors (which include Content Security Policy
violations) and uncaught exceptions by PageWatch.check; these tests show that check is not vacuous.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import PageWatch

pytestmark = pytest.mark.browser

_INLINE_SCRIPT = """() => {
  const script = document.createElement('script');
  script.textContent = 'window.inlineRan = true';
  document.body.appendChild(script);
  return window.inlineRan === true;
}"""


def test_the_content_security_policy_refuses_inline_scripts_and_the_watch_reports_it(web: PageWatch) -> None:
    web.page.goto("/sign-in/")
    web.check()
    with web.page.expect_console_message(lambda message: message.type == "error"):
        assert web.page.evaluate(_INLINE_SCRIPT) is False
    with pytest.raises(pytest.fail.Exception, match="Content Security Policy directive 'script-src 'self''"):
        web.assert_console_clean()
    web.problems.clear()


def test_an_uncaught_exception_in_a_page_script_is_reported(web: PageWatch) -> None:
    web.page.goto("/sign-in/")
    with web.page.expect_event("pageerror"):
        web.page.evaluate("() => { setTimeout(() => { throw new Error('broken widget'); }); }")
    with pytest.raises(pytest.fail.Exception, match="broken widget"):
        web.assert_console_clean()
    web.problems.clear()
