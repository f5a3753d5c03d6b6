"""The clock reads only the people due (issue 25): each person's next due instant is kept on
their settings, moved on by the tick that handles it, and worked out again after any change
of their settings or zone. Two clocks ticking together through a day still send each person
each reminder once per local day."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from accounts.models import Profile, User
from reminders import delivery
from reminders.models import ReminderSettings, SentReminder
from reminders.scheduler import _due_rows, enqueue_due_reminders

UTC = datetime.UTC
NOW = datetime.datetime(2026, 4, 6, 7, 0, tzinfo=UTC)


@pytest.fixture
def tasks_in_memory(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.TASKS_QUEUE = "default"


def people(count: int, zone: str, morning: datetime.time, prefix: str = "p") -> list[User]:
    users = User.objects.bulk_create(
        User(email=f"{prefix}{zone.replace('/', '')}{n}@example.com", password="!")
        for n in range(count)
    )
    Profile.objects.bulk_create(Profile(user=user, time_zone=zone) for user in users)
    ReminderSettings.objects.bulk_create(
        ReminderSettings(user=user, morning_enabled=True, morning_time=morning, by_email=True)
        for user in users
    )
    return users


def due_at(user: User) -> datetime.datetime | None:
    return ReminderSettings.objects.get(user=user).morning_due_at


@pytest.mark.django_db
def test_after_a_tick_only_the_people_due_are_read(tasks_in_memory):
    people(200, "UTC", datetime.time(9))  # due at 09:00, two hours on
    due = people(10, "UTC", datetime.time(7), prefix="due")
    assert _due_rows(NOW).count() == 210  # nothing worked out yet: everyone is read once

    assert len(enqueue_due_reminders(NOW)) == 10

    assert _due_rows(NOW + datetime.timedelta(minutes=1)).count() == 0
    assert _due_rows(datetime.datetime(2026, 4, 6, 9, 0, tzinfo=UTC)).count() == 200
    assert due_at(due[0]) == datetime.datetime(2026, 4, 7, 7, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_a_tick_with_nobody_due_moves_nobody_on(tasks_in_memory, django_assert_num_queries):
    people(50, "UTC", datetime.time(9))
    enqueue_due_reminders(NOW)

    # The lapsed claims' UPDATE and SELECT, and the people due: nobody.
    with django_assert_num_queries(3):
        assert enqueue_due_reminders(NOW + datetime.timedelta(minutes=1)) == []


@pytest.mark.django_db
def test_changing_the_time_or_the_zone_works_the_due_instant_out_again(tasks_in_memory, client):
    (person,) = people(1, "UTC", datetime.time(9))
    enqueue_due_reminders(NOW)
    assert due_at(person) == datetime.datetime(2026, 4, 6, 9, 0, tzinfo=UTC)

    settings = ReminderSettings.objects.get(user=person)
    settings.morning_time = datetime.time(7, 30)
    settings.save()
    assert due_at(person) is None
    enqueue_due_reminders(NOW)
    assert due_at(person) == datetime.datetime(2026, 4, 6, 7, 30, tzinfo=UTC)

    profile = Profile.objects.get(user=person)
    profile.time_zone = "Asia/Tokyo"  # 07:30 there is 22:30 UTC the day before
    profile.save()
    assert due_at(person) is None
    enqueue_due_reminders(NOW)
    assert due_at(person) == datetime.datetime(2026, 4, 6, 22, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_a_reminder_due_in_quiet_hours_goes_when_they_end_within_its_window(tasks_in_memory):
    (person,) = people(1, "UTC", datetime.time(7))
    ReminderSettings.objects.filter(user=person).update(
        quiet_start=datetime.time(22), quiet_end=datetime.time(7, 30)
    )

    assert enqueue_due_reminders(NOW) == []
    assert due_at(person) == NOW  # still due, once the quiet ends
    assert enqueue_due_reminders(NOW + datetime.timedelta(minutes=30)) != []
    assert due_at(person) == NOW + datetime.timedelta(days=1)


@pytest.mark.django_db
def test_turning_a_reminder_off_stops_it(tasks_in_memory):
    (person,) = people(1, "UTC", datetime.time(7))
    settings = ReminderSettings.objects.get(user=person)
    settings.turn_off("morning")

    assert enqueue_due_reminders(NOW) == []
    assert _due_rows(NOW).count() == 0


@pytest.mark.django_db(transaction=True)  # two clocks, two connections: they must see commits
def test_two_clocks_through_a_day_send_each_reminder_once_per_local_day(
    tasks_in_memory, monkeypatch
):
    # No retries in this test (the dummy queue never sends): what is enqueued is new claims.
    monkeypatch.setattr(delivery, "QUEUE_LEASE", datetime.timedelta(days=3))
    zones = {"UTC": 8, "America/New_York": 8, "Asia/Kolkata": 8, "Pacific/Auckland": 8}
    everyone = []
    for zone, count in zones.items():
        everyone += people(count, zone, datetime.time(7, 15), prefix=f"c{zone[:3]}")
    start = datetime.datetime(2026, 4, 5, 0, 0, tzinfo=UTC)
    ticks = [start + datetime.timedelta(minutes=20 * n) for n in range(3 * 26)]  # 26 hours
    barrier = threading.Barrier(2)
    enqueued: list[list[int]] = [[], []]

    def clock(number: int) -> None:
        try:
            for now in ticks:
                barrier.wait()
                enqueued[number] += enqueue_due_reminders(now)
        finally:
            connection.close()

    clocks = [threading.Thread(target=clock, args=(n,)) for n in range(2)]
    for thread in clocks:
        thread.start()
    for thread in clocks:
        thread.join()

    every = enqueued[0] + enqueued[1]
    assert len(every) == len(set(every)), "a reminder was enqueued twice"
    assert len(every) == SentReminder.objects.count()
    for person in everyone:
        zone = ZoneInfo(Profile.objects.get(user=person).time_zone)
        expected = set()
        for day_offset in range(-1, 3):
            day = start.astimezone(zone).date() + datetime.timedelta(days=day_offset)
            instant = datetime.datetime.combine(day, datetime.time(7, 15), tzinfo=zone)
            if start <= instant <= ticks[-1]:
                expected.add(day)
        sent = set(SentReminder.objects.filter(user=person).values_list("local_date", flat=True))
        assert sent == expected, person.email
