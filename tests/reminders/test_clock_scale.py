"""The clock's tick costs a constant number of queries, whatever the number of people due
(issue 22, the ground for issue 25): who is due is read in one query, the claims written in
bulk, whether each question was answered read in three queries for everyone."""

import datetime
import math
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Profile, User
from journal.models import NightAnswer
from reminders.models import ReminderSettings, SentReminder
from reminders.scheduler import ENQUEUE_BATCH, enqueue_due_reminders

NOW = datetime.datetime(2026, 4, 6, 7, 0, tzinfo=datetime.UTC)


def people_due_at_seven(count: int) -> list[User]:
    users = User.objects.bulk_create(
        User(email=f"due{n}@example.com", password="!") for n in range(count)
    )
    Profile.objects.bulk_create(Profile(user=user, time_zone="UTC") for user in users)
    ReminderSettings.objects.bulk_create(
        ReminderSettings(
            user=user,
            morning_enabled=True,
            morning_time=datetime.time(7),
            evening_enabled=True,
            by_email=True,
        )
        for user in users
    )
    # A third answered last night already: no reminder for them.
    NightAnswer.objects.bulk_create(
        NightAnswer(user=user, night=NOW.date() - datetime.timedelta(days=1), source="today")
        for user in users[::3]
    )
    return users


def insert_batches(rows: int) -> int:
    """How many INSERTs Django splits a bulk_create of ``rows`` claims into on this database
    (one on PostgreSQL; SQLite's limit on query parameters splits it)."""
    fields = [field for field in SentReminder._meta.concrete_fields if not field.primary_key]
    per_batch = connection.ops.bulk_batch_size(fields, [None] * rows)
    return math.ceil(rows / per_batch)


def tick_queries() -> tuple[int, int, int]:
    """(queries of the tick that claims, reminders it claimed, queries of the next tick)."""
    with CaptureQueriesContext(connection) as first:
        claimed = enqueue_due_reminders(NOW)
    with CaptureQueriesContext(connection) as second:
        assert enqueue_due_reminders(NOW + datetime.timedelta(minutes=1)) == []
    return len(first), len(claimed), len(second)


@pytest.fixture
def tasks_in_memory(settings):
    """Tasks kept in memory, so that what is counted is the clock's own queries."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.TASKS_QUEUE = "default"


@pytest.mark.django_db
def test_a_tick_costs_the_same_queries_for_ten_people_and_for_a_thousand(tasks_in_memory):
    people_due_at_seven(10)
    few, few_claimed, few_next = tick_queries()
    SentReminder.objects.all().delete()
    NightAnswer.objects.all().delete()
    ReminderSettings.objects.all().delete()
    User.objects.all().delete()

    people_due_at_seven(1000)
    many, many_claimed, many_next = tick_queries()

    assert few_claimed == 10 - 4  # four of ten answered last night
    assert many_claimed == 1000 - 334
    extra_inserts = insert_batches(many_claimed) - insert_batches(few_claimed)
    assert many == few + extra_inserts, "the tick's queries grew with the number of people"
    assert many_next == few_next  # the ticks after: nothing new, the same few queries
    assert few <= 10


@pytest.mark.django_db
def test_a_tick_enqueues_its_reminders_in_batches_of_twenty(tasks_in_memory):
    from django_tasks import default_task_backend

    people_due_at_seven(1000)

    claimed = enqueue_due_reminders(NOW)

    batches = [result.args for result in default_task_backend.results]  # type: ignore[attr-defined]
    assert len(claimed) == 666
    assert len(batches) == math.ceil(666 / ENQUEUE_BATCH) == 34
    assert all(len(ids) <= ENQUEUE_BATCH for ids, _ in batches)
    assert [sent_id for ids, _ in batches for sent_id in ids] == claimed  # each once, in order
    claims = set(SentReminder.objects.values_list("claim", flat=True))
    assert {token for _, token in batches} == claims


@pytest.mark.django_db(transaction=True)  # two clocks, two connections: they must see commits
def test_two_clocks_at_the_same_moment_claim_and_take_up_each_reminder_once(tasks_in_memory):
    people = people_due_at_seven(60)
    # Ten reminders of the day before whose send failed and whose retry is due now.
    yesterday = NOW - datetime.timedelta(days=1)
    lapsed = SentReminder.objects.bulk_create(
        SentReminder(
            user=person,
            kind="evening",
            local_date=yesterday.date(),
            state=SentReminder.State.FAILED,
            lease_until=NOW - datetime.timedelta(minutes=1),
            window_ends=NOW + datetime.timedelta(minutes=30),
        )
        for person in people[:10]
    )
    start = threading.Barrier(2)
    enqueued: list[list[int]] = []

    def clock() -> None:
        try:
            start.wait()
            enqueued.append(enqueue_due_reminders(NOW))
        finally:
            connection.close()

    clocks = [threading.Thread(target=clock) for _ in range(2)]
    for thread in clocks:
        thread.start()
    for thread in clocks:
        thread.join()

    every = enqueued[0] + enqueued[1]
    assert len(every) == len(set(every)) == 40 + 10  # 60 due, 20 answered; 10 taken up again
    assert set(every) >= {sent.pk for sent in lapsed}
    assert SentReminder.objects.filter(kind="morning").count() == 40
