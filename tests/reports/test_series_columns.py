"""The report's series adds up the grouped rows in arrays (reports/slots.py, issue 25): to the
last bit what journal.intake.values_by_day gives for the same days, unknowns included."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from journal.intake import values_by_day
from journal.models import DayStatus, Drink
from reports.series import daily_series
from tests.factories import (
    CatalogFoodFactory,
    DrinkFactory,
    ExerciseFactory,
    MealFactory,
    MealItemFactory,
    SupplementFactory,
)

LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def test_the_series_columns_equal_the_day_sums_exactly(owner):
    first = date(2026, 3, 1)
    for offset in range(8):
        day = first + timedelta(days=offset)
        if offset == 7:  # complete with nothing logged: zero intake, known
            DayStatus.objects.create(user=owner, date=day, food_log_complete=True)
            continue
        meal = MealFactory(user=owner, occurred_at=at(day, 8))
        MealItemFactory(meal=meal, potassium_mg=422.44 + offset / 3, fluid_ml=200.0 * (offset % 2))
        if offset % 3 == 1:
            MealItemFactory(meal=meal, potassium_mg=None, sodium_mg=None)
        DrinkFactory(user=owner, occurred_at=at(day, 10), alcoholic=offset == 2)
        if offset % 2 == 0:
            DrinkFactory(
                user=owner,
                occurred_at=at(day, 11),
                kind=Drink.Kind.JUICE,
                food=CatalogFoodFactory(potassium_mg=200.0),
                potassium_mg=None if offset == 4 else 400.1 / 3,
                calcium_mg=0.1 * offset,
                caffeinated=True,
            )
        if offset in (1, 5):
            SupplementFactory(user=owner, occurred_at=at(day, 21), mineral_mg=None)
        if offset in (0, 3):
            SupplementFactory(user=owner, occurred_at=at(day, 21), mineral_mg=250.7)
        if offset != 6:  # one day logged but not complete: its intake is unknown
            DayStatus.objects.create(user=owner, date=day, food_log_complete=True)
        ExerciseFactory(user=owner, occurred_at=at(day, 17))
    last = first + timedelta(days=7)

    series = daily_series(owner, first, last)
    values, logged = values_by_day(owner, first, last)

    # Anything logged: intake, exercise, or the day marked complete.
    others = {day.date for day in series.days if day.exercise_minutes or day.complete}
    assert series.logged == logged | others
    for day in series.days:
        got = (
            day.potassium,
            day.magnesium,
            day.calcium,
            day.sodium,
            day.fluid,
            day.alcohol,
            day.caffeine,
        )
        if not day.complete:
            assert got == (None,) * 7, day.date
            continue
        expected = values.get(day.date, (0.0, 0.0, 0.0, 0.0, 0.0, 0, 0))
        # Exactly equal (floats compared with ==, unknowns as None), and floats throughout.
        assert got == (*expected[:5], float(expected[5]), float(expected[6])), day.date
        assert all(type(value) is float for value in got if value is not None), day.date
