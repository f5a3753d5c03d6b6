"""The background tasks (django-tasks): each sends one claimed reminder on one channel.

Kept small on purpose: what is due was decided by the scheduler, what is said is in
``messages``. A reminder answered between the claim and the send is not sent.
"""

from django.utils import timezone
from django_tasks import task

from .answered import already_answered
from .messages import push_payload, reminder_email
from .models import PushSubscription, SentReminder
from .push import send_push


def _still_wanted(sent: SentReminder) -> bool:
    return not already_answered(sent.user, sent.kind, sent.local_date)


@task()
def send_reminder_email(sent_id: int) -> bool:
    sent = SentReminder.objects.select_related("user").get(pk=sent_id)
    if sent.emailed_at is not None or not _still_wanted(sent):
        return False
    reminder_email(sent).send()
    SentReminder.objects.filter(pk=sent.pk).update(emailed_at=timezone.now())
    return True


@task()
def send_reminder_push(sent_id: int) -> int:
    sent = SentReminder.objects.select_related("user").get(pk=sent_id)
    if sent.pushed_to or not _still_wanted(sent):
        return 0
    payload = push_payload(sent)
    delivered = sum(
        send_push(subscription, payload)
        for subscription in PushSubscription.objects.for_user(sent.user)
    )
    SentReminder.objects.filter(pk=sent.pk).update(pushed_to=delivered)
    return delivered
