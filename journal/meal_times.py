"""When meals happen: the meal people mean at a time of day, and a meal's usual time.

Rules of the journal, not of a form: the add-food form starts on the meal of this time of
day, and a food added afterwards to a past day starts that day's meal at its usual time.
"""

import datetime

from django.utils import timezone

from .models import Meal

# When a meal added afterwards to a past day is taken to have happened, local time.
USUAL_MEAL_TIMES = {
    Meal.Kind.BREAKFAST: datetime.time(8, 0),
    Meal.Kind.LUNCH: datetime.time(12, 30),
    Meal.Kind.DINNER: datetime.time(19, 0),
    Meal.Kind.SNACK: datetime.time(15, 30),
}


def default_meal_kind(moment: datetime.datetime) -> str:
    """The meal people most likely mean at this local time of day."""
    hour = timezone.localtime(moment).hour
    if 5 <= hour < 11:
        return Meal.Kind.BREAKFAST
    if 11 <= hour < 15:
        return Meal.Kind.LUNCH
    if 17 <= hour < 22:
        return Meal.Kind.DINNER
    return Meal.Kind.SNACK


def meal_start(kind: str, day: datetime.date, now: datetime.datetime) -> datetime.datetime:
    """When a meal started now for ``day`` is taken to have happened: now for today, the
    meal's usual time on a past day (in the active time zone)."""
    if day == timezone.localdate(now):
        return now
    usual = USUAL_MEAL_TIMES[Meal.Kind(kind)]
    return datetime.datetime.combine(day, usual, tzinfo=timezone.get_current_timezone())
