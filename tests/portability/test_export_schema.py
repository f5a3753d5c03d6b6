"""The export format is documented: docs/export-schema.json describes what the export writes
and what the import reads, and docs/export-schema.md names every field."""

import json
import re

import jsonschema
import pytest

from portability import SCHEMA_VERSION
from portability.export import export_user
from portability.importing import ENTRY_FORMS, TOP_LEVEL_KEYS
from portability.records import (
    DayRecordForm,
    FavouriteRecordForm,
    MealItemRecordForm,
    NightAnswerRecordForm,
    PortionRecordForm,
    PrivateFoodRecordForm,
    ProfileRecordForm,
)
from tests.browser.support import REPO_ROOT
from tests.journal_of_everything import fill_journal

SCHEMA = json.loads((REPO_ROOT / "docs" / "export-schema.json").read_text())
GUIDE = (REPO_ROOT / "docs" / "export-schema.md").read_text()


def record_properties(key):
    node = SCHEMA["properties"][key]
    return set((node["items"] if node.get("type") == "array" else node)["properties"])


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_an_export_validates_against_the_schema(owner):
    fill_journal(owner)
    data = json.loads(json.dumps(export_user(owner)))

    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(data)]

    assert not errors
    assert SCHEMA["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def test_the_schema_rejects_what_the_import_rejects(owner):
    fill_journal(owner)
    data = json.loads(json.dumps(export_user(owner)))
    data["cramps"][0]["severity"] = 11
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


@pytest.mark.parametrize(
    ("key", "form_class", "nested"),
    [
        ("profile", ProfileRecordForm, set()),
        ("private_foods", PrivateFoodRecordForm, {"portions"}),
        ("favourites", FavouriteRecordForm, set()),
        ("days", DayRecordForm, set()),
        ("night_answers", NightAnswerRecordForm, set()),
        *(
            (key, form_class, {"items"} if key == "meals" else set())
            for key, (_, form_class) in ENTRY_FORMS.items()
        ),
    ],
)
def test_the_schema_and_the_import_forms_know_the_same_fields(key, form_class, nested):
    assert record_properties(key) == set(form_class.base_fields) | nested


def test_nested_records_match_their_forms():
    meal = SCHEMA["properties"]["meals"]["items"]["properties"]["items"]["items"]
    assert set(meal["properties"]) == set(MealItemRecordForm.base_fields)
    food = SCHEMA["properties"]["private_foods"]["items"]["properties"]["portions"]["items"]
    assert set(food["properties"]) == set(PortionRecordForm.base_fields)


def test_the_schema_lists_every_top_level_key():
    assert set(SCHEMA["properties"]) == TOP_LEVEL_KEYS


def test_the_guide_describes_every_field():
    names = set(SCHEMA["properties"])
    for key in SCHEMA["properties"].keys() - {"account"}:  # described in one line
        node = SCHEMA["properties"][key]
        if "properties" in node or "items" in node:
            names |= record_properties(key)
    names |= set(
        SCHEMA["properties"]["meals"]["items"]["properties"]["items"]["items"]["properties"]
    )
    documented = set(re.findall(r"^\| `([a-z_]+)`", GUIDE, flags=re.MULTILINE))
    assert names <= documented, f"docs/export-schema.md lacks {sorted(names - documented)}"
