"""The "nothing changed" proof: people's tables read in full, the shared catalog fingerprinted.

The fingerprint must catch what a full read would: a changed value, a removed or added row.
Checked over the full catalog, where a missed change would hide among 80,000 rows.
"""

import pytest
from django.db.models import F

from foods.models import Food, Portion
from tests.factories import CrampFactory
from tests.urlconf import CATALOG_MODELS, snapshot_rows, table_fingerprint

pytestmark = pytest.mark.usefixtures("full_catalog")


def changed_tables(before, after):
    return {label for label in before if before[label] != after[label]}


def a_catalog_food_with_portions():
    return Food.objects.catalog().filter(featured=True, portions__isnull=False).first()


def test_the_same_catalog_gives_the_same_fingerprint(db):
    assert snapshot_rows() == snapshot_rows()
    rows, highest_id, digest = table_fingerprint(Food)
    assert rows == Food.objects.count() > 8000
    assert highest_id == Food.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert len(digest) == 32


def test_it_catches_a_changed_potassium_value(db):
    food = a_catalog_food_with_portions()
    before = snapshot_rows()

    Food.objects.filter(pk=food.pk).update(potassium_mg=F("potassium_mg") + 1)

    assert changed_tables(before, snapshot_rows()) == {"foods.Food"}


def test_it_catches_a_value_that_becomes_unknown(db):
    food = Food.objects.catalog().filter(sodium_mg__isnull=False).first()
    before = snapshot_rows()

    Food.objects.filter(pk=food.pk).update(sodium_mg=None)

    assert changed_tables(before, snapshot_rows()) == {"foods.Food"}


def test_it_catches_a_removed_portion(db):
    portion = Portion.objects.filter(food=a_catalog_food_with_portions()).last()
    before = snapshot_rows()

    Portion.objects.filter(pk=portion.pk).delete()

    assert changed_tables(before, snapshot_rows()) == {"foods.Portion"}


def test_it_catches_a_renamed_food_and_its_search_words(db):
    food = a_catalog_food_with_portions()
    before = snapshot_rows()

    food.name = f"{food.name} (renamed)"
    food.save()

    assert changed_tables(before, snapshot_rows()) == {"foods.Food", "foods.FoodWord"}


def test_peoples_own_tables_are_still_read_row_by_row(owner):
    before = snapshot_rows()

    cramp = CrampFactory(user=owner)

    after = snapshot_rows()
    assert changed_tables(before, after) == {"journal.Cramp"}
    assert [row[0] for row in after["journal.Cramp"]] == [cramp.pk]
    assert not {"journal.Cramp", "accounts.User"} & set(CATALOG_MODELS)


def test_a_changed_value_in_a_persons_row_is_caught(owner):
    cramp = CrampFactory(user=owner, severity=3)
    before = snapshot_rows()

    type(cramp).objects.filter(pk=cramp.pk).update(severity=4)

    assert changed_tables(before, snapshot_rows()) == {"journal.Cramp"}
