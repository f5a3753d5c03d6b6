"""Daylight saving: a typed time in the hour clocks repeat or skip is stored by one stated rule
(journal.days.moment_from_wall_clock), logged and edited through the real views; and an entry's
day changes only when its time does. Runs on SQLite and PostgreSQL alike."""

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from journal import services
from journal.days import moment_from_wall_clock
from journal.entries import KINDS
from journal.models import Cramp, Drink
from tests.factories import CrampFactory, DrinkFactory, UserFactory

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
HTMX = {"HX-Request": "true"}

# 2026: New York's clocks go back from 02:00 EDT to 01:00 EST on Sunday 1 November (the
# first Sunday); London's go forward from 01:00 GMT to 02:00 BST on Sunday 29 March (the last).
FALL_BACK_0130 = "2026-11-01T01:30"
FIRST_0130_NEW_YORK = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT
SECOND_0130_NEW_YORK = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 EST
SPRING_FORWARD_0130 = "2026-03-29T01:30"
SKIPPED_0130_LONDON = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # shown as 02:30 BST


# --- The rule, as plain Python ----------------------------------------------------------------


def test_a_repeated_time_is_its_first_occurrence():
    stored = moment_from_wall_clock(datetime(2026, 11, 1, 1, 30), NEW_YORK)

    assert stored.moment.astimezone(UTC) == FIRST_0130_NEW_YORK
    assert stored.change == "repeated"
    assert stored.explanation == (
        "Clocks went back at 02:00, so 01:30 came twice: stored as the first 01:30 (EDT)."
    )
    assert stored.explanation_before_saving == (
        "Clocks went back at 02:00, so 01:30 came twice: will be stored as the first 01:30 (EDT)."
    )


def test_a_skipped_time_moves_forward_by_the_gap():
    stored = moment_from_wall_clock(datetime(2026, 3, 29, 1, 30), LONDON)

    assert stored.moment.astimezone(UTC) == SKIPPED_0130_LONDON
    assert f"{stored.moment:%H:%M %Z}" == "02:30 BST"
    assert stored.change == "skipped"
    assert stored.explanation == "Clocks went forward at 01:00: stored as 02:30."


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        (datetime(2026, 11, 1, 0, 59), NEW_YORK),
        (datetime(2026, 11, 1, 2, 0), NEW_YORK),
        (datetime(2026, 3, 29, 0, 59), LONDON),
        (datetime(2026, 3, 29, 2, 0), LONDON),
        (datetime(2026, 7, 9, 1, 30), LONDON),
    ],
)
def test_a_time_that_happened_once_is_stored_as_it_is(typed, zone):
    stored = moment_from_wall_clock(typed, zone)

    assert stored.moment.replace(tzinfo=None) == typed
    assert stored.moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == typed
    assert (stored.change, stored.explanation) == (None, None)


def test_a_half_hour_clock_change_is_read_by_the_same_rule():
    lord_howe = ZoneInfo("Australia/Lord_Howe")  # forward from 02:00 to 02:30, 4 October 2026

    stored = moment_from_wall_clock(datetime(2026, 10, 4, 2, 15), lord_howe)

    assert stored.explanation == "Clocks went forward at 02:00: stored as 02:45."


@pytest.mark.parametrize(
    "zone_name",
    ["America/New_York", "Europe/London", "Australia/Sydney", "Australia/Lord_Howe",
     "America/Santiago", "Europe/Chisinau"],
)  # fmt: skip
def test_every_quarter_hour_of_a_year_is_stored_by_the_rule(zone_name):
    """Against brute force: the stored instant is the earliest whose wall clock is the typed
    time; when no instant has it, the clock at the stored instant is ahead by the gap."""
    zone = ZoneInfo(zone_name)
    start = datetime(2025, 12, 30, tzinfo=UTC)  # two days early: zones ahead of UTC
    shown: dict[datetime, datetime] = {}  # wall clock -> earliest instant showing it
    for quarter in range(370 * 96):
        instant = start + timedelta(minutes=15 * quarter)
        shown.setdefault(instant.astimezone(zone).replace(tzinfo=None), instant)
    changes = 0
    for quarter in range(4, 365 * 96):
        typed = datetime(2026, 1, 1) + timedelta(minutes=15 * quarter)
        stored = moment_from_wall_clock(typed, zone)
        wall = stored.moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        if typed in shown:
            assert stored.moment.astimezone(UTC) == shown[typed], typed
            assert wall == typed
        else:
            assert stored.change == "skipped", typed
            gap = stored.moment.utcoffset() - (stored.moment - timedelta(hours=3)).utcoffset()
            assert wall == typed + gap
        changes += stored.change is not None
    assert changes > 0


def test_naive_times_only():
    with pytest.raises(ValueError):
        moment_from_wall_clock(datetime(2026, 3, 29, 1, 30, tzinfo=UTC), LONDON)


# --- Logged and edited through the views ---------------------------------------------------------


def person_in(client, zone_name):
    person = UserFactory(profile={"time_zone": zone_name})
    client.force_login(person)
    return person


