"""`make bench`: build (once) and cache the demo and LA-scale datasets, measure every page against its floors on
SQLite and, when it is reachable, PostgreSQL; print a table, write bench/results.json, and exit non-zero if any
page's query count differs between the datasets.

Datasets are cached: SQLite files in bench/cache/, PostgreSQL databases named after BENCH_PG_URL with the dataset
appended (opensend_bench_demo, opensend_bench_la). Each run measures a fresh copy, so the audit events the pages
write never pile up in the cache. A cache is rebuilt when its marker (bench/cache/<backend>-<dataset>.json)
is missing or records another size or another version of the demo generator; new migrations are applied to it before each run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench.report import misses, query_count_changes, table

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "cache"
RESULTS = ROOT / "bench" / "results.json"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/opensend_bench"


def _env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "OPENSEND_DEBUG": "0",
            "OPENSEND_SECRET_KEY": env.get("OPENSEND_SECRET_KEY", "bench-only-secret-key-not-for-production-7d1e"),
            "OPENSEND_SSL_REDIRECT": "0",
            "OPENSEND_STATIC_MANIFEST": "0",
            "OPENSEND_LOG_LEVEL": "WARNING",
        }
    )
    # The benchmark measures one database; a replica set in the environment would split reads.
    env.pop("OPENSEND_DB_REPLICA_URL", None)
    return env


def _run(args: list[str], database_url: str, *, quiet: bool = False) -> None:
    print("  $", " ".join(args), flush=True)
    subprocess.run(  # noqa: S603 - our own interpreter and modules, arguments built here
        [sys.executable, *args],
        cwd=ROOT,
        env=_env(database_url),
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


class Backend:
    name = ""

    def url(self, dataset: str, *, run: bool = False) -> str:
        raise NotImplementedError

    def exists(self, dataset: str) -> bool:
        raise NotImplementedError

    def drop(self, dataset: str, *, run: bool = False) -> None:
        raise NotImplementedError

    def create_empty(self, dataset: str) -> None:
        """A fresh, empty database for building `dataset` into."""

    def copy_for_run(self, dataset: str) -> str:
        raise NotImplementedError


class Sqlite(Backend):
    name = "sqlite"

    def path(self, dataset: str, *, run: bool = False) -> Path:
        return CACHE / f"{dataset}{'-run' if run else ''}.sqlite3"

    def url(self, dataset: str, *, run: bool = False) -> str:
        return f"sqlite:///{self.path(dataset, run=run)}"

    def exists(self, dataset: str) -> bool:
        return self.path(dataset).exists()

    def drop(self, dataset: str, *, run: bool = False) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path(dataset, run=run)}{suffix}").unlink(missing_ok=True)

    def copy_for_run(self, dataset: str) -> str:
        import sqlite3

        self.drop(dataset, run=True)
        # Fold the write-ahead log into the file, so that copying the file copies everything.
        with sqlite3.connect(self.path(dataset)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(self.path(dataset), self.path(dataset, run=True))
        return self.url(dataset, run=True)


class Postgres(Backend):
    name = "postgresql"

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.parts = parts
        self.base = parts.path.lstrip("/") or "opensend_bench"

    def dbname(self, dataset: str, *, run: bool = False) -> str:
        return f"{self.base}_{dataset}{'_run' if run else ''}"

    def url(self, dataset: str, *, run: bool = False) -> str:
        return urlunsplit(self.parts._replace(path="/" + self.dbname(dataset, run=run)))

    def _admin(self, sql: str, *params: str) -> list[tuple[Any, ...]]:
        import psycopg

        admin = urlunsplit(self.parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
            cursor = connection.execute(sql, params or None)
            return cursor.fetchall() if cursor.description else []

    def reachable(self) -> bool:
        try:
            self._admin("SELECT 1")
        except Exception:
            return False
        return True

    def exists(self, dataset: str) -> bool:
        return bool(self._admin("SELECT 1 FROM pg_database WHERE datname = %s", self.dbname(dataset)))

    def drop(self, dataset: str, *, run: bool = False) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.dbname(dataset, run=run)}" WITH (FORCE)')

    def create_empty(self, dataset: str) -> None:
        self._admin(f'CREATE DATABASE "{self.dbname(dataset)}"')

    def copy_for_run(self, dataset: str) -> str:
        self.drop(dataset, run=True)
        self._admin(f'CREATE DATABASE "{self.dbname(dataset, run=True)}" TEMPLATE "{self.dbname(dataset)}"')
        return self.url(dataset, run=True)


def generator_fingerprint() -> str:
    """A hash of the demo generator's code: a cached dataset is rebuilt when the generator changes."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "demo").rglob("*.py")):
        if "tests" not in path.parts:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_dataset(backend: Backend, dataset: str, pupils: int | None) -> None:
    """Build the dataset unless a matching one is cached; bring its schema up to date either way."""
    marker = CACHE / f"{backend.name}-{dataset}.json"
    wanted = {"pupils": pupils, "generator": generator_fingerprint()}
    cached = json.loads(marker.read_text()) if marker.exists() else None
    url = backend.url(dataset)
    if cached is not None and {key: cached.get(key) for key in wanted} == wanted and backend.exists(dataset):
        print(f"{backend.name} / {dataset}: cached (built {cached['built_at']} in {cached['build_seconds']:.0f}s)")
        _run(["manage.py", "migrate", "--noinput", "-v0"], url)
        return
    print(f"{backend.name} / {dataset}: building{f' {pupils:,} pupils' if pupils else ''} (once; then cached)")
    began = time.monotonic()
    marker.unlink(missing_ok=True)
    backend.drop(dataset)
    backend.create_empty(dataset)
    _run(["manage.py", "migrate", "--noinput", "-v0"], url)
    _run(["manage.py", "load_demo", *(["--pupils", str(pupils)] if pupils else [])], url, quiet=True)
    _run(["-m", "bench.worker", "prepare"], url)
    marker.write_text(
        json.dumps(
            {
                **wanted,
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "build_seconds": time.monotonic() - began,
            }
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--pupils", type=int, default=int(os.environ.get("BENCH_PUPILS", 300_000)))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 20)))
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--backends", default=os.environ.get("BENCH_BACKENDS", "sqlite,postgresql"))
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL))
    args = parser.parse_args(argv)
    CACHE.mkdir(parents=True, exist_ok=True)
    backends: list[Backend] = []
    for name in args.backends.split(","):
        if name == "sqlite":
            backends.append(Sqlite())
        elif name == "postgresql":
            postgres = Postgres(args.pg_url)
            if postgres.reachable():
                backends.append(postgres)
            else:
                print(f"PostgreSQL is not reachable at {args.pg_url}: measuring SQLite only.")
        else:
            parser.error(f"unknown backend {name!r}: use sqlite and/or postgresql")
    results = []
    for backend in backends:
        for dataset, pupils in (("demo", None), ("la", args.pupils)):
            ensure_dataset(backend, dataset, pupils)
            run_url = backend.copy_for_run(dataset)
            out = CACHE / f"{backend.name}-{dataset}-result.json"
            print(f"{backend.name} / {dataset}: measuring ({args.warmup} warm-up and {args.runs} timed requests each)")
            try:
                _run(
                    ["-m", "bench.worker", "measure", "--dataset", dataset, "--warmup", str(args.warmup),
                     "--runs", str(args.runs), "--out", str(out)],
                    run_url,
                )  # fmt: skip
            finally:
                backend.drop(dataset, run=True)
            results.append(json.loads(out.read_text()))
    print()
    for result in results:
        print(table(result), end="\n\n")
    changes = query_count_changes(results)
    outside = [miss for result in results for miss in misses(result)]
    RESULTS.write_text(
        json.dumps(
            {
                "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
                "results": results,
                "query_count_changes": changes,
                "outside_targets": outside,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"Wrote {RESULTS.relative_to(ROOT)}.")
    for miss in outside:
        print(f"Outside target: {miss}")
    if changes:
        for change in changes:
            print(f"FAIL: {change}")
        return 1
    print("Query counts are the same for every page in every dataset.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
