"""Which catalog foods are drinks: the rule (foods/drinks.py), the import, the migration for
catalogs loaded before the flag, and the curators' admin."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from foods.catalog_import import import_sr28
from foods.drinks import is_drink
from foods.models import Food
from tests.conftest import sample_catalog_files
from tests.factories import CatalogFoodFactory, UserFactory


@pytest.mark.parametrize(
    ("source_id", "name", "group", "water"),
    [
        ("12119", "Coconut water", "Nut and seed products", 94.99),
        ("01077", "Milk, whole", "Dairy and egg products", 88.13),
        ("09206", "Orange juice, fresh-squeezed", "Fruits and fruit juices", 88.3),
        ("11540", "Tomato juice", "Vegetables and vegetable products", 94.24),
        ("14003", "Beer", "Beverages", 91.96),
        ("14051", "Alcoholic beverage, distilled, vodka, 80 proof", "Beverages", 66.6),
        (
            "14177",
            "Beverages, chocolate-flavor beverage mix, powder, prepared with whole milk",
            "Beverages",
            80.79,
        ),
    ],
)
def test_drinks_are_drinks(source_id, name, group, water):
    assert is_drink(source_id, name, group, water)


@pytest.mark.parametrize(
    ("source_id", "name", "group", "water"),
    [
        ("09040", "Banana", "Fruits and fruit juices", 74.91),
        ("14214", "Beverages, coffee, instant, regular, powder", "Beverages", 3.1),
        ("14292", "Lemonade, frozen concentrate, white", "Beverages", 49.06),
        ("14181", "Beverages, chocolate syrup", "Beverages", 31.0),
        (
            "09238",
            "Peaches, canned, juice pack, solids and liquids",
            "Fruits and fruit juices",
            87.5,
        ),
        ("11531", "Tomatoes, red, ripe, canned, packed in tomato juice", "Vegetables", 94.75),
        ("01091", "Milk, dry, nonfat, regular", "Dairy and egg products", 3.16),
        ("01097", "Milk, canned, evaporated, nonfat", "Dairy and egg products", 79.4),
        ("01116", "Yogurt, plain, whole milk", "Dairy and egg products", 87.9),
        ("14999", "Beverages, something", "Beverages", None),
    ],
)
def test_foods_that_are_eaten_or_not_drunk_as_they_come_are_not(source_id, name, group, water):
    assert not is_drink(source_id, name, group, water)


def test_the_import_flags_the_featured_drinks_and_keeps_a_curators_choice(
    sample_catalog, db, tmp_path
):
    catalog = Food.objects.catalog()
    featured_beverages = catalog.filter(food_group="Beverages", featured=True)
    assert featured_beverages.exists()
    assert not featured_beverages.filter(is_drink=False).exists()
    assert catalog.get(source_id="12119").is_drink  # coconut water
    assert not catalog.get(source_id="09040").is_drink  # banana
    coconut = catalog.get(source_id="12119")
    coconut.is_drink = False
    coconut.save()
    banana = catalog.get(source_id="09040")
    banana.is_drink = True  # a curator's call, however odd
    banana.save()

    import_sr28(sample_catalog_files(tmp_path))

    assert catalog.get(source_id="12119").is_drink is False
    assert catalog.get(source_id="09040").is_drink is True


def test_the_migration_flags_a_catalog_loaded_before_the_flag(sample_catalog, db):
    catalog = Food.objects.catalog()
    catalog.update(is_drink=False)
    private = Food.objects.create(
        name="Coconut water", owner=UserFactory(), source=Food.Source.PERSONAL, water_g=95
    )
    migration = importlib.import_module("foods.migrations.0006_food_is_drink")

    migration.mark_catalog_drinks(apps, None)

    assert catalog.get(source_id="12119").is_drink
    assert catalog.get(source_id="01077").is_drink
    assert not catalog.get(source_id="09040").is_drink
    private.refresh_from_db()
    assert not private.is_drink  # a person's own food is theirs, not the rule's


@pytest.fixture
def curator_client(client, db):
    curator = UserFactory(email="curator@example.com", is_staff=True)
    curator.groups.add(Group.objects.get(name="Catalog curators"))
    client.force_login(curator)
    return client


def test_curators_see_filter_and_change_the_drink_flag(curator_client):
    milk = CatalogFoodFactory(name="Zz test milk", is_drink=True)
    bread = CatalogFoodFactory(name="Zz test bread")
    url = reverse("admin:foods_food_changelist")

    listed = curator_client.get(url, {"is_drink__exact": "1", "q": "zz test"})
    assert [food.name for food in listed.context["cl"].result_list] == ["Zz test milk"]
    assert "is_drink" in listed.context["cl"].list_display

    curator_client.post(url, {"action": "mark_drink", "_selected_action": [str(bread.pk)]})
    bread.refresh_from_db()
    assert bread.is_drink
    curator_client.post(url, {"action": "unmark_drink", "_selected_action": [str(milk.pk)]})
    milk.refresh_from_db()
    assert not milk.is_drink

    form = curator_client.get(reverse("admin:foods_food_change", args=[milk.pk]))
    assert 'name="is_drink"' in form.content.decode()
