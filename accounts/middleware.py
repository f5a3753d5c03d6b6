"""Request-wide rules: who may see a page, in which time zone, and what may be cached."""

import zoneinfo

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from .models import User


class HtmxMiddleware:
    """Sets ``request.htmx`` (as django-htmx's middleware does), and marks every response of a
    view that read it with ``Vary: HX-Request``.

    A view that answers htmx with a fragment and a plain request with a page must say so, or
    a browser or proxy may show a cached fragment as the whole page. Marking it here, on the
    reading itself, means no view can forget.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.htmx = WatchedHtmxDetails(request)
        response = self.get_response(request)
        if request.htmx.read:
            patch_vary_headers(response, ["HX-Request"])
        return response


class WatchedHtmxDetails(HtmxDetails):
    """django-htmx's request details, remembering whether anything asked about them."""

    read = False

    def __bool__(self) -> bool:
        self.read = True
        return super().__bool__()

    def __getattribute__(self, name):
        if not name.startswith("_") and name not in ("read", "request"):
            object.__setattr__(self, "read", True)
        return super().__getattribute__(name)


class HtmxRequest(HttpRequest):
    """A request as views see it, for type checking: the middleware above sets ``htmx``."""

    htmx: WatchedHtmxDetails


class SignedInRequest(HtmxRequest):
    """A request to a private view: LoginRequiredMiddleware lets no visitor through."""

    user: User


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every view is private unless marked with ``@login_not_required``.

    An htmx request from a page whose session has expired must not swap the login page into
    a fragment: it gets an ``HX-Redirect`` so the whole page goes to the login form.
    """

    def handle_no_permission(self, request, view_func):
        redirect = super().handle_no_permission(request, view_func)
        if request.htmx:
            return HttpResponseClientRedirect(redirect.url)
        return redirect


class UserTimezoneMiddleware:
    """Shows every date and time in the signed-in person's own zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with timezone.override(self._zone_for(request)):
            return self.get_response(request)

    @staticmethod
    def _zone_for(request):
        """The person's zone, or None (the site's UTC) for visitors and unknown names."""
        if not request.user.is_authenticated:
            return None
        profile = getattr(request.user, "profile", None)
        try:
            return zoneinfo.ZoneInfo(profile.time_zone) if profile else None
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None


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


class HeadAsGetMiddleware:
    """``HEAD`` answers wherever ``GET`` does, as HTTP requires: the view runs as for a GET
    and the body is dropped, keeping the GET's headers (``Content-Length`` included).

    One rule here rather than ``require_safe`` on every view, so that no new view can forget
    it. It sits before ``CommonMiddleware``, which measures the body it then drops.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            response.streaming_content = []
        else:
            response.content = b""
        return response


# Powerful browser features the site never uses, switched off for its pages and anything
# injected into them. Only names Chromium knows: an unknown one is a console warning.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
