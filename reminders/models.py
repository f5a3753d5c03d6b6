"""A person's reminders, the record that each was sent, and their browsers' push subscriptions."""

import datetime

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    MORNING = "morning", "Morning check-in"
    EVENING = "evening", "Evening food log"


class OwnedQuerySet(models.QuerySet):
    def for_user(self, user):
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

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "reminder settings"

    def __str__(self):
        return f"Reminders of {self.user}"

    def enabled(self, kind: str) -> bool:
        return self.morning_enabled if kind == Kind.MORNING else self.evening_enabled

    def time_of(self, kind: str) -> datetime.time:
        return self.morning_time if kind == Kind.MORNING else self.evening_time

    def turn_off(self, kind: str) -> None:
        field = "morning_enabled" if kind == Kind.MORNING else "evening_enabled"
        setattr(self, field, False)
        self.save(update_fields=[field, "updated"])


class SentReminder(models.Model):
    """One reminder claimed for sending: at most one per person, kind and local day.

    The row is written before anything is sent, and its unique constraint is the idempotency
    key: a second tick, a second worker or a restarted one cannot send the same day twice.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    local_date = models.DateField()
    claimed_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    pushed_to = models.PositiveSmallIntegerField(default=0)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "local_date"], name="reminder_once_per_kind_and_day"
            )
        ]

    def __str__(self):
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

    def __str__(self):
        return f"Push subscription of {self.user}"

    def as_subscription_info(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
