"""Your usual supplements and medicines: the list kept, and taken in one tap (all, or one)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from config.http import AuthenticatedHttpRequest

from .. import services, usual
from ..errors import Refused
from ..forms import UsualSupplementForm
from ..models import UsualSupplement
from .base import local_today, posted_token
from .respond import after_change


def _item(request: AuthenticatedHttpRequest, pk: int) -> UsualSupplement:
    return get_object_or_404(UsualSupplement.objects.for_user(request.user), pk=pk)


def _saved(
    request: AuthenticatedHttpRequest, item: UsualSupplement, form: UsualSupplementForm
) -> HttpResponse | None:
    try:
        answered = services.save_usual(request.user, item)
    except Refused as refusal:
        form.add_error(None, str(refusal))
        return None
    said = f"“{item.name}” saved."
    if answered:
        said += " Your profile now says you take " + " and ".join(answered) + "."
    messages.success(request, said)
    return redirect("journal:usual")


@require_http_methods(["GET", "POST"])
def usual_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The list, and a new item for it."""
    form = UsualSupplementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answer = _saved(request, form.instance, form)
        if answer is not None:
            return answer
    items = list(UsualSupplement.objects.for_user(request.user))
    context = {
        "form": form,
        "items": items,
        "profile_notes": usual.profile_without_list(request.user.profile, items),
    }
    return render(request, "journal/usual.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def usual_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = UsualSupplementForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        answer = _saved(request, form.instance, form)
        if answer is not None:
            return answer
    context = {"form": form, "item": item}
    return render(request, "journal/usual_edit.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def usual_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    if request.method == "GET":
        confirm = {
            "question": f"Take “{item.name}” off your usual list?",
            "explanation": "What you logged of it stays in your journal.",
            "action": reverse("journal:usual_delete", args=[item.pk]),
            "keep_url": reverse("journal:usual"),
        }
        return render(request, "confirm_delete.html", confirm)
    services.delete_usual(item)
    messages.success(request, f"“{item.name}” is off your usual list.")
    return redirect("journal:usual")


def _took(request: AuthenticatedHttpRequest, items: list[UsualSupplement]) -> HttpResponse:
    try:
        entries, created = services.log_usual(request.user, items, posted_token(request))
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("journal:usual")
    names = [item.name for item in items]
    said = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    day = entries[0].local_date if entries else local_today()
    return after_change(request, day, f"Logged: {said}." if created else None)


@require_POST
def took_usual(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One tap: the whole usual list taken now."""
    return _took(request, list(UsualSupplement.objects.for_user(request.user)))


@require_POST
def took_one(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One item of the usual list taken now."""
    return _took(request, [_item(request, pk)])
