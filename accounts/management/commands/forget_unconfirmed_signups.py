"""Deletes sign-ups never confirmed within their link's lifetime (run daily, beside
clearsessions: docs/security.md)."""

from django.core.management.base import BaseCommand

from accounts.signup import forget_unconfirmed


class Command(BaseCommand):
    help = "Delete sign-ups whose confirmation links expired unconfirmed."

    def handle(self, *args: object, **options: object) -> None:
        count = forget_unconfirmed()
        self.stdout.write(f"Forgot {count} unconfirmed sign-up{'s' if count != 1 else ''}.")
