"""Whether a reminder's question was already answered, so it need not be asked."""

import datetime
from typing import TYPE_CHECKING

from journal.models import DayStatus
from journal.nights import is_known, last_night

from .models import Kind

if TYPE_CHECKING:
    from accounts.models import User


def already_answered(user: "User", kind: str, day: datetime.date) -> bool:
    """Morning: last night is known. Evening: the day's food log is marked complete."""
    if kind == Kind.MORNING:
        return is_known(user, last_night(day))
    return DayStatus.objects.filter(user=user, date=day, food_log_complete=True).exists()
