"""The catalog copy that module fixtures write back (tests/catalog_copy.py) is the catalog the
import wrote: the same rows, ids included, and new rows still get ids of their own."""

from django.core.management import call_command

from foods.models import Food, Portion
from tests import catalog_copy
from tests.conftest import _delete_catalog, sample_catalog_files
from tests.factories import CatalogFoodFactory


def catalog_tables() -> dict[str, list[tuple]]:
    return {
        model._meta.db_table: sorted(catalog_copy._catalog_rows(model)[1], key=repr)
        for model in catalog_copy.CATALOG_MODELS
    }


def test_a_restored_catalog_is_the_imported_one(db, tmp_path):
    call_command("import_foods", verbosity=0, data_dir=sample_catalog_files(tmp_path))
    imported = catalog_tables()
    copy = tmp_path / "catalog.pickle"
    catalog_copy.keep(copy)
    _delete_catalog()
    assert not Food.objects.exists()

    assert catalog_copy.restore(copy)

    assert catalog_tables() == imported
    assert all(imported.values()), "the sample catalog has foods, portions and words"
    food = CatalogFoodFactory()
    portion = Portion.objects.create(food=food, label="1 cup", grams=240)
    assert food.pk > max(row[0] for row in imported["foods_food"])
    assert portion.pk > max(row[0] for row in imported["foods_portion"])


def test_there_is_nothing_to_restore_before_a_copy_is_kept(db, tmp_path):
    assert catalog_copy.restore(tmp_path / "none.pickle") is False
    assert not Food.objects.exists()
