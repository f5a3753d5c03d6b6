"""A meal item's request token is the person's own: one equal to a stranger's is no clash."""

import uuid

import pytest
from django.urls import reverse

from foods.models import Favourite
from journal.models import Meal, MealItem
from tests.factories import CatalogFoodFactory, MealFactory, MealItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def banana():
    food = CatalogFoodFactory(name="Banana")
    food.portions.create(label="1 medium", grams=118, is_default=True)
    return food


@pytest.fixture
def strangers_item(stranger):
    meal = MealFactory(user=stranger, kind=Meal.Kind.LUNCH)
    return MealItemFactory(meal=meal, food_name="Stranger's soup", request_token=uuid.uuid4())


def unchanged(item):
    fresh = MealItem.objects.get(pk=item.pk)
    return (fresh.meal_id, fresh.user_id, fresh.grams, fresh.food_name) == (
        item.meal_id, item.user_id, item.grams, item.food_name
    )  # fmt: skip


def test_an_item_gets_its_meals_owner(owner):
    item = MealItemFactory(meal=MealFactory(user=owner))

    assert item.user == owner


def test_a_token_equal_to_a_strangers_adds_the_owners_food(
    owner_client, owner, banana, strangers_item
):
    add = {"food": banana.pk, "quantity": "1", "unit": "g", "meal_kind": "lunch",
           "request_token": str(strangers_item.request_token)}  # fmt: skip

    response = owner_client.post(reverse("journal:add_food"), add, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "Banana added." in response.content.decode()
    mine = MealItem.objects.get(meal__user=owner)
    assert (mine.food_name, mine.user, mine.request_token) == (
        "Banana", owner, strangers_item.request_token
    )  # fmt: skip
    assert unchanged(strangers_item)
    assert MealItem.objects.filter(meal__user=strangers_item.user).count() == 1


def test_a_favourite_with_a_strangers_token_is_added_and_the_stranger_untouched(
    owner_client, owner, banana, strangers_item
):
    favourite = Favourite.objects.create(user=owner, food=banana)
    token = {"request_token": str(strangers_item.request_token)}

    response = owner_client.post(reverse("journal:add_favourite", args=[favourite.pk]), token)

    assert response.status_code == 302
    assert MealItem.objects.filter(meal__user=owner).count() == 1
    assert unchanged(strangers_item)


def test_the_same_token_twice_is_still_one_item_for_the_owner(owner_client, owner, banana):
    add = {"food": banana.pk, "quantity": "1", "unit": "g", "meal_kind": "lunch",
           "request_token": str(uuid.uuid4())}  # fmt: skip

    owner_client.post(reverse("journal:add_food"), add)
    again = owner_client.post(reverse("journal:add_food"), add, headers={"HX-Request": "true"})

    assert "Already saved." in again.content.decode()
    assert MealItem.objects.filter(meal__user=owner).count() == 1


def test_imported_and_bulk_made_items_get_their_meals_owner(owner):
    meal = MealFactory(user=owner)
    fresh = Meal(user=owner, kind=Meal.Kind.SNACK)
    fresh.save()
    MealItem.objects.bulk_create(
        [
            MealItem(meal_id=meal.pk, food_name="By key", amount_label="1", grams=1),
            MealItem(meal=fresh, food_name="By object", amount_label="1", grams=1),
        ]
    )

    assert set(MealItem.objects.values_list("food_name", "user")) == {
        ("By key", owner.pk), ("By object", owner.pk)
    }  # fmt: skip
