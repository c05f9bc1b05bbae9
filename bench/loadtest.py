"""`make loadtest`: 50 signed-in users against gunicorn on loopback, bounded in requests and time.

Serves a fresh copy of the LA-scale dataset (built and cached by `make bench`; built here if missing) from
PostgreSQL when it is reachable, else SQLite; runs Locust headless (bench/locustfile.py, in .venv/loadtest);
prints requests per second, the 95th percentile and the errors, writes bench/loadtest-results.json, and exits
non-zero if any request failed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.__main__ import CACHE, DEFAULT_PG_URL, ROOT, Backend, Postgres, Sqlite, _env, ensure_dataset

LOCUST = ROOT / ".venv" / "loadtest" / "bin" / "locust"
RESULTS = ROOT / "bench" / "loadtest-results.json"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before it served a page; see its log above")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own loopback server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds:.0f}s")


def summary(stats_csv: Path) -> dict[str, object]:
    """The Aggregated row of Locust's statistics, and each named request's count, failures and p95."""
    with stats_csv.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "requests_per_second": round(float(total["Requests/s"]), 1),
        "median_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "by_request": {
            row["Name"]: {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p95_ms": float(row["95%"]),
            }
            for row in rows
            if row["Name"] != "Aggregated"
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", default=os.environ.get("LOADTEST_RUN_TIME", "90s"))
    parser.add_argument("--requests", type=int, default=int(os.environ.get("LOADTEST_REQUESTS", 20000)))
    parser.add_argument("--pupils", type=int, default=int(os.environ.get("BENCH_PUPILS", 300_000)))
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL))
    args = parser.parse_args(argv)
    if not LOCUST.exists():
        raise SystemExit("Locust is not installed: run `make loadtest` (it installs .venv/loadtest).")
    CACHE.mkdir(parents=True, exist_ok=True)
    postgres = Postgres(args.pg_url)
    backend: Backend = postgres if postgres.reachable() else Sqlite()
    ensure_dataset(backend, "la", args.pupils)
    url = backend.copy_for_run("la")
    port = _free_port()
    env = _env(url)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "opensend.settings",
            "OPENSEND_ALLOWED_HOSTS": "127.0.0.1",
            "OPENSEND_BIND": f"127.0.0.1:{port}",
            "OPENSEND_DB_POOL_MAX": env.get("OPENSEND_DB_POOL_MAX", "8"),
        }
    )
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py"], cwd=ROOT, env=env)  # noqa: S603
    prefix = CACHE / "loadtest"
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/sign-in/", server)
        print(
            f"gunicorn on 127.0.0.1:{port} ({backend.name}); {args.users} users for at most {args.run_time} or {args.requests:,} requests"
        )
        locust = subprocess.run(  # noqa: S603 - our own locustfile
            [
                str(LOCUST), "-f", "bench/locustfile.py", "--headless", "--only-summary",
                "-u", str(args.users), "-r", str(args.spawn_rate), "--run-time", args.run_time,
                "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--stop-timeout", "10",
            ],
            cwd=ROOT,
            env={**os.environ, "LOADTEST_REQUESTS": str(args.requests)},
            check=False,
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
        backend.drop("la", run=True)
    result = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "backend": backend.name,
        "users": args.users,
        "cpus": os.cpu_count(),
        "gunicorn": {
            "workers": env.get("OPENSEND_WEB_WORKERS", f"{(os.cpu_count() or 1) * 2 + 1}"),
            "threads": env.get("OPENSEND_WEB_THREADS", "4"),
        },
        **summary(Path(f"{prefix}_stats.csv")),
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"\n{result['requests']:,} requests, {result['requests_per_second']} requests/s, "
        f"median {result['median_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, {result['failures']} errors "
        f"(wrote {RESULTS.relative_to(ROOT)})"
    )
    if result["failures"] or locust.returncode not in (0,):
        print("FAIL: the load test had errors" if result["failures"] else f"FAIL: locust exited {locust.returncode}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
