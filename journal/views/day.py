"""A day's page (Today is the current day), marking a day complete, and the morning question
"Any cramps last night?"."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from config.http import AuthenticatedHttpRequest

from .. import services
from ..errors import Refused
from ..forms import NightAnswerForm
from .base import day_url, local_today, not_found_as_404
from .day_context import day_context


@require_http_methods(["GET"])
@not_found_as_404
def day_view(request: AuthenticatedHttpRequest, day: datetime.date | None = None) -> HttpResponse:
    day = day or local_today()
    services.check_day(day)
    context = day_context(request, day)
    template = "journal/day.html"
    target = request.htmx.target if request.htmx else None
    if target in ("day-totals", "day-entries"):
        template += "#" + target.removeprefix("day-")
    return render(request, template, context)


@require_http_methods(["GET"])
def today(request: AuthenticatedHttpRequest) -> HttpResponse:
    return day_view(request)


@require_POST
@not_found_as_404
def day_complete(request: AuthenticatedHttpRequest, day: datetime.date) -> HttpResponse:
    complete = request.POST.get("complete") == "1"
    services.set_day_complete(request.user, day, complete)
    if request.htmx:  # the totals are all that changed
        return render(request, "journal/day.html#totals", day_context(request, day))
    messages.success(request, "Day marked complete." if complete else "Day marked as still open.")
    return redirect(day_url(day))


@require_POST
@not_found_as_404
def night_answer(request: AuthenticatedHttpRequest, night: datetime.date) -> HttpResponse:
    """Today's one-tap "No cramps" for ``night`` (the evening it began), or its undo.

    A night with a logged cramp cannot be answered "no": the form says so and nothing is
    stored. htmx gets the card back (a confirmation with an undo, or the question again).
    """
    services.check_night(night)
    form = NightAnswerForm(request.POST)
    message, status, answered = "", 200, False
    if not form.is_valid():
        message, status = " ".join(str(error) for error in form.errors["answer"]), 422
    elif form.cleaned_data["answer"] == NightAnswerForm.UNDO:
        services.take_back_no_cramps(request.user, night)
    else:
        try:
            services.answer_no_cramps(request.user, night)  # False on a repeat: already saved
            answered = True
        except Refused as refusal:
            message, status = str(refusal), 422
    context = {"night": night, "night_answered": answered, "night_message": message}
    if request.htmx:
        return render(request, "journal/day.html#night-question", context, status=status)
    morning = night + datetime.timedelta(days=1)
    if message:  # the morning's page again, the question with what was wrong
        page = {**day_context(request, morning), **context}
        return render(request, "journal/day.html", page, status=status)
    if answered:
        messages.success(request, "Saved: no cramps that night.")
    return redirect(day_url(morning))
