"""Push that cannot be aimed elsewhere (issue 22): only the push services' hosts, at most ten
browsers a person, a time budget for each send, and a subscription that never changes hands."""

import base64
import os
import time

import pytest
from django.urls import reverse

from reminders.models import PushSubscription

SUBSCRIBE = reverse("reminders:push_subscribe")
P256DH = base64.urlsafe_b64encode(b"\x04" + os.urandom(64)).rstrip(b"=").decode()
AUTH = base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()


def subscribe(client, endpoint):
    return client.post(SUBSCRIBE, {"endpoint": endpoint, "p256dh": P256DH, "auth": AUTH})


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://127.0.0.1:8443/push",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/push",
        "https://2130706433/push",  # 127.0.0.1 written as one number: not a listed host
        "https://user:secret@fcm.googleapis.com/fcm/send/abc",
        "https://fcm.googleapis.com@evil.example/fcm/send/abc",
        "http://fcm.googleapis.com/fcm/send/abc",
        "https://fcm.googleapis.com:8443/fcm/send/abc",
        "https://fcm.googleapis.com.evil.example/fcm/send/abc",
        "https://evil.example/push",
        "https://notify.windows.com.evil.example/w/abc",
        "https://localhost/push",
    ],
)
def test_an_endpoint_off_the_push_services_is_refused(owner_client, endpoint):
    response = subscribe(owner_client, endpoint)

    assert response.status_code == 400
    assert response.json()["errors"]
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/abc:def",
        "https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
        "https://wns2-db5p.notify.windows.com/w/?token=BQYAAA",
        "https://web.push.apple.com/QGuQyavXutnMH",
        "https://api.push.apple.com/3/device/abc",
    ],
)
def test_the_push_services_endpoints_are_accepted(owner_client, owner, endpoint):
    response = subscribe(owner_client, endpoint)

    assert response.status_code == 200
    assert PushSubscription.objects.get().user == owner


def test_at_most_ten_browsers_a_person_with_a_clear_message(owner_client, owner):
    for n in range(10):
        assert (
            subscribe(owner_client, f"https://fcm.googleapis.com/fcm/send/{n}").status_code == 200
        )

    response = subscribe(owner_client, "https://fcm.googleapis.com/fcm/send/eleventh")

    assert response.status_code == 409
    assert "10 browsers already" in response.json()["errors"][0]
    assert PushSubscription.objects.filter(user=owner).count() == 10
    # The same browser subscribing again (new keys) is not a new one.
    assert subscribe(owner_client, "https://fcm.googleapis.com/fcm/send/3").status_code == 200


def test_another_persons_endpoint_stays_theirs(owner_client, owner, stranger):
    endpoint = "https://fcm.googleapis.com/fcm/send/shared-browser"
    theirs = PushSubscription.objects.create(
        user=stranger, endpoint=endpoint, p256dh="their-key", auth="their-secret"
    )

    response = subscribe(owner_client, endpoint)

    assert response.status_code == 409
    assert "another account" in response.json()["errors"][0]
    theirs.refresh_from_db()
    assert (theirs.user, theirs.p256dh, theirs.auth) == (stranger, "their-key", "their-secret")
    assert not PushSubscription.objects.filter(user=owner).exists()


def test_a_stored_endpoint_off_the_list_is_never_contacted(push_receiver, owner, settings):
    from reminders.push import Outcome, send_push  # new in issue 22

    subscription = push_receiver.subscribe(owner)
    settings.PUSH_SERVICE_HOSTS = ["fcm.googleapis.com"]  # the receiver is no longer allowed

    assert send_push(subscription, '{"body": "x"}') is Outcome.GONE

    assert push_receiver.deliveries == []
    assert not PushSubscription.objects.filter(pk=subscription.pk).exists()


def test_slow_endpoints_cannot_hold_the_worker_past_the_budget(push_receiver, owner):
    from reminders.push import Outcome, send_to_all  # new in issue 22

    slow = [push_receiver.subscribe(owner, delay=3) for _ in range(5)]

    started = time.monotonic()
    outcomes = send_to_all(slow, '{"body": "x"}', topic="morning-20260406", budget=1.0)
    took = time.monotonic() - started

    assert outcomes == [Outcome.FAILED] * 5
    assert took < 2.5  # five sends of 3 s each would take 15 s


def test_each_push_carries_its_topic(push_receiver, owner):
    from reminders.push import Outcome, send_push  # new in issue 22

    subscription = push_receiver.subscribe(owner)

    assert send_push(subscription, '{"body": "x"}', topic="morning-20260406") is Outcome.DELIVERED

    (delivery,) = push_receiver.deliveries
    assert delivery.headers["topic"] == "morning-20260406"
