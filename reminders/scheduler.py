"""The minute tick: which reminders are due now, claimed once and handed to the task queue.

``enqueue_due_reminders(now)`` is the whole scheduler. The worker's clock calls it once a
minute (``manage.py run_worker``); tests call it with any ``now`` they like. It writes the
idempotency record (``SentReminder``, unique per person, kind and local day) as a claim,
and takes up again every claim that lapsed unsent (``reminders.delivery``), so however often
it runs, and on however many workers, each person gets a kind of reminder once per local day,
and a send that failed or vanished is tried again until the reminder's window closes.

The claims are written in bulk (one INSERT that skips what is claimed already, one SELECT of
what this tick claimed), not a query per person, and enqueued in batches of
``ENQUEUE_BATCH``, a task each. Who is due is found through each person's
next due instant (``ReminderSettings.morning_due_at``, ``evening_due_at``, indexed), which
the tick moves on in one UPDATE per kind: a tick reads the people due in that minute, not
everyone with reminders (issue 25: 100,000 people read every minute took longer than one).
"""

import datetime
import functools
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, DateTimeField, F, Q, Value, When

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


# The most people whose due instant one UPDATE sets (psycopg takes at most 65,535 parameters
# a query): beyond that many due in the same minute (the first tick after an upgrade), a tick
# adds one UPDATE per 10,000 more.
DUE_UPDATE_BATCH = 10_000

# Reminders per task. A batch is sent in turn by one worker: large enough that a tick at
# which hundreds fall due enqueues a few tasks (one INSERT or one Redis call each) instead of
# hundreds, small enough that a batch stuck behind a slow mail server seldom outlives its
# queue lease (delivery.QUEUE_LEASE); a reminder whose lease ran out is claimed again, and
# only its current claim sends it.
ENQUEUE_BATCH = 20


@dataclass
class _Due:
    """What a tick found: the claims to write, and each kind's new due instant per person."""

    candidates: list[SentReminder] = field(default_factory=list)
    next_due: dict[str, dict[datetime.datetime, list[int]]] = field(
        default_factory=lambda: {Kind.MORNING: {}, Kind.EVENING: {}}
    )


def _due_rows(now: datetime.datetime) -> Any:
    """The people with a kind of reminder due by ``now`` or not worked out yet: through the
    (switch, due instant) indexes, only they are read, however many people have reminders."""
    due = {}
    for kind in (Kind.MORNING, Kind.EVENING):
        due[kind] = Q(**{f"{kind}_enabled": True}) & (
            Q(**{f"{kind}_due_at__lte": now}) | Q(**{f"{kind}_due_at": None})
        )
    return (
        ReminderSettings.objects.filter(due[Kind.MORNING] | due[Kind.EVENING])
        .filter(Q(by_email=True) | Q(by_push=True), user__is_active=True)
        .values_list(
            "user_id",
            "user__profile__time_zone",
            "morning_enabled",
            "morning_time",
            "morning_due_at",
            "evening_enabled",
            "evening_time",
            "evening_due_at",
            "quiet_start",
            "quiet_end",
        )
    )


def _next_instant(now: datetime.datetime, at: datetime.time, zone: ZoneInfo) -> datetime.datetime:
    """The first instant after ``now`` at which the wall clock shows ``at``."""
    today = now.astimezone(zone).date()
    for offset in range(-1, 3):
        instant = schedule.scheduled_instant(today + offset * schedule.ONE_DAY, at, zone)
        if instant > now:
            return instant
    raise AssertionError("a wall-clock time comes back within two days")  # pragma: no cover


