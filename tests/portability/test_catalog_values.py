"""Importing: a record that names a catalog food without nutrients takes the catalog's; meal
items carry their fluid; dates are bounded as the journal bounds them.

A nutrient is known or unknown, never silently zero: an item naming a catalog food and its
grams but no values used to be stored with nulls, which the report then summed as 0.
"""

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from foods.models import Food
from journal.models import DayStatus, Drink, MealItem
from portability.export import export_user
from portability.importing import import_document, plan_import
from reports.series import daily_series
from tests.factories import CatalogFoodFactory, UserFactory, finished_experiment
from tests.portability.test_your_data import upload
from tests.urlconf import snapshot_rows

EVENING = "2026-03-13T19:05:00+00:00"


@pytest.fixture
def catalog(db):
    banana = CatalogFoodFactory(
        source=Food.Source.USDA_SR28, source_id="09040", name="Banana",
        potassium_mg=358, magnesium_mg=27, calcium_mg=5, sodium_mg=1, energy_kcal=89,
        water_g=74.91,
    )  # fmt: skip
    coconut = CatalogFoodFactory(
        source=Food.Source.USDA_SR28, source_id="12119", name="Coconut water", is_drink=True,
        potassium_mg=250, magnesium_mg=25, calcium_mg=24, sodium_mg=105, energy_kcal=19,
        water_g=94.99,
    )  # fmt: skip
    return {"banana": banana, "coconut": coconut}


def sr28(source_id):
    return {"source": "usda-sr28", "source_id": source_id}


def item(source_id, grams, **values):
    return {"food": sr28(source_id), "food_name": "from the file", "amount_label": f"{grams} g",
            "grams": grams, **values}  # fmt: skip


def meal_file(*items, days=()):
    return {
        "schema_version": 2,
        "meals": [
            {"id": "0b5a6f4e-8a39-4c3a-9d1c-3f1e1d7f0a01", "occurred_at": EVENING,
             "local_date": "2026-03-13", "kind": "dinner", "note": "", "items": list(items)}
        ],
        "days": list(days) or [{"date": "2026-03-13", "food_log_complete": True}],
    }  # fmt: skip


def test_items_with_only_a_catalog_food_and_grams_get_the_catalogs_nutrients(catalog):
    person = UserFactory()

    plan = import_document(person, meal_file(item("09040", 118), item("12119", 250)))

    assert plan.errors == []
    assert plan.filled_from_catalog == 2
    banana, coconut = MealItem.objects.filter(meal__user=person).order_by("pk")
    assert banana.potassium_mg == pytest.approx(358 * 1.18)
    assert banana.magnesium_mg == pytest.approx(27 * 1.18)
    assert banana.water_g == pytest.approx(74.91 * 1.18)
    assert banana.fluid_ml is None  # eaten
    assert coconut.sodium_mg == pytest.approx(105 * 2.5)
    assert coconut.fluid_ml == 250  # drunk: 1 g as 1 ml
    # The report reads the catalog's values on that complete day, not zeros.
    day = daily_series(person, date(2026, 3, 13), date(2026, 3, 13)).days[0]
    assert day.complete
    assert day.potassium == pytest.approx(358 * 1.18 + 250 * 2.5)
    assert day.fluid == 250.0


def test_an_item_that_gives_values_keeps_them_and_its_nulls_stay_unknown(catalog):
    person = UserFactory()
    given = item("09040", 118, potassium_mg=None, magnesium_mg=30.0)

    plan = import_document(person, meal_file(given))

    assert plan.errors == [] and plan.filled_from_catalog == 0
    banana = MealItem.objects.get(meal__user=person)
    assert (banana.potassium_mg, banana.magnesium_mg, banana.sodium_mg) == (None, 30.0, None)
    day = daily_series(person, date(2026, 3, 13), date(2026, 3, 13)).days[0]
    assert day.potassium is None  # unknown on a complete day: left out, not 0
    assert day.magnesium == pytest.approx(30.0)


def test_a_catalog_food_this_site_lacks_fills_nothing_and_stays_unknown(catalog):
    person = UserFactory()

    plan = import_document(person, meal_file(item("99999", 100), item("09040", 100)))

    assert plan.errors == []
    assert plan.missing_catalog_foods == 1 and plan.filled_from_catalog == 1
    day = daily_series(person, date(2026, 3, 13), date(2026, 3, 13)).days[0]
    assert day.complete
    assert day.potassium is None and day.sodium is None


def test_a_given_fluid_ml_is_kept_and_a_missing_one_comes_from_the_catalog(catalog):
    person = UserFactory()
    values = {"potassium_mg": 1.0, "magnesium_mg": 1.0}

    import_document(
        person,
        meal_file(
            item("12119", 300, **values),  # no fluid_ml: the catalog says it is a drink
            item("12119", 200, fluid_ml=None, **values),  # the file says: no fluid
            item("09040", 100, fluid_ml=80.0, **values),  # the file's own figure
        ),
    )

    fluids = list(
        MealItem.objects.filter(meal__user=person).order_by("pk").values_list("fluid_ml", flat=True)
    )
    assert fluids == [300, None, 80.0]


