"""What `make bench` measures: one line per page.

A page names its URL (by URL name and the targets its arguments come from), who requests it, an optional query
string, and optionally the raw-SQL data floor (bench/floors.py) it is compared with. To add a page, add a line to
PAGES; if its URL needs a new kind of object (a support cycle, a group), add a resolver to TARGETS that finds the
same object in the demo dataset and the LA dataset (the demo trust's named schools are identical in both).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count

SENDCO = "sendco@oakfield.demo"
TEACHER = "teacher@oakfield.demo"
TA = "ta@oakfield.demo"
TRUST_ADMIN = "trust@brightwater.demo"
LA_OFFICER = "la@wyvern.demo"
SCHOOL_URN = 148201  # Oakfield Primary, the demo trust's first school (the same in every dataset)


@dataclass(frozen=True)
class Page:
    name: str
    url_name: str
    user: str | None  # an email from the demo sign-ins; None for a signed-out visitor
    args: tuple[str, ...] = ()  # keys of TARGETS, in the order of the URL's arguments
    query: dict[str, str] = field(default_factory=dict)  # values may name targets: "{register_last_page}"
    floor: str = ""  # a key of bench.floors.FLOORS: the raw SQL computing the same data
    aggregate: str = ""  # a key of bench.floors.AGGREGATES: the selector compared with the floor's raw SQL


PAGES: tuple[Page, ...] = (
    Page("sign-in page", "accounts:sign_in", user=None),
    Page("SENDCo home", "accounts:home", user=SENDCO, floor="home"),
    Page("register, first page", "register:list", SENDCO, ("school",), floor="register_first_page"),
    Page("register, filtered", "register:list", SENDCO, ("school",), {"area": "Communication and interaction", "sort": "year"}, floor="register_filtered"),
    Page("register, last page of all pupils", "register:list", SENDCO, ("school",), {"status": "all", "page": "{register_last_page}"}, floor="register_last_page"),
    Page("register export (CSV)", "register:export_csv", SENDCO, ("school",), floor="register_export"),
    Page("pupil record", "pupils:record", SENDCO, ("pupil",), floor="pupil_record"),
    Page("teacher's my pupils", "pupils:my_pupils", TEACHER, floor="my_pupils"),
    Page("TA's my pupils", "pupils:my_pupils", TA, floor="my_pupils_ta"),
    Page("school overview", "analytics:school", SENDCO, ("school",), floor="school_aggregate"),
    Page("trust overview", "analytics:trust", TRUST_ADMIN, ("trust",), floor="trust_aggregate", aggregate="trust"),
    Page("LA overview", "analytics:local_authority", LA_OFFICER, ("la",), floor="la_aggregate", aggregate="la"),
    # Support cycles (plans) and provision mapping (provision).
    Page("SENDCo work queue", "plans:queue", SENDCO, ("school",), floor="work_queue"),
    Page("teacher's my work", "plans:my_work", TEACHER, floor="my_work"),
    Page("support cycle", "plans:cycle", SENDCO, ("cycle",), floor="support_cycle"),
    Page("whole-school provision map", "provision:map", SENDCO, ("school",), floor="provision_map"),
    Page("provision groups", "provision:groups", SENDCO, ("school",), floor="provision_groups"),
    Page("intervention impact report", "provision:impact", SENDCO, ("school",), floor="provision_impact"),
    Page("pupil's costed provision map", "provision:pupil_map", SENDCO, ("pupil",), floor="pupil_provision_map"),
)  # fmt: skip


def _school() -> Any:
    from schools.models import School

    return School.objects.get(urn=SCHOOL_URN)


def _pupil() -> str:
    """A pupil with an EHC plan and the most needs at the school: the fullest record, the same in every dataset."""
    from pupils.models import Pupil, SenStatusCode

    pupil = (
        Pupil.objects.filter(school__urn=SCHOOL_URN, sen_status=SenStatusCode.EHC_PLAN, archived_at__isnull=True)
        .annotate(n=Count("needs"))
        .order_by("-n", "upn")
        .first()
    )
    assert pupil is not None, "the benchmark needs a pupil with an EHC plan at Oakfield"  # noqa: S101
    return str(pupil.uid)


def _trust() -> str:
    from schools.models import Trust

    return str(Trust.objects.get(schools__urn=SCHOOL_URN).uid)


def _la() -> str:
    return str(_school().local_authority.code)


def _cycle() -> str:
    """The bench pupil's latest support cycle, else the latest at the school."""
    from plans.models import SupportCycle

    cycles = SupportCycle.objects.filter(pupil__school__urn=SCHOOL_URN)
    cycle = (
        cycles.filter(pupil__uid=_pupil()).order_by("-number").first()
        or cycles.order_by("pupil__upn", "-number").first()
    )
    assert cycle is not None, "the benchmark needs a support cycle at Oakfield"  # noqa: S101
    return str(cycle.uid)


def _register_last_page() -> str:
    from pupils.models import Pupil

    roll = Pupil.objects.filter(school__urn=SCHOOL_URN, archived_at__isnull=True).count()
    return str(max(1, -(-roll // settings.REGISTER_PAGE_SIZE)))


# Each resolver runs once per dataset, before anything is timed.
TARGETS: dict[str, Callable[[], Any]] = {
    "school": lambda: str(_school().urn),
    "pupil": _pupil,
    "trust": _trust,
    "la": _la,
    "register_last_page": _register_last_page,
    "cycle": _cycle,
}
