"""The Reminders page, the push subscription endpoints, and the links inside reminders.

The check-in and unsubscribe links are public on purpose: a person opens them from an email
or a notification, often not signed in on that device. Each is signed for one person and
one thing (``reminders.links``) and can do nothing else; a GET only shows a page with one
button, so a mail scanner that fetches every link answers nothing for anyone.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from journal.models import NightAnswer
from journal.nights import has_cramp, record_no_cramps

from . import links
from .forms import PushSubscriptionForm, ReminderSettingsForm
from .models import Kind, PushSubscription, ReminderSettings
from .push import push_configured
from .services import SubscriptionRefused, save_push_subscription

ONE_DAY = datetime.timedelta(days=1)


class SignedInRequest(HttpRequest):
    """A request on a page that needs signing in (the login-required middleware saw to it)."""

    user: User


@require_http_methods(["GET", "POST"])
def reminder_settings(request: SignedInRequest) -> HttpResponse:
    reminders = ReminderSettings.objects.filter(user=request.user).first()
    form = ReminderSettingsForm(
        request.POST or None, instance=reminders or ReminderSettings(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your reminders are saved.")
        return redirect("reminders:settings")
    context = {
        "form": form,
        "push_configured": push_configured(),
        "push_public_key": settings.VAPID_PUBLIC_KEY,
        "subscriptions": PushSubscription.objects.for_user(request.user).count(),
    }
    return render(request, "reminders/settings.html", context, status=422 if form.errors else 200)


@require_POST
def push_subscribe(request: SignedInRequest) -> HttpResponse:
    form = PushSubscriptionForm(request.POST)
    if not form.is_valid():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        return JsonResponse({"saved": False, "errors": errors}, status=400)
    try:
        save_push_subscription(request.user, **form.cleaned_data)
    except SubscriptionRefused as refused:
        return JsonResponse({"saved": False, "errors": [str(refused)]}, status=409)
    return JsonResponse({"saved": True})


@require_POST
def push_unsubscribe(request: SignedInRequest) -> HttpResponse:
    endpoint = request.POST.get("endpoint", "")
    removed, _ = PushSubscription.objects.for_user(request.user).filter(endpoint=endpoint).delete()
    return JsonResponse({"removed": bool(removed)})


@login_not_required  # opened from a reminder, often where the person is not signed in
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = links.read_check_in(token)
    except links.LinkExpired:
        return _link_refused(
            request,
            "This link has expired, so it changed nothing. "
            "You can still answer on your Today page.",
        )
    except links.LinkInvalid:
        return _link_refused(
            request,
            "This link is not valid (it may have been cut short or "
            "changed), so it changed nothing.",
        )
    user = get_user_model().objects.filter(pk=link.user_id, is_active=True).first()
    if user is None or link.source not in (NightAnswer.Source.EMAIL, NightAnswer.Source.PUSH):
        return _link_refused(request, "This link is not valid, so it changed nothing.")
    context = {
        "night": link.night,
        "morning": link.night + ONE_DAY,
        "token": token,
        "yes_url": reverse("reminders:had_cramp", kwargs={"night": link.night}),
    }
    # Until the button is pressed the page is the same for every night, so the link tells
    # whoever holds it (a forwarded email, a mail scanner) nothing about that night.
    if request.method == "POST":
        if has_cramp(user, link.night):
            context["outcome"] = "had-cramp"
        else:
            recorded = record_no_cramps(user, link.night, source=link.source)
            context["outcome"] = "recorded" if recorded else "already"
    return render(request, "reminders/check_in.html", context)


@require_http_methods(["GET"])
def had_cramp(request: HttpRequest, night: datetime.date) -> HttpResponse:
    """ "Yes" from a morning reminder: the cramp form, set in that night."""
    return redirect(reverse("journal:create", args=["cramp"]) + f"?night={night.isoformat()}")


@login_not_required  # mail clients post here with no session (RFC 8058 one-click)
@csrf_exempt  # the signed token is the proof; a mail provider's POST carries no CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = links.read_unsubscribe(token)
    except (links.LinkExpired, links.LinkInvalid):
        return _link_refused(
            request,
            "This unsubscribe link is not valid, so it changed "
            "nothing. You can turn reminders off on the Reminders page "
            "after signing in.",
        )
    reminders = ReminderSettings.objects.filter(user_id=link.user_id).first()
    context = {"kind_label": Kind(link.kind).label, "token": token}
    if reminders is None or not reminders.enabled(link.kind):
        context["outcome"] = "already"
    elif request.method == "POST":
        reminders.turn_off(link.kind)
        context["outcome"] = "done"
    return render(request, "reminders/unsubscribe.html", context)


def _link_refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "reminders/link_refused.html", {"message": message}, status=400)
