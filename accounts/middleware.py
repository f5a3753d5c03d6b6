"""Request-wide rules: who may see a page, in which time zone, and what may be cached."""

import zoneinfo

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django_htmx.http import HttpResponseClientRedirect


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every view is private unless marked with ``@login_not_required``.

    An htmx request from a page whose session has expired must not swap the login page into
    a fragment: it gets an ``HX-Redirect`` so the whole page goes to the login form.
    """

    def handle_no_permission(self, request, view_func):
        redirect = super().handle_no_permission(request, view_func)
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(redirect.url)
        return redirect


class UserTimezoneMiddleware:
    """Shows every date and time in the signed-in person's own zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
        if profile is not None:
            try:
                timezone.activate(zoneinfo.ZoneInfo(profile.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class PrivateResponseMiddleware:
    """Health diaries must not linger in shared caches or the browser's back-forward store.

    Responses to signed-in people are marked ``no-store``; responses that differ between an
    htmx request and a plain one say so with ``Vary: HX-Request`` (set by the views that
    branch on ``request.htmx``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
