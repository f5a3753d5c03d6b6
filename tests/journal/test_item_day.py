"""A meal item keeps its meal's owner and local day (issue 25), whichever way it is written:
the daily sums read the items' own (owner, day) index, so the copy must never drift."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from foods.models import Food
from journal import services
from journal.intake import intake_on
from journal.models import Meal, MealItem
from tests.factories import MealFactory, MealItemFactory

LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def test_an_item_takes_its_meals_owner_and_day(owner):
    meal = MealFactory(user=owner, occurred_at=at(date(2026, 3, 10), 8))
    item = MealItemFactory(meal=meal)

    item.refresh_from_db()
    assert (item.user_id, item.local_date) == (owner.pk, date(2026, 3, 10))


def test_bulk_created_items_take_their_meals_day_even_without_the_meal_at_hand(owner, stranger):
    mine = MealFactory(user=owner, occurred_at=at(date(2026, 3, 10), 8))
    theirs = MealFactory(user=stranger, occurred_at=at(date(2026, 2, 1), 8))

    MealItem.objects.bulk_create(
        [
            MealItem(meal_id=mine.pk, food_name="Banana", amount_label="1", grams=100),
            MealItem(meal=theirs, food_name="Milk", amount_label="1 cup", grams=240),
        ]
    )

    assert sorted(MealItem.objects.values_list("user_id", "local_date", "food_name")) == sorted(
        [(owner.pk, date(2026, 3, 10), "Banana"), (stranger.pk, date(2026, 2, 1), "Milk")]
    )


def test_moving_a_meal_to_another_day_moves_its_items_and_their_sums(owner):
    meal = MealFactory(user=owner, occurred_at=at(date(2026, 3, 10), 8))
    MealItemFactory(meal=meal)
    MealItemFactory(meal=meal, food_name="Milk")

    meal.occurred_at = at(date(2026, 3, 12), 8)
    meal.save()

    assert set(MealItem.objects.values_list("local_date", flat=True)) == {date(2026, 3, 12)}
    assert intake_on(owner, date(2026, 3, 10)).minerals["potassium"] == 0.0
    assert intake_on(owner, date(2026, 3, 12)).minerals["potassium"] > 800


def test_editing_a_meals_note_keeps_its_items_day(owner, django_assert_num_queries):
    meal = MealFactory(user=owner, occurred_at=at(date(2026, 3, 10), 8))
    MealItemFactory(meal=meal)

    meal = Meal.objects.get(pk=meal.pk)
    meal.note = "after the walk"
    with django_assert_num_queries(1):  # the meal's update only: no item is touched
        meal.save()

    assert MealItem.objects.get().local_date == date(2026, 3, 10)


def test_a_repeated_meal_and_a_logged_food_are_on_their_own_day(owner):
    food = Food.objects.create(name="Apple", potassium_mg=107)
    day = date.today() - timedelta(days=3)
    services.log_food(owner, food, 150, "1 medium", "lunch", day=day)
    old = Meal.objects.get()

    services.repeat_meal(owner, old, None)

    days = sorted(MealItem.objects.filter(user=owner).values_list("local_date", flat=True))
    assert days[0] == day
    assert days[1] == Meal.objects.exclude(pk=old.pk).get().local_date


def test_the_reports_tuples_say_what_the_day_sums_say(owner):
    """journal.intake.values_by_day (one tuple a day, for the reports) against intake_by_day:
    known and unknown minerals, drinks with and without a food, supplements with and without
    their mg, fluid from drink foods, alcohol and caffeine."""
    from journal.intake import intake_by_day, values_by_day
    from journal.models import Drink
    from tests.factories import CatalogFoodFactory, DrinkFactory, SupplementFactory

    first = date(2026, 3, 1)
    for offset in range(6):
        day = first + timedelta(days=offset)
        meal = MealFactory(user=owner, occurred_at=at(day, 8))
        MealItemFactory(meal=meal, fluid_ml=200.0 if offset % 2 else None)
        if offset % 3 == 1:
            MealItemFactory(meal=meal, potassium_mg=None, sodium_mg=None)
        DrinkFactory(user=owner, occurred_at=at(day, 10), alcoholic=offset == 2)
        if offset % 2 == 0:
            juice = CatalogFoodFactory(potassium_mg=200.0)
            DrinkFactory(
                user=owner,
                occurred_at=at(day, 11),
                kind=Drink.Kind.JUICE,
                food=juice,
                potassium_mg=None if offset == 4 else 400.0,
                caffeinated=True,
            )
        if offset in (1, 5):
            SupplementFactory(user=owner, occurred_at=at(day, 21), mineral_mg=None)
        if offset == 3:
            SupplementFactory(user=owner, occurred_at=at(day, 21))
    last = first + timedelta(days=6)

    by_day = intake_by_day(owner, first, last)
    values, logged = values_by_day(owner, first, last)
    some, same_logged = values_by_day(owner, first, last, only={first, last})

    assert set(values) == set(by_day) == logged == same_logged
    assert some == {first: values[first]}  # nothing logged on the last day
    for day, intake in by_day.items():
        minerals = intake.minerals
        assert values[day] == (
            minerals["potassium"],
            minerals["magnesium"],
            minerals["calcium"],
            minerals["sodium"],
            float(intake.fluid_ml),
            intake.alcoholic_drinks,
            intake.caffeinated_drinks,
        ), day
    assert any(value is None for day_values in values.values() for value in day_values[:4])
