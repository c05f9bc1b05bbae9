#!/usr/bin/env bash
# `make replica-test`: start a primary and a streaming standby (scripts/replica.sh), migrate a database on the
# primary, and run the router's tests against the real pair: opensend/tests/replica/ (skipped without a replica)
# and the router's unit tests. Stops and deletes both clusters afterwards, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

PRIMARY_PORT=${REPLICA_PRIMARY_PORT:-55432}
STANDBY_PORT=${REPLICA_STANDBY_PORT:-55433}
export REPLICA_PRIMARY_PORT=$PRIMARY_PORT REPLICA_STANDBY_PORT=$STANDBY_PORT
PYTHON=${PYTHON:-.venv/bin/python}

scripts/replica.sh stop
trap 'scripts/replica.sh stop' EXIT
scripts/replica.sh start

export DATABASE_URL="postgres://postgres@127.0.0.1:$PRIMARY_PORT/opensend_replica"
export OPENSEND_DB_REPLICA_URL="postgres://postgres@127.0.0.1:$STANDBY_PORT/opensend_replica"
"$PYTHON" -c "import psycopg; psycopg.connect('postgres://postgres@127.0.0.1:$PRIMARY_PORT/postgres', autocommit=True).execute('CREATE DATABASE opensend_replica')"
# Migrations run on the primary only (the router refuses the replica); the standby receives them as WAL.
OPENSEND_DB_REPLICA_URL= "$PYTHON" manage.py migrate --noinput -v0
"$PYTHON" -m pytest -q opensend/tests/replica opensend/tests/test_routers.py "$@"
