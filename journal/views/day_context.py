"""What a day's page shows: its entries, totals, own factors, and the one-tap shortcuts."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from accounts.models import User
from config.http import AuthenticatedHttpRequest
from foods.models import Favourite, Portion

from .. import nights
from ..entries import KINDS
from ..models import (
    Cramp,
    DayFactor,
    DayFactorMark,
    DayStatus,
    Drink,
    Exercise,
    Meal,
    MealItem,
    Supplement,
    UsualSupplement,
)
from ..quick import quick_water
from ..totals import day_totals, progress_bars, targets_for
from .base import day_url, local_today

RECENT_FOODS = 6
RECENT_MEALS = 3
# How far back the one-tap shortcuts look: a bounded window, so that Today reads the same
# few rows (through the (owner, day) indexes) for a person of ten years as of ten days.
RECENT_FOODS_DAYS = 45
RECENT_MEALS_DAYS = 60


def _timeline(user: User, day: datetime.date) -> list[dict[str, Any]]:
    """All of a day's entries, newest first, in a fixed number of queries."""
    items = Prefetch("items", queryset=MealItem.objects.order_by("pk"))
    groups: list[tuple[str, QuerySet[Any]]] = [
        ("cramp", Cramp.objects.for_user(user).on_day(day)),
        ("meal", Meal.objects.for_user(user).on_day(day).prefetch_related(items)),
        ("drink", Drink.objects.for_user(user).on_day(day)),
        ("exercise", Exercise.objects.for_user(user).on_day(day)),
        ("supplement", Supplement.objects.for_user(user).on_day(day)),
    ]
    timeline = [
        {"kind": KINDS[slug], "entry": entry} for slug, queryset in groups for entry in queryset
    ]
    timeline.sort(key=lambda row: row["entry"].occurred_at, reverse=True)
    return timeline


def _recent_foods(user: User) -> QuerySet[MealItem, dict[str, Any]]:
    """The person's most logged foods of the last weeks, for one-tap adding."""
    since = timezone.localdate() - datetime.timedelta(days=RECENT_FOODS_DAYS)
    return (
        MealItem.objects.filter(user=user, local_date__gte=since, food__isnull=False)
        .values("food_id", "food_name", "amount_label")
        .annotate(times=Count("pk"), last=Max("pk"))
        .order_by("-times", "-last")[:RECENT_FOODS]
    )


def _favourites(user: User) -> QuerySet[Favourite]:
    """The person's favourite foods with their default portion, for one-tap adding."""
    defaults = Portion.objects.filter(is_default=True)
    return (
        Favourite.objects.filter(user=user)
        .select_related("food")
        .prefetch_related(Prefetch("food__portions", queryset=defaults, to_attr="default_portions"))
    )


def _recent_meals(user: User, day: datetime.date) -> QuerySet[Meal]:
    items = Prefetch("items", queryset=MealItem.objects.order_by("pk"))
    with_items = MealItem.objects.filter(meal=OuterRef("pk"))
    return (
        Meal.objects.for_user(user)
        .between(day - datetime.timedelta(days=RECENT_MEALS_DAYS), day)
        .filter(Exists(with_items))
        .prefetch_related(items)
        .order_by("-occurred_at")[:RECENT_MEALS]
    )


def own_factors(user: User, day: datetime.date) -> list[tuple[DayFactor, bool]]:
    """The person's own factors, each with whether it is marked on ``day``: one query."""
    marks = DayFactorMark.objects.filter(factor=OuterRef("pk"), date=day)
    factors = DayFactor.objects.filter(user=user).annotate(marked=Exists(marks))
    return [(factor, factor.marked) for factor in factors]


def usual_taken(
    user: User, timeline: list[dict[str, Any]], day: datetime.date
) -> list[tuple[UsualSupplement, bool]]:
    """Today's usual list, each item with whether it is logged on ``day`` already (read from
    the day's entries at hand: no query more than the list's)."""
    logged = {row["entry"].name for row in timeline if row["kind"].slug == "supplement"}
    items = UsualSupplement.objects.for_user(user)
    return [(item, str(item)[:120] in logged) for item in items]


def day_context(request: AuthenticatedHttpRequest, day: datetime.date) -> dict[str, Any]:
    user = request.user
    totals = day_totals(user, day)
    timeline = _timeline(user, day)
    usual = usual_taken(user, timeline, day) if day == local_today() else []
    status = DayStatus.objects.filter(user=user, date=day).first()
    today = local_today()
    return {
        "day": day,
        "is_today": day == today,
        "previous_day": day - datetime.timedelta(days=1),
        "next_day": day + datetime.timedelta(days=1) if day < today else None,
        "next_url": day_url(day + datetime.timedelta(days=1)) if day < today else None,
        "timeline": timeline,
        "bars": progress_bars(totals, targets_for(user.profile, today)),
        "complete": bool(status and status.food_log_complete),
        "own_factors": own_factors(user, day),
        "quick_water": quick_water(user.profile.units),
        "favourites": _favourites(user),
        "recent_foods": _recent_foods(user),
        "recent_meals": _recent_meals(user, day),
        "undo": request.session.get("journal_undo"),
        "usual_items": usual,
        "usual_all_taken": all(taken for _, taken in usual),
        "night": nights.morning_question(user, timezone.localtime()) if day == today else None,
    }
