"""Entries land on their owner's local day and night, on SQLite and PostgreSQL alike."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError

from journal.models import Cramp, Drink
from tests.factories import UserFactory


def user_in(zone_name):
    return UserFactory(profile={"time_zone": zone_name})


@pytest.mark.django_db
@pytest.mark.parametrize("zone_name", ["Pacific/Auckland", "America/Los_Angeles"])
def test_a_0230_night_cramp_lands_on_its_local_day_and_the_night_before(zone_name):
    person = user_in(zone_name)
    when = datetime(2026, 7, 9, 2, 30, tzinfo=ZoneInfo(zone_name))

    cramp = Cramp.objects.create(user=person, occurred_at=when, muscle="calf")

    stored = Cramp.objects.get(pk=cramp.pk)  # read back: the database keeps UTC
    assert stored.local_date == date(2026, 7, 9)
    assert stored.night_of == date(2026, 7, 8)
    assert Cramp.objects.for_user(person).on_day(date(2026, 7, 9)).get() == stored
    assert Cramp.objects.filter(night_of=date(2026, 7, 8)).count() == 1


@pytest.mark.django_db
def test_moving_an_entry_moves_its_day():
    person = user_in("Pacific/Auckland")
    cramp = Cramp.objects.create(
        user=person, occurred_at=datetime(2026, 7, 9, 2, 30, tzinfo=ZoneInfo("Pacific/Auckland"))
    )

    cramp.occurred_at = datetime(2026, 7, 10, 15, 0, tzinfo=ZoneInfo("Pacific/Auckland"))
    cramp.save(update_fields=["occurred_at"])

    cramp.refresh_from_db()
    assert (cramp.local_date, cramp.night_of) == (date(2026, 7, 10), None)


@pytest.mark.django_db
def test_the_same_request_token_cannot_make_two_entries():
    person = user_in("Europe/London")
    first = Drink.objects.create(user=person, volume_ml=250)

    with pytest.raises(IntegrityError):
        Drink.objects.create(user=person, volume_ml=250, request_token=first.request_token)
