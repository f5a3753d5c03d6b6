"""The site's URLs plus one bare view: the ceiling that bench/quick_entry.py compares with.

The bare view does the least a quick entry can do: insert one row and answer with a tiny
fragment. It runs behind the same middleware as every journal view (session, CSRF, sign-in,
the person's time zone, CSP, ...), so the gap between it and a real quick action is what the
action's own code costs.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from config.urls import urlpatterns as site_urlpatterns
from journal.models import Drink


@require_POST
def bare_insert(request):
    Drink.objects.create(user=request.user, volume_ml=250)
    return HttpResponse("<p>ok</p>")


urlpatterns = [
    path("bench/ceiling/", bare_insert, name="bench_ceiling"),
    *site_urlpatterns,
]
