"""The signed links in reminders: "No cramps" for one night, and one-click unsubscribe."""

import datetime
import re
import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from journal.models import NightAnswer
from reminders import links
from reminders.models import Kind, ReminderSettings, SentReminder
from reminders.tasks import send_reminder
from tests.factories import CrampFactory, UserFactory, night_cramp

NIGHT = datetime.date(2026, 3, 9)


class OldSigner(signing.TimestampSigner):
    """Signs as if it were 37 hours ago: a link made then, checked now."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 37 * 60 * 60)


def check_in_path(owner, night=NIGHT, source="email"):
    return reverse(
        "reminders:check_in", kwargs={"token": links.check_in_token(owner.pk, night, source)}
    )


def answers(owner):
    return list(NightAnswer.objects.filter(user=owner).values_list("night", "source"))


@pytest.fixture
def visitor():
    return Client(enforce_csrf_checks=False)


def test_the_link_shows_one_button_and_a_get_records_nothing(visitor, owner):
    response = visitor.get(check_in_path(owner))

    assert response.status_code == 200
    assert b"No cramps</button>" in response.content
    assert answers(owner) == []


def test_no_cramps_is_recorded_once_and_a_second_use_says_so(visitor, owner):
    first = visitor.post(check_in_path(owner))
    second = visitor.post(check_in_path(owner))

    assert "Saved: no cramps on the night of Monday 9 March" in first.content.decode()
    assert "already answered, so nothing changed" in second.content.decode()
    assert answers(owner) == [(NIGHT, "email")]


def test_a_changed_signature_changes_nothing(visitor, owner):
    token = links.check_in_token(owner.pk, NIGHT, "email")
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = visitor.post(reverse("reminders:check_in", kwargs={"token": altered}))

    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert "changed nothing" in response.content.decode()
    assert answers(owner) == []


def test_a_changed_night_is_a_changed_signature(visitor, owner):
    token = links.check_in_token(owner.pk, NIGHT, "email")
    _, rest = token.split(":", 1)
    forged = signing.b64_encode(b'{"u":%d,"n":"2026-03-01","s":"email"}' % owner.pk).decode()

    response = visitor.post(reverse("reminders:check_in", kwargs={"token": f"{forged}:{rest}"}))

    assert response.status_code == 400
    assert answers(owner) == []


def test_an_expired_link_changes_nothing_and_says_so(visitor, owner):
    old = OldSigner(salt=links.CHECK_IN_SALT).sign_object(
        {"u": owner.pk, "n": NIGHT.isoformat(), "s": "email"}
    )

    response = visitor.post(reverse("reminders:check_in", kwargs={"token": old}))

    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert answers(owner) == []


def test_an_unsubscribe_link_cannot_answer_a_night(visitor, owner):
    token = links.unsubscribe_token(owner.pk, Kind.MORNING)

    response = visitor.post(reverse("reminders:check_in", kwargs={"token": token}))

    assert response.status_code == 400
    assert answers(owner) == []


def test_a_night_with_a_cramp_is_not_answered_no(visitor, owner):
    night_cramp(owner, NIGHT)

    response = visitor.post(check_in_path(owner))

    assert "A cramp is already logged" in response.content.decode()
    assert answers(owner) == []


def test_yes_opens_the_cramp_form_in_that_night_after_sign_in(client, owner):
    url = reverse("reminders:had_cramp", kwargs={"night": NIGHT})

    assert client.get(url).url.startswith(reverse("login"))
    client.force_login(owner)
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == (
        reverse("journal:create", args=["cramp"]) + f"?night={NIGHT.isoformat()}"
    )
    page = response.content.decode()
    morning = NIGHT + datetime.timedelta(days=1)
    assert f'name="occurred_at" value="{morning.isoformat()}T03:00"' in page


# --- Unsubscribe ----------------------------------------------------------------------------


@pytest.fixture
def reminders(owner):
    return ReminderSettings.objects.create(user=owner, morning_enabled=True, evening_enabled=True)


def unsubscribe_path(user, kind=Kind.MORNING):
    return reverse(
        "reminders:unsubscribe", kwargs={"token": links.unsubscribe_token(user.pk, kind)}
    )


def test_unsubscribe_asks_first_on_a_get(visitor, owner, reminders):
    response = visitor.get(unsubscribe_path(owner))

    assert b"Stop this reminder</button>" in response.content
    reminders.refresh_from_db()
    assert reminders.morning_enabled


def test_one_click_unsubscribe_turns_off_only_that_reminder_of_that_person(
    owner, stranger, reminders
):
    theirs = ReminderSettings.objects.create(user=stranger, morning_enabled=True)
    mail_provider = Client(enforce_csrf_checks=True)

    response = mail_provider.post(unsubscribe_path(owner), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    reminders.refresh_from_db()
    theirs.refresh_from_db()
    assert (reminders.morning_enabled, reminders.evening_enabled) == (False, True)
    assert theirs.morning_enabled
    again = mail_provider.post(unsubscribe_path(owner))
    assert "already off, so nothing changed" in again.content.decode()


def test_an_altered_unsubscribe_link_changes_nothing(visitor, owner, reminders):
    path = unsubscribe_path(owner)
    response = visitor.post(path[:-3] + "xx/")

    assert response.status_code == 400
    reminders.refresh_from_db()
    assert reminders.morning_enabled


# --- The email itself, through a real SMTP server ------------------------------------------


def test_the_delivered_email_has_one_click_unsubscribe_and_working_links(
    smtp_server, owner, reminders, settings
):
    settings.SITE_URL = "https://cramps.example.org"
    settings.REMINDER_UNSUBSCRIBE_MAILTO = "unsubscribe@cramps.example.org"
    CrampFactory(user=owner)  # the journal has something in it; the email must not say so
    sent = SentReminder.objects.create(
        user=owner, kind=Kind.MORNING, local_date=NIGHT + datetime.timedelta(1)
    )

    assert send_reminder.call(sent.pk, sent.claim) == SentReminder.State.SENT

    (message,) = smtp_server.messages
    assert smtp_server.envelopes[0].rcpt_tos == ["owner@example.com"]
    assert message["Subject"] == "Any cramps last night?"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"] == f"<reminder.{sent.pk}.morning.20260310@cramps.example.org>"
    targets = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])
    assert targets[0].startswith("https://cramps.example.org/reminders/unsubscribe/")
    assert targets[1] == "mailto:unsubscribe@cramps.example.org?subject=unsubscribe"

    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    urls = re.findall(r"https://\S+", text)
    no_cramps, yes, unsubscribe, settings_url = urls
    assert yes == f"https://cramps.example.org/reminders/night/{NIGHT}/cramp/"
    assert settings_url == "https://cramps.example.org/reminders/"
    assert targets[0] == unsubscribe
    assert f'href="{no_cramps}"' in html and f'href="{unsubscribe}"' in html
    # The question and its links, nothing about the person's journal or health.
    words = re.sub(r"https://\S+", "", text)
    assert "cramp" not in words.lower().replace("any cramps last night?", "").replace(
        "no cramps", ""
    ).replace("log a cramp", "").replace("cramp journal", "")

    visitor = Client(enforce_csrf_checks=True)
    site = "https://cramps.example.org"
    page = visitor.get(no_cramps.removeprefix(site))
    assert page.status_code == 200
    token = visitor.cookies["csrftoken"].value
    visitor.post(no_cramps.removeprefix(site), {"csrfmiddlewaretoken": token})
    assert answers(owner) == [(NIGHT, "email")]
    visitor.post(unsubscribe.removeprefix(site))
    reminders.refresh_from_db()
    assert not reminders.morning_enabled


def test_the_check_in_page_says_the_same_for_every_night_until_its_button_is_pressed(
    owner, stranger
):
    """Whoever holds the link (a forwarded email, a mail scanner) learns nothing from a GET."""
    third = UserFactory(email="third@example.com")
    Client().post(check_in_path(stranger))  # answered "no cramps" already
    night_cramp(third, NIGHT)  # a cramp logged that night
    pages = []
    for person in (owner, stranger, third):
        token = links.check_in_token(person.pk, NIGHT, "email")
        html = Client().get(reverse("reminders:check_in", kwargs={"token": token})).content
        html = html.decode().replace(token, "TOKEN")
        pages.append(re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF", html))  # a new token each time

    assert pages[0] == pages[1] == pages[2]
    assert "No cramps</button>" in pages[0]
    # Pressed, it says what happened (the button's holder could record an answer anyway).
    assert "A cramp is already logged" in Client().post(check_in_path(third)).content.decode()
    assert answers(third) == []
