"""Exports one person's data, as the Your data page does: JSON (the default) or a CSV zip."""

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User, normalize_email_address
from portability.export import export_user
from portability.spreadsheet import spreadsheet_zip


def find_user(email: str) -> User:
    try:
        return User.objects.select_related("profile").get(email=normalize_email_address(email))
    except User.DoesNotExist:
        raise CommandError(f"There is no account with the email address {email}.") from None


class Command(BaseCommand):
    help = (
        "Writes everything one person owns as JSON (docs/export-schema.md) to standard output "
        "or --output, or as a zip of CSV files (--format csv, needs --output)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--user", required=True, metavar="EMAIL", help="whose data")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", "-o", metavar="FILE", help="a file instead of stdout")

    def handle(
        self, *args: Any, user: str, format: str, output: str | None, **options: Any
    ) -> None:
        person = find_user(user)
        content: bytes | str
        if format == "csv":
            if not output:
                raise CommandError("A zip file cannot go to the terminal: give --output FILE.")
            content = spreadsheet_zip(person)
        else:
            content = json.dumps(export_user(person), ensure_ascii=False, indent=2) + "\n"
        if not output:
            assert isinstance(content, str)  # a zip never goes to the terminal (refused above)
            self.stdout.write(content, ending="")
            return
        try:
            path = Path(output)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stderr.write(f"Exported {person.email} to {output}.")
