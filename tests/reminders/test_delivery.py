"""Acceptance: a person in Auckland with the morning reminder at 07:00, over three simulated
days that include a daylight-saving change, on both task backends.

Time is simulated by handing the scheduler its ``now`` (one tick every five minutes, as the
worker's clock would call it every minute); the email goes through a real SMTP server on
loopback and the push through a real HTTP push receiver that decrypts it.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from journal.models import NightAnswer
from journal.nights import record_no_cramps
from reminders.models import PushSubscription, ReminderSettings, SentReminder
from reminders.scheduler import enqueue_due_reminders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)  # the real workers commit their work

AUCKLAND = ZoneInfo("Pacific/Auckland")
UTC = datetime.UTC
TICK = datetime.timedelta(minutes=5)
# Auckland's clocks go back an hour at 03:00 on the first Sunday of April (5 April 2026) and
# forward an hour at 02:00 on the last Sunday of September (27 September 2026).
DST_ENDS = datetime.date(2026, 4, 5)
DST_STARTS = datetime.date(2026, 9, 27)


@pytest.fixture
def person(db):
    user = UserFactory(email="kiri@example.com", profile={"time_zone": "Pacific/Auckland"})
    ReminderSettings.objects.create(
        user=user,
        morning_enabled=True,
        morning_time=datetime.time(7, 0),
        by_email=True,
        by_push=True,
    )
    return user


def ticks(first_day: datetime.date, days: int):
    """Every TICK from local midnight of ``first_day`` for ``days`` days, in UTC."""
    now = datetime.datetime.combine(first_day, datetime.time(0), tzinfo=AUCKLAND).astimezone(UTC)
    end = datetime.datetime.combine(
        first_day + datetime.timedelta(days=days), datetime.time(0), tzinfo=AUCKLAND
    ).astimezone(UTC)
    while now < end:
        yield now
        now += TICK


def run_days(task_backend, first_day, days=3, before_tick=None):
    """Runs the clock over the days; returns the local times at which reminders were claimed."""
    claimed_at = []
    for now in ticks(first_day, days):
        if before_tick:
            before_tick(now)
        if enqueue_due_reminders(now):
            claimed_at.append(now.astimezone(AUCKLAND))
            task_backend.run_worker()
    return claimed_at


def links_in(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.findall(r"https?://\S+", text)


@pytest.mark.parametrize("clock_change", [DST_ENDS, DST_STARTS], ids=["dst-ends", "dst-starts"])
def test_one_email_and_one_push_a_day_at_seven_local_across_the_clock_change(
    task_backend, smtp_server, push_receiver, person, clock_change
):
    push_receiver.subscribe(person)
    first_day = clock_change - datetime.timedelta(days=1)

    claimed_at = run_days(task_backend, first_day)

    days = [first_day + datetime.timedelta(days=n) for n in range(3)]
    assert [(moment.date(), moment.time()) for moment in claimed_at] == [
        (day, datetime.time(7, 0)) for day in days
    ]
    # The clock change is real: that day's 07:00 is at a different UTC hour than the day before.
    offsets = {moment.utcoffset() for moment in claimed_at}
    assert len(offsets) == 2

    assert len(smtp_server.messages) == 3
    for message in smtp_server.messages:
        assert message["To"] == "kiri@example.com"
        assert message["Subject"] == "Any cramps last night?"
    assert push_receiver.failures == []
    assert [delivery.payload for delivery in push_receiver.deliveries] == [
        {"title": "Cramp Journal", "body": "Any cramps last night?", "url": delivery.payload["url"]}
        for delivery in push_receiver.deliveries
    ]
    assert len(push_receiver.deliveries) == 3
    for delivery in push_receiver.deliveries:
        assert delivery.headers["authorization"].startswith("vapid t=")
        assert delivery.payload["url"].startswith("http://127.0.0.1:8000/reminders/check-in/")
    assert SentReminder.objects.filter(user=person).count() == 3


def test_no_reminder_for_a_night_already_answered(task_backend, smtp_server, push_receiver, person):
    push_receiver.subscribe(person)
    first_day = DST_ENDS - datetime.timedelta(days=1)
    # The night that ends on the clock-change morning was answered on Today the evening before.
    record_no_cramps(person, DST_ENDS - datetime.timedelta(days=1), NightAnswer.Source.TODAY)

    claimed_at = run_days(task_backend, first_day)

    assert [moment.date() for moment in claimed_at] == [first_day, DST_ENDS + datetime.timedelta(1)]
    assert len(smtp_server.messages) == 2
    assert len(push_receiver.deliveries) == 2


def test_no_reminder_after_unsubscribing_from_the_email(
    task_backend, smtp_server, push_receiver, person
):
    push_receiver.subscribe(person)
    first_day = DST_STARTS - datetime.timedelta(days=1)
    unsubscribed = []

    def unsubscribe_after_the_first(now):
        if smtp_server.messages and not unsubscribed:
            message = smtp_server.messages[0]
            assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            url = re.search(r"<(https?:[^>]+)>", message["List-Unsubscribe"]).group(1)
            # What a mail provider's one-click button does: a POST, no session, no CSRF token.
            response = Client(enforce_csrf_checks=True).post(
                url.removeprefix("http://127.0.0.1:8000"), {"List-Unsubscribe": "One-Click"}
            )
            assert response.status_code == 200
            unsubscribed.append(now)

    claimed_at = run_days(task_backend, first_day, before_tick=unsubscribe_after_the_first)

    assert [moment.date() for moment in claimed_at] == [first_day]
    assert len(smtp_server.messages) == 1
    assert len(push_receiver.deliveries) == 1
    assert not ReminderSettings.objects.get(user=person).morning_enabled


def test_a_second_clock_or_a_restarted_worker_sends_nothing_twice(
    task_backend, smtp_server, person
):
    seven = datetime.datetime(2026, 4, 6, 7, 0, tzinfo=AUCKLAND)

    assert len(enqueue_due_reminders(seven)) == 1
    # Another clock at the same minute, and one a few minutes later after a restart.
    assert enqueue_due_reminders(seven) == []
    assert enqueue_due_reminders(seven + datetime.timedelta(minutes=3)) == []
    task_backend.run_worker()
    task_backend.run_worker()

    assert len(smtp_server.messages) == 1


def test_a_subscription_the_push_service_calls_gone_is_removed(
    task_backend, smtp_server, push_receiver, person
):
    kept = push_receiver.subscribe(person)
    gone = push_receiver.subscribe(person, answer=410)
    missing = push_receiver.subscribe(person, answer=404)

    enqueue_due_reminders(datetime.datetime(2026, 4, 6, 7, 0, tzinfo=AUCKLAND))
    task_backend.run_worker()

    assert list(PushSubscription.objects.filter(user=person)) == [kept]
    assert not PushSubscription.objects.filter(pk__in=[gone.pk, missing.pk]).exists()
    assert len(push_receiver.deliveries) == 1
    assert len(smtp_server.messages) == 1


def test_a_reminder_that_fails_unexpectedly_does_not_hold_up_the_rest_of_its_batch(
    smtp_server, monkeypatch
):
    import reminders.tasks
    from reminders.models import Kind, new_claim
    from reminders.tasks import send_reminders

    claim = new_claim()
    day = datetime.date(2026, 4, 6)
    batch = []
    for name in ("ana", "ben", "cai"):
        user = UserFactory(email=f"{name}@example.com", profile={"time_zone": "UTC"})
        ReminderSettings.objects.create(user=user, morning_enabled=True, by_email=True)
        batch.append(
            SentReminder.objects.create(user=user, kind=Kind.MORNING, local_date=day, claim=claim)
        )
    writes_email = reminders.tasks.reminder_email

    def broken_for_ben(sent):
        if sent.user.email == "ben@example.com":
            raise RuntimeError("a template that cannot render")
        return writes_email(sent)

    monkeypatch.setattr(reminders.tasks, "reminder_email", broken_for_ben)

    states = send_reminders.call([sent.pk for sent in batch], claim)

    assert states == ["sent", "error", "sent"]
    assert smtp_server.recipients() == ["ana@example.com", "cai@example.com"]
    ben = SentReminder.objects.get(user__email="ben@example.com")
    assert ben.state != SentReminder.State.SENT  # left to its lease: the clock tries again
