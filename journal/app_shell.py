"""The installable app: its web app manifest and its service worker, both served from the root.

The service worker must be served from "/" to control every page (a script's scope is its
folder), so it is a view and not a file under /static/. It is a template only to learn the
static files' addresses, which carry a content hash in production; the same addresses make
its version, so a deployment that changes a stylesheet installs a new worker that caches the
new one. Neither holds anything private: both are public, and the browser fetches the
manifest without cookies anyway.
"""

import hashlib
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

# The colours of the site header in the light and the dark scheme (static/css/app.css,
# --surface), so an installed app's title bar matches the page under it.
THEME_LIGHT = "#ffffff"
THEME_DARK = "#161f1d"
BACKGROUND_LIGHT = "#f6f7f5"  # --bg: the splash screen before the first paint

ICONS = [
    ("img/app/icon-192.png", 192, "any"),
    ("img/app/icon-512.png", 512, "any"),
    ("img/app/icon-maskable-512.png", 512, "maskable"),
]

# What Today needs to open without a network, besides its own HTML (which the worker keeps
# from the last visit online). Other static files are kept as pages use them.
SHELL = [
    "css/app.css",
    "css/experiments.css",
    "js/app.js",
    "js/offline.js",
    "django_htmx/htmx-2.min.js",
    "img/icon.svg",
    *(path for path, _, _ in ICONS),
]


@login_not_required  # the browser asks for it without the session cookie
@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    today = reverse("journal:today")
    document = {
        "id": today,
        "name": "Cramp Journal",
        "short_name": "Cramps",
        "description": "Log leg cramps, meals and drinks in seconds, even without a signal.",
        "lang": "en",
        "start_url": today,
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND_LIGHT,
        "theme_color": THEME_LIGHT,
        "icons": [
            {"src": static(path), "sizes": f"{size}x{size}", "type": "image/png", "purpose": use}
            for path, size, use in ICONS
        ],
    }
    return JsonResponse(document, content_type="application/manifest+json")


@login_not_required  # it holds no private data, and the browser re-checks it for updates
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    shell = [static(path) for path in SHELL]
    context = {
        "shell": json.dumps(shell),
        "today": json.dumps(reverse("journal:today")),
        "home": json.dumps(reverse("home")),
        "offline": json.dumps(reverse("journal:offline")),
        # The folder, not a file: the manifest storage (production) refuses static(""), which
        # names no file it collected. STATIC_URL carries the script prefix, as static() would.
        "static": json.dumps(settings.STATIC_URL),
        "version": json.dumps(hashlib.sha256("\n".join(shell).encode()).hexdigest()[:12]),
    }
    script = render_to_string("journal/service_worker.js", context)
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    # Each visit asks whether the worker changed; an old worker would keep old files.
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required  # the worker fetches it without cookies: it must hold nothing private
@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the worker shows for a page other than Today when there is no network: our own
    page (with the red flags in its footer) rather than the browser's error page."""
    return render(request, "journal/offline.html")
