"""The life of one reminder: claimed, sent, and only then marked sent; retried until its window.

Every change to a ``SentReminder`` row here is a conditional UPDATE on its claim token, so
only the holder of the current claim can send it or mark it: a clock that took a reminder up
again (its lease ran out) voids the claim of a task that was lost or left hanging, and that
task, should it wake up, changes nothing. The unique (person, kind, local day) row keeps it
to one reminder a day whatever happens.

    claimed --(task takes it, sends every channel)--> sent
    claimed --(a channel fails)--> failed --(backoff over, clock)--> claimed ...
    claimed --(lease runs out: worker killed, task lost with Redis)--> claimed (new token)
    claimed --(answered or turned off before it went)--> skipped

A channel that went out (``emailed_at``, ``pushed_at``) is not sent again on a retry.
"""

import datetime

from django.db.models import F
from django.utils import timezone

from .models import SentReminder, new_claim

State = SentReminder.State
UNSENT = [State.CLAIMED, State.FAILED]
# How long a reminder the clock claimed may wait in the queue before the clock takes it up
# again (the task was lost: Redis restarted, the queue was flushed).
QUEUE_LEASE = datetime.timedelta(minutes=5)
# How long a task that started sending may take before the clock decides its worker died:
# longer than the worst the timeouts allow (six mail exchanges of 20 s, then 30 s of push),
# and under RQ's job timeout (5 minutes), which kills a task that runs longer.
SEND_LEASE = datetime.timedelta(minutes=4)
FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_WAIT = datetime.timedelta(minutes=15)


def backoff(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8 then every 15 minutes: a short outage costs a minute, a long one is not
    hammered."""
    wait: datetime.timedelta = FIRST_RETRY * 2 ** max(attempts - 1, 0)
    return min(wait, LONGEST_WAIT)


def take_up_lapsed(now: datetime.datetime) -> tuple[str, list[int]]:
    """Claims again every unsent reminder whose lease ran out within its window.

    Two queries whatever the number of people: one UPDATE to a fresh token, one SELECT of
    the rows that carry it (a second clock's UPDATE cannot take the same rows: the lease
    condition is checked again on each row it locks).
    """
    token = new_claim()
    SentReminder.objects.filter(state__in=UNSENT, lease_until__lte=now, window_ends__gt=now).update(
        claim=token, state=State.CLAIMED, lease_until=now + QUEUE_LEASE
    )
    return token, list(SentReminder.objects.filter(claim=token).values_list("pk", flat=True))


def release(ids: list[int], token: str, now: datetime.datetime) -> None:
    """Reminders claimed but not enqueued (the queue was down): due again at the next tick."""
    SentReminder.objects.filter(pk__in=ids, claim=token).update(lease_until=now)


def take(sent_id: int, claim: str) -> str | None:
    """The task's own claim on the reminder, or None when someone else holds it (or it went).

    The token changes hands, so a second copy of the same task sends nothing.
    """
    mine = new_claim()
    taken = SentReminder.objects.filter(pk=sent_id, claim=claim, state=State.CLAIMED).update(
        claim=mine,
        lease_until=timezone.now() + SEND_LEASE,
        attempts=F("attempts") + 1,
    )
    return mine if taken else None


def _update(sent_id: int, claim: str, **fields: object) -> bool:
    return SentReminder.objects.filter(pk=sent_id, claim=claim).update(**fields) == 1


def emailed(sent_id: int, claim: str) -> bool:
    return _update(sent_id, claim, emailed_at=timezone.now())


def pushed(sent_id: int, claim: str, delivered: int) -> bool:
    return _update(sent_id, claim, pushed_at=timezone.now(), pushed_to=delivered)


def sent(sent_id: int, claim: str) -> bool:
    return _update(sent_id, claim, state=State.SENT, last_error="")


def skipped(sent_id: int, claim: str) -> bool:
    return _update(sent_id, claim, state=State.SKIPPED)


def failed(sent_id: int, claim: str, attempts: int, error: str) -> bool:
    """Tried again by the clock after the backoff, while the reminder's window lasts."""
    return _update(
        sent_id,
        claim,
        state=State.FAILED,
        lease_until=timezone.now() + backoff(attempts),
        last_error=error[:200],
    )
