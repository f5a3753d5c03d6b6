from io import StringIO

import pytest
from django.core.management import call_command

from foods.catalog_import import import_sr28
from foods.models import Food, Portion


def catalog_state():
    foods = list(Food.objects.catalog().order_by("source_id").values())
    portions = list(Portion.objects.order_by("food__source_id", "position").values())
    for row in foods:
        row.pop("updated")
    return foods, portions


def test_the_catalog_holds_every_usda_food_with_their_minerals(full_catalog, db):
    catalog = Food.objects.catalog()
    complete = catalog.filter(
        potassium_mg__isnull=False,
        magnesium_mg__isnull=False,
        calcium_mg__isnull=False,
        sodium_mg__isnull=False,
    )

    assert catalog.count() == 8790
    assert complete.count() >= 7846
    assert catalog.filter(active=True).count() == complete.count()
    assert catalog.filter(featured=True).count() >= 150


def test_banana_matches_usda_sr28(full_catalog, db):
    banana = Food.objects.get(source=Food.Source.USDA_SR28, source_id="09040")

    assert banana.name == "Banana"
    assert banana.description == "BANANAS, RAW"
    assert (banana.potassium_mg, banana.magnesium_mg, banana.calcium_mg, banana.sodium_mg) == (
        358,
        27,
        5,
        1,
    )
    medium = banana.default_portion
    assert medium.label.startswith("1 medium")
    assert medium.grams == 118
    assert banana.nutrients_for(medium.grams).rounded()["potassium"] == 422


@pytest.mark.parametrize(
    "source_id",
    [
        "09040",  # banana
        "11674",  # potato, baked, flesh and skin
        "11508",  # sweet potato, baked in skin
        "11457",  # spinach, raw
        "11147",  # Swiss chard, raw
        "16070",  # lentils, boiled
        "09037",  # avocado
        "12119",  # coconut water
        "09032",  # apricots, dried
        "12061",  # almonds
        "12152",  # pistachios, roasted
    ],
)
def test_foods_from_the_source_articles_are_featured(full_catalog, db, source_id):
    food = Food.objects.get(source=Food.Source.USDA_SR28, source_id=source_id)

    assert food.featured
    assert food.portions.filter(is_default=True).exists()


def test_a_second_import_changes_nothing(full_catalog, db):
    before = catalog_state()
    out = StringIO()

    call_command("import_foods", stdout=out)

    assert "0 added, 0 updated, 8,790 unchanged; 0 portions added" in out.getvalue()
    assert catalog_state() == before


def test_a_curators_edits_survive_a_reimport(full_catalog, db):
    banana = Food.objects.get(source=Food.Source.USDA_SR28, source_id="09040")
    banana.name = "Banana, ripe (curated)"
    banana.featured = False
    banana.curator_note = "Checked against the label."
    banana.save()
    banana.portions.filter(is_default=False).delete()

    result = import_sr28()

    banana.refresh_from_db()
    assert result.created == result.updated == 0
    assert banana.name == "Banana, ripe (curated)"
    assert banana.featured is False
    assert banana.curator_note == "Checked against the label."
    assert banana.portions.count() == 1


def test_a_corrected_source_value_is_updated_and_curation_kept(full_catalog, db):
    banana = Food.objects.get(source=Food.Source.USDA_SR28, source_id="09040")
    Food.objects.filter(pk=banana.pk).update(potassium_mg=1, name="My banana")

    result = import_sr28()

    banana.refresh_from_db()
    assert result.updated == 1
    assert banana.potassium_mg == 358
    assert banana.name == "My banana"


def test_import_prints_progress_and_a_summary(db):
    Food.objects.catalog().delete()  # whatever an earlier test loaded; rolled back after
    out = StringIO()

    call_command("import_foods", stdout=out)

    text = out.getvalue()
    assert "read 1,000 of 8,790 foods" in text
    assert "8,790 added" in text
