from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from demo.account import DEMO_EMAIL, DEMO_PASSWORD
from demo.journal import DEFAULT_SEED, DEMO_DAYS, CatalogMissing, seed_demo


class Command(BaseCommand):
    help = (
        f"Create or refresh the demo account and replace its journal with {DEMO_DAYS} days of "
        "made-up entries ending today. Needs the food catalog (run import_foods first)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"The same seed gives the same journal (default {DEFAULT_SEED}).",
        )

    def handle(self, *args: Any, seed: int, **options: Any) -> None:
        try:
            result = seed_demo(seed=seed)
        except CatalogMissing as problem:
            raise CommandError(str(problem)) from problem
        verb = "Created" if result.created else "Refreshed"
        self.stdout.write(self.style.SUCCESS(f"{verb} the demo account."))
        self.stdout.write(f"  Email:    {DEMO_EMAIL}")
        self.stdout.write(f"  Password: {DEMO_PASSWORD}")
        self.stdout.write(
            f"Its journal: {result.first_day} to {result.last_day} (seed {seed}), "
            + ", ".join(f"{count:,} {name}" for name, count in result.counts.items())
            + "."
        )
