"""What this person usually logs at this hour: "Now is breakfast time" on Add food.

Their meal items of the last weeks logged within an hour and a half of this time of day
(local time), the foods of at least two different days first, and their last meal of the
kind this time of day means, when it had several foods: each one tap away (the food again,
as logged last time; the meal again).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User

from .meal_times import default_meal_kind
from .models import Meal, MealItem

LOOK_BACK_DAYS = 60
WINDOW_MINUTES = 90
USUAL_FOODS = 5


@dataclass(frozen=True)
class Usual:
    kind: str  # the meal this time of day means
    items: list[MealItem]  # the last logged item of each usual food, most usual first
    meal: Meal | None  # the last meal of that kind, when it had two foods or more


def _minutes_apart(a: datetime.time, b: datetime.time) -> int:
    difference = abs((a.hour * 60 + a.minute) - (b.hour * 60 + b.minute))
    return min(difference, 24 * 60 - difference)


def usual_now(user: User, now: datetime.datetime | None = None) -> Usual:
    now = now or timezone.now()
    kind = default_meal_kind(now)
    here = timezone.localtime(now).time()
    since = now - datetime.timedelta(days=LOOK_BACK_DAYS)
    rows = (
        MealItem.objects.filter(user=user, meal__occurred_at__gte=since, food__isnull=False)
        .select_related("meal")
        .order_by("-meal__occurred_at", "-pk")[:400]
    )
    days: dict[int, set[datetime.date]] = {}
    last: dict[int, MealItem] = {}
    counts: Counter[int] = Counter()
    for item in rows:
        when = timezone.localtime(item.meal.occurred_at)
        if _minutes_apart(when.time(), here) > WINDOW_MINUTES:
            continue
        food_id = item.food_id
        assert food_id is not None  # filtered above
        days.setdefault(food_id, set()).add(when.date())
        counts[food_id] += 1
        last.setdefault(food_id, item)
    ranked = sorted(counts, key=lambda pk: (-len(days[pk]), -counts[pk]))
    usual_items = [last[pk] for pk in ranked if len(days[pk]) >= 2][:USUAL_FOODS]
    meal = (
        Meal.objects.for_user(user)
        .filter(kind=kind, occurred_at__gte=since, local_date__lt=timezone.localdate(now))
        .prefetch_related("items")
        .order_by("-occurred_at")
        .first()
    )
    if meal is not None and len(meal.items.all()) < 2:
        meal = None
    return Usual(kind, usual_items, meal)