def shown_time(client, cramp):
    """The time the edit form shows for ``cramp``, as the browser would send it back."""
    page = client.get(reverse("journal:edit", args=["cramp", cramp.pk])).content.decode()
    return re.search(r'name="occurred_at" value="([^"]+)"', page).group(1)


def log(client, occurred_at, **fields):
    return client.post(
        reverse("journal:create", args=["cramp"]),
        {"occurred_at": occurred_at, "request_token": str(uuid.uuid4()), **fields},
        follow=True,
    )


def edit(client, cramp, occurred_at, **fields):
    return client.post(
        reverse("journal:edit", args=["cramp", cramp.pk]),
        {"occurred_at": occurred_at, **fields},
        follow=True,
    )


@pytest.mark.django_db
def test_0130_on_the_fall_back_night_in_new_york_is_logged_as_the_first(client):
    person = person_in(client, "America/New_York")

    response = log(client, FALL_BACK_0130, muscle="calf")

    assert response.status_code == 200
    cramp = Cramp.objects.get(user=person)
    assert cramp.occurred_at == FIRST_0130_NEW_YORK
    assert (cramp.local_date, cramp.night_of) == (date(2026, 11, 1), date(2026, 10, 31))
    assert "stored as the first 01:30 (EDT)" in response.content.decode()


@pytest.mark.django_db
def test_0130_on_the_fall_back_night_is_edited_without_moving(client):
    person = person_in(client, "America/New_York")
    log(client, FALL_BACK_0130)
    cramp = Cramp.objects.get(user=person)

    assert shown_time(client, cramp) == FALL_BACK_0130
    response = edit(client, cramp, FALL_BACK_0130, note="Woke me up.", severity="6")

    cramp.refresh_from_db()
    assert (cramp.note, cramp.severity) == ("Woke me up.", 6)
    assert cramp.occurred_at == FIRST_0130_NEW_YORK
    assert "Clocks went" not in response.content.decode()  # the time was not changed

    response = edit(client, cramp, "2026-11-01T01:45")
    cramp.refresh_from_db()
    assert cramp.occurred_at == FIRST_0130_NEW_YORK + timedelta(minutes=15)
    assert "stored as the first 01:45 (EDT)" in response.content.decode()


@pytest.mark.django_db
def test_a_cramp_quick_logged_in_the_second_0130_gets_its_details_and_stays_put(client):
    """The issue's 3 a.m. case: "Log a cramp now" at 01:30 EST, then its details."""
    person = person_in(client, "America/New_York")
    cramp = CrampFactory(user=person, occurred_at=SECOND_0130_NEW_YORK, muscle="")

    response = client.post(
        reverse("journal:edit", args=["cramp", cramp.pk]) + "?panel=1",
        {"occurred_at": shown_time(client, cramp), "muscle": "foot", "note": "Left foot."},
        headers=HTMX,
    )

    assert response.status_code == 200
    cramp.refresh_from_db()
    assert (cramp.muscle, cramp.note) == ("foot", "Left foot.")
    assert cramp.occurred_at == SECOND_0130_NEW_YORK


@pytest.mark.django_db
def test_0130_on_the_spring_forward_night_in_london_is_stored_as_0230(client):
    person = person_in(client, "Europe/London")

    response = log(client, SPRING_FORWARD_0130, muscle="calf")

    cramp = Cramp.objects.get(user=person)
    assert cramp.occurred_at == SKIPPED_0130_LONDON
    assert (cramp.local_date, cramp.night_of) == (date(2026, 3, 29), date(2026, 3, 28))
    assert "Cramp added. Clocks went forward at 01:00: stored as 02:30." in (
        response.content.decode()
    )
    assert shown_time(client, cramp) == "2026-03-29T02:30"


@pytest.mark.django_db
def test_0130_on_the_spring_forward_night_is_edited_by_the_same_rule(client):
    person = person_in(client, "Europe/London")
    cramp = CrampFactory(user=person, occurred_at=datetime(2026, 3, 29, 0, 40, tzinfo=UTC))

    response = edit(client, cramp, SPRING_FORWARD_0130, note="Right calf.")

    cramp.refresh_from_db()
    assert cramp.occurred_at == SKIPPED_0130_LONDON
    assert cramp.note == "Right calf."
    assert "Cramp saved. Clocks went forward at 01:00: stored as 02:30." in (
        response.content.decode()
    )
    edit(client, cramp, shown_time(client, cramp), note="Right calf, 2 minutes.")
    cramp.refresh_from_db()
    assert cramp.occurred_at == SKIPPED_0130_LONDON


@pytest.mark.django_db
def test_the_form_says_what_it_will_store_when_another_field_is_wrong(client):
    person = person_in(client, "Europe/London")

    response = client.post(
        reverse("journal:create", args=["cramp"]),
        {"occurred_at": SPRING_FORWARD_0130, "severity": "11", "request_token": str(uuid.uuid4())},
    )

    assert response.status_code == 422
    assert "Clocks went forward at 01:00: will be stored as 02:30." in response.content.decode()
    assert not Cramp.objects.filter(user=person).exists()


