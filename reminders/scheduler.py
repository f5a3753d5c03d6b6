"""The minute tick: which reminders are due now, claimed once and handed to the task queue.

``enqueue_due_reminders(now)`` is the whole scheduler. The worker's clock calls it once a
minute (``manage.py run_worker``); tests call it with any ``now`` they like. It writes the
idempotency record (``SentReminder``, unique per person, kind and local day) as a claim,
and takes up again every claim that lapsed unsent (``reminders.delivery``), so however often
it runs, and on however many workers, each person gets a kind of reminder once per local day,
and a send that failed or vanished is tried again until the reminder's window closes.

The claims are written in bulk (one INSERT that skips what is claimed already, one SELECT of
what this tick claimed), not a query per person.
"""

import datetime
import functools
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from . import delivery, schedule, tasks
from .answered import ReminderKey, answered_among
from .models import Kind, ReminderSettings, SentReminder, new_claim


def enqueue_due_reminders(now: datetime.datetime) -> list[int]:
    """Claims and enqueues every reminder due at ``now``; returns the ids it enqueued."""
    retry_token, retry_ids = delivery.take_up_lapsed(now)
    new_token, new_ids = claim_newly_due(now)
    _enqueue(
        [(sent_id, retry_token) for sent_id in retry_ids]
        + [(sent_id, new_token) for sent_id in new_ids],
        now,
    )
    return retry_ids + new_ids


@functools.lru_cache(maxsize=1024)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _due_candidates(now: datetime.datetime, token: str) -> list[SentReminder]:
    """Unsaved claims for every reminder whose minute has come, in plain Python.

    One query reads only the columns needed; the zone arithmetic is done once per zone and
    reminder time (a few thousand pairs at most), not once per person.
    """
    rows = (
        ReminderSettings.objects.filter(
            Q(morning_enabled=True) | Q(evening_enabled=True), user__is_active=True
        )
        .filter(Q(by_email=True) | Q(by_push=True))
        .values_list(
            "user_id",
            "user__profile__time_zone",
            "morning_enabled",
            "morning_time",
            "evening_enabled",
            "evening_time",
            "quiet_start",
            "quiet_end",
        )
    )
    local_times: dict[str, datetime.time] = {}
    due: dict[tuple[str, datetime.time], tuple[datetime.date, datetime.datetime] | None] = {}
    candidates = []
    for user_id, zone_name, morning_on, morning_at, evening_on, evening_at, *quiet in rows.iterator(
        chunk_size=5000
    ):
        zone_name = zone_name or "UTC"
        if zone_name not in local_times:
            local_times[zone_name] = now.astimezone(_zone(zone_name)).time()
        if schedule.in_quiet_hours(local_times[zone_name], *quiet):
            continue
        kinds = ((Kind.MORNING, morning_on, morning_at), (Kind.EVENING, evening_on, evening_at))
        for kind, wanted, at in kinds:
            if not wanted:
                continue
            if (zone_name, at) not in due:
                due[zone_name, at] = _due_now(now, at, _zone(zone_name))
            if (day_and_end := due[zone_name, at]) is None:
                continue
            candidates.append(
                SentReminder(
                    user_id=user_id,
                    kind=kind,
                    local_date=day_and_end[0],
                    claim=token,
                    lease_until=now + delivery.QUEUE_LEASE,
                    window_ends=day_and_end[1],
                )
            )
    return candidates


def _due_now(
    now: datetime.datetime, at: datetime.time, zone: ZoneInfo
) -> tuple[datetime.date, datetime.datetime] | None:
    """The local day due at ``now`` for a reminder at ``at``, and when its window ends."""
    day = schedule.due_day(now, at, zone)
    if day is None:
        return None
    return day, schedule.scheduled_instant(day, at, zone) + schedule.CATCH_UP


def _key(candidate: SentReminder) -> ReminderKey:
    return (candidate.user_id, candidate.kind, candidate.local_date)


def claim_newly_due(now: datetime.datetime) -> tuple[str, list[int]]:
    """Writes a claim for each due reminder not claimed before; returns the token and ids."""
    token = new_claim()
    candidates = _due_candidates(now, token)
    if not candidates:
        return token, []
    # Those claimed before (an earlier tick, another clock) in one query, then whether the
    # others' questions were answered, in three, whatever the number of people.
    claimed_before = set(
        SentReminder.objects.filter(
            user_id__in={candidate.user_id for candidate in candidates},
            local_date__in={candidate.local_date for candidate in candidates},
        ).values_list("user_id", "kind", "local_date")
    )
    unclaimed = [candidate for candidate in candidates if _key(candidate) not in claimed_before]
    answered = answered_among([_key(candidate) for candidate in unclaimed])
    new = [candidate for candidate in unclaimed if _key(candidate) not in answered]
    # A second clock may have claimed some since: the unique constraint skips those rows.
    SentReminder.objects.bulk_create(new, ignore_conflicts=True)
    return token, list(SentReminder.objects.filter(claim=token).values_list("pk", flat=True))


def _enqueue(claims: list[tuple[int, str]], now: datetime.datetime) -> None:
    # The queue is read when enqueueing, not when the task is defined, so that settings
    # (and tests) can point it at a queue of their own.
    send = tasks.send_reminder.using(queue_name=settings.TASKS_QUEUE)
    for done, (sent_id, token) in enumerate(claims):
        try:
            send.enqueue(sent_id, token)
        except Exception:
            # The queue is down (Redis restarting): the rest are due again at the next tick.
            left = claims[done:]
            for token in {left_token for _, left_token in left}:
                delivery.release([i for i, t in left if t == token], token, now)
            raise
