"""A person's reminders, the record that each was sent, and their browsers' push subscriptions."""

import datetime
import uuid
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    MORNING = "morning", "Morning check-in"
    EVENING = "evening", "Evening food log"


if TYPE_CHECKING:
    from accounts.models import User

_M = TypeVar("_M", bound=models.Model)


def new_claim() -> str:
    """A fresh claim token: whoever holds the current one may send the reminder."""
    return uuid.uuid4().hex


class OwnedQuerySet(models.QuerySet[_M]):
    def for_user(self, user: "User") -> "OwnedQuerySet[_M]":
        return self.filter(user=user)


class ReminderSettings(models.Model):
    """What a person asked to be reminded of, when, and how. Off until they opt in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    morning_enabled = models.BooleanField("Remind me each morning", default=False)
    morning_time = models.TimeField("Morning reminder at", default=datetime.time(7, 30))
    evening_enabled = models.BooleanField("Remind me each evening", default=False)
    evening_time = models.TimeField("Evening reminder at", default=datetime.time(20, 30))
    quiet_start = models.TimeField("Quiet from", null=True, blank=True)
    quiet_end = models.TimeField("Quiet until", null=True, blank=True)
    by_email = models.BooleanField("By email", default=True)
    by_push = models.BooleanField("As a notification on this phone or computer", default=False)
    updated = models.DateTimeField(auto_now=True)
    # When each kind is next due (UTC), kept by the clock (reminders.scheduler) so that a
    # tick reads only the people due, through these indexes, not everyone with reminders.
    # None: not worked out yet; every save of the settings and every change of the zone
    # (reminders.apps) sets it back to None, and the next tick works it out again.
    morning_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    evening_due_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "reminder settings"
        indexes = [
            models.Index(fields=["morning_enabled", "morning_due_at"], name="reminder_morning_due"),
            models.Index(fields=["evening_enabled", "evening_due_at"], name="reminder_evening_due"),
        ]

    def __str__(self) -> str:
        return f"Reminders of {self.user}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The times, the switches or the zone may have changed: the clock works out when
        # each kind is due again at its next tick.
        self.morning_due_at = self.evening_due_at = None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "morning_due_at", "evening_due_at"}
        super().save(*args, **kwargs)

    def enabled(self, kind: str) -> bool:
        return self.morning_enabled if kind == Kind.MORNING else self.evening_enabled

    def time_of(self, kind: str) -> datetime.time:
        return self.morning_time if kind == Kind.MORNING else self.evening_time

    def turn_off(self, kind: str) -> None:
        field = "morning_enabled" if kind == Kind.MORNING else "evening_enabled"
        setattr(self, field, False)
        self.save(update_fields=[field, "updated"])


class SentReminder(models.Model):
    """One person's reminder of one kind on one local day, from its claim until it is sent.

    Unique on (person, kind, local date): that constraint is the idempotency key, so however
    many clocks run, each person gets a kind of reminder at most once a day. The row is
    written when the reminder falls due (``claimed``) and marked ``sent`` only after the mail
    server or push service accepted it. Whoever holds the current ``claim`` token may send it
    until ``lease_until``; a failed attempt (``failed``) waits until then for its retry, and a
    lease that runs out unsent (a worker killed mid-send, a task lost with Redis) is taken up
    again by the clock, until ``window_ends``.
    """

    class State(models.TextChoices):
        CLAIMED = "claimed", "Claimed, being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, to be tried again"
        SKIPPED = "skipped", "Not sent: answered or turned off first"

    # Not indexed alone: the once-per-kind-and-day constraint starts with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    local_date = models.DateField()
    claimed_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.CLAIMED)
    claim = models.CharField(max_length=32, default=new_claim)
    lease_until = models.DateTimeField(default=timezone.now)
    window_ends = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    pushed_at = models.DateTimeField(null=True, blank=True)
    pushed_to = models.PositiveSmallIntegerField(default=0)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "local_date"], name="reminder_once_per_kind_and_day"
            )
        ]
        indexes = [
            # The clock's retry query: unsent rows whose lease ran out, oldest first.
            models.Index(
                fields=["lease_until"],
                name="reminder_unsent_by_lease",
                condition=models.Q(state__in=["claimed", "failed"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder of {self.local_date} for {self.user}"


class PushSubscription(models.Model):
    """A browser's Web Push subscription: where to send, and the keys to encrypt with."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Push subscription of {self.user}"

    def as_subscription_info(self) -> dict[str, object]:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
