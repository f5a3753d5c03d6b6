"""A day's intake, as Today, the history and the reports show it, for every day of the demo.

All three read one function (journal.intake); this checks that the figures they show are
the same, and the same as a recount from the stored rows, on the demo account's 120 days:
written before that function replaced their three sums, and unchanged since but for the fluid
of meal items of drink foods, which counts since issue 14 (the demo's milk on cereal).
"""

import math
from collections import defaultdict
from datetime import timedelta

from django.utils import timezone

from foods.nutrients import MINERALS
from journal import days
from journal.history import history_days
from journal.models import Drink, MealItem, Supplement
from journal.totals import day_totals
from reports.series import daily_series


def recount(user):
    """Minerals and fluid per local day, added up in Python from every stored row (a meal
    item of a drink food, milk on the demo's cereal, adds its fluid)."""
    minerals = defaultdict(lambda: dict.fromkeys(MINERALS, 0.0))
    fluid = defaultdict(float)
    for item in MealItem.objects.filter(meal__user=user).select_related("meal"):
        fluid[item.meal.local_date] += item.fluid_ml or 0.0
        for name in MINERALS:
            minerals[item.meal.local_date][name] += getattr(item, f"{name}_mg") or 0.0
    for drink in Drink.objects.filter(user=user):
        fluid[drink.local_date] += drink.volume_ml
        for name in MINERALS:
            minerals[drink.local_date][name] += getattr(drink, f"{name}_mg") or 0.0
    for supplement in Supplement.objects.filter(user=user).exclude(mineral=""):
        minerals[supplement.local_date][supplement.mineral] += supplement.mineral_mg or 0.0
    return minerals, fluid


def same(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def test_today_history_and_reports_show_the_stored_intake_of_every_demo_day(demo):
    last = days.local_day(timezone.now(), demo.profile.zone)
    first = last - timedelta(days=119)
    minerals, fluid = recount(demo)
    history = {day["date"]: day for day in history_days(demo, first, last)}
    series = {day.date: day for day in daily_series(demo, first, last).days}
    complete_days = 0

    day = first
    while day <= last:
        expected = minerals[day]
        today = day_totals(demo, day)
        for name in MINERALS:
            assert same(today.minerals[name], expected[name]), (day, name, "Today")
            assert same(history[day]["totals"][name], expected[name]), (day, name, "history")
        assert (
            today.fluid_ml == history[day]["totals"]["fluid_ml"] == math.floor(fluid[day] + 0.5)
        ), day
        if series[day].complete:
            complete_days += 1
            for name in MINERALS:
                assert same(getattr(series[day], name), expected[name]), (day, name, "reports")
            assert series[day].fluid == math.floor(fluid[day] + 0.5), day
        else:
            assert all(getattr(series[day], name) is None for name in MINERALS), day
        day += timedelta(days=1)
    assert complete_days > 90  # the demo marks most days complete
    assert sum(fluid.values()) > 0 and sum(m["potassium"] for m in minerals.values()) > 0
