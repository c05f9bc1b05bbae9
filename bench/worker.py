"""One database, one process: `python -m bench.worker prepare|measure` with DATABASE_URL pointing at a dataset.

`prepare` shapes a freshly loaded dataset for the benchmark (see consolidate) and refreshes the planner's statistics.
`measure` requests every page in bench.pages through Django's test client (the whole middleware stack, no network),
after a warm-up, and times it; counts its queries in a separate request; times the framework floor, each page's
raw-SQL data floor and each aggregate selector; and writes the result as JSON.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

DEMO_LA_CODE = "919"
TRUST_SCHOOLS = 100  # the largest academy trusts in England run about this many schools
# New establishment numbers for schools moved into the one LA, by phase: clear of the ones the generator uses.
ESTAB_RANGES = {"primary": range(2200, 4000), "secondary": range(4200, 7000), "special": range(7100, 8000)}


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def consolidate() -> dict[str, int]:
    """Put every school in the demo LA and up to TRUST_SCHOOLS academies in the demo trust.

    The generator spreads a large demo over LAs of about 60 schools; the benchmark wants one LA at the size of
    the largest real ones (300,000 pupils), and one large trust, so that the aggregate pages are measured at scale.
    The demo's four named schools keep their numbers; the others get new establishment numbers within the LA.
    """
    from django.db import transaction

    from bench.pages import SCHOOL_URN
    from schools.models import LocalAuthority, School

    la = LocalAuthority.objects.get(code=DEMO_LA_CODE)
    trust = School.objects.get(urn=SCHOOL_URN).trust_id
    assert trust is not None, "the demo's first school belongs to the demo trust"  # noqa: S101
    named = {SCHOOL_URN, 148202, 148203, 148204}
    free = {phase: iter(numbers) for phase, numbers in ESTAB_RANGES.items()}
    moved = []
    in_trust = School.objects.filter(trust_id=trust).count()
    for school in School.objects.exclude(urn__in=named).order_by("urn"):
        school.local_authority_id = la.pk
        school.establishment_number = str(next(free[school.phase]))
        if school.trust_id is not None and school.trust_id != trust and in_trust < TRUST_SCHOOLS:
            school.trust_id = trust
            in_trust += 1
        moved.append(school)
    with transaction.atomic():
        School.objects.bulk_update(moved, ["local_authority", "establishment_number", "trust"], batch_size=500)
    return {"schools_moved": len(moved), "trust_schools": in_trust}


def analyse() -> None:
    """Fresh planner statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) keep them in production."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _interleaved(calls: dict[str, Callable[[], object]], *, warmup: int, runs: int) -> dict[str, list[float]]:
    """Time every call `runs` times, round-robin after `warmup` untimed rounds: on a shared machine a burst of
    other work then slows the floors as much as the pages, rather than whichever happened to run during it."""
    for _ in range(warmup):
        for call in calls.values():
            call()
    timings: dict[str, list[float]] = {key: [] for key in calls}
    for _ in range(runs):
        for key, call in calls.items():
            began = time.perf_counter()
            call()
            timings[key].append(time.perf_counter() - began)
    return timings


def _run_floor(name: str, floor: Callable[[Any, Any], int], targets: Any) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        fetched = floor(cursor, targets)
    if not fetched:
        raise SystemExit(f"The data floor {name} fetched nothing: it would not measure anything")
    return fetched


def measure(*, dataset: str, warmup: int, runs: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import User
    from bench.floors import AGGREGATES, all_floors
    from bench.pages import PAGES, SENDCO, TARGETS
    from bench.report import aggregate_ratio, page_ratio, summarise
    from bench.urls import FLOOR_PATH
    from pupils.models import Pupil, SenStatusCode
    from schools.models import School

    targets = {key: resolve() for key, resolve in TARGETS.items()}
    floors = all_floors()
    clients: dict[str | None, Client] = {None: Client()}
    for email in {page.user for page in PAGES if page.user} | {SENDCO}:
        client = Client()
        client.force_login(User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend")
        clients[email] = client

    def get(client: Client, url: str) -> int:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}; the benchmark needs every page to work")
        if response.streaming:
            b"".join(getattr(response, "streaming_content", []))
        return response.status_code

    # Everything to time, by key: the framework floor, each page, each data floor and each aggregate selector.
    calls: dict[str, Callable[[], object]] = {"framework": functools.partial(get, clients[SENDCO], FLOOR_PATH)}
    urls: dict[str, str] = {}
    for page in PAGES:
        url = reverse(page.url_name, args=[targets[key] for key in page.args])
        query = {key: value.format(**targets) for key, value in page.query.items()}
        if query:
            url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
        urls[page.name] = url
        calls[f"page:{page.name}"] = functools.partial(get, clients[page.user], url)
        if page.floor:
            calls[f"floor:{page.name}"] = functools.partial(_run_floor, page.floor, floors[page.floor], targets)
        if page.aggregate:
            aggregate = AGGREGATES[page.aggregate]
            organisation = aggregate.organisation(targets)
            calls[f"aggregate:{page.name}"] = functools.partial(aggregate.selector, organisation)
            calls[f"aggregate-floor:{page.name}"] = functools.partial(
                _run_floor, page.aggregate, aggregate.floor, organisation
            )
    timings = _interleaved(calls, warmup=warmup, runs=runs)
    framework = summarise(timings["framework"])
    pages: list[dict[str, Any]] = []
    aggregates: list[dict[str, Any]] = []
    for page in PAGES:
        with CaptureQueriesContext(connection) as captured:
            calls[f"page:{page.name}"]()
        timing = summarise(timings[f"page:{page.name}"])
        floor_ms = summarise(timings[f"floor:{page.name}"])["median_ms"] if page.floor else None
        pages.append(
            {
                "name": page.name,
                "url": urls[page.name],
                **timing,
                "queries": len(captured.captured_queries),
                "floor_ms": floor_ms,
                "ratio": page_ratio(timing["median_ms"], framework["median_ms"], floor_ms or 0.0),
            }
        )
        if page.aggregate:
            selector = summarise(timings[f"aggregate:{page.name}"])
            sql_ms = summarise(timings[f"aggregate-floor:{page.name}"])["median_ms"]
            aggregates.append(
                {
                    "name": page.name,
                    **selector,
                    "floor_ms": sql_ms,
                    "ratio": aggregate_ratio(selector["median_ms"], sql_ms),
                }
            )
    live = Pupil.objects.filter(archived_at__isnull=True)
    return {
        "backend": connection.vendor,
        "dataset": dataset,
        "size": {
            "pupils": live.count(),
            "schools": School.objects.count(),
            "with_sen": live.filter(sen_status__in=[SenStatusCode.SUPPORT, SenStatusCode.EHC_PLAN]).count(),
            "schools_in_la": School.objects.filter(local_authority__code=targets["la"]).count(),
            "schools_in_trust": School.objects.filter(trust__uid=targets["trust"]).count(),
        },
        "warmup": warmup,
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "cpus": os.cpu_count(),
        "framework": framework,
        "pages": pages,
        "aggregates": aggregates,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("prepare", help="shape a freshly loaded dataset for the benchmark")
    run = sub.add_parser("measure", help="time every page and floor; write JSON")
    run.add_argument("--dataset", required=True)
    run.add_argument("--warmup", type=int, default=3)
    run.add_argument("--runs", type=int, default=20)
    run.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    _setup()
    if args.command == "prepare":
        print(json.dumps(consolidate()))
        analyse()
        return 0
    result = measure(dataset=args.dataset, warmup=args.warmup, runs=args.runs)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