def _due_candidates(now: datetime.datetime, token: str) -> _Due:
    """Unsaved claims for every reminder whose minute has come, and when each kind read is
    due next, in plain Python.

    One query reads the people due (or not worked out yet), only the columns needed; the zone
    arithmetic is done once per zone and reminder time, not once per person. A reminder due
    in quiet hours keeps its due instant: it goes when they end, if its window is still open
    (as before). Any other is due next at its following instant: this one is claimed now, was
    claimed before, or its window has closed.
    """
    local_times: dict[str, datetime.time] = {}
    due: dict[tuple[str, datetime.time], tuple[datetime.date, datetime.datetime] | None] = {}
    following: dict[tuple[str, datetime.time], datetime.datetime] = {}
    found = _Due()
    for user_id, zone_name, *kinds_and_quiet in _due_rows(now).iterator(chunk_size=5000):
        zone_name = zone_name or "UTC"
        quiet_times = kinds_and_quiet[6:]
        if zone_name not in local_times:
            local_times[zone_name] = now.astimezone(_zone(zone_name)).time()
        quiet = schedule.in_quiet_hours(local_times[zone_name], *quiet_times)
        kinds = (
            (Kind.MORNING, *kinds_and_quiet[0:3]),
            (Kind.EVENING, *kinds_and_quiet[3:6]),
        )
        for kind, wanted, at, due_at in kinds:
            if not wanted or (due_at is not None and due_at > now):
                continue
            pair = (zone_name, at)
            if pair not in due:
                due[pair] = _due_now(now, at, _zone(zone_name))
                following[pair] = _next_instant(now, at, _zone(zone_name))
            day_and_end = due[pair]
            if day_and_end is not None and quiet:
                if due_at is None:  # not worked out yet: due now, once the quiet ends
                    instant = day_and_end[1] - schedule.CATCH_UP
                    found.next_due[kind].setdefault(instant, []).append(user_id)
                continue
            found.next_due[kind].setdefault(following[pair], []).append(user_id)
            if day_and_end is None:
                continue
            found.candidates.append(
                SentReminder(
                    user_id=user_id,
                    kind=kind,
                    local_date=day_and_end[0],
                    claim=token,
                    lease_until=now + delivery.QUEUE_LEASE,
                    window_ends=day_and_end[1],
                )
            )
    return found


def _save_next_due(next_due: dict[str, dict[datetime.datetime, list[int]]]) -> None:
    """The new due instants, both kinds in one UPDATE (per DUE_UPDATE_BATCH people)."""
    rows = [
        (user_id, kind, at)
        for kind, people_by_instant in next_due.items()
        for at, ids in people_by_instant.items()
        for user_id in ids
    ]
    for start in range(0, len(rows), DUE_UPDATE_BATCH):
        batch: dict[str, dict[datetime.datetime, list[int]]] = {}
        for user_id, kind, at in rows[start : start + DUE_UPDATE_BATCH]:
            batch.setdefault(kind, {}).setdefault(at, []).append(user_id)
        changes = {
            f"{kind}_due_at": Case(
                *(When(user_id__in=ids, then=Value(at)) for at, ids in by_instant.items()),
                default=F(f"{kind}_due_at"),
                output_field=DateTimeField(),
            )
            for kind, by_instant in batch.items()
        }
        people = {
            user_id
            for by_instant in batch.values()
            for ids in by_instant.values()
            for user_id in ids
        }
        ReminderSettings.objects.filter(user_id__in=people).update(**changes)


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
    found = _due_candidates(now, token)
    candidates = found.candidates
    if not candidates:
        _save_next_due(found.next_due)
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
    # Only now that the claims are written: a tick that stops in between finds these people
    # due again, and their claims made already.
    _save_next_due(found.next_due)
    return token, list(SentReminder.objects.filter(claim=token).values_list("pk", flat=True))


def _enqueue(claims: list[tuple[int, str]], now: datetime.datetime) -> None:
    """One task per batch of claims made with the same token, in the order given."""
    # The queue is read when enqueueing, not when the task is defined, so that settings
    # (and tests) can point it at a queue of their own.
    send = tasks.send_reminders.using(queue_name=settings.TASKS_QUEUE)
    by_token: dict[str, list[int]] = {}
    for sent_id, token in claims:
        by_token.setdefault(token, []).append(sent_id)
    batches = [
        (token, ids[start : start + ENQUEUE_BATCH])
        for token, ids in by_token.items()
        for start in range(0, len(ids), ENQUEUE_BATCH)
    ]
    for done, (token, ids) in enumerate(batches):
        try:
            send.enqueue(ids, token)
        except Exception:
            # The queue is down (Redis restarting): the rest are due again at the next tick.
            for left_token, left_ids in batches[done:]:
                delivery.release(left_ids, left_token, now)
            raise
