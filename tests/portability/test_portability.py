"""Export and import as plain Python: the file's contents, round trips, and bad records."""

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from foods.models import Favourite, Food
from journal.models import Cramp, DayStatus, Drink, Meal, MealItem, NightAnswer
from portability.export import export_user
from portability.importing import (
    ImportFileError,
    import_document,
    plan_import,
    read_document,
)
from tests.factories import UserFactory
from tests.journal_of_everything import fill_journal
from tests.urlconf import snapshot_rows


def comparable(data: dict) -> dict:
    """An export without what must differ between two accounts: when, and whose email."""
    return {key: value for key, value in data.items() if key not in ("exported_at", "account")}


def round_trip(data):
    return json.loads(json.dumps(data))


@pytest.fixture
def newcomer(db):
    return UserFactory(email="newcomer@example.com")


def test_it_exports_every_kind_with_stable_ids(owner):
    made = fill_journal(owner)

    data = export_user(owner)

    assert data["schema_version"] == 4
    assert data["account"] == {"email": "owner@example.com"}
    assert data["profile"]["time_zone"] == "Europe/London"
    assert [food["name"] for food in data["private_foods"]] == ["Green smoothie"]
    assert data["private_foods"][0]["id"] == str(made["smoothie"].uid)
    assert data["private_foods"][0]["portions"][0] == {
        "label": "1 glass", "grams": 250.0, "is_default": True, "position": 0
    }  # fmt: skip
    assert len(data["cramps"]) == 2
    night = data["cramps"][-1]
    assert night["id"] == str(made["cramp"].request_token)
    assert night["occurred_at"] == "2026-03-14T02:30:15.123456+00:00"
    assert night["local_date"] == "2026-03-14"
    assert night["night_of"] == "2026-03-13"
    assert night["relief"] == ["stretching", "walking"]
    items = data["meals"][0]["items"]
    assert [item["food"] for item in items] == [
        {"source": "usda-sr28", "source_id": "09040"},
        {"private_food": str(made["smoothie"].uid)},
        None,
    ]
    assert items[2]["potassium_mg"] is None
    assert data["drinks"][0]["caffeinated"] is True
    assert data["days"] == [{"date": "2026-03-13", "food_log_complete": True}]
    assert data["night_answers"] == [{"night": "2026-03-14", "source": "email"}]
    assert {"food": {"private_food": str(made["smoothie"].uid)}} in data["favourites"]


def test_meal_items_are_read_without_joining_every_meal(owner):
    # MealItem's own ordering sorts by the meal's time: a join to journal_meal that the
    # planner answered with a scan of every person's meals (bench/scale.py, issue 25).
    made = fill_journal(owner)

    with CaptureQueriesContext(connection) as captured:
        data = export_user(owner)

    item_queries = [q["sql"] for q in captured.captured_queries if '"journal_mealitem"' in q["sql"]]
    assert len(item_queries) == 1
    assert '"journal_meal"' not in item_queries[0]
    # Still in the order they were added.
    assert [item["food"] for item in data["meals"][0]["items"]] == [
        {"source": "usda-sr28", "source_id": "09040"},
        {"private_food": str(made["smoothie"].uid)},
        None,
    ]


def test_it_exports_nothing_of_anybody_else(owner, stranger):
    fill_journal(stranger)

    data = export_user(owner)

    for key in (
        "private_foods",
        "favourites",
        "cramps",
        "meals",
        "drinks",
        "days",
        "night_answers",
    ):
        assert data[key] == [], key


def test_it_writes_instants_in_the_owners_zone(owner):
    fill_journal(owner)
    owner.profile.time_zone = "America/New_York"
    owner.profile.save()

    night = export_user(owner)["cramps"][-1]

    assert night["occurred_at"] == "2026-03-13T22:30:15.123456-04:00"
    assert night["local_date"] == "2026-03-14"  # the day it was filed under stays


def test_round_trip_into_a_new_account_gives_the_same_data(owner, newcomer):
    fill_journal(owner)
    first = round_trip(export_user(owner))

    plan = import_document(newcomer, first)

    assert plan.errors == []
    second = round_trip(export_user(newcomer))
    assert comparable(second) == comparable(first)
    # The private food was copied, not shared: each account has its own row.
    assert Food.objects.filter(uid=first["private_foods"][0]["id"]).count() == 2
    item = MealItem.objects.get(meal__user=newcomer, food_name="Green smoothie")
    assert item.food.owner == newcomer


