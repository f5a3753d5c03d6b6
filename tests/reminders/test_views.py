"""The Reminders page and the push subscription endpoints."""

import base64
import datetime
import os

import pytest
from django.urls import reverse

from reminders.models import PushSubscription, ReminderSettings

URL = "/reminders/"
P256DH = base64.urlsafe_b64encode(b"\x04" + os.urandom(64)).rstrip(b"=").decode()
AUTH = base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()
VALID = {
    "morning_enabled": "on",
    "morning_time": "07:00",
    "evening_time": "20:30",
    "quiet_start": "22:00",
    "quiet_end": "06:30",
    "by_email": "on",
}


def test_the_page_is_linked_from_the_account_and_writes_nothing_on_a_get(owner_client, owner):
    assert reverse("reminders:settings") == URL
    assert f'href="{URL}"' in owner_client.get(reverse("account")).content.decode()

    response = owner_client.get(URL)

    assert response.status_code == 200
    assert "Europe/London" in response.content.decode()
    assert not ReminderSettings.objects.filter(user=owner).exists()


def test_saving_the_reminders(owner_client, owner):
    response = owner_client.post(URL, VALID)

    assert response.status_code == 302
    saved = ReminderSettings.objects.get(user=owner)
    assert (saved.morning_enabled, saved.morning_time) == (True, datetime.time(7))
    assert (saved.quiet_start, saved.quiet_end) == (datetime.time(22), datetime.time(6, 30))
    assert not saved.evening_enabled


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"morning_time": "05:00"}, "inside your quiet hours (22:00–06:30)"),
        ({"quiet_end": ""}, "Give both ends of your quiet hours"),
        ({"by_email": ""}, "Choose email, notifications or both."),
        ({"morning_time": "25:00"}, "Enter a valid time."),
    ],
)
def test_a_setting_that_cannot_work_is_refused_in_plain_words(owner_client, owner, change, message):
    response = owner_client.post(URL, {**VALID, **change})

    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ReminderSettings.objects.filter(user=owner).exists()


def test_a_browser_subscribes_and_unsubscribes(owner_client, owner, stranger):
    endpoint = "https://fcm.googleapis.com/fcm/send/abc"

    response = owner_client.post(
        reverse("reminders:push_subscribe"), {"endpoint": endpoint, "p256dh": P256DH, "auth": AUTH}
    )

    assert response.status_code == 200
    (subscription,) = PushSubscription.objects.all()
    assert (subscription.user, subscription.p256dh, subscription.auth) == (owner, P256DH, AUTH)
    theirs = PushSubscription.objects.create(
        user=stranger,
        endpoint="https://fcm.googleapis.com/fcm/send/theirs",
        p256dh=P256DH,
        auth=AUTH,
    )
    owner_client.post(reverse("reminders:push_unsubscribe"), {"endpoint": theirs.endpoint})
    owner_client.post(reverse("reminders:push_unsubscribe"), {"endpoint": endpoint})
    assert list(PushSubscription.objects.all()) == [theirs]


@pytest.mark.parametrize(
    "change",
    [
        {"endpoint": "http://fcm.googleapis.com/fcm/send/plain"},
        {"endpoint": "not a url"},
        {"p256dh": "too-short"},
        {"auth": P256DH},
        {"auth": ""},
    ],
)
def test_a_subscription_that_is_not_a_browsers_is_refused(owner_client, change):
    fields = {"endpoint": "https://fcm.googleapis.com/fcm/send/abc", "p256dh": P256DH, "auth": AUTH}

    response = owner_client.post(reverse("reminders:push_subscribe"), {**fields, **change})

    assert response.status_code == 400
    assert response.json()["errors"]
    assert not PushSubscription.objects.exists()


def test_the_push_controls_carry_the_public_key_and_no_inline_script(owner_client, settings):
    settings.VAPID_PUBLIC_KEY = "BPublicKey"
    settings.VAPID_PRIVATE_KEY = "secret-private-key-value"

    html = owner_client.get(URL).content.decode()

    assert 'data-push-key="BPublicKey"' in html
    assert "secret-private-key-value" not in html
    assert 'src="/static/js/reminders.js"' in html
    assert "<script>" not in html
