"""Recipes and the usual supplements in the export and import (schema version 4, issue 24):
a round trip into a new account gives the same lists, and a version 3 file still imports."""

import json

import pytest

from journal.models import Recipe, RecipeItem, UsualSupplement
from portability.export import export_user
from portability.importing import import_document
from tests.factories import RecipeFactory, RecipeItemFactory, UserFactory
from tests.journal_of_everything import fill_journal


def round_trip(data):
    return json.loads(json.dumps(data))


@pytest.fixture
def newcomer(db):
    return UserFactory(email="newcomer@example.com")


def test_export_import_into_a_new_account_and_export_again_gives_the_same_lists(owner, newcomer):
    made = fill_journal(owner)
    first = round_trip(export_user(owner))
    assert [recipe["name"] for recipe in first["recipes"]] == ["Smoothie bowl"]
    assert [item["food"] for item in first["recipes"][0]["items"]] == [
        {"source": "usda-sr28", "source_id": "09040"},
        {"private_food": str(made["smoothie"].uid)},
        None,
    ]
    assert [(item["name"], item["medicine"]) for item in first["usual_supplements"]] == [
        ("Magnesium glycinate", ""),
        ("Furosemide", "diuretic"),
    ]

    plan = import_document(newcomer, first)

    assert plan.errors == []
    assert plan.counts()["recipes"] == {"add": 1, "skip": 0}
    assert plan.counts()["usual_supplements"] == {"add": 2, "skip": 0}
    second = round_trip(export_user(newcomer))
    assert second["recipes"] == first["recipes"]
    assert second["usual_supplements"] == first["usual_supplements"]
    # The recipe's private food is the newcomer's own copy, not the owner's row.
    item = RecipeItem.objects.get(recipe__user=newcomer, food_name="Green smoothie")
    assert item.food.owner == newcomer

    again = import_document(newcomer, first)
    assert again.counts()["recipes"] == {"add": 0, "skip": 1}
    assert again.counts()["usual_supplements"] == {"add": 0, "skip": 2}
    assert Recipe.objects.filter(user=newcomer).count() == 1


def test_a_version_3_file_without_the_lists_still_imports(owner, newcomer):
    fill_journal(owner)
    data = round_trip(export_user(owner))
    data["schema_version"] = 3
    del data["recipes"], data["usual_supplements"]

    plan = import_document(newcomer, data)

    assert plan.errors == []
    assert plan.counts()["meals"] == {"add": 1, "skip": 0}
    assert not Recipe.objects.filter(user=newcomer).exists()
    assert not UsualSupplement.objects.filter(user=newcomer).exists()


@pytest.mark.parametrize(
    ("key", "record", "reason"),
    [
        ("recipes", {"id": "x", "name": "Soup", "servings": 2}, "recipes #1 (id)"),
        ("recipes", {"id": "0" * 32, "name": "Soup", "servings": 0}, "recipes #1 (servings)"),
        ("recipes", {"id": "0" * 32, "name": "", "servings": 1}, "recipes #1 (name)"),
        (
            "recipes",
            {"id": "0" * 32, "name": "Soup", "servings": 1, "items": [{"food_name": "Leek"}]},
            "recipes #1 items #1 (amount_label)",
        ),
        (
            "recipes",
            {"id": "0" * 32, "name": "Soup", "servings": 1, "items": "leeks"},
            "recipes #1 (items): must be a list of foods",
        ),
        (
            "usual_supplements",
            {"id": "0" * 32, "name": "Mg", "magnesium_mg": -5},
            "usual_supplements #1 (magnesium_mg)",
        ),
        (
            "usual_supplements",
            {"id": "0" * 32, "name": "Pill", "medicine": "aspirin"},
            "usual_supplements #1 (medicine)",
        ),
        (
            "usual_supplements",
            {"id": "0" * 32, "name": "Mg", "colour": "red"},
            "usual_supplements #1 (colour): is not a field",
        ),
    ],
)
def test_a_bad_record_is_reported_with_its_place_and_nothing_is_saved(
    newcomer, key, record, reason
):
    plan = import_document(newcomer, {"schema_version": 4, key: [record]})
    assert any(error.startswith(reason) for error in plan.errors), plan.errors
    assert not Recipe.objects.exists()
    assert not UsualSupplement.objects.exists()


def test_a_recipe_naming_a_private_food_that_is_nowhere_is_refused(newcomer):
    record = {
        "id": "1" * 32,
        "name": "Soup",
        "servings": 2,
        "items": [
            {"food": {"private_food": "2" * 32}, "food_name": "Stock", "amount_label": "1 l",
             "grams": 1000},
        ],
    }  # fmt: skip
    plan = import_document(newcomer, {"schema_version": 4, "recipes": [record]})
    assert any("recipes #1 items #1 (food): names private food" in e for e in plan.errors)
    assert not Recipe.objects.exists()


def test_recipes_of_a_stranger_are_not_exported(owner, stranger):
    RecipeItemFactory(recipe=RecipeFactory(user=stranger))
    assert export_user(owner)["recipes"] == []
