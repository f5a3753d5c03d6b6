"""The minute tick: which reminders are due now, claimed once and handed to the task queue.

``enqueue_due_reminders(now)`` is the whole scheduler. The worker's clock calls it once a
minute (``manage.py run_worker``); tests call it with any ``now`` they like. It writes the
idempotency record (``SentReminder``) before enqueueing, so however often it runs, and on
however many workers, each person gets a kind of reminder at most once per local day.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from . import schedule, tasks
from .answered import already_answered
from .models import Kind, PushSubscription, ReminderSettings, SentReminder


def enqueue_due_reminders(now: datetime.datetime) -> list[SentReminder]:
    """Claims and enqueues every reminder due at ``now``; returns what it claimed."""
    claimed = []
    people = ReminderSettings.objects.filter(
        Q(morning_enabled=True) | Q(evening_enabled=True), user__is_active=True
    )
    for reminders in people.select_related("user__profile"):
        for kind in (Kind.MORNING, Kind.EVENING):
            sent = _claim_if_due(reminders, kind, now)
            if sent is not None:
                _enqueue(reminders, sent)
                claimed.append(sent)
    return claimed


def _claim_if_due(
    reminders: ReminderSettings, kind: str, now: datetime.datetime
) -> SentReminder | None:
    if not reminders.enabled(kind) or not (reminders.by_email or reminders.by_push):
        return None
    zone = reminders.user.profile.zone
    day = schedule.due_day(now, reminders.time_of(kind), zone)
    if day is None:
        return None
    local_time = now.astimezone(zone).time()
    if schedule.in_quiet_hours(local_time, reminders.quiet_start, reminders.quiet_end):
        return None
    if already_answered(reminders.user, kind, day):
        return None
    try:
        with transaction.atomic():
            return SentReminder.objects.create(user=reminders.user, kind=kind, local_date=day)
    except IntegrityError:
        return None  # claimed before: by an earlier tick, another worker, or before a restart


def _enqueue(reminders: ReminderSettings, sent: SentReminder) -> None:
    # The queue is read when enqueueing, not when the task is defined, so that settings
    # (and tests) can point it at a queue of their own.
    queue = settings.TASKS_QUEUE
    if reminders.by_email and reminders.user.email:
        tasks.send_reminder_email.using(queue_name=queue).enqueue(sent.pk)
    if reminders.by_push and PushSubscription.objects.for_user(reminders.user).exists():
        tasks.send_reminder_push.using(queue_name=queue).enqueue(sent.pk)
