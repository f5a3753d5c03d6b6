"""A mineral is known or unknown for a day, never silently zero.

A meal item without a potassium value makes the day's potassium unknown (None) in the one
sum that Today, the history and the reports read, and only potassium: the other minerals of
that day stay known.
"""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.history import history_days
from journal.intake import intake_on
from tests.factories import (
    CatalogFoodFactory,
    DrinkFactory,
    MealFactory,
    MealItemFactory,
    PersonalFoodFactory,
    SupplementFactory,
)


@pytest.fixture
def day_with_unknown_potassium(owner):
    """A banana (all known) and a food logged without potassium, two days ago."""
    when = timezone.now() - timedelta(days=2)
    meal = MealFactory(user=owner, occurred_at=when)
    MealItemFactory(meal=meal)
    MealItemFactory(meal=meal, food_name="Mystery stew", potassium_mg=None, magnesium_mg=20.0)
    return meal.local_date


def test_the_day_sum_leaves_only_the_unknown_mineral_unknown(owner, day_with_unknown_potassium):
    intake = intake_on(owner, day_with_unknown_potassium)

    assert intake.minerals["potassium"] is None
    assert intake.unknown == {"potassium"}
    assert intake.known_part["potassium"] == pytest.approx(422.44)  # a lower bound
    assert intake.minerals["magnesium"] == pytest.approx(31.86 + 20.0)
    assert intake.minerals["calcium"] == pytest.approx(5.9 * 2)


def test_today_says_at_least_and_that_the_day_is_unknown(owner_client, day_with_unknown_potassium):
    page = owner_client.get(reverse("journal:day", args=[day_with_unknown_potassium]))
    text = html.unescape(" ".join(page.content.decode().split()))

    assert "at least 422 of" in text
    assert "has no potassium value: the day's potassium is unknown" in text
    assert "has no magnesium value" not in text


def test_the_history_says_at_least_for_the_unknown_mineral_only(
    owner_client, owner, day_with_unknown_potassium
):
    day = history_days(owner, day_with_unknown_potassium, day_with_unknown_potassium)[0]
    assert day["totals"]["unknown"] == {"potassium"}

    response = owner_client.get(
        reverse("journal:history"), {"until": day_with_unknown_potassium.isoformat()}
    )
    text = " ".join(response.content.decode().split())
    assert "K at least 422 mg · Mg 52 mg" in text


def test_a_drink_with_a_food_lacking_a_value_makes_it_unknown_but_plain_water_does_not(owner):
    today = timezone.localdate()
    DrinkFactory(user=owner, volume_ml=500)  # water: no food, nothing to know
    assert intake_on(owner, today).unknown == frozenset()

    DrinkFactory(user=owner, volume_ml=200, food=None, sodium_mg=None)
    assert intake_on(owner, today).unknown == frozenset()

    label = CatalogFoodFactory(name="Sports drink", sodium_mg=None)
    DrinkFactory(user=owner, volume_ml=200, food=label, sodium_mg=None, potassium_mg=20)
    intake = intake_on(owner, today)
    assert intake.minerals["sodium"] is None
    assert intake.minerals["potassium"] == pytest.approx(20)
    assert intake.fluid_ml == 900


def test_a_mineral_supplement_without_its_mg_makes_the_mineral_unknown(owner):
    today = timezone.localdate()
    SupplementFactory(user=owner, name="Magnesium", mineral="magnesium", mineral_mg=200)
    assert intake_on(owner, today).minerals["magnesium"] == pytest.approx(200)

    SupplementFactory(user=owner, name="More magnesium", mineral="magnesium", mineral_mg=None)
    intake = intake_on(owner, today)
    assert intake.minerals["magnesium"] is None
    assert intake.minerals["potassium"] == 0.0  # nothing logged with potassium: known zero


def test_a_food_without_potassium_says_unknown_in_the_search(owner_client, owner):
    PersonalFoodFactory(owner=owner, name="Mystery broth", potassium_mg=None)

    page = owner_client.get(reverse("journal:add_food"), {"q": "mystery broth"})

    text = " ".join(page.content.decode().split())
    assert "K unknown" in text
    assert "K mg per 100 g" not in text