@pytest.mark.django_db
def test_the_htmx_details_panel_says_what_was_stored(client):
    person = person_in(client, "America/New_York")
    cramp = CrampFactory(user=person, occurred_at=datetime(2026, 11, 1, 4, 0, tzinfo=UTC))

    response = client.post(
        reverse("journal:edit", args=["cramp", cramp.pk]) + "?panel=1",
        {"occurred_at": FALL_BACK_0130},
        headers={**HTMX, "HX-Target": "quick-panel"},
    )

    assert "stored as the first 01:30 (EDT)" in response.content.decode()
    cramp.refresh_from_db()
    assert cramp.occurred_at == FIRST_0130_NEW_YORK


# --- An entry's day changes only when its time is edited --------------------------------------

# 03:00 on Friday 20 November in London (GMT = UTC) is 22:00 on Thursday the 19th in New York.
LONDON_0300 = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def moved_to_new_york(person):
    person.profile.time_zone = "America/New_York"
    person.profile.save()
    person.refresh_from_db()


@pytest.mark.django_db
def test_after_a_move_editing_only_the_note_keeps_the_day(client):
    person = person_in(client, "Europe/London")
    cramp = CrampFactory(user=person, occurred_at=LONDON_0300)
    assert (cramp.local_date, cramp.night_of) == (date(2026, 11, 20), date(2026, 11, 19))
    moved_to_new_york(person)

    assert shown_time(client, cramp) == "2026-11-19T22:00"  # shown in the zone of now
    edit(client, cramp, shown_time(client, cramp), note="Still in London then.")

    cramp.refresh_from_db()
    assert cramp.note == "Still in London then."
    assert cramp.occurred_at == LONDON_0300
    assert (cramp.local_date, cramp.night_of) == (date(2026, 11, 20), date(2026, 11, 19))


@pytest.mark.django_db
def test_after_a_move_editing_the_time_puts_the_entry_on_the_new_times_day(client):
    person = person_in(client, "Europe/London")
    cramp = CrampFactory(user=person, occurred_at=LONDON_0300)
    moved_to_new_york(person)

    edit(client, cramp, "2026-11-19T21:00")  # an hour earlier, in New York

    cramp.refresh_from_db()
    assert cramp.occurred_at == LONDON_0300 - timedelta(hours=1)
    assert (cramp.local_date, cramp.night_of) == (date(2026, 11, 19), date(2026, 11, 19))


@pytest.mark.django_db
def test_after_a_move_a_drinks_volume_can_change_without_its_day(client):
    person = person_in(client, "Europe/London")
    drink = DrinkFactory(user=person, occurred_at=LONDON_0300, volume_ml=250)
    moved_to_new_york(person)

    page = client.get(reverse("journal:edit", args=["drink", drink.pk])).content.decode()
    shown = re.search(r'name="occurred_at" value="([^"]+)"', page).group(1)
    client.post(
        reverse("journal:edit", args=["drink", drink.pk]),
        {"occurred_at": shown, "kind": "water", "volume_ml": "400"},
    )

    drink.refresh_from_db()
    assert (drink.volume_ml, drink.local_date) == (400, date(2026, 11, 20))


@pytest.mark.django_db
def test_saving_an_entry_assigns_days_only_on_create_and_when_the_time_changes():
    person = UserFactory(profile={"time_zone": "Europe/London"})
    cramp = Cramp.objects.create(user=person, occurred_at=LONDON_0300)
    moved_to_new_york(person)

    loaded = Cramp.objects.select_related("user__profile").get(pk=cramp.pk)
    loaded.note = "Edited."
    loaded.save()
    loaded.save(update_fields=["note"])
    assert Cramp.objects.values_list("local_date", "night_of").get(pk=cramp.pk) == (
        date(2026, 11, 20),
        date(2026, 11, 19),
    )

    loaded.occurred_at = LONDON_0300 + timedelta(hours=12)  # 10:00 on the 20th in New York
    loaded.save(update_fields=["occurred_at"])
    assert Cramp.objects.values_list("local_date", "night_of").get(pk=cramp.pk) == (
        date(2026, 11, 20),
        None,
    )

    # Only the time loaded (the others deferred): its day is kept, as the time is.
    deferred = Cramp.objects.only("pk", "user", "note").get(pk=cramp.pk)
    deferred.note = "Deferred."
    deferred.save()
    assert Cramp.objects.values_list("local_date", "note").get(pk=cramp.pk) == (
        date(2026, 11, 20),
        "Deferred.",
    )


@pytest.mark.django_db
def test_undo_after_a_move_puts_the_entry_back_on_its_own_day(owner):
    drink = Drink.objects.create(user=owner, occurred_at=LONDON_0300, volume_ml=300)
    record = services.undo_record("drink", drink)
    drink.delete()
    moved_to_new_york(owner)

    assert services.restore(owner, record) == date(2026, 11, 20)
    assert Drink.objects.get(user=owner).local_date == date(2026, 11, 20)


def test_every_kind_of_entry_shares_the_rule():
    """One form base: every kind's time field reads typed times by the rule."""
    for kind in KINDS.values():
        assert "occurred_at" in kind.form.base_fields
        assert type(kind.form.base_fields["occurred_at"]).__name__ == "WhenField"
