"""Entries: the quick taps (a cramp now, a glass of water), the full forms to add and edit a
cramp, drink, exercise or supplement, and delete with undo."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from config.http import AuthenticatedHttpRequest

from .. import announcements, offline, services
from ..entries import Kind
from ..errors import NeedsConfirmation
from ..forms import ConfirmAmountMixin, EntryForm
from ..models import Entry
from ..services import Written
from .base import (
    catch_up_time,
    day_param,
    day_url,
    get_entry,
    get_kind,
    night_param,
    not_found_as_404,
)
from .respond import added, after_change, htmx_after_change, invalid, shows_day, with_time_note


def _quick_tap(
    request: AuthenticatedHttpRequest,
    form: offline.QuickCrampForm | offline.QuickDrinkForm,
    answer: Callable[[Written[Entry]], HttpResponse],
) -> HttpResponse:
    """A quick tap: the form again when it is wrong, JSON for a tap kept on the phone and
    sent later (``journal.offline``), else what ``answer`` says about the entry written."""
    slug = "cramp" if isinstance(form, offline.QuickCrampForm) else "drink"
    if not form.is_valid():
        return offline.refused(form) if form.sent_later else invalid(request, slug, form)
    token = form.cleaned_data.get("request_token")
    written = services.add_entry(request.user, form.instance, token)
    if form.sent_later:
        return offline.synced(written.created)
    return answer(written)


@require_POST
def log_cramp(request: AuthenticatedHttpRequest) -> HttpResponse:
    """First tap: a cramp, now. The optional details panel loads right after, by itself, so
    that the tap itself stays as fast as an insert can be."""

    def logged(written: Written[Entry]) -> HttpResponse:
        cramp = written.row
        if request.htmx:
            context = {"cramp": cramp, "message": announcements.added(cramp)}
            return htmx_after_change(request, cramp.local_date, "cramp-logged", context)
        messages.success(request, "Cramp logged. Add details now or later.")
        return redirect("journal:edit", kind="cramp", pk=cramp.pk)

    return _quick_tap(request, offline.QuickCrampForm(request.POST), logged)


@require_POST
def quick_drink(request: AuthenticatedHttpRequest) -> HttpResponse:
    def added_drink(written: Written[Entry]) -> HttpResponse:
        drink, message = added(written)
        return after_change(request, drink.local_date, message)

    return _quick_tap(request, offline.QuickDrinkForm(request.POST), added_drink)


def confirmed(form: EntryForm) -> float | None:
    """The amount a "Save anyway" answer confirms, for a form that can ask about one."""
    return form.confirmed_amount() if isinstance(form, ConfirmAmountMixin) else None


def _ask(form: EntryForm, question: NeedsConfirmation) -> None:
    """The service's question on the form. Only a drink's volume is asked about, and only the
    forms that can show a question (``ConfirmAmountMixin``) can be asked."""
    if not isinstance(form, ConfirmAmountMixin):
        raise question
    form.ask("volume_ml", question)


def _form_options(request: AuthenticatedHttpRequest, kind: Kind) -> dict[str, Any]:
    """A drink's volume is typed in the person's units; the other forms take none."""
    return {"units_system": request.user.profile.units} if kind.slug == "drink" else {}


@require_http_methods(["GET", "POST"])
def create(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    entry_kind = get_kind(kind)
    if not entry_kind.creatable:
        raise Http404("Meals are built by adding foods.")
    # From a past day's page (?day=): that day, at the kind's usual time; else now.
    day = day_param(request)
    initial = {"occurred_at": catch_up_time(entry_kind, day)} if day else None
    night = night_param(request) if entry_kind.slug == "cramp" else None
    if night:  # "Yes" to "Any cramps last night?": that night, on the morning it ended
        morning = night + datetime.timedelta(days=1)
        initial = {"occurred_at": catch_up_time(entry_kind, morning)}
    options = _form_options(request, entry_kind)
    form: EntryForm = entry_kind.form(request.POST or None, initial=initial, **options)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data.get("request_token")
        try:
            written = services.add_entry(request.user, form.instance, token, confirmed(form))
        except NeedsConfirmation as question:
            _ask(form, question)
            return invalid(request, entry_kind.slug, form, day=day)
        entry = written.row
        message = with_time_note(f"{entry_kind.label} added.", form) if written.created else None
        if request.htmx and not shows_day(request, entry.local_date):
            # The form on its own page goes back to the entry's day, as without JavaScript.
            if message:
                messages.success(request, message)
            return HttpResponseClientRedirect(day_url(entry.local_date))
        return after_change(request, entry.local_date, message)
    status = 422 if form.errors else 200
    return invalid(request, entry_kind.slug, form, status=status, day=day)


@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    entry_kind = get_kind(kind)
    entry = get_entry(request, entry_kind, pk)
    options = _form_options(request, entry_kind)
    form: EntryForm = entry_kind.form(request.POST or None, instance=entry, **options)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_entry(form.instance, form.changed_data, confirmed(form))
        except NeedsConfirmation as question:
            _ask(form, question)
            return _edit_form(request, form, entry_kind, entry)
        saved = {"focus_entry": [entry_kind.slug, entry.pk]}  # its Edit link, where the form was
        message = with_time_note(f"{entry_kind.label} saved.", form)
        return after_change(request, entry.local_date, message, focus=saved)
    return _edit_form(request, form, entry_kind, entry)


def _edit_form(
    request: AuthenticatedHttpRequest, form: EntryForm, entry_kind: Kind, entry: Entry
) -> HttpResponse:
    """The edit form, with its errors or the question about its amount when it has them."""
    template = "journal/entry_form.html"
    context: dict[str, Any] = {"form": form, "kind": entry_kind, "entry": entry}
    if request.htmx:
        template += "#entry-form"
        # The form under "Cramp logged" sends its answer to the quick panel, not to itself;
        # it appears after a tap, so it takes the focus (htmx honours autofocus in a swap).
        context["form_target"] = request.GET.get("panel") and "#quick-panel"
        if context["form_target"] and not form.is_bound:
            next(iter(form.fields.values())).widget.attrs["autofocus"] = True
    status = 422 if form.errors else 200
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def delete(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    entry_kind = get_kind(kind)
    entry = get_entry(request, entry_kind, pk)
    if request.method == "GET":
        day = entry.local_date
        confirm = {
            "question": f"Delete this {entry_kind.label.lower()}?",
            "explanation": f"{announcements.described(entry, request.user)}, logged for "
            f"{day:%A} {day.day} {day:%B}. "
            "You can undo it right after.",
            "action": reverse("journal:delete", args=[entry_kind.slug, entry.pk]),
            "keep_url": reverse("journal:today"),
        }
        return render(request, "confirm_delete.html", confirm)
    label = announcements.described(entry, request.user)  # before it is gone
    saved = services.delete_entry(entry_kind.slug, entry)
    request.session["journal_undo"] = {**saved, "label": label}
    message = f"{entry_kind.label} deleted."
    return after_change(request, entry.local_date, message, focus={"focus_undo": True})


@require_POST
@not_found_as_404
def undo(request: AuthenticatedHttpRequest) -> HttpResponse:
    saved = request.session.pop("journal_undo", None)
    if not saved:
        messages.info(request, "There is nothing to undo.")
        return redirect("journal:today")
    day = services.restore(request.user, saved)
    back = {"focus_entry": saved.get("entry")}  # its Edit link: the entry is where Undo was
    return after_change(request, day, f"{saved['label']} is back.", focus=back)
