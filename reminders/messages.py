"""The words and links of each reminder, for email and for push.

A reminder asks its one question and nothing else: no entries, no counts, nothing about the
person's health, since a lock screen or a shared inbox may show it to someone else.
"""

import datetime
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from journal.nights import last_night

from . import links
from .models import Kind, SentReminder

QUESTIONS: dict[str, str] = {
    Kind.MORNING: "Any cramps last night?",
    Kind.EVENING: "Mark today's food log complete",
}
PUSH_TITLE = "Cramp Journal"


def morning_links(user_id: int, night: datetime.date, source: str) -> dict[str, str]:
    return {
        "no_cramps": links.check_in_url(user_id, night, source),
        "yes": links.absolute(reverse("reminders:had_cramp", kwargs={"night": night})),
    }


def evening_link(day: datetime.date) -> str:
    return links.absolute(reverse("journal:day", kwargs={"day": day}))


def reminder_email(sent: SentReminder) -> EmailMultiAlternatives:
    user = sent.user
    unsubscribe = links.unsubscribe_url(user.pk, sent.kind)
    context: dict[str, object] = {
        "question": QUESTIONS[sent.kind],
        "kind": sent.kind,
        "unsubscribe_url": unsubscribe,
        "settings_url": links.absolute(reverse("reminders:settings")),
    }
    if sent.kind == Kind.MORNING:
        night = last_night(sent.local_date)
        context |= morning_links(user.pk, night, "email")
        # Named, so that a reminder read late, or on another day, answers the right night.
        context["night"] = night
        context["morning"] = night + datetime.timedelta(days=1)
    else:
        context["day_url"] = evening_link(sent.local_date)
    message = EmailMultiAlternatives(
        subject=QUESTIONS[sent.kind],
        body=render_to_string("reminders/email.txt", context),
        to=[user.email],
        headers=unsubscribe_headers(unsubscribe) | delivery_headers(sent),
    )
    message.attach_alternative(render_to_string("reminders/email.html", context), "text/html")
    return message


def delivery_headers(sent: SentReminder) -> dict[str, str]:
    """A Message-ID made from the idempotency record, so that a retry after a send the mail
    server took but never acknowledged is the same message (mail systems drop the copy), and
    Auto-Submitted (RFC 3834) so that no one's vacation autoresponder answers it."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return {
        "Message-ID": f"<reminder.{sent.pk}.{sent.kind}.{sent.local_date:%Y%m%d}@{domain}>",
        "Auto-Submitted": "auto-generated",
    }


def push_topic(sent: SentReminder) -> str:
    """The Web Push Topic (RFC 8030: up to 32 URL-safe characters): a push service that still
    holds an earlier copy of this reminder replaces it instead of delivering both."""
    return f"{sent.kind}-{sent.local_date:%Y%m%d}"


def unsubscribe_headers(unsubscribe_url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail clients show an "Unsubscribe" button that POSTs the URL."""
    targets = [f"<{unsubscribe_url}>"]
    if settings.REMINDER_UNSUBSCRIBE_MAILTO:
        targets.append(f"<mailto:{settings.REMINDER_UNSUBSCRIBE_MAILTO}?subject=unsubscribe>")
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def push_payload(sent: SentReminder) -> str:
    """The JSON the service worker turns into a notification: title, body and where a tap goes."""
    if sent.kind == Kind.MORNING:
        url = links.check_in_url(sent.user_id, last_night(sent.local_date), "push")
    else:
        url = evening_link(sent.local_date)
    return json.dumps({"title": PUSH_TITLE, "body": QUESTIONS[sent.kind], "url": url})
