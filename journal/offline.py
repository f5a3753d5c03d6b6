"""Taps made without a network: their tap time, how the server answers them, and the owner key.

Offline, the quick actions on Today ("Log a cramp now", the water buttons) keep each tap on
the phone (static/js/offline.js) with its request token and the moment of the tap, and send it
when the network is back, with that moment as ``tapped_at``. The entry then counts at the
time of the tap, not of the sync; the request token makes a second sending of the same tap
add nothing (journal/services.py, ``once``). The bounds keep a phone's wrong clock or a tap
forgotten for weeks from writing an entry nobody would recognise: no later than a few minutes
of clock drift ahead, no older than a week (the person can still add it with the full form).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .forms import CrampForm, DrinkForm

CLOCK_SKEW = datetime.timedelta(minutes=5)
OLDEST_TAP = datetime.timedelta(days=7)


class TapTimeField(forms.DateTimeField):
    """The moment of a tap as the phone's clock saw it: ISO 8601 with its offset ("…Z").

    An instant, not a wall-clock time: a phone carried across zones between the tap and the
    sync must not move the entry. Left out, it means the tap is being sent as it happens.
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime.datetime | None:
        if value in self.empty_values:
            return None
        try:
            moment = datetime.datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise forms.ValidationError(
                "The time of the tap is not a date and time this app can read."
            ) from None
        if timezone.is_naive(moment):
            raise forms.ValidationError("The time of the tap needs its offset from UTC.")
        return moment

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        now = timezone.now()
        if value > now + CLOCK_SKEW:
            raise forms.ValidationError(
                "The time of the tap is in the future: check the phone's clock. Nothing was added."
            )
        if value < now - OLDEST_TAP:
            raise forms.ValidationError(
                "That tap is more than 7 days old, so it was not added. "
                "Add it with the full form if you remember it."
            )


class TappedLater(forms.BaseForm):
    """A quick-action form that may carry the time of a tap kept on the phone until now."""

    @property
    def sent_later(self) -> bool:
        """True for a tap kept on the phone: it is answered in JSON, for the page's script."""
        return bool(self.data.get("tapped_at"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        tapped_at = self.cleaned_data.get("tapped_at")
        if tapped_at:
            # Before the instance is built from cleaned_data, so the entry gets the tap's time.
            self.cleaned_data["occurred_at"] = tapped_at
        return self.cleaned_data


class QuickCrampForm(TappedLater, CrampForm):
    tapped_at = TapTimeField()


class QuickDrinkForm(TappedLater, DrinkForm):
    tapped_at = TapTimeField()


def synced(created: bool) -> JsonResponse:
    """The answer to a tap sent later: 201 when it added an entry, 200 when it had already."""
    return JsonResponse({"created": created}, status=201 if created else 200)


def refused(form: forms.BaseForm) -> JsonResponse:
    """A tap sent later that can never be added: the page drops it and shows why."""
    messages = [str(message) for errors in form.errors.values() for message in errors]
    return JsonResponse({"error": " ".join(messages)}, status=422)


def owner_key(user: AbstractBaseUser | AnonymousUser) -> str:
    """An opaque key of the person, stored with each tap on the phone: the page sends only
    taps of the person signed in, never one person's taps into another's journal."""
    return salted_hmac("journal.offline.owner", str(user.pk)).hexdigest()[:24]
