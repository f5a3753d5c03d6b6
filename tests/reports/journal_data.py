"""A made-up journal with a known pattern, for the report tests and the page tour.

Days run up to the owner's local today. Potassium is low (1,200 mg, under any adult target)
on about two days in five, drawn with a fixed seed; the night after a low day usually brings
a cramp (70%), other nights rarely do (10%). Fluid, exercise and everything else follow
fixed cycles unrelated to either.
"""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from journal import days as journal_days
from journal.models import DayStatus
from tests import factories

# What issue 5 asks each association of the JSON report and `cramp_report --json` to carry.
ASSOCIATION_FIELDS = {
    "factor",
    "window",
    "flagged",
    "risk_ratio",
    "ci_low",
    "ci_high",
    "p_value",
    "days_exposed",
    "days_other",
}

LOW_POTASSIUM_MG = 1200.0
USUAL_POTASSIUM_MG = 3600.0


LOW_DAY_CHANCE = 0.4
CRAMP_CHANCE_AFTER = {True: 0.7, False: 0.1}  # by whether the day before was low


def fill_journal(user, days: int, *, complete: bool = True, seed: int = 5) -> None:
    """``days`` days of meals, water and night cramps ending today, marked complete."""
    rng = random.Random(seed)
    zone = user.profile.zone
    today = journal_days.local_day(timezone.now(), zone)
    first = today - timedelta(days=days - 1)
    for index in range(days):
        day = first + timedelta(days=index)
        noon = timezone.make_aware(datetime.combine(day, time(12, 30)), zone)
        meal = factories.MealFactory(user=user, occurred_at=noon)
        low = rng.random() < LOW_DAY_CHANCE
        night_cramp = rng.random() < CRAMP_CHANCE_AFTER[low]
        potassium = LOW_POTASSIUM_MG if low else USUAL_POTASSIUM_MG
        factories.MealItemFactory(
            meal=meal,
            food_name="Day's food",
            potassium_mg=potassium,
            magnesium_mg=300.0 + 40 * (index % 3),
            calcium_mg=900.0 + 150 * (index % 4),
            sodium_mg=1800.0 + 200 * (index % 5),
        )
        factories.DrinkFactory(user=user, occurred_at=noon, volume_ml=1800 + 300 * (index % 3))
        if index % 3 == 1:
            factories.ExerciseFactory(user=user, occurred_at=noon, duration_minutes=30)
        if complete:
            DayStatus.objects.create(user=user, date=day, food_log_complete=True)
        # The night after this day: 02:30 the next morning, if that morning has come.
        morning = timezone.make_aware(datetime.combine(day + timedelta(days=1), time(2, 30)), zone)
        if night_cramp and morning <= timezone.now():
            factories.CrampFactory(
                user=user,
                occurred_at=morning,
                severity=4 + index % 4,
                duration_seconds=90,
                relief=["stretching"],
                relief_effect="fully" if index % 2 else "little",
            )


def fill_days(user, specs, *, start_offset: int | None = None) -> None:
    """One day per spec, ending today: each spec a dict with ``potassium`` (mg), ``fluid``
    (ml), ``exercise`` (minutes, 0 for none), ``cramp`` (a night cramp the night after this
    day) and ``complete`` (default True). Magnesium, calcium and sodium stay fixed."""
    zone = user.profile.zone
    today = journal_days.local_day(timezone.now(), zone)
    first = today - timedelta(days=len(specs) - 1)
    for index, spec in enumerate(specs):
        day = first + timedelta(days=index)
        noon = timezone.make_aware(datetime.combine(day, time(12, 30)), zone)
        meal = factories.MealFactory(user=user, occurred_at=noon)
        factories.MealItemFactory(
            meal=meal,
            food_name="Day's food",
            potassium_mg=spec.get("potassium", USUAL_POTASSIUM_MG),
            magnesium_mg=320.0,
            calcium_mg=1000.0,
            sodium_mg=2000.0,
        )
        factories.DrinkFactory(user=user, occurred_at=noon, volume_ml=spec.get("fluid", 2500))
        if spec.get("exercise"):
            factories.ExerciseFactory(
                user=user, occurred_at=noon, duration_minutes=spec["exercise"]
            )
        if spec.get("complete", True):
            DayStatus.objects.create(user=user, date=day, food_log_complete=True)
        morning = timezone.make_aware(datetime.combine(day + timedelta(days=1), time(2, 30)), zone)
        if spec.get("cramp") and morning <= timezone.now():
            factories.CrampFactory(user=user, occurred_at=morning, severity=5)
