"""`manage.py seed_demo`: the demo account and its 120 days of made-up journal.

One seeding, committed for this module, serves the read-only tests; the tests that run the
command again do so inside their own transaction, which is rolled back.
"""

import json
from collections import defaultdict
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from demo.account import DEMO_EMAIL, DEMO_PASSWORD
from demo.journal import DEMO_DAYS, LOW_FLUID_ML, LOW_POTASSIUM_MG
from foods.models import Food
from journal import days
from journal.models import (
    Cramp,
    DayStatus,
    Drink,
    Exercise,
    Meal,
    MealItem,
    Recipe,
    Supplement,
    UsualSupplement,
)

ENTRY_MODELS = (Meal, Drink, Exercise, Supplement, Cramp)


def run_seed_demo():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(seeded_demo):
    """The command's output from the module's one seeding (tests/conftest.py)."""
    return seeded_demo


def local_today(user):
    return days.local_day(timezone.now(), user.profile.zone)


def row_counts(user):
    counts = {model.__name__: model.objects.filter(user=user).count() for model in ENTRY_MODELS}
    counts["MealItem"] = MealItem.objects.filter(meal__user=user).count()
    counts["DayStatus"] = DayStatus.objects.filter(user=user).count()
    return counts


def daily_intake(user):
    """Potassium (meal items and drinks) and fluid (drinks) per local day, from stored rows."""
    potassium, fluid = defaultdict(float), defaultdict(int)
    items = MealItem.objects.filter(meal__user=user).values_list("meal__local_date", "potassium_mg")
    for day, milligrams in items:
        potassium[day] += milligrams or 0
    for day, milligrams, millilitres in Drink.objects.filter(user=user).values_list(
        "local_date", "potassium_mg", "volume_ml"
    ):
        potassium[day] += milligrams or 0
        fluid[day] += millilitres
    return potassium, fluid


def complete_days(user):
    return set(
        DayStatus.objects.filter(user=user, food_log_complete=True).values_list("date", flat=True)
    )


