import csv
import io
from io import StringIO

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from foods import csv_format
from foods.catalog_import import import_sr28
from foods.models import Food, Portion
from tests.factories import UserFactory


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


# --- Curated values survive `import_foods` (`make run`) -----------------------------------------


def admin_change_data(client, food, **changes) -> dict:
    """What the admin's change form posts for ``food`` as it stands, with ``changes``."""
    page = client.get(reverse("admin:foods_food_change", args=[food.pk]))
    data = {}

    def add(form, prefix=""):
        for name, form_field in form.fields.items():
            value = form.initial.get(name, getattr(form.instance, name + "_id", None))
            if name == "id":
                value = form.instance.pk
            if isinstance(form_field, forms.BooleanField):
                if value:
                    data[prefix + name] = "on"
            elif value is not None:
                data[prefix + name] = str(getattr(value, "pk", value))

    add(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = str(value)
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.initial_forms))  # no new one
        for form in formset.initial_forms:
            add(form, f"{form.prefix}-")
    data.update(changes)
    return data


@pytest.fixture
def curator_client(client, db):
    curator = UserFactory(email="curator@example.com", is_staff=True)
    curator.groups.add(Group.objects.get(name="Catalog curators"))
    client.force_login(curator)
    return client


def test_make_run_keeps_a_value_a_curator_set_and_says_so(full_catalog, curator_client):
    banana = Food.objects.get(source=Food.Source.USDA_SR28, source_id="09040")
    data = admin_change_data(curator_client, banana, potassium_mg="370")
    url = reverse("admin:foods_food_change", args=[banana.pk])
    response = curator_client.post(url, data)
    assert response.status_code == 302
    out = StringIO()

    call_command("import_foods", stdout=out)  # as `make run` does, again

    banana.refresh_from_db()
    assert banana.potassium_mg == 370
    assert banana.curated_fields == ["potassium_mg"]
    assert banana.magnesium_mg == 27  # what the curator did not touch stays the source's
    text = out.getvalue()
    assert "0 added, 0 updated, 8,790 unchanged" in text
    assert "Kept 1 values curators set" in text
    assert "Banana: potassium_mg 370 (the file says 358)" in text


def test_a_curator_gives_a_value_back_to_the_source(full_catalog, curator_client):
    banana = Food.objects.get(source=Food.Source.USDA_SR28, source_id="09040")
    url = reverse("admin:foods_food_change", args=[banana.pk])
    curator_client.post(url, admin_change_data(curator_client, banana, potassium_mg="370"))
    curator_client.post(
        reverse("admin:foods_food_changelist"),
        {"action": "release_curated", "_selected_action": [banana.pk]},
    )

    result = import_sr28()

    banana.refresh_from_db()
    assert banana.curated_fields == []
    assert banana.potassium_mg == 358
    assert result.updated == 1 and result.kept_curated == []


def test_a_value_a_curator_set_by_csv_is_kept_too(full_catalog, curator_client):
    banana = Food.objects.filter(pk=Food.objects.get(source_id="09040").pk)
    rows = list(csv.DictReader(io.StringIO(csv_format.export_csv(banana))))
    rows[0]["potassium_mg"] = "370"
    rows[0]["name"] = "Banana, ripe"  # the curators' own field: not a source value
    edited = io.StringIO()
    writer = csv.DictWriter(edited, fieldnames=csv_format.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    url = reverse("admin:foods_food_import")
    response = curator_client.post(url, {"content": edited.getvalue(), "confirm": "1"})
    assert response.status_code == 302

    result = import_sr28()

    food = banana.get()
    assert food.curated_fields == ["potassium_mg"]
    assert (food.name, food.potassium_mg) == ("Banana, ripe", 370)
    assert [str(kept) for kept in result.kept_curated] == [
        "Banana, ripe: potassium_mg 370 (the file says 358)"
    ]
