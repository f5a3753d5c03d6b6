"""Races through the real views: a raced request token answers "Already saved", never a 500.

Eight threads, each with its own client and database connection (as in test_concurrency.py),
post at the same moment. Run on SQLite and on PostgreSQL (``DATABASE_URL=postgres://...``):
on SQLite IMMEDIATE transactions take turns; on PostgreSQL the writers truly overlap, which
is where a second "Lunch" used to be started beside the first.
"""

import datetime
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from foods.models import Favourite
from journal.models import Meal, MealItem, Supplement
from tests.factories import (
    CatalogFoodFactory,
    MealFactory,
    MealItemFactory,
    RecipeFactory,
    RecipeItemFactory,
    UserFactory,
    UsualSupplementFactory,
)

THREADS = 8

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def race(user, url, posts):
    """Sends each of ``posts`` (one per thread) to ``url`` at once; returns (status, text)."""
    answers = []
    errors = []
    ready = threading.Barrier(len(posts))

    def worker(data):
        try:
            client = Client()  # a 500 raises here, and is reported below
            client.force_login(user)
            ready.wait()
            response = client.post(url, data, headers={"HX-Request": "true"})
            answers.append((response.status_code, response.content.decode()))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(data,)) for data in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    assert errors == []
    return answers


def same_token_everywhere(**fields):
    token = str(uuid.uuid4())
    return [{"request_token": token, **fields}] * THREADS


@pytest.fixture
def person():
    return UserFactory(profile={"time_zone": "Europe/London"})


@pytest.fixture
def banana():
    food = CatalogFoodFactory(name="Banana")
    food.portions.create(label="1 medium", grams=118, is_default=True)
    return food


def an_earlier_lunch(person, banana):
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    meal = MealFactory(user=person, kind=Meal.Kind.LUNCH, occurred_at=two_days_ago)
    return meal, MealItemFactory(meal=meal, food=banana, food_name=banana.name)


def assert_one_saved_and_the_rest_already(answers, saved_text):
    assert [status for status, _ in answers] == [200] * THREADS
    assert sum(saved_text in text for _, text in answers) == 1
    assert sum("Already saved." in text for _, text in answers) == THREADS - 1


def test_one_token_raced_on_add_food_adds_one_item(person, banana):
    add = {"food": banana.pk, "quantity": "1", "unit": "g", "meal_kind": "lunch"}

    answers = race(person, reverse("journal:add_food"), same_token_everywhere(**add))

    assert_one_saved_and_the_rest_already(answers, "Banana added.")
    assert MealItem.objects.filter(user=person).count() == 1
    assert Meal.objects.filter(user=person).count() == 1


def test_one_token_raced_on_add_favourite_adds_one_item(person, banana):
    favourite = Favourite.objects.create(user=person, food=banana)

    url = reverse("journal:add_favourite", args=[favourite.pk])
    answers = race(person, url, same_token_everywhere())

    assert_one_saved_and_the_rest_already(answers, "Banana added.")
    assert MealItem.objects.filter(user=person).count() == 1
    assert Meal.objects.filter(user=person).count() == 1


def test_one_token_raced_on_add_again_adds_one_item(person, banana):
    _, earlier = an_earlier_lunch(person, banana)

    answers = race(person, reverse("journal:add_again", args=[earlier.pk]), same_token_everywhere())

    assert_one_saved_and_the_rest_already(answers, "Banana added.")
    assert MealItem.objects.filter(user=person).count() == 2  # the earlier one and one copy
    assert Meal.objects.filter(user=person).count() == 2


def test_one_token_raced_on_repeat_meal_makes_one_meal(person, banana):
    lunch, _ = an_earlier_lunch(person, banana)

    url = reverse("journal:repeat_meal", args=[lunch.pk])
    answers = race(person, url, same_token_everywhere())

    assert_one_saved_and_the_rest_already(answers, "Lunch repeated.")
    assert Meal.objects.filter(user=person).count() == 2
    assert MealItem.objects.filter(user=person).count() == 2


def test_eight_foods_added_at_once_to_a_meal_not_yet_made_make_one_meal(person, banana):
    posts = [
        {"food": banana.pk, "quantity": str(grams), "unit": "g", "meal_kind": "lunch",
         "request_token": str(uuid.uuid4())}
        for grams in range(1, THREADS + 1)
    ]  # fmt: skip

    answers = race(person, reverse("journal:add_food"), posts)

    assert [status for status, _ in answers] == [200] * THREADS
    meals = Meal.objects.filter(user=person)
    assert meals.count() == 1
    lunch = meals.get()
    assert lunch.kind == Meal.Kind.LUNCH
    assert sorted(lunch.items.values_list("grams", flat=True)) == list(range(1, THREADS + 1))


def test_one_token_raced_on_a_recipe_logs_one_serving(person, banana):
    recipe = RecipeFactory(user=person, name="Banana oats", servings=2)
    RecipeItemFactory(recipe=recipe, food=banana, food_name=banana.name)
    RecipeItemFactory(recipe=recipe, food_name="Oats", grams=80)

    url = reverse("journal:log_recipe", args=[recipe.pk])
    answers = race(person, url, same_token_everywhere())

    assert_one_saved_and_the_rest_already(answers, "A serving of Banana oats added.")
    assert MealItem.objects.filter(user=person).count() == 2
    assert Meal.objects.filter(user=person).count() == 1


def test_one_token_raced_on_took_my_usual_logs_the_list_once(person):
    UsualSupplementFactory(user=person, name="Magnesium citrate", magnesium_mg=200)
    UsualSupplementFactory(user=person, name="Multivitamin", potassium_mg=80, calcium_mg=160)

    answers = race(person, reverse("journal:took_usual"), same_token_everywhere())

    assert_one_saved_and_the_rest_already(answers, "Logged: Magnesium citrate and Multivitamin.")
    assert Supplement.objects.filter(user=person).count() == 4  # one per mineral: 1 and 3
