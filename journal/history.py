"""A run of days for the history page: each with its totals and entries, in fixed queries.

Totals for all the days come from journal.intake's grouped aggregates (one query per kind of
row), not one query per day, so a page costs the same whatever the days hold.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch

from accounts.models import User

from .entries import KINDS
from .intake import NOTHING, intake_by_day
from .models import DayFactorMark, DayStatus, MealItem


def _entries_by_day(
    user: User, first: datetime.date, last: datetime.date, kind: str
) -> dict[datetime.date, list[dict[str, Any]]]:
    by_day: dict[datetime.date, list[dict[str, Any]]] = defaultdict(list)
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


def _totals_by_day(
    user: User, first: datetime.date, last: datetime.date
) -> dict[datetime.date, dict[str, Any]]:
    """Each day's minerals and fluid (journal.intake), in the shape the template reads: for a
    mineral in ``unknown`` only the known part, which the page shows as "at least"."""
    by_day = intake_by_day(user, first, last)
    return {
        day: {**intake.known_part, "fluid_ml": intake.fluid_ml, "unknown": intake.unknown}
        for day, intake in ((day, by_day.get(day, NOTHING)) for day in _days(first, last))
    }


def _days(first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


def history_days(
    user: User, first: datetime.date, last: datetime.date, kind: str = ""
) -> list[dict[str, Any]]:
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
