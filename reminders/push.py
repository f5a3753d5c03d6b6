"""Sending one Web Push message with pywebpush, and forgetting subscriptions that are gone."""

import logging

import requests
from django.conf import settings
from pywebpush import WebPushException, webpush

from .models import PushSubscription

logger = logging.getLogger(__name__)

# The push service answers these for a subscription that no longer exists (the person
# unsubscribed in the browser, or uninstalled it): it will never work again.
GONE = {404, 410}
# How long the push service keeps a message for a phone that is off: past that, the
# morning question is stale.
TIME_TO_LIVE = 4 * 60 * 60


def push_configured() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def send_push(subscription: PushSubscription, payload: str) -> bool:
    """Sends ``payload``; True when the push service took it. Deletes a gone subscription."""
    try:
        webpush(
            subscription_info=subscription.as_subscription_info(),
            data=payload,
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=TIME_TO_LIVE,
            timeout=10,
        )
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in GONE:
            subscription.delete()
        else:
            logger.warning("Push to subscription %s failed: %s", subscription.pk, error)
        return False
    except requests.RequestException as error:
        logger.warning("Push service for subscription %s unreachable: %s", subscription.pk, error)
        return False
    return True
