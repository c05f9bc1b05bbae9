"""Settings for `make bench`: the application's own settings, plus the framework-floor view and the test client's host."""

from __future__ import annotations

from opensend.settings import *  # noqa: F403
from opensend.settings import ALLOWED_HOSTS

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
