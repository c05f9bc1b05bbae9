"""`manage.py load_demo`: load the fictional demo trust into an empty database, then print the sign-ins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.generator import DEFAULT_SEED, DEMO_PUPILS, MAX_PUPILS, MIN_PUPILS, build_demo
from demo.signins import demo_loaded, render_report
from schools.models import School

# Above this many pupils, say how far the build has got.
PROGRESS_FROM = 10_000


class Command(BaseCommand):
    help = (
        "Load the demo: Wyvern County Council and Brightwater Learning Trust with four schools, fictional pupils "
        "with SEN, staff, parents and one sign-in per role. Runs once, on an empty database; if the demo is "
        "there already it prints the sign-ins. To start again, `make clean` (deletes db.sqlite3) then `make demo`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"Random seed (default {DEFAULT_SEED}).")
        parser.add_argument(
            "--pupils",
            type=int,
            default=None,
            help=(
                f"Total pupils (default {DEMO_PUPILS:,}, the demo trust). More adds schools of about 300 pupils "
                f"in more LAs and trusts; {MIN_PUPILS} to {MAX_PUPILS:,}."
            ),
        )

    def handle(self, *args: Any, seed: int, pupils: int | None, **options: Any) -> None:
        verbose = options["verbosity"] > 0
        if School.objects.exists():
            if not demo_loaded():
                # The audit trail cannot be deleted, so the demo never clears a database; it only fills an empty one.
                raise CommandError(
                    "This database already has schools that are not the demo. load_demo only runs on an empty "
                    "database: point DATABASE_URL at a new one, or run `make clean` to delete the local db.sqlite3."
                )
            if verbose:
                self.stdout.write("The demo is already loaded (to start again: `make clean`, then `make demo`).\n")
                self.stdout.write(render_report())
            return
        if pupils is not None and not MIN_PUPILS <= pupils <= MAX_PUPILS:
            raise CommandError(f"--pupils must be between {MIN_PUPILS} and {MAX_PUPILS:,}; got {pupils:,}.")
        total = DEMO_PUPILS if pupils is None else pupils
        progress = None
        if verbose and total >= PROGRESS_FROM:
            self.stderr.write(f"Building a demo of {total:,} pupils...")
            progress = self.stderr.write
        result = build_demo(pupils=pupils, seed=seed, progress=progress)
        if verbose:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo loaded in {result.seconds:.1f}s: {result.schools:,} schools, {result.pupils:,} pupils, "
                    f"{result.users:,} accounts (seed {seed}).\n"
                )
            )
            self.stdout.write(render_report())
