"""The morning email names the night it asks about (issue 26): read late, or the next day, it
still answers the right night."""

import datetime

import pytest

from reminders.messages import reminder_email
from reminders.models import Kind, SentReminder

pytestmark = pytest.mark.django_db


def test_the_morning_email_names_its_night(owner):
    sent = SentReminder.objects.create(
        user=owner, kind=Kind.MORNING, local_date=datetime.date(2026, 12, 6)
    )

    message = reminder_email(sent)

    line = "The night of Saturday 5 December to Sunday 6 December."
    assert line in message.body
    assert line in message.alternatives[0][0]
    assert message.subject == "Any cramps last night?"


def test_the_evening_email_names_no_night(owner):
    sent = SentReminder.objects.create(
        user=owner, kind=Kind.EVENING, local_date=datetime.date(2026, 12, 6)
    )

    assert "The night of" not in reminder_email(sent).body