def test_the_command_prints_how_to_log_in_and_the_account_works(seeded, demo, client):
    assert DEMO_EMAIL in seeded
    assert DEMO_PASSWORD in seeded
    response = client.post(reverse("login"), {"username": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_the_journal_covers_120_days_ending_today_and_belongs_to_the_demo_only(demo):
    today = local_today(demo)
    meal_days = set(Meal.objects.filter(user=demo).values_list("local_date", flat=True))

    assert min(meal_days) == today - timedelta(days=DEMO_DAYS - 1)
    assert max(meal_days) <= today
    for model in ENTRY_MODELS:
        assert not model.objects.exclude(user=demo).exists(), model.__name__
    assert not DayStatus.objects.exclude(user=demo).exists()
    assert not Cramp.objects.filter(occurred_at__gt=timezone.now()).exists()


def test_every_past_day_has_meals_and_drinks_and_complete_days_have_three_meals(demo):
    today = local_today(demo)
    past_days = [today - timedelta(days=n) for n in range(1, DEMO_DAYS)]
    meal_kinds = defaultdict(set)
    for day, kind in Meal.objects.filter(user=demo).values_list("local_date", "kind"):
        meal_kinds[day].add(kind)
    drink_days = set(Drink.objects.filter(user=demo).values_list("local_date", flat=True))
    main_meals = {Meal.Kind.BREAKFAST, Meal.Kind.LUNCH, Meal.Kind.DINNER}

    assert all(meal_kinds[day] for day in past_days)
    assert all(day in drink_days for day in past_days)
    assert all(main_meals <= meal_kinds[day] for day in complete_days(demo))
    assert 0.85 <= len(complete_days(demo)) / len(past_days) <= 0.95
    assert today not in complete_days(demo)  # the day is not over


def test_intake_is_mostly_in_plausible_ranges(demo):
    potassium, fluid = daily_intake(demo)
    logged = complete_days(demo)

    usual_potassium = [day for day in logged if 1800 <= potassium[day] <= 3800]
    # Dry days near 1.5 l, ordinary ones around the 2.2 l Adequate Intake and above it.
    usual_fluid = [day for day in logged if 1200 <= fluid[day] <= 3500]
    assert len(usual_potassium) / len(logged) >= 0.7
    assert len(usual_fluid) / len(logged) >= 0.7


def test_cramps_fall_on_15_to_40_percent_of_days_mostly_calves_at_night(demo):
    cramps = Cramp.objects.filter(user=demo)
    cramp_days = set(cramps.values_list("local_date", flat=True))
    night = cramps.filter(situation=Cramp.Situation.NIGHT)

    assert 0.15 <= len(cramp_days) / DEMO_DAYS <= 0.40
    assert night.count() > cramps.count() / 2
    assert cramps.filter(muscle=Cramp.Muscle.CALF).count() > cramps.count() / 2
    assert set(cramps.values_list("situation", flat=True)) > {Cramp.Situation.NIGHT}
    for cramp in cramps:
        assert 3 <= cramp.severity <= 9
        assert 30 <= cramp.duration_seconds <= 600
        assert cramp.relief and cramp.relief_effect


def test_night_cramps_belong_to_the_evening_before(demo):
    zone = demo.profile.zone
    for cramp in Cramp.objects.filter(user=demo, situation=Cramp.Situation.NIGHT):
        local = cramp.occurred_at.astimezone(zone)
        assert 1 <= local.hour < 6
        assert cramp.night_of == cramp.local_date - timedelta(days=1)


def test_nights_after_low_potassium_and_low_fluid_days_bring_more_cramps(demo):
    potassium, fluid = daily_intake(demo)
    cramp_nights = set(
        Cramp.objects.filter(user=demo, situation=Cramp.Situation.NIGHT).values_list(
            "night_of", flat=True
        )
    )
    nights = defaultdict(list)  # (low potassium, low fluid) -> cramps that night, True/False
    for day in complete_days(demo):
        condition = (potassium[day] < LOW_POTASSIUM_MG, fluid[day] < LOW_FLUID_ML)
        nights[condition].append(day in cramp_nights)

    def rate(low_potassium, low_fluid):
        cramped = nights[low_potassium, low_fluid]
        return sum(cramped) / len(cramped)

    assert len(nights[True, True]) >= 8
    assert len(nights[False, False]) >= 30
    assert rate(True, True) >= rate(False, False) + 0.2
    assert rate(True, True) >= 2 * rate(False, False)


def fingerprint(user):
    """What the journal says before today, without database ids or creation times.

    Today is left out: a second run leaves out entries whose time passed between the runs.
    """
    before_today = {"local_date__lt": local_today(user)}
    return (
        list(
            Cramp.objects.filter(user=user, **before_today)
            .order_by("occurred_at", "muscle")
            .values_list("occurred_at", "muscle", "severity", "duration_seconds")
        ),
        list(
            MealItem.objects.filter(meal__user=user, meal__local_date__lt=local_today(user))
            .order_by("meal__occurred_at", "food_name")
            .values_list("meal__occurred_at", "food_name", "grams", "potassium_mg")
        ),
        list(
            Drink.objects.filter(user=user, **before_today)
            .order_by("occurred_at", "kind")
            .values_list("occurred_at", "kind", "volume_ml")
        ),
    )


def test_a_second_run_replaces_the_journal_and_leaves_other_users_alone(demo, owner):
    before = row_counts(demo)
    journal_before = fingerprint(demo)
    demo.set_password("changed by a visitor!")
    demo.save()
    meal = Meal.objects.create(user=owner, kind=Meal.Kind.LUNCH)
    MealItem.objects.create(meal=meal, food_name="Soup", amount_label="1 bowl", grams=300)
    Cramp.objects.create(user=owner, muscle=Cramp.Muscle.FOOT)
    Drink.objects.create(user=owner, volume_ml=250)
    DayStatus.objects.create(user=owner, date=meal.local_date, food_log_complete=True)
    owners_before = row_counts(owner)

    output = run_seed_demo()

    assert "Refreshed" in output
    assert row_counts(demo) == before
    assert fingerprint(demo) == journal_before  # the same seed writes the same journal
    assert row_counts(owner) == owners_before
    assert User.objects.filter(email=DEMO_EMAIL).count() == 1
    demo.refresh_from_db()
    assert demo.check_password(DEMO_PASSWORD)


def test_the_demo_has_a_usual_list_and_a_recipe_once_however_often_it_is_seeded(demo):
    run_seed_demo()
    usual = UsualSupplement.objects.get(user=demo)
    assert (usual.name, usual.magnesium_mg) == ("Magnesium citrate", 300)
    recipe = Recipe.objects.get(user=demo)
    assert recipe.name == "My usual breakfast" and recipe.items.exists()


def test_it_refuses_without_the_catalog_and_changes_nothing(demo):
    before = row_counts(demo)
    Food.objects.catalog().delete()  # rolled back after the test

    with pytest.raises(CommandError, match="run import_foods first"):
        run_seed_demo()

    assert row_counts(demo) == before


def test_the_demo_report_flags_low_potassium_and_low_fluid_the_day_before_and_nothing_else(
    demo, client
):
    """What `make run` shows: the simulated effect is found, and nothing that is not there."""
    out = StringIO()
    call_command(
        "cramp_report", "--user", DEMO_EMAIL, "--days", str(DEMO_DAYS), "--json", stdout=out
    )
    data = json.loads(out.getvalue())
    flagged = {
        (row["factor"], row["window"]) for row in data["associations"]["results"] if row["flagged"]
    }
    assert data["sufficient"] is True
    assert flagged == {("potassium", "previous_day"), ("fluid", "previous_day")}

    client.force_login(demo)
    page = client.get(reverse("reports:index")).content.decode()
    assert "Cramps were more common after days low in potassium" in page
    assert "Cramps were more common after days with little to drink" in page
    assert page.count('class="finding"') == 2