def test_a_drink_naming_a_catalog_food_without_values_gets_them_for_its_volume(catalog):
    person = UserFactory()
    document = {
        "schema_version": 2,
        "drinks": [
            {"id": "5f1d1b0c-3c7a-4f59-9d3e-2a1a6f3b9c11", "occurred_at": EVENING,
             "kind": "coconut_water", "volume_ml": 330, "caffeinated": False,
             "alcoholic": False, "food": sr28("12119")}
        ],
    }  # fmt: skip

    plan = import_document(person, document)

    assert plan.errors == []
    drink = Drink.objects.get(user=person)
    assert drink.potassium_mg == pytest.approx(250 * 3.3)


def test_the_export_carries_fluid_ml_and_a_round_trip_keeps_it(catalog):
    person, other = UserFactory(), UserFactory()
    import_document(person, meal_file(item("12119", 250), item("09040", 118)))

    data = json.loads(json.dumps(export_user(person)))
    assert [row["fluid_ml"] for row in data["meals"][0]["items"]] == [250, None]
    assert import_document(other, data).errors == []

    assert sorted(
        MealItem.objects.filter(meal__user=other).values_list("fluid_ml", flat=True),
        key=lambda value: value or 0,
    ) == [None, 250]


def test_the_preview_says_how_many_records_take_the_catalogs_values(client, catalog):
    person = UserFactory()
    client.force_login(person)
    upload(client, json.dumps(meal_file(item("09040", 118))).encode())

    page = " ".join(client.get(reverse("import_preview")).content.decode().split())

    assert "1 record names a catalog food without its nutrients" in page


# --- Dates bounded like the journal's ----------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "9999-12-31"])
def test_day_statuses_outside_the_journals_days_are_refused_in_the_preview(client, catalog, day):
    person = UserFactory()
    client.force_login(person)
    upload(client, json.dumps(meal_file(item("09040", 118), days=[{"date": day}])).encode())
    before = snapshot_rows()

    page = client.get(reverse("import_preview")).content.decode()

    assert "The file cannot be imported" in page
    assert "days #1 (date): must be from 2000 to today" in page
    assert snapshot_rows() == before
    assert not DayStatus.objects.filter(user=person).exists()


def test_a_day_status_for_today_is_accepted(catalog):
    person = UserFactory()
    today = timezone.localdate(timezone=person.profile.zone)

    plan = plan_import(person, meal_file(days=[{"date": today.isoformat()}]))

    assert plan.errors == []


def exported_experiment(owner):
    finished_experiment(owner)
    data = json.loads(json.dumps(export_user(owner)))
    data["experiments"][0]["id"] = "7c0a3f7e-1b2c-4d5e-8f90-a1b2c3d4e5f6"
    return data


def test_experiment_dates_outside_the_journals_days_are_refused(owner):
    data = exported_experiment(owner)
    data["experiments"][0]["start_date"] = "0001-01-01"
    data["experiments"][0]["ended_on"] = "9999-12-31"

    plan = plan_import(UserFactory(), data)

    errors = "\n".join(plan.errors)
    assert "experiments #1 (start_date): must be from 2000 to today" in errors
    assert "experiments #1 (ended_on): must be from 2000 to today" in errors
    assert plan.kinds["experiments"].add == []


def test_experiment_answers_and_changes_outside_the_journals_days_are_refused(owner):
    data = exported_experiment(owner)
    experiment = data["experiments"][0]
    experiment["answers"][0]["day"] = (timezone.localdate() + timedelta(days=3000)).isoformat()
    experiment["changes"][0]["at"] = "0001-01-01T00:00:00+00:00"
    experiment["changes"][-1]["day"] = "1999-01-01"

    plan = plan_import(UserFactory(), data)

    errors = "\n".join(plan.errors)
    assert "experiments #1 answers #1 (day): must be from 2000 to today" in errors
    assert "experiments #1 changes #1 (at): must be from 2000 to now" in errors
    last = len(experiment["changes"])
    assert f"experiments #1 changes #{last} (day): must be from 2000 to today" in errors
    assert plan.kinds["experiments"].add == []


def test_an_exported_experiment_still_imports(owner):
    plan = plan_import(UserFactory(), exported_experiment(owner))

    assert plan.errors == []
    assert plan.kinds["experiments"].added == 1


def test_importing_the_same_file_again_fills_nothing_more(catalog):
    person = UserFactory()
    document = meal_file(item("09040", 118))
    import_document(person, document)

    again = plan_import(person, document)

    assert again.kinds["meals"].skipped == 1
    assert again.filled_from_catalog == 0
    assert MealItem.objects.filter(meal__user=person).count() == 1
