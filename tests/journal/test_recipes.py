"""Recipes (issue 24): a meal kept as one or built food by food, a serving logged in one tap
with its items snapshotted like any meal item, edited, deleted, private to its owner."""

import uuid

import pytest
from django.urls import reverse

from journal import services
from journal.errors import Refused
from journal.models import Meal, MealItem, Recipe, RecipeItem
from tests.factories import (
    CatalogFoodFactory,
    MealFactory,
    MealItemFactory,
    RecipeFactory,
    RecipeItemFactory,
)

HTMX = {"HX-Request": "true"}


@pytest.fixture
def oats():
    food = CatalogFoodFactory(name="Oats", potassium_mg=400, magnesium_mg=150, calcium_mg=None)
    food.portions.create(label="1 cup", grams=80, is_default=True)
    return food


def test_a_logged_meal_is_saved_as_a_recipe_with_its_foods_and_amounts(owner_client, owner, oats):
    meal = MealFactory(user=owner)
    MealItemFactory(meal=meal, food=oats, food_name="Oats", amount_label="1 cup", grams=80,
                    potassium_mg=320)  # fmt: skip
    MealItemFactory(meal=meal)  # a banana, its food since deleted
    page = owner_client.get(reverse("journal:save_recipe", args=[meal.pk]))
    assert page.status_code == 200
    assert f'value="{meal.get_kind_display()} of {meal.local_date.day} ' in page.content.decode()

    answer = owner_client.post(
        reverse("journal:save_recipe", args=[meal.pk]), {"name": " Oat  breakfast", "servings": 2}
    )

    recipe = Recipe.objects.get(user=owner)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("journal:recipe", args=[recipe.pk])
    assert (recipe.name, recipe.servings) == ("Oat breakfast", 2)
    items = list(recipe.items.order_by("pk"))
    assert [(i.food_id, i.food_name, i.grams, i.potassium_mg) for i in items] == [
        (oats.pk, "Oats", 80, 320),
        (None, "Banana", 118, 422.44),
    ]


def test_a_serving_is_logged_in_one_tap_each_food_at_its_share(owner_client, owner, oats):
    recipe = RecipeFactory(user=owner, name="Porridge", servings=4)
    RecipeItemFactory(recipe=recipe, food=oats, food_name="Oats", amount_label="4 × 1 cup",
                      grams=320, potassium_mg=1.0)  # fmt: skip
    RecipeItemFactory(recipe=recipe, fluid_ml=None)  # the food is gone: its own values, scaled
    token = str(uuid.uuid4())

    answer = owner_client.post(
        reverse("journal:log_recipe", args=[recipe.pk]), {"request_token": token}, headers=HTMX
    )

    assert answer.status_code == 200
    assert "A serving of Porridge added." in answer.content.decode()
    items = list(MealItem.objects.filter(user=owner).order_by("pk"))
    assert [(i.food_name, i.grams, i.amount_label) for i in items] == [
        ("Oats", 80, "1/4 of 4 × 1 cup"),
        ("Banana", 59, "1/4 of 2 × 1 medium"),
    ]
    # The catalog food's values as they are now (400 mg per 100 g), not the recipe's copy.
    assert items[0].potassium_mg == pytest.approx(320)
    assert items[0].calcium_mg is None  # unknown stays unknown
    assert items[1].potassium_mg == pytest.approx(844.88 / 4)
    assert Meal.objects.filter(user=owner).count() == 1

    again = owner_client.post(
        reverse("journal:log_recipe", args=[recipe.pk]), {"request_token": token}, headers=HTMX
    )
    assert again.status_code == 200
    assert MealItem.objects.filter(user=owner).count() == 2  # a double tap adds nothing


