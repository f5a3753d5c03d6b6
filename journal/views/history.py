"""The history page: day by day, newest first, a week a page."""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from config.http import AuthenticatedHttpRequest

from ..forms import HistoryForm
from ..history import history_days
from .base import local_today

HISTORY_DAYS = 7


@require_http_methods(["GET"])
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Day by day, newest first, a week a page: each day's totals and entries."""
    form = HistoryForm(request.GET or None)
    today = local_today()
    until = today
    kind = ""
    if form.is_valid():
        until = min(form.cleaned_data.get("until") or today, today)
        kind = form.cleaned_data.get("kind") or ""
    first = until - datetime.timedelta(days=HISTORY_DAYS - 1)
    context = {
        "form": form,
        "days": history_days(request.user, first, until, kind),
        "kind": kind,
        "older": first - datetime.timedelta(days=1),
        "newer": until + datetime.timedelta(days=HISTORY_DAYS) if until < today else None,
        "today": today,
    }
    return render(request, "journal/history.html", context)
