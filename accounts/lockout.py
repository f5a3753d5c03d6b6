"""How django-axes names the account in a login attempt.

Emails are stored in lower case; counting failures under the raw spelling would let
"Me@Example.com" and "me@example.com" each get their own five tries.
"""

from django.conf import settings
from django.shortcuts import render

from .models import normalize_email_address


def lockout_username(request, credentials):
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalize_email_address(str(raw))


def lockout_response(request, original_response=None, credentials=None):
    """The page shown while sign-in is paused: what happened, for how long, what to do now."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


def client_address(request) -> str:
    """The address failures are counted against.

    Without a proxy it is the peer's address, and any X-Forwarded-For or X-Real-IP header is
    ignored: a client can send them. Behind N trusted proxies (``TRUSTED_PROXY_COUNT``) it is
    the Nth address from the right of X-Forwarded-For, since each proxy appends the address
    it saw and entries further left can be forged; failing that, the X-Real-IP header that
    the proxy sets.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
        if real := request.META.get("HTTP_X_REAL_IP", "").strip():
            return real
    return request.META.get("REMOTE_ADDR", "")
