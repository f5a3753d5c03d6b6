"""An account with a row of every kind a person can own, for export, import and deletion."""

from datetime import UTC, datetime

from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.test import Client

from foods.models import Food
from journal.models import DayFactor, DayFactorMark, DayStatus, NightAnswer
from portability.models import PendingImport
from reminders.models import PushSubscription, ReminderSettings, SentReminder
from tests import factories

NIGHT = datetime(2026, 3, 14, 2, 30, 15, 123456, tzinfo=UTC)
EVENING = datetime(2026, 3, 13, 19, 5, tzinfo=UTC)


def catalog_banana():
    food, _ = Food.objects.get_or_create(
        source=Food.Source.USDA_SR28,
        source_id="09040",
        defaults={"name": "Banana, raw", "potassium_mg": 358, "magnesium_mg": 27},
    )
    return food


def fill_journal(user) -> dict:
    """One or more rows of each kind of the user's data; returns some of them by name."""
    banana = catalog_banana()
    smoothie = factories.PersonalFoodFactory(owner=user, name="Green smoothie")
    smoothie.portions.create(label="1 glass", grams=250, is_default=True, position=0)
    smoothie.portions.create(label="1 jar", grams=500, position=1)
    user.favourite_foods.create(food=banana)
    user.favourite_foods.create(food=smoothie)
    cramp = factories.CrampFactory(
        user=user,
        occurred_at=NIGHT,
        severity=7,
        duration_seconds=90,
        situation="night",
        relief=["stretching", "walking"],
        relief_effect="little",
        note='=HYPERLINK("http://evil") woke me up, “left calf”',
    )
    factories.CrampFactory(user=user, occurred_at=EVENING, muscle="foot", side="right")
    meal = factories.MealFactory(user=user, occurred_at=EVENING, kind="dinner", note="at home")
    factories.MealItemFactory(meal=meal, food=banana, food_name=banana.name)
    factories.MealItemFactory(
        meal=meal, food=smoothie, food_name=smoothie.name, amount_label="1 glass", grams=250
    )
    factories.MealItemFactory(meal=meal, food=None, food_name="Mystery stew", potassium_mg=None)
    factories.DrinkFactory(user=user, occurred_at=EVENING, kind="coffee", volume_ml=200,
                           caffeinated=True)  # fmt: skip
    factories.ExerciseFactory(user=user, occurred_at=EVENING, activity="+cycling")
    factories.SupplementFactory(user=user, occurred_at=NIGHT, mineral_mg=150.5)
    DayStatus.objects.create(user=user, date=EVENING.date(), food_log_complete=True)
    slept = DayFactor.objects.create(user=user, name="Slept badly")
    DayFactorMark.objects.create(user=user, factor=slept, date=EVENING.date())
    # "No cramps" for the night after NIGHT's (whose cramps belong to the night before).
    NightAnswer.objects.create(user=user, night=NIGHT.date(), source="email")
    # Issue 24: a recipe naming a catalog food, a private one and none; the usual list.
    recipe = factories.RecipeFactory(user=user, name="Smoothie bowl", servings=3)
    factories.RecipeItemFactory(recipe=recipe, food=banana, food_name=banana.name)
    factories.RecipeItemFactory(recipe=recipe, food=smoothie, food_name=smoothie.name,
                                amount_label="1 jar", grams=500, fluid_ml=500)  # fmt: skip
    factories.RecipeItemFactory(recipe=recipe, food_name="Granola", calcium_mg=None)
    factories.UsualSupplementFactory(user=user, name="Magnesium glycinate", dose="2 capsules")
    factories.UsualSupplementFactory(
        user=user, name="Furosemide", dose="40 mg", magnesium_mg=None, medicine="diuretic"
    )
    return {"cramp": cramp, "meal": meal, "smoothie": smoothie, "banana": banana}


def fill_everything(user) -> None:
    """The journal, a pending import, and the rows Django keeps for a user (admin history,
    groups and permissions)."""
    fill_journal(user)
    factories.finished_experiment(user, cramp_nights=(2, 5))  # with answers and changes
    PendingImport.objects.create(user=user, content="{}", digest="0" * 64)
    ReminderSettings.objects.create(user=user, morning_enabled=True, by_push=True)
    SentReminder.objects.create(user=user, kind="morning", local_date=NIGHT.date())
    PushSubscription.objects.create(
        user=user,
        endpoint=f"https://push.example.test/{user.pk}",
        p256dh="B" + "A" * 86,
        auth="A" * 22,
    )
    user.user_permissions.add(Permission.objects.get(codename="view_food"))
    group, _ = Group.objects.get_or_create(name="Testers")
    user.groups.add(group)
    LogEntry.objects.create(
        user=user, object_repr="something", action_flag=ADDITION, change_message="added"
    )
    Client().force_login(user)  # a stored session, marked with the user