def test_importing_twice_adds_nothing(owner, newcomer):
    fill_journal(owner)
    data = round_trip(export_user(owner))
    import_document(newcomer, data)
    before = snapshot_rows()

    plan = import_document(newcomer, data)

    assert plan.errors == []
    assert plan.to_add == 0
    assert plan.profile_changes == []
    assert plan.counts()["cramps"] == {"add": 0, "skip": 2}
    assert plan.counts()["favourites"] == {"add": 0, "skip": 2}
    assert plan.counts()["night_answers"] == {"add": 0, "skip": 1}
    assert snapshot_rows() == before


def test_importing_into_the_same_account_adds_nothing(owner):
    fill_journal(owner)
    data = round_trip(export_user(owner))
    before = snapshot_rows()

    plan = import_document(owner, data)

    assert (plan.errors, plan.to_add) == ([], 0)
    assert snapshot_rows() == before


def test_it_adds_only_the_entries_not_yet_there(owner, newcomer):
    fill_journal(owner)
    data = round_trip(export_user(owner))
    import_document(newcomer, data)
    Cramp.objects.filter(user=newcomer).order_by("occurred_at").first().delete()

    plan = import_document(newcomer, data)

    assert plan.counts()["cramps"] == {"add": 1, "skip": 1}
    assert Cramp.objects.filter(user=newcomer).count() == 2


def test_the_preview_counts_what_would_be_added_and_saves_nothing(owner, newcomer):
    fill_journal(owner)
    data = round_trip(export_user(owner))
    before = snapshot_rows()

    plan = plan_import(newcomer, data)

    assert plan.counts() == {
        "private_foods": {"add": 1, "skip": 0},
        "favourites": {"add": 2, "skip": 0},
        "cramps": {"add": 2, "skip": 0},
        "meals": {"add": 1, "skip": 0},
        "drinks": {"add": 1, "skip": 0},
        "exercise": {"add": 1, "skip": 0},
        "supplements": {"add": 1, "skip": 0},
        "days": {"add": 1, "skip": 0},
        "day_factors": {"add": 1, "skip": 0},
        "day_factor_marks": {"add": 1, "skip": 0},
        "night_answers": {"add": 1, "skip": 0},
        "experiments": {"add": 0, "skip": 0},  # tests/experiments/test_portability.py
        "recipes": {"add": 1, "skip": 0},
        "usual_supplements": {"add": 2, "skip": 0},
    }
    assert ("Time zone", "UTC", "Europe/London") in plan.profile_changes
    assert snapshot_rows() == before


def test_a_catalog_food_this_site_lacks_keeps_the_items_nutrients(owner, newcomer):
    fill_journal(owner)
    data = round_trip(export_user(owner))
    data["meals"][0]["items"][0]["food"] = {"source": "usda-sr28", "source_id": "99999"}

    plan = import_document(newcomer, data)

    assert plan.errors == []
    assert plan.missing_catalog_foods == 1
    item = MealItem.objects.get(meal__user=newcomer, food_name="Banana, raw")
    assert item.food is None
    assert item.potassium_mg == pytest.approx(422.44)


def test_it_reports_every_bad_record_with_its_place_and_saves_nothing(owner, newcomer):
    fill_journal(owner)
    data = round_trip(export_user(owner))
    data["cramps"][0]["severity"] = 11
    data["cramps"][1]["muscle"] = "ear"
    data["meals"][0]["items"][1]["grams"] = "lots"
    data["meals"][0]["items"][2]["food"] = {"private_food": str(uuid.uuid4())}
    data["drinks"][0]["occurred_at"] = "2026-03-13T19:05:00"
    data["exercise"][0]["colour"] = "blue"
    data["supplements"].append("not a record")
    data["private_foods"][0]["portions"][0]["grams"] = -1
    data["days"].append(dict(data["days"][0]))
    data["profile"]["sex"] = "robot"
    before = snapshot_rows()

    plan = import_document(newcomer, data)

    assert snapshot_rows() == before
    errors = "\n".join(plan.errors)
    assert "cramps #1 (severity): Ensure this value is less than or equal to 10." in errors
    assert "cramps #2 (muscle): Select a valid choice. ear is not one of" in errors
    assert "meals #1 items #2 (grams): must be a number" in errors
    assert "meals #1 items #3 (food): names private food" in errors
    assert "drinks #1 (occurred_at): give the offset from UTC" in errors
    assert "exercise #1 (colour): is not a field of this kind of record" in errors
    assert "supplements #2: must be an object" in errors
    assert "private_foods #1 portions #1 (grams):" in errors
    assert "days #2 (date): is the same as days #1" in errors
    assert "profile (sex): Select a valid choice." in errors
    assert len(plan.errors) == 10, errors
    assert plan.to_add == 0


