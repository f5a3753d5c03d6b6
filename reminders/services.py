"""Storing a browser's push subscription for a person, within the rules."""

from django.db import IntegrityError, transaction

from accounts.models import User

from .models import PushSubscription

MAX_SUBSCRIPTIONS = 10


class SubscriptionRefused(Exception):
    """The subscription was not saved; the message says why, for the person."""


def save_push_subscription(user: User, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Stores a browser's subscription; the same browser subscribing again updates its keys.

    An endpoint another person registered stays theirs: it is never moved silently (that
    would take their reminders away, or let anyone who knows an endpoint claim it). A person
    has at most ``MAX_SUBSCRIPTIONS``, so that no account can make one reminder a long list
    of sends.
    """
    existing = PushSubscription.objects.filter(endpoint=endpoint).first()
    if existing is not None and existing.user_id != user.pk:
        raise SubscriptionRefused(
            "This browser already shows the reminders of another account. Sign in to that "
            "account and turn its notifications off first."
        )
    if existing is not None:
        existing.p256dh, existing.auth = p256dh, auth
        existing.save(update_fields=["p256dh", "auth"])
        return existing
    if PushSubscription.objects.for_user(user).count() >= MAX_SUBSCRIPTIONS:
        raise SubscriptionRefused(
            f"Notifications are on for {MAX_SUBSCRIPTIONS} browsers already, the most there can "
            "be. Turn them off on one you no longer use (on its Reminders page), then try again."
        )
    try:
        with transaction.atomic():
            return PushSubscription.objects.create(
                user=user, endpoint=endpoint, p256dh=p256dh, auth=auth
            )
    except IntegrityError:  # the same endpoint posted twice at once: the rules again
        return save_push_subscription(user, endpoint, p256dh, auth)
