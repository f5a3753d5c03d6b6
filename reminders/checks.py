"""`manage.py check --deploy`: a production site must say where reminders link and come from.

Without these, reminder mail links to the development address (``http://127.0.0.1:8000``)
from ``noreply@localhost``, which mail providers reject or file as spam.
"""

from collections.abc import Sequence
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def check_reminder_addresses(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    if settings.DEBUG:
        return []
    errors: list[CheckMessage] = []
    site = urlsplit(settings.SITE_URL)
    if site.scheme != "https" or not site.hostname:
        errors.append(
            Error(
                f"SITE_URL is {settings.SITE_URL!r}: reminder links would point there.",
                hint="Set SITE_URL to the site's https address, e.g. https://cramps.example.org.",
                id="reminders.E001",
            )
        )
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = address.rpartition("@")[2].lower()
    if not domain or domain == "localhost" or "." not in domain:
        errors.append(
            Error(
                f"DEFAULT_FROM_EMAIL is {settings.DEFAULT_FROM_EMAIL!r}: reminders would come "
                "from an address no mail provider accepts.",
                hint="Set DEFAULT_FROM_EMAIL, e.g. 'Cramp Journal <reminders@cramps.example.org>'.",
                id="reminders.E002",
            )
        )
    return errors
