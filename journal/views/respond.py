"""How a journal view answers after a change: a redirect to the day for a plain form, and for
htmx one response per tap with the day's totals and entries swapped out of band."""

from __future__ import annotations

import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.contrib import messages
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_htmx.http import trigger_client_event

from config.http import AuthenticatedHttpRequest

from .. import announcements
from ..entries import KINDS
from ..forms import EntryForm
from ..services import Written
from .base import day_url, local_today
from .day_context import day_context

CHANGED = "journalChanged"

# Where a tap's short status message goes on the day page: the status line, which is the
# page's one live region, or the quick panel (the cramp's details). An inline edit targets
# its own form, inside the entry list.
LIVE_REGION = "journal-status"
QUICK_PANEL = "quick-panel"

Row = TypeVar("Row", bound=models.Model)


def changed(response: HttpResponse) -> HttpResponse:
    trigger_client_event(response, CHANGED)
    return response


def after_change(
    request: AuthenticatedHttpRequest,
    day: datetime.date,
    message: str | None = None,
    focus: dict[str, Any] | None = None,
) -> HttpResponse:
    """After a change a plain form goes back to the day. An htmx request gets a short status
    message, with the day's totals and entries when it came from that day's page; ``focus``
    says what in them takes the keyboard focus (``focus_undo``, ``focus_entry``)."""
    if request.htmx:
        status = {"message": message or announcements.ALREADY_SAVED, "day": day, **(focus or {})}
        return htmx_after_change(request, day, "status", status)
    if message:
        messages.success(request, message)
    return redirect(day_url(day))


def htmx_after_change(
    request: AuthenticatedHttpRequest,
    day: datetime.date,
    fragment: str,
    context: dict[str, Any],
) -> HttpResponse:
    """One response per tap: the fragment asked for, and, when the page shows ``day``, its
    totals and entry list swapped out of band, so that nothing has to be fetched again.

    From any other page the change is announced with "journalChanged" instead. The status
    line is the page's one live region: what was saved is said there, out of band when the
    tap answers into the quick panel. A target inside the entry list (an inline edit) would
    be swapped away by the new list: then nothing is swapped in place either.
    """
    if not shows_day(request, day):
        return changed(render(request, f"journal/day.html#{fragment}", context))
    panels = {**day_context(request, day), **context, "oob": True, "fragment": fragment}
    if request.htmx.target == LIVE_REGION:
        return render(request, "journal/day.html#changed", panels)
    panels["in_panel"] = request.htmx.target == QUICK_PANEL
    response = render(request, "journal/day.html#changed", {**panels, "status_oob": True})
    if not panels["in_panel"]:
        response["HX-Reswap"] = "none"
    return response


def shows_day(request: AuthenticatedHttpRequest, day: datetime.date) -> bool:
    """Whether the htmx request came from the page of ``day`` (Today or its own page)."""
    current = urlsplit(request.htmx.current_url or "").path
    pages = {reverse("journal:day", kwargs={"day": day})}
    if day == local_today():
        pages.add(reverse("journal:today"))
    return current in pages


def invalid(
    request: AuthenticatedHttpRequest,
    slug: str,
    form: EntryForm,
    status: int = 422,
    day: datetime.date | None = None,
) -> HttpResponse:
    """The form again, with its errors (nothing saved); htmx gets just the form. ``day`` is
    the past day it adds to, when it came from that day's page."""
    template = "journal/entry_form.html" + ("#entry-form" if request.htmx else "")
    context = {"form": form, "kind": KINDS[slug], "entry": None, "day": day}
    return render(request, template, context, status=status)


def added(written: Written[Row]) -> tuple[Row, str | None]:
    """The row written, and what to say: what was saved, or None when the request token had
    already saved it."""
    message = announcements.added(written.row) if written.created else None
    return written.row, message


def with_time_note(message: str, form: EntryForm) -> str:
    """The confirmation, with what the time was stored as when a clock change applied."""
    return f"{message} {form.time_note}" if form.time_note else message
