import base64
import binascii
from typing import Any

from django import forms

from . import schedule
from .endpoints import endpoint_problem
from .models import Kind, ReminderSettings


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ReminderSettingsForm(forms.ModelForm[ReminderSettings]):
    class Meta:
        model = ReminderSettings
        fields = [
            "morning_enabled",
            "morning_time",
            "evening_enabled",
            "evening_time",
            "quiet_start",
            "quiet_end",
            "by_email",
            "by_push",
        ]
        labels = {
            "morning_enabled": "Ask me each morning: “Any cramps last night?”",
            "evening_enabled": "Remind me each evening: “Mark today's food log complete”",
        }
        help_texts = {
            "morning_time": "Your local time.",
            "evening_time": "Your local time.",
            "quiet_start": "No reminder is sent from this time…",
            "quiet_end": "…until this time. Leave both empty for no quiet hours.",
            "by_push": "Turn on notifications below on each phone or computer you use.",
        }
        widgets = {
            "morning_time": _time_input(),
            "evening_time": _time_input(),
            "quiet_start": _time_input(),
            "quiet_end": _time_input(),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("quiet_start"), cleaned.get("quiet_end")
        if (start is None) != (end is None) and not self.has_error("quiet_start"):
            if not self.has_error("quiet_end"):
                self.add_error(
                    "quiet_end" if end is None else "quiet_start",
                    "Give both ends of your quiet hours, or leave both empty.",
                )
            return cleaned
        for kind, field in ((Kind.MORNING, "morning_time"), (Kind.EVENING, "evening_time")):
            at = cleaned.get(field)
            wanted = cleaned.get(f"{kind}_enabled")
            if wanted and at is not None and schedule.in_quiet_hours(at, start, end):
                self.add_error(
                    field,
                    f"{at:%H:%M} is inside your quiet hours ({start:%H:%M}–{end:%H:%M}), "
                    "so this reminder would never be sent. Pick another time.",
                )
        wants_any = cleaned.get("morning_enabled") or cleaned.get("evening_enabled")
        if wants_any and not (cleaned.get("by_email") or cleaned.get("by_push")):
            self.add_error("by_email", "Choose email, notifications or both.")
        return cleaned


class PushSubscriptionForm(forms.Form):
    """What the browser's PushManager.subscribe() gave us, posted by static/js/reminders.js.

    The keys are base64url: p256dh a 65-byte uncompressed P-256 point, auth 16 bytes.
    """

    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.CharField(max_length=200)
    auth = forms.CharField(max_length=100)

    def clean_endpoint(self) -> str:
        endpoint: str = self.cleaned_data["endpoint"]
        problem = endpoint_problem(endpoint)
        if problem is not None:
            raise forms.ValidationError(problem)
        return endpoint

    def clean_p256dh(self) -> str:
        return _base64url_of_length(self.cleaned_data["p256dh"], 65, "The browser's public key")

    def clean_auth(self) -> str:
        return _base64url_of_length(self.cleaned_data["auth"], 16, "The browser's secret")


def _base64url_of_length(value: str, length: int, what: str) -> str:
    try:
        decoded = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        decoded = b""
    if len(decoded) != length:
        raise forms.ValidationError(f"{what} is not in the form a browser gives it.")
    return value
