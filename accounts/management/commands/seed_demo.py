from django.core.management.base import BaseCommand

from accounts.demo import DEMO_EMAIL, DEMO_PASSWORD, ensure_demo_user


class Command(BaseCommand):
    help = "Create or refresh the demo account and print how to log in to it."

    def handle(self, *args, **options):
        _, created = ensure_demo_user()
        verb = "Created" if created else "Refreshed"
        self.stdout.write(self.style.SUCCESS(f"{verb} the demo account."))
        self.stdout.write(f"  Email:    {DEMO_EMAIL}")
        self.stdout.write(f"  Password: {DEMO_PASSWORD}")
