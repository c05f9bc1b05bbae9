"""Gunicorn for OpenSEND in production: `gunicorn -c gunicorn.conf.py` (the app is opensend.wsgi).

Threaded workers: most of a request is spent waiting on PostgreSQL, so a few threads per process keep the CPUs
busy without the memory of more processes. Each process has its own psycopg pool (OPENSEND_DB_POOL_MAX, at least
as many connections as threads), so PostgreSQL sees up to workers x pool connections: size max_connections (or a
PgBouncer in front) for that. Access logs are off by default; URLs carry opaque ids only, never names, so they may
be turned on with OPENSEND_ACCESS_LOG=1.
"""

from __future__ import annotations

import multiprocessing
import os

wsgi_app = "opensend.wsgi:application"
bind = os.environ.get("OPENSEND_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("OPENSEND_WEB_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "gthread"
threads = int(os.environ.get("OPENSEND_WEB_THREADS", "4"))
# A request that takes this long is stuck: the worker is restarted. The register's exports stream well within it.
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak never becomes an outage.
max_requests = 5000
max_requests_jitter = 500
# Load the application once in the arbiter: workers fork with the code already imported (no database connection
# is opened at import time, so none is shared between processes).
preload_app = True
accesslog = "-" if os.environ.get("OPENSEND_ACCESS_LOG", "0") == "1" else None
errorlog = "-"
loglevel = os.environ.get("OPENSEND_LOG_LEVEL", "INFO").lower()
# Only the reverse proxy on this machine may say which scheme the client used (see OPENSEND_BEHIND_PROXY).
forwarded_allow_ips = "127.0.0.1,::1"
