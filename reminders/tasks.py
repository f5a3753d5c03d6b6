"""The background task (django-tasks): sends one claimed reminder on each of its channels.

Kept small on purpose: what is due was decided by the scheduler, what is said is in
``messages``, the states are in ``delivery``. The reminder is marked sent only after the
mail server and the push service accepted it; anything else leaves it for the clock to try
again. A reminder answered (or turned off) between the claim and the send is not sent.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django_tasks import task

from . import delivery
from .answered import already_answered
from .messages import push_payload, push_topic, reminder_email
from .models import PushSubscription, ReminderSettings, SentReminder
from .push import Outcome, push_configured, send_to_all

logger = logging.getLogger(__name__)
# Seconds for each exchange with the mail server: a server that hangs must not hold the worker.
EMAIL_TIMEOUT = 20


def _still_wanted(sent: SentReminder, reminders: ReminderSettings) -> bool:
    if not reminders.enabled(sent.kind):
        return False
    return not already_answered(sent.user, sent.kind, sent.local_date)


def _send_email(sent: SentReminder) -> None:
    message = reminder_email(sent)
    message.connection = get_connection(timeout=EMAIL_TIMEOUT)
    message.send()


def _send_channels(sent: SentReminder, reminders: ReminderSettings, claim: str) -> list[str]:
    """Sends each channel not sent yet, marking each as it goes; returns what failed."""
    errors = []
    if reminders.by_email and sent.user.email and sent.emailed_at is None:
        try:
            _send_email(sent)
        except (smtplib.SMTPException, OSError) as error:
            errors.append(f"email: {error!r}")
        else:
            delivery.emailed(sent.pk, claim)
    subscriptions = _push_subscriptions(sent, reminders)
    if subscriptions and sent.pushed_at is None:
        outcomes = send_to_all(subscriptions, push_payload(sent), push_topic(sent))
        delivered = outcomes.count(Outcome.DELIVERED)
        # Done when one device has it, or when none is left to try; else try again later.
        if delivered or Outcome.FAILED not in outcomes:
            delivery.pushed(sent.pk, claim, delivered)
        else:
            errors.append(f"push: {len(outcomes)} subscription(s) failed")
    return errors


def _push_subscriptions(sent: SentReminder, reminders: ReminderSettings) -> list[PushSubscription]:
    if not (reminders.by_push and push_configured()):
        return []
    return list(PushSubscription.objects.for_user(sent.user))


def _reachable(sent: SentReminder, reminders: ReminderSettings) -> bool:
    """Whether any channel can still take it (an address, a subscription) or already did."""
    if sent.emailed_at is not None or sent.pushed_at is not None:
        return True
    return bool(reminders.by_email and sent.user.email) or bool(
        _push_subscriptions(sent, reminders)
    )


def deliver(sent_id: int, claim: str) -> str:
    """Sends the reminder if ``claim`` is still its claim; returns its state afterwards."""
    claim_now = delivery.take(sent_id, claim)
    if claim_now is None:
        return "not ours"  # sent already, or taken up again after this task was given up
    sent = SentReminder.objects.select_related("user").get(pk=sent_id)
    reminders = ReminderSettings.objects.filter(user=sent.user).first()
    if reminders is None or not _still_wanted(sent, reminders) or not _reachable(sent, reminders):
        delivery.skipped(sent_id, claim_now)
        return SentReminder.State.SKIPPED
    errors = _send_channels(sent, reminders, claim_now)
    if errors:
        logger.warning("Reminder %s not sent, to be tried again: %s", sent_id, "; ".join(errors))
        delivery.failed(sent_id, claim_now, sent.attempts, "; ".join(errors))
        return SentReminder.State.FAILED
    delivery.sent(sent_id, claim_now)
    return SentReminder.State.SENT


# The queue of this deployment (TASKS_QUEUE): a backend refuses a task on a queue it lacks.
@task(queue_name=settings.TASKS_QUEUE)
def send_reminders(sent_ids: list[int], claim: str) -> list[str]:
    """A batch of reminders claimed with ``claim``, as the clock enqueues them (a task per
    batch, not per person: a tick at which hundreds fall due enqueues a few tasks). Each is
    sent in turn; one that fails unexpectedly is logged and left to its lease, as a task of
    its own would be, and the others still go. Returns each one's state afterwards."""
    states = []
    for sent_id in sent_ids:
        try:
            states.append(deliver(sent_id, claim))
        except Exception:
            logger.exception("Reminder %s failed, to be tried again after its lease", sent_id)
            states.append("error")
    return states


@task(queue_name=settings.TASKS_QUEUE)
def send_reminder(sent_id: int, claim: str) -> str:
    """One reminder: the clock enqueued these before it enqueued batches, and a task queued
    then may still be waiting after an upgrade."""
    return deliver(sent_id, claim)