def test_a_recipe_is_built_food_by_food_edited_and_deleted(owner_client, owner, oats):
    made = owner_client.post(reverse("journal:recipes"), {"name": "Overnight oats", "servings": 3})
    recipe = Recipe.objects.get(user=owner)
    assert made["Location"] == reverse("journal:recipe", args=[recipe.pk])
    search = owner_client.get(reverse("journal:recipe", args=[recipe.pk]), {"q": "oats"})
    assert f"?food={oats.pk}" in search.content.decode()
    portion = oats.portions.get()

    added = owner_client.post(
        reverse("journal:recipe_add_food", args=[recipe.pk]),
        {"food": oats.pk, "quantity": 3, "unit": f"portion-{portion.pk}"},
    )

    assert added.status_code == 302
    item = RecipeItem.objects.get(recipe=recipe)
    assert (item.grams, item.amount_label, item.potassium_mg) == (240, "3 × 1 cup", 960)

    owner_client.post(reverse("journal:recipe", args=[recipe.pk]), {"name": "Oats", "servings": 6})
    recipe.refresh_from_db()
    assert (recipe.name, recipe.servings) == ("Oats", 6)
    owner_client.post(reverse("journal:recipe_remove_food", args=[item.pk]))
    assert not recipe.items.exists()
    owner_client.post(reverse("journal:recipe_delete", args=[recipe.pk]))
    assert not Recipe.objects.filter(user=owner).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "servings": 2}, "Give the recipe a name."),
        ({"name": "Soup", "servings": 0}, "Enter a number from 1 to 50."),
        ({"name": "Soup", "servings": 51}, "Enter a number from 1 to 50."),
        ({"name": "Soup", "servings": "two"}, "Enter a whole number"),
    ],
)
def test_a_bad_name_or_servings_is_refused_and_nothing_changes(owner_client, owner, data, message):
    recipe = RecipeFactory(user=owner, name="Porridge", servings=2)
    answer = owner_client.post(reverse("journal:recipe", args=[recipe.pk]), data)
    assert answer.status_code == 422
    assert message in answer.content.decode()
    recipe.refresh_from_db()
    assert (recipe.name, recipe.servings) == ("Porridge", 2)


def test_an_amount_over_the_limit_is_refused(owner_client, owner, oats):
    recipe = RecipeFactory(user=owner)
    answer = owner_client.post(
        reverse("journal:recipe_add_food", args=[recipe.pk]),
        {"food": oats.pk, "quantity": 60, "unit": "kg"},
    )
    assert answer.status_code == 422
    answer = owner_client.post(
        reverse("journal:recipe_add_food", args=[recipe.pk]),
        {"food": oats.pk, "quantity": 9000, "unit": "oz"},
    )
    assert answer.status_code == 422
    assert "at most" in answer.content.decode()
    assert not recipe.items.exists()


def test_an_empty_recipe_is_not_logged_and_says_why(owner):
    with pytest.raises(Refused, match="no foods yet"):
        services.log_recipe(owner, RecipeFactory(user=owner), None)
    assert not MealItem.objects.filter(user=owner).exists()


def test_a_strangers_recipe_is_not_found_and_not_logged(client, owner, stranger):
    recipe = RecipeItemFactory(recipe=RecipeFactory(user=owner)).recipe
    client.force_login(stranger)
    assert client.get(reverse("journal:recipe", args=[recipe.pk])).status_code == 404
    assert client.post(reverse("journal:log_recipe", args=[recipe.pk])).status_code == 404
    assert client.get(reverse("journal:recipes")).content.decode().count("Porridge") == 0
    add_food = client.get(reverse("journal:add_food")).content.decode()
    assert "Porridge" not in add_food
    assert not MealItem.objects.exists()


def test_add_food_and_today_list_the_recipes_with_one_tap(owner_client, owner):
    RecipeItemFactory(recipe=RecipeFactory(user=owner, name="Lentil soup", servings=6))
    for page in (reverse("journal:add_food"), reverse("journal:today")):
        html = owner_client.get(page).content.decode()
        assert "Your recipes" in html
        assert "+ Lentil soup" in html and "1 of 6 servings" in html


def test_from_a_past_days_add_food_a_serving_goes_to_that_day(owner_client, owner):
    from datetime import timedelta

    from django.utils import timezone

    recipe = RecipeItemFactory(recipe=RecipeFactory(user=owner)).recipe
    yesterday = timezone.localdate() - timedelta(days=1)
    page = owner_client.get(reverse("journal:add_food"), {"day": yesterday.isoformat()})
    assert f'name="day" value="{yesterday.isoformat()}"' in page.content.decode()

    owner_client.post(reverse("journal:log_recipe", args=[recipe.pk]), {"day": yesterday})

    assert MealItem.objects.get(user=owner).meal.local_date == yesterday
    tomorrow = timezone.localdate() + timedelta(days=1)
    answer = owner_client.post(reverse("journal:log_recipe", args=[recipe.pk]), {"day": tomorrow})
    assert answer.status_code == 302
    assert MealItem.objects.filter(user=owner).count() == 1
