"""Sending one reminder by Web Push with pywebpush, and forgetting subscriptions that are gone.

Each send has a time budget: every request its own timeout, and all of one person's
subscriptions together no more than ``PUSH_BUDGET_SECONDS``, so that an account whose
endpoints answer slowly cannot hold the worker and delay everyone else's reminders.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings

from .endpoints import endpoint_problem
from .models import PushSubscription

if TYPE_CHECKING:
    # requests (urllib3, charset_normalizer, idna: about 5 MiB) loads where a push is sent,
    # in the task worker, like pywebpush below, never in a web worker (issue 25).
    import requests

logger = logging.getLogger(__name__)

# The push service answers these for a subscription that no longer exists (the person
# unsubscribed in the browser, or uninstalled it): it will never work again.
GONE = {404, 410}
# How long the push service keeps a message for a phone that is off: past that, the
# morning question is stale.
TIME_TO_LIVE = 4 * 60 * 60
REQUEST_TIMEOUT_SECONDS = 10.0
PUSH_BUDGET_SECONDS = 30.0


class Outcome(enum.Enum):
    DELIVERED = "delivered"  # the push service took it
    GONE = "gone"  # the subscription is dead and was deleted
    FAILED = "failed"  # worth trying again later


def push_configured() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def _session_without_redirects() -> requests.Session:
    """A push service answers; it never redirects. Following one could lead anywhere."""
    import requests

    session = requests.Session()
    session.max_redirects = 0
    return session


def send_push(
    subscription: PushSubscription,
    payload: str,
    topic: str = "",
    timeout: float = REQUEST_TIMEOUT_SECONDS,
) -> Outcome:
    """Sends ``payload``; deletes a subscription that is gone or was never a push service's.

    ``topic`` (RFC 8030) lets the push service replace a message it still holds with a later
    one of the same topic, so a retry after an unacknowledged success is not shown twice.
    """
    problem = endpoint_problem(subscription.endpoint)
    if problem is not None:
        logger.warning("Push subscription %s refused and deleted: %s", subscription.pk, problem)
        subscription.delete()
        return Outcome.GONE
    # Here, not at the top: pywebpush and its crypto libraries load in the process that
    # sends (the task worker), never in a web worker that only shows the Reminders page.
    import requests
    from pywebpush import WebPushException, webpush

    headers: dict[str, str | int | float] = {"Topic": topic} if topic else {}
    try:
        with _session_without_redirects() as session:
            webpush(
                subscription_info=subscription.as_subscription_info(),
                data=payload,
                vapid_private_key=settings.VAPID_PRIVATE_KEY,
                vapid_claims={"sub": settings.VAPID_SUBJECT},
                ttl=TIME_TO_LIVE,
                timeout=timeout,
                headers=headers,
                requests_session=session,
            )
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in GONE:
            subscription.delete()
            return Outcome.GONE
        logger.warning("Push to subscription %s failed: %s", subscription.pk, error)
        return Outcome.FAILED
    except requests.RequestException as error:
        logger.warning("Push service for subscription %s unreachable: %s", subscription.pk, error)
        return Outcome.FAILED
    return Outcome.DELIVERED


def send_to_all(
    subscriptions: Iterable[PushSubscription],
    payload: str,
    topic: str,
    budget: float = PUSH_BUDGET_SECONDS,
) -> list[Outcome]:
    """Sends to each subscription while the budget lasts; those left over count as failed."""
    # The sending libraries load before the clock starts: their first import (a second on a
    # busy machine) is the process's, once, not the budget of this person's pushes.
    import pywebpush  # noqa: F401

    deadline = time.monotonic() + budget
    outcomes = []
    for subscription in subscriptions:
        left = deadline - time.monotonic()
        if left <= 0:
            outcomes.append(Outcome.FAILED)
            continue
        outcomes.append(
            send_push(subscription, payload, topic, timeout=min(REQUEST_TIMEOUT_SECONDS, left))
        )
    return outcomes
