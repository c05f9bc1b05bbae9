"""Tests against a real primary and streaming standby (`make replica-test`); skipped when no replica is configured.

The standby is read-only, so Django cannot create a test database on it: these tests use the database that
scripts/replica-test.sh created and migrated on the primary (and the standby received by streaming), and give
every row they write a unique key instead of relying on a rollback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    if "replica" in settings.DATABASES:
        return
    skip = pytest.mark.skip(reason="no replica: set OPENSEND_DB_REPLICA_URL, or run `make replica-test`")
    # The hook sees every collected test, not only this folder's: mark only the replica tests.
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup():
    """Use the databases as configured: the one on the primary and its copy on the standby."""


@pytest.fixture
def live_db(django_db_blocker):
    with django_db_blocker.unblock():
        yield
