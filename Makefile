# OpenSEND — `make demo` and `make test` do all set-up on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
DEMO_ENV := OPENSEND_DEBUG=1
# Tests run with production settings (DEBUG off); HTTPS redirects are off because the test client speaks HTTP.
TEST_ENV := OPENSEND_DEBUG=0 OPENSEND_SECRET_KEY=test-only-secret-key-not-for-production-5b8f3c1e9a7d OPENSEND_SSL_REDIRECT=0 OPENSEND_STATIC_MANIFEST=0
PG_URL ?= postgres://postgres@127.0.0.1:5432/opensend

.PHONY: demo serve bootstrap migrate test lint typecheck unit browser test-postgres check-deploy clean help bench replica-test loadtest

help:
	@echo "make demo   — set up, load the demo trust and serve on http://127.0.0.1:8000"
	@echo "make test   — set up, then lint, type check and run the whole test suite"

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "OpenSEND needs Python 3.11 or newer; set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

bootstrap: $(STAMP)

migrate: bootstrap
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	$(DEMO_ENV) $(BIN)/python manage.py load_demo
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

serve: migrate
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: bootstrap
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: bootstrap
	$(TEST_ENV) $(BIN)/mypy .

unit: bootstrap
	$(TEST_ENV) $(BIN)/pytest -q -n 2 -m "not browser"

browser: bootstrap
	$(TEST_ENV) $(BIN)/pytest -q -m browser

# The whole suite again against PostgreSQL, when a server is reachable (CI always has one).
test-postgres: bootstrap
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL:opensend=postgres)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== PostgreSQL: $(PG_URL)"; \
		$(TEST_ENV) DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -n 2 -m "not browser"; \
	else echo "== PostgreSQL not reachable at $(PG_URL): skipped (CI always runs it)"; \
		if [ -n "$$CI" ]; then exit 1; fi; fi

test: lint typecheck unit browser test-postgres

# Not part of `make test`: speed is measured here, never asserted in the suite. Datasets are cached in bench/cache/.
bench: bootstrap
	$(TEST_ENV) BENCH_PG_URL=$${BENCH_PG_URL:-$(PG_URL:opensend=opensend_bench)} $(BIN)/python -m bench

# A second PostgreSQL cluster streaming from a primary on loopback, and the router's tests against the pair.
replica-test: bootstrap
	$(TEST_ENV) scripts/replica-test.sh

# 50 signed-in users (SENDCo, teacher, TA journeys) against gunicorn on loopback; stops by itself. Locust has its own venv.
loadtest: bootstrap
	test -x .venv/loadtest/bin/python || $(PYTHON) -m venv .venv/loadtest
	.venv/loadtest/bin/python -m pip install --quiet -r requirements-loadtest.txt
	$(TEST_ENV) BENCH_PG_URL=$${BENCH_PG_URL:-$(PG_URL:opensend=opensend_bench)} $(BIN)/python -m bench.loadtest

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles
