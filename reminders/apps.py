from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save


def _zone_may_have_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A profile saved (its zone perhaps changed): the clock works out the person's due
    instants again at its next tick (ReminderSettings.morning_due_at)."""
    from .models import ReminderSettings

    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "time_zone" not in update_fields:
        return
    ReminderSettings.objects.filter(user_id=instance.user_id).exclude(
        morning_due_at=None, evening_due_at=None
    ).update(morning_due_at=None, evening_due_at=None)


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders"

    def ready(self) -> None:
        from accounts.models import Profile

        from . import checks  # noqa: F401  (registers the deploy check)

        post_save.connect(_zone_may_have_changed, sender=Profile, dispatch_uid="reminder_zone")
