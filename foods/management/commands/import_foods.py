import time
from pathlib import Path

from django.core.management.base import BaseCommand

from foods.catalog_import import DATA_DIR, import_sr28, refresh_planner_statistics


class Command(BaseCommand):
    help = (
        "Load the USDA SR28 foods into the catalog. Safe to run again: it adds what is "
        "missing, updates source values that changed, and keeps curators' edits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR)

    def handle(self, *args, data_dir, **options):
        started = time.perf_counter()
        verbose = options["verbosity"] > 0

        def progress(done, total):
            if verbose:
                self.stdout.write(f"  read {done:,} of {total:,} foods")

        result = import_sr28(data_dir, progress=progress)
        if result.changed:
            refresh_planner_statistics()
        seconds = time.perf_counter() - started
        summary = (
            f"Foods: {result.created:,} added, {result.updated:,} updated, "
            f"{result.unchanged:,} unchanged; {result.portions_created:,} portions added "
            f"({seconds:.1f} s)."
        )
        self.stdout.write(self.style.SUCCESS(summary) if result.changed else summary)
        if result.kept_curated:
            self.stdout.write(
                f"Kept {len(result.kept_curated):,} values curators set, which the file would "
                "have changed (a curator gives one back to the source in the admin):"
            )
            for kept in result.kept_curated:
                self.stdout.write(f"  {kept}")
