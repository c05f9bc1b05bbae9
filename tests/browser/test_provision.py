"""Provision in the browser: a TA logs a week of sessions on a phone, with the keyboard only and without
JavaScript; a SENDCo opens the whole-school provision map and the impact report. axe checks every page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from provision.models import Attendance, InterventionGroup, Session, SessionStatus
from provision.selectors import week_start
from provision.services import group_place_add, place_record_scores, sessions_log
from provision.tests.helpers import entry, make_group, make_intervention, set_rate
from tests.browser.conftest import PageWatch, sign_in
from tests.browser.test_keyboard import focused, tab_to
from tests.cast import Cast

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


def _last_monday() -> dt.date:
    """Monday of last week: every session in it is in the past, whatever day the tests run."""
    return week_start(timezone.localdate()) - dt.timedelta(days=7)


def _group(cast: Cast) -> InterventionGroup:
    """The TA's group: Monday, Wednesday and Thursday at 09:15, with two pupils, since three weeks ago."""
    assert cast.pupil is not None
    assert cast.untaught_pupil is not None
    set_rate(cast.school, cast["sendco"], cost="18.00")
    starts = _last_monday() - dt.timedelta(days=14)
    group = make_group(cast.school, cast["sendco"], staff=cast["ta"], starts_on=starts, weekdays=(0, 2, 3))
    for pupil in (cast.pupil, cast.untaught_pupil):
        group_place_add(group=group, pupil=pupil, started_on=starts, by=cast["sendco"])
    return group


def _key(day: dt.date) -> str:
    return f"s{day:%Y%m%d}0915"


def test_ta_logs_a_week_on_a_phone_with_the_keyboard_only(open_page: Callable[..., PageWatch], cast: Cast) -> None:
    assert cast.untaught_pupil is not None
    group = _group(cast)
    monday = _last_monday()
    wednesday, thursday = monday + dt.timedelta(days=2), monday + dt.timedelta(days=3)
    watch = open_page(**PHONE)
    page = watch.page
    sign_in(page, cast, "ta")
    watch.check()

    # From the home page to the week's log by keyboard: the workspace link, then the group's log link.
    tab_to(page, text="Intervention groups")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("My intervention groups")
    watch.check()
    tab_to(page, id=f"log-{group.uid}")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log sessions")
    tab_to(page, text="Previous week")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text(f"Week of {monday.day} {monday:%B}")
    watch.check()
    # Made for a phone: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Wednesday: the TA was covering a class. One arrow key moves "Delivered" to "Not delivered: staff absent".
    tab_to(page, id=f"id_{_key(wednesday)}-status")
    page.keyboard.press("ArrowDown")
    assert page.locator(f"#id_{_key(wednesday)}-status").input_value() == SessionStatus.STAFF_ABSENT
    tab_to(page, id=f"id_{_key(wednesday)}-note")
    page.keyboard.type("Covering Year 2")
    # Thursday: Ben was not there; Space unticks him.
    ben = page.locator(f"input[name='{_key(thursday)}-present'][value='{cast.untaught_pupil.pk}']")
    tab_to(page, id=ben.get_attribute("id") or "")
    page.keyboard.press("Space")
    assert not ben.is_checked()
    tab_to(page, text="Save the week")
    assert focused(page)["tag"] == "button"
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_contain_text("3 sessions logged.")
    watch.check()
    sessions = {session.held_on: session for session in Session.objects.filter(group=group)}
    assert sessions[monday].status == SessionStatus.DELIVERED
    assert sessions[wednesday].status == SessionStatus.STAFF_ABSENT
    assert sessions[wednesday].note == "Covering Year 2"
    assert sessions[monday].staff_cost == Decimal("9.00")  # 30 minutes at £18 an hour
    present = set(
        Attendance.objects.filter(session=sessions[thursday], present=True).values_list("pupil_id", flat=True)
    )
    assert present == {cast.pupil.pk if cast.pupil else 0}


def test_ta_logs_a_week_on_a_phone_without_javascript_and_sees_clear_errors(
    open_page: Callable[..., PageWatch], cast: Cast
) -> None:
    group = _group(cast)
    monday = _last_monday()
    page = open_page(java_script_enabled=False, **PHONE).page
    main = page.locator("main")
    sign_in(page, cast, "ta")
    main.get_by_role("link", name="Intervention groups").click()
    main.get_by_role("link", name=f"Log this week's sessions for {group.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log sessions")
    page.goto(f"/provision/groups/{group.uid}/log/?week={monday.isoformat()}")

    # A mistake first: negative minutes are refused and nothing is saved.
    page.locator(f"#id_{_key(monday)}-minutes").fill("-30")
    main.get_by_role("button", name="Save the week").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Minutes cannot be negative")
    assert page.title().startswith("Error: ")
    assert not Session.objects.filter(group=group).exists()

    page.locator(f"#id_{_key(monday)}-minutes").fill("25")
    main.get_by_role("button", name="Save the week").click()
    expect(main).to_contain_text("3 sessions logged.")
    assert Session.objects.get(group=group, held_on=monday).minutes == 25


def test_sendco_opens_the_whole_school_map_and_sorts_the_impact_report(web: PageWatch, cast: Cast) -> None:
    assert cast.pupil is not None
    assert cast.untaught_pupil is not None
    group = _group(cast)
    monday = _last_monday()
    both = {cast.pupil.pk, cast.untaught_pupil.pk}
    sessions_log(
        group=group,
        entries=[entry(monday, present=both), entry(monday + dt.timedelta(days=2), present=both)],
        by=cast["ta"],
    )
    other = make_group(
        cast.school,
        cast["sendco"],
        intervention=make_intervention(
            cast.school, cast["sendco"], name="Talk Boost", area="Communication and interaction"
        ),
        starts_on=monday - dt.timedelta(days=14),
        weekdays=(1,),
    )
    group_place_add(group=other, pupil=cast.pupil, started_on=other.starts_on, by=cast["sendco"])
    sessions_log(
        group=other, entries=[entry(monday + dt.timedelta(days=1), present={cast.pupil.pk})], by=cast["sendco"]
    )
    for place, scores in zip(group.places.order_by("pk"), ((80, 86), (84, 88)), strict=True):
        place_record_scores(
            place=place,
            entry_score=Decimal(scores[0]),
            entry_on=group.starts_on,
            exit_score=Decimal(scores[1]),
            exit_on=monday,
            by=cast["sendco"],
        )

    page = web.page
    sign_in(page, cast, "sendco")
    main = page.locator("main")
    main.get_by_role("link", name="Provision map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Whole-school provision map")
    table = main.get_by_role("table", name="Provision by year group and area of need: pupils, hours, cost")
    expect(table).to_contain_text("Year 4")
    expect(table).to_contain_text("Communication and interaction")
    web.check()

    main.get_by_role("link", name="Impact of each intervention").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Impact of interventions")
    web.check()
    expect(main.locator(".app-caveat").first).to_have_text("Small numbers")
    main.get_by_role("link", name=re.compile(r"^Pupils")).click()
    assert "sort=pupils" in page.url
    main.get_by_role("link", name=re.compile(r"^Pupils")).click()
    assert "sort=-pupils" in page.url
    # Most pupils first: the group of two before Talk Boost's one.
    expect(main.locator("tbody tr").first.locator("th")).to_contain_text("Precision teaching")
    expect(main.locator("th[aria-sort='descending']")).to_have_text(re.compile("^Pupils"))
    web.check()
