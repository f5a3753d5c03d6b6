"""Failed logins counted per client address, whatever email they tried.

django-axes pauses one email from one address after a few failures; someone trying made-up
emails never repeats one, and each try costs a password hash. So failures are also counted
per address, in the shared cache (Redis when several app servers share the work, so that
every server sees the same count), for a fixed window from the first failure. Once over the
limit, the login form answers 429 at once, before any password is hashed.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest

from .lockout import client_address


def _key(address: str) -> str:
    return f"accounts:login-failures:{address}"


def failures_from(address: str) -> int:
    return cache.get(_key(address), 0)


def is_throttled(address: str) -> bool:
    return failures_from(address) >= settings.LOGIN_FAILURES_PER_ADDRESS


def record_failure(address: str) -> None:
    key = _key(address)
    if cache.add(key, 1, timeout=int(settings.LOGIN_ADDRESS_WINDOW.total_seconds())):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls: this failure starts a new window
        cache.add(key, 1, timeout=int(settings.LOGIN_ADDRESS_WINDOW.total_seconds()))


@receiver(user_login_failed, dispatch_uid="accounts.throttle.count_failure")
def count_failure(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if request is not None:
        record_failure(client_address(request))
