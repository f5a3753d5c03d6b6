"""Your data in Chromium: export, delete the account, sign up again, import: all back.

The acceptance test of export, import and deletion, as a new person would do it on a phone:
log a few entries, download the JSON export, delete the account with the password, sign up
again with the same email, import the downloaded file and find the journal exactly as it was;
importing the file a second time adds nothing.
"""

import json
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import User
from foods.models import Food
from journal.models import Cramp, DayStatus, Drink, MealItem
from portability.export import export_user
from tests.browser.support import (
    PHONE,
    confirm_sign_up,
    featured_banana,
    path_pattern,
    screenshot_path,
)

EMAIL = "nadia@example.com"
PASSWORD = "quiet harbour violet kettle"


@pytest.fixture(autouse=True)
def tasks_at_once(settings):
    """The import's check and save are background tasks: here they run within the request
    (tests/portability/test_background_import.py runs them on the real workers)."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": [settings.TASKS_QUEUE],
        }
    }


@pytest.fixture
def banana(db):
    """The catalog's banana with its USDA id, which an export carries and an import reads."""
    return featured_banana(source=Food.Source.USDA_SR28, source_id="09040")


def sign_up(page: Page, time_zone: str) -> None:
    page.goto(reverse("signup"))
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_label("Time zone").select_option(time_zone)
    page.get_by_role("button", name="Create my account").click()
    confirm_sign_up(page, EMAIL)
    expect(page).to_have_url(path_pattern(reverse("profile")))


def log_a_day(page: Page) -> None:
    page.goto(reverse("journal:today"))
    page.get_by_role("button", name="Log a cramp now").click()
    expect(page.locator("#quick-panel")).to_contain_text("Cramp logged")
    page.locator("#quick-panel").get_by_label("Calf", exact=True).check()
    page.locator("#quick-panel").get_by_role("button", name="Save").click()
    expect(page.locator("#journal-status")).to_contain_text("Cramp saved.")
    page.get_by_role("button", name="+250 ml water").click()
    expect(page.locator("#journal-status")).to_contain_text("250 ml water added.")
    page.get_by_role("link", name="Add food").click()
    page.get_by_label("Search foods").fill("banan")
    page.locator("#food-picker").get_by_role("link", name="Banana").first.click()
    page.get_by_label("Amount").fill("2")
    page.get_by_label("Breakfast").check()
    page.get_by_role("button", name="Add to the meal").click()
    expect(page.get_by_role("status").filter(has_text="Banana added.")).to_be_visible()
    page.get_by_role("button", name="Mark the food log complete").click()
    expect(page.locator("section#day-totals")).to_contain_text("Food log complete")


def open_your_data(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    page.get_by_role("link", name="Export, import or delete").click()
    expect(page).to_have_url(path_pattern(reverse("account_data")))


def upload(page: Page, path) -> None:
    page.get_by_label("Export file (.json)").set_input_files(path)
    page.get_by_role("button", name="Check the file").click()
    expect(page).to_have_url(path_pattern(reverse("import_preview")))


def journal_of(email) -> dict:
    data = export_user(User.objects.get(email=email))
    return {key: value for key, value in data.items() if key != "exported_at"}


def test_export_delete_sign_up_again_import_and_the_journal_is_back(browse, banana, tmp_path):
    page = browse(PHONE).new_page()
    sign_up(page, "Europe/Berlin")
    log_a_day(page)
    before = journal_of(EMAIL)
    assert len(before["cramps"]) == len(before["drinks"]) == len(before["meals"]) == 1

    open_your_data(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export JSON").click()
    download = download_info.value
    assert download.suggested_filename.startswith("cramp-journal-")
    file = tmp_path / download.suggested_filename
    download.save_as(file)
    assert json.loads(file.read_text())["cramps"][0]["id"] == before["cramps"][0]["id"]

    page.get_by_role("link", name="Delete my account…").click()
    page.get_by_label("Your password").fill("not the password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was deleted.")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page).to_have_url(path_pattern(reverse("home")))
    expect(page.get_by_role("status")).to_contain_text("Your account and everything in it")
    assert not User.objects.filter(email=EMAIL).exists()
    assert not Cramp.objects.exists() and not MealItem.objects.exists()

    sign_up(page, "UTC")
    open_your_data(page)
    upload(page, file)
    expect(page.get_by_role("heading", name="Check the import", level=1)).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("row", name=re.compile(r"^Cramps "))).to_contain_text("1")
    expect(page.get_by_text("UTC → Europe/Berlin")).to_be_visible()
    page.screenshot(path=screenshot_path("import-preview-flow", "owner", PHONE, "light"))
    page.get_by_role("button", name="Import 4 records").click()

    expect(page).to_have_url(path_pattern(reverse("account_data")))
    expect(page.get_by_role("status")).to_contain_text("Import saved: 4 to add, 0 already there")
    after = journal_of(EMAIL)
    assert after == before
    assert Drink.objects.count() == DayStatus.objects.count() == 1

    # Importing the same file again adds nothing.
    upload(page, file)
    expect(page.get_by_text("importing it adds nothing")).to_be_visible()
    expect(page.get_by_role("row", name="In all")).to_contain_text("0")
    expect(page.get_by_role("button", name="Import", exact=False)).to_have_count(0)
    page.get_by_role("button", name="Done").click()
    expect(page).to_have_url(path_pattern(reverse("account_data")))
    assert journal_of(EMAIL) == before
