"""A run of days for the history page: each with its totals and entries, in fixed queries.

Totals for all the days come from grouped aggregates (one query per kind of row), not one
query per day, so a page costs the same whatever the days hold.
"""

import datetime
from collections import defaultdict

from django.db.models import Prefetch, Sum

from foods.nutrients import MINERALS

from .entries import KINDS
from .models import DayFactorMark, DayStatus, Drink, MealItem, Supplement

MINERAL_FIELDS = [f"{name}_mg" for name in MINERALS]


def _entries_by_day(user, first, last, kind):
    by_day = defaultdict(list)
    slugs = [kind] if kind else list(KINDS)
    for slug in slugs:
        queryset = KINDS[slug].model.objects.for_user(user).between(first, last)
        if slug == "meal":
            queryset = queryset.prefetch_related(
                Prefetch("items", queryset=MealItem.objects.order_by("pk"))
            )
        for entry in queryset:
            by_day[entry.local_date].append({"kind": KINDS[slug], "entry": entry})
    for rows in by_day.values():
        rows.sort(key=lambda row: row["entry"].occurred_at, reverse=True)
    return by_day


def _totals_by_day(user, first, last):
    totals = defaultdict(lambda: {**dict.fromkeys(MINERALS, 0.0), "fluid_ml": 0})
    sums = {name: Sum(f"{name}_mg") for name in MINERALS}
    meal_rows = (
        MealItem.objects.filter(meal__user=user, meal__local_date__range=(first, last))
        .values("meal__local_date")
        .annotate(**sums)
    )
    for row in meal_rows:
        for name in MINERALS:
            totals[row["meal__local_date"]][name] += row[name] or 0
    drink_rows = (
        Drink.objects.for_user(user)
        .between(first, last)
        .values("local_date")
        .annotate(fluid=Sum("volume_ml"), **sums)
    )
    for row in drink_rows:
        day = totals[row["local_date"]]
        day["fluid_ml"] += row["fluid"] or 0
        for name in MINERALS:
            day[name] += row[name] or 0
    supplement_rows = (
        Supplement.objects.for_user(user)
        .between(first, last)
        .exclude(mineral="")
        .values("local_date", "mineral")
        .annotate(total=Sum("mineral_mg"))
    )
    for row in supplement_rows:
        totals[row["local_date"]][row["mineral"]] += row["total"] or 0
    return totals


def history_days(user, first: datetime.date, last: datetime.date, kind: str = ""):
    entries = _entries_by_day(user, first, last, kind)
    totals = _totals_by_day(user, first, last)
    complete = set(
        DayStatus.objects.filter(
            user=user, date__range=(first, last), food_log_complete=True
        ).values_list("date", flat=True)
    )
    own_factors = defaultdict(list)
    for day, name in (
        DayFactorMark.objects.filter(user=user, date__range=(first, last))
        .order_by("factor__created", "factor_id")
        .values_list("date", "factor__name")
    ):
        own_factors[day].append(name)
    days = []
    day = last
    while day >= first:
        days.append(
            {
                "date": day,
                "entries": entries.get(day, []),
                "totals": totals[day],
                "complete": day in complete,
                "own_factors": own_factors.get(day, []),
            }
        )
        day -= datetime.timedelta(days=1)
    return days
