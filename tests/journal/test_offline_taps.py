"""Taps kept on the phone offline and sent later (journal/offline.py): their tap time, within
bounds, and the request token that makes sending one twice harmless."""

import uuid
from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.models import Cramp, Drink

LOG_CRAMP = reverse("journal:log_cramp")
QUICK_DRINK = reverse("journal:quick_drink")
WATER = {"kind": "water", "volume_ml": "250"}


def iso(moment) -> str:
    """As the page's script writes a tap time: Date.toISOString(), UTC with a "Z"."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def tap(**fields):
    return {"request_token": str(uuid.uuid4()), **fields}


def test_a_kept_cramp_counts_at_its_tap_time_on_its_local_day(owner_client, owner):
    tapped = timezone.now().replace(microsecond=0) - timedelta(days=2, hours=3)
    response = owner_client.post(LOG_CRAMP, tap(tapped_at=iso(tapped)))

    assert response.status_code == 201
    assert response.json() == {"created": True}
    cramp = Cramp.objects.for_user(owner).get()
    assert cramp.occurred_at == tapped
    assert cramp.local_date == timezone.localtime(tapped, owner.profile.zone).date()


def test_a_kept_drink_keeps_its_volume_and_tap_time(owner_client, owner):
    tapped = timezone.now().replace(microsecond=0) - timedelta(hours=5)
    response = owner_client.post(QUICK_DRINK, tap(tapped_at=iso(tapped), **WATER))

    assert response.status_code == 201
    drink = Drink.objects.for_user(owner).get()
    assert (drink.occurred_at, drink.volume_ml, drink.kind) == (tapped, 250, "water")


@pytest.mark.parametrize(("url", "fields"), [(LOG_CRAMP, {}), (QUICK_DRINK, WATER)])
def test_sending_a_kept_tap_again_adds_nothing(owner_client, owner, url, fields):
    sent = tap(tapped_at=iso(timezone.now() - timedelta(hours=1)), **fields)
    first = owner_client.post(url, sent)
    again = owner_client.post(url, sent)
    once_more_later = owner_client.post(url, {**sent, "tapped_at": iso(timezone.now())})

    assert first.status_code == 201
    assert again.status_code == once_more_later.status_code == 200
    assert again.json() == {"created": False}
    entries = Cramp.objects.for_user(owner) if url == LOG_CRAMP else Drink.objects.for_user(owner)
    assert entries.count() == 1


def test_a_token_from_another_persons_tap_touches_only_ones_own_journal(client, owner, stranger):
    sent = tap(tapped_at=iso(timezone.now() - timedelta(hours=1)), **WATER)
    client.force_login(owner)
    client.post(QUICK_DRINK, sent)
    client.force_login(stranger)
    response = client.post(QUICK_DRINK, sent)

    assert response.status_code == 201  # the stranger's own new drink, nothing of the owner's
    assert Drink.objects.for_user(owner).count() == Drink.objects.for_user(stranger).count() == 1


def test_a_little_clock_drift_ahead_is_allowed(owner_client, owner):
    ahead = timezone.now() + timedelta(minutes=2)
    response = owner_client.post(LOG_CRAMP, tap(tapped_at=iso(ahead)))

    assert response.status_code == 201
    assert Cramp.objects.for_user(owner).count() == 1


def test_a_tap_six_days_old_is_still_added(owner_client, owner):
    response = owner_client.post(
        QUICK_DRINK, tap(tapped_at=iso(timezone.now() - timedelta(days=6, hours=23)), **WATER)
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (timedelta(minutes=30), "in the future"),
        (timedelta(days=1), "in the future"),
        (-timedelta(days=8), "more than 7 days old"),
        (-timedelta(days=400), "more than 7 days old"),
    ],
)
@pytest.mark.parametrize(("url", "fields"), [(LOG_CRAMP, {}), (QUICK_DRINK, WATER)])
def test_a_tap_time_out_of_bounds_is_refused_and_saves_nothing(
    owner_client, owner, url, fields, moment, message
):
    response = owner_client.post(url, tap(tapped_at=iso(timezone.now() + moment), **fields))

    assert response.status_code == 422
    assert message in response.json()["error"]
    assert not Cramp.objects.exists() and not Drink.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yesterday", "not a date and time"),
        ("2026-13-01T03:00:00Z", "not a date and time"),
        ("2026-02-30T03:00:00+01:00", "not a date and time"),
        ("1700000000", "not a date and time"),
        ("2026-11-30T03:00:00", "offset from UTC"),  # a wall-clock time, but in which zone?
    ],
)
@pytest.mark.parametrize(("url", "fields"), [(LOG_CRAMP, {}), (QUICK_DRINK, WATER)])
def test_a_malformed_tap_time_is_refused_and_saves_nothing(
    owner_client, url, fields, value, message
):
    response = owner_client.post(url, tap(tapped_at=value, **fields))

    assert response.status_code == 422
    assert message in response.json()["error"]
    assert not Cramp.objects.exists() and not Drink.objects.exists()


def test_a_kept_drink_with_a_bad_volume_is_refused_in_json(owner_client):
    sent = tap(tapped_at=iso(timezone.now()), kind="water", volume_ml="-5")
    response = owner_client.post(QUICK_DRINK, sent)

    assert response.status_code == 422
    assert response.json()["error"]
    assert not Drink.objects.exists()


def test_a_tap_sent_as_it_happens_is_answered_as_before(owner_client, owner):
    """Without a tap time the online path is unchanged: htmx gets its fragment, the time is now."""
    before = timezone.now()
    response = owner_client.post(LOG_CRAMP, tap(), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "Cramp logged at" in response.content.decode()
    assert Cramp.objects.for_user(owner).get().occurred_at >= before - timedelta(seconds=1)


def test_a_visitor_cannot_send_kept_taps(client, db):
    response = client.post(LOG_CRAMP, tap(tapped_at=iso(timezone.now())))

    assert response.status_code == 302  # to the login page; the page keeps the tap
    assert not Cramp.objects.exists()
