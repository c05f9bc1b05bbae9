"""Documents and the plan for parents in the browser: a SENDCo attaches a report with the keyboard alone, the same
upload works with JavaScript off, and a parent opens the plan shared with them from "My children". Every page
visited with JavaScript on is checked with axe-core."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from plans.models import Document
from plans.services.documents import document_archive
from plans.tests.test_documents import PDF_BYTES, attach, private_media, start_cycle, stored_files  # noqa: F401 - fixture
from plans.tests.test_pdfs import planned_cycle
from tests.browser.conftest import PageWatch, sign_in
from tests.browser.test_keyboard import focused, tab_to
from tests.cast import Cast

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("private_media")]

TITLE = "Speech and language therapy report, March"


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "SALT report.pdf"
    path.write_bytes(PDF_BYTES)
    return path


def test_sendco_attaches_a_report_with_the_keyboard_only(web: PageWatch, cast: Cast, report: Path) -> None:
    cycle = start_cycle(cast)
    page = web.page
    sign_in(page, cast, "sendco")
    # The cycle page links here ("Attach or manage documents"); it has more tab stops than this test needs to walk.
    page.goto(f"/cycles/{cycle.uid}/documents/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents and advice")
    web.check()

    tab_to(page, text="Attach a document")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Attach a document")
    web.check()

    tab_to(page, id="id_title")
    page.keyboard.type(TITLE)
    tab_to(page, id="id_file")
    assert focused(page)["tag"] == "input"
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(report))
    assert page.evaluate("() => document.getElementById('id_file').files[0].name") == report.name
    web.check()

    tab_to(page, text="Attach document")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents and advice")
    expect(page.locator("main")).to_contain_text(f"'{TITLE}' attached.")
    web.check()

    document = Document.objects.get(cycle=cycle)
    assert (document.title, document.content_type, document.original_name) == (TITLE, "application/pdf", report.name)
    [stored] = stored_files(settings.MEDIA_ROOT)
    assert stored.read_bytes() == PDF_BYTES


def test_a_refused_file_is_explained_on_an_accessible_error_page(web: PageWatch, cast: Cast, tmp_path: Path) -> None:
    cycle = start_cycle(cast)
    disguised = tmp_path / "report.pdf"
    disguised.write_bytes(b"MZ\x90\x00 not a PDF at all")
    page = web.page
    sign_in(page, cast, "sendco")
    page.goto(f"/cycles/{cycle.uid}/documents/add/")
    page.get_by_label("Title").fill("Report")
    page.locator("input[type=file]").set_input_files(str(disguised))
    page.get_by_role("button", name="Attach document").click()
    expect(page.get_by_role("heading", level=2, name="There is a problem")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The file must be a PDF, PNG or JPEG")
    web.check()
    assert not Document.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


def test_the_upload_works_with_javascript_off(open_page: Callable[..., PageWatch], cast: Cast, report: Path) -> None:
    cycle = start_cycle(cast)
    page = open_page(java_script_enabled=False).page
    sign_in(page, cast, "teacher")
    assert "govuk-frontend-supported" not in (page.locator("body").get_attribute("class") or "")
    page.goto(f"/cycles/{cycle.uid}/documents/")
    page.get_by_role("button", name="Attach a document").click()
    page.get_by_label("Title").fill(TITLE)
    # Without JavaScript the field is the browser's own file input, labelled by the GOV.UK label.
    page.get_by_label("Upload a file").set_input_files(str(report))
    page.get_by_role("button", name="Attach document").click()
    expect(page.locator("main")).to_contain_text(f"'{TITLE}' attached.")
    assert Document.objects.get(cycle=cycle).uploaded_by == cast["teacher"]
    assert len(stored_files(settings.MEDIA_ROOT)) == 1


def test_parent_opens_the_plan_shared_with_them_from_my_children(web: PageWatch, cast: Cast) -> None:
    assert cast.pupil is not None
    cycle = planned_cycle(cast)
    cycle.plan_shared_with_parents_on = timezone.localdate()
    cycle.save(update_fields=["plan_shared_with_parents_on"])
    page = web.page
    sign_in(page, cast, "parent")
    page.goto("/my-children/")
    web.check()
    page.get_by_role("link", name=re.compile(r"^Amara's plan, shared on")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amara's plan")
    for name in (
        "What we are working on",
        "How we will know it is working",
        "What we will do at school",
        "What you can do at home",
        "When we will meet again",
        "Who to contact",
    ):
        expect(page.get_by_role("heading", level=2, name=name)).to_be_visible()
    expect(page.locator("main")).to_contain_text("speech and language therapy (SALT)")
    web.check()
    pdf_url = page.get_by_role("link", name="Download this plan as a PDF").get_attribute("href")
    assert pdf_url is not None
    answer = page.request.get(pdf_url)
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF")


def test_staff_pages_for_documents_and_the_parents_preview_are_accessible(web: PageWatch, cast: Cast) -> None:
    cycle = planned_cycle(cast)
    kept = attach(cycle, cast["sendco"])
    document_archive(document=attach(cycle, cast["sendco"], name="old.pdf"), by=cast["sendco"])
    page = web.page
    sign_in(page, cast, "sendco")
    page.goto(f"/cycles/{cycle.uid}/documents/")
    expect(page.locator("main")).to_contain_text("Archived documents (1)")
    web.check()
    page.goto(f"/documents/{kept.uid}/archive/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Archive '{kept.title}'")
    web.check()
    page.goto(f"/cycles/{cycle.uid}/for-parents/")
    expect(page.locator("main")).to_contain_text("It has not been shared with them yet")
    web.check()