def test_it_refuses_a_duplicate_id_in_one_file(owner, newcomer):
    fill_journal(owner)
    data = round_trip(export_user(owner))
    data["cramps"][1]["id"] = data["cramps"][0]["id"]

    plan = import_document(newcomer, data)

    assert plan.errors == ["cramps #2 (id): is the same as cramps #1"]
    assert not Cramp.objects.filter(user=newcomer).exists()


def test_it_computes_missing_local_days_in_the_profiles_zone(newcomer):
    data = {
        "schema_version": 1,
        "profile": {"time_zone": "Pacific/Auckland"},
        "cramps": [{"id": str(uuid.uuid4()), "occurred_at": "2026-03-13T13:30:00Z"}],
    }

    plan = import_document(newcomer, data)

    assert plan.errors == []
    cramp = Cramp.objects.get(user=newcomer)
    assert str(cramp.local_date) == "2026-03-14"  # 02:30 in Auckland
    assert str(cramp.night_of) == "2026-03-13"


def test_type_mismatches_are_reported_not_converted(newcomer):
    data = {
        "schema_version": 1,
        "drinks": [
            {"id": str(uuid.uuid4()), "occurred_at": "2026-03-13T13:30:00Z", "kind": "water",
             "volume_ml": "250", "caffeinated": "yes"}
        ],
        "days": [{"date": 20260313, "food_log_complete": 1}],
    }  # fmt: skip

    plan = import_document(newcomer, data)

    assert sorted(plan.errors) == [
        "days #1 (date): must be text (a JSON string)",
        "days #1 (food_log_complete): must be true or false",
        "drinks #1 (caffeinated): must be true or false",
        "drinks #1 (volume_ml): must be a whole number",
    ]
    assert not Drink.objects.exists()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b"date,time\n2026-03-14,02:30\n", "not valid JSON"),
        (b"[1, 2]", "no schema_version"),
        (b'{"schema_version": 5}', "schema_version 5; this site reads versions 1, 2, 3 and 4"),
        (b'{"schema_version": true}', "schema_version true"),
        (b"[" * 100_000, "not valid JSON"),
    ],
)
def test_it_refuses_a_file_that_is_not_an_export(raw, reason):
    with pytest.raises(ImportFileError, match=reason):
        read_document(raw)


def test_it_refuses_a_file_over_the_size_limit():
    with pytest.raises(ImportFileError, match="larger than 20 MB"):
        read_document(b" " * (20 * 1024 * 1024 + 1))


def test_a_byte_order_mark_is_fine(owner):
    raw = "\ufeff" + json.dumps(export_user(owner))
    assert read_document(raw.encode())["schema_version"] == 4


def test_an_empty_export_imports_cleanly(owner, newcomer):
    plan = import_document(newcomer, round_trip(export_user(owner)))
    assert plan.errors == []
    assert not Meal.objects.filter(user=newcomer).exists()
    assert not DayStatus.objects.filter(user=newcomer).exists()
    assert not Favourite.objects.filter(user=newcomer).exists()


def test_night_answers_come_back_with_their_source(owner, newcomer):
    fill_journal(owner)
    data = round_trip(export_user(owner))

    plan = import_document(newcomer, data)

    assert plan.counts()["night_answers"] == {"add": 1, "skip": 0}
    answer = NightAnswer.objects.get(user=newcomer)
    assert (answer.night.isoformat(), answer.source) == ("2026-03-14", "email")


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"night": "2026-03-14", "source": "fax"}, "night_answers #1 (source)"),
        ({"night": "1999-12-31"}, "must be a night from 2000 to last night"),
        ({"night": "9999-01-01"}, "must be a night from 2000 to last night"),
        ({"night": "14 March"}, "night_answers #1 (night)"),
        ({"night": "2026-03-14", "extra": 1}, "is not a field of this kind of record"),
        ("2026-03-14", "must be an object"),
    ],
)
def test_a_bad_night_answer_is_refused_and_nothing_is_saved(newcomer, record, reason):
    document = {"schema_version": 3, "cramps": [], "night_answers": [record]}
    before = snapshot_rows()

    plan = import_document(newcomer, document)

    assert any(reason in error for error in plan.errors), plan.errors
    assert snapshot_rows() == before


def test_the_same_night_twice_in_a_file_is_refused(newcomer):
    answers = [{"night": "2026-03-14"}, {"night": "2026-03-14", "source": "push"}]
    plan = import_document(newcomer, {"schema_version": 3, "night_answers": answers})
    assert "night_answers #2 (night): is the same as night_answers #1" in plan.errors
    assert not NightAnswer.objects.exists()


def test_a_version_2_file_without_night_answers_still_imports(newcomer):
    plan = import_document(newcomer, {"schema_version": 2, "days": []})
    assert plan.errors == []
