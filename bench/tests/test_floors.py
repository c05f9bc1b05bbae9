"""Every page `make bench` measures works, and every data floor runs and does real work, on the demo dataset.

`make bench` is not part of the test suite; this is, on SQLite and PostgreSQL, so a page or a floor that breaks
on either database is caught here rather than in the next benchmark run. Nothing here is timed.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from accounts.models import User
from bench.floors import AGGREGATES, all_floors
from bench.pages import PAGES, TARGETS, Page

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def targets(django_db_setup, django_db_blocker):
    """The demo, built once for this module inside a transaction rolled back at its end; the pages' targets."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield {key: resolve() for key, resolve in TARGETS.items()}
        transaction.set_rollback(True)


def _url(page: Page, targets: dict[str, str]) -> str:
    url = reverse(page.url_name, args=[targets[key] for key in page.args])
    query = {key: value.format(**targets) for key, value in page.query.items()}
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_measured_page_answers_its_user(page: Page, targets: dict[str, str]) -> None:
    client = Client()
    if page.user:
        client.force_login(User.objects.get(email=page.user), backend="django.contrib.auth.backends.ModelBackend")

    response = client.get(_url(page, targets))

    assert response.status_code == 200


@pytest.mark.parametrize("page", [page for page in PAGES if page.floor], ids=lambda page: page.name)
def test_every_data_floor_runs_and_fetches_rows(page: Page, targets: dict[str, str]) -> None:
    with connection.cursor() as cursor:
        fetched = all_floors()[page.floor](cursor, targets)

    assert fetched > 0


@pytest.mark.parametrize("name", sorted(AGGREGATES))
def test_every_aggregate_selector_and_its_sql_run(name: str, targets: dict[str, str]) -> None:
    aggregate = AGGREGATES[name]
    organisation = aggregate.organisation(targets)
    with connection.cursor() as cursor:
        fetched = aggregate.floor(cursor, organisation)

    assert aggregate.selector(organisation) is not None
    assert fetched > 0
