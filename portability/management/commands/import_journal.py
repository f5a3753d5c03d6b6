"""Imports an export file into one account, as the Your data page does: all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portability.importing import ImportFileError, import_document, read_document

from .export_journal import find_user


class Command(BaseCommand):
    help = (
        "Imports a JSON export into the account with this email. Entries already there (same "
        "ids) are skipped; if any record is bad, every problem is listed and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, metavar="EMAIL", help="into whose account")
        parser.add_argument("file", metavar="FILE", help="the .json file an export wrote")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, but save nothing"
        )

    def handle(self, *args, user, file, dry_run, **options):
        person = find_user(user)
        try:
            raw = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            document = read_document(raw)
        except ImportFileError as error:
            raise CommandError(f"{file}: {error}") from None
        plan = import_document(person, document, dry_run=dry_run)
        if plan.errors:
            raise CommandError(
                f"{file} has {len(plan.errors)} bad records; nothing was saved:\n"
                + "\n".join(plan.errors)
            )
        for kind in plan.kinds.values():
            self.stdout.write(f"{kind.label}: {kind.added} to add, {kind.skipped} already there")
        for label, old, new in plan.profile_changes:
            self.stdout.write(f"Profile, {label.lower()}: {old} -> {new}")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb} into {person.email}: {plan.summary()}."))
