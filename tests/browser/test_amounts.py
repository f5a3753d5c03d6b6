"""Issue 14 in Chromium: an amount changed in place (with the confirm step of an implausible
one), and a person in US customary units on Today, the drink form, the report and the summary.

Everything is stored metric; each page shows the person's units. axe-core checks each state
(CSP bypassed so that its script can run, as in the page tour, which checks the CSP itself).
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from journal.models import DayStatus, Drink, MealItem
from tests.browser.support import DESKTOP, PHONE, sign_in
from tests.browser.test_journal import assert_not_reloaded, bar, entries, entry_rows, mark_page
from tests.browser.test_page_tour import axe_violations, require_axe
from tests.factories import MealFactory, MealItemFactory, UserFactory

SHOTS = Path(os.environ.get("AMOUNT_SHOTS", "test-artifacts/screenshots"))


def _axe_clean(page: Page) -> None:
    require_axe()
    assert axe_violations(page) == []


def _shot(page: Page, name: str, viewport, color_scheme: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}-{viewport.name}-{color_scheme}.png", full_page=True)


@pytest.mark.parametrize(("viewport", "color_scheme"), [(PHONE, "light"), (DESKTOP, "dark")])
def test_an_amount_is_changed_in_place_and_a_large_one_confirmed(
    browse, owner, banana, viewport, color_scheme
):
    item = MealItemFactory(meal=MealFactory(user=owner), food=banana)
    page = browse(viewport, color_scheme=color_scheme, bypass_csp=True).new_page()
    sign_in(page, owner)
    mark_page(page)
    expect(bar(page, "Potassium")).to_contain_text("422 of")

    row = entry_rows(page, "meal")
    row.get_by_role("link", name="Change amount of Banana").click()
    amount = row.get_by_label("New amount")
    expect(amount).to_have_value("1")
    amount.fill("2")
    row.get_by_role("button", name="Save the amount").click()

    expect(entry_rows(page, "meal")).to_contain_text("2 × 1 medium banana")
    expect(bar(page, "Potassium")).to_contain_text("845 of")
    item.refresh_from_db()
    assert item.grams == 236

    row = entry_rows(page, "meal")
    row.get_by_role("link", name="Change amount of Banana").click()
    row.get_by_label("New amount").fill("30")
    row.get_by_role("button", name="Save the amount").click()

    question = row.get_by_role("alert")
    expect(question).to_contain_text(
        "30 × 1 medium banana is 3.5 kg and 12,673 mg potassium, about 4 times your day's "
        "target. Save anyway?"
    )
    item.refresh_from_db()
    assert item.grams == 236  # nothing saved before the answer
    _axe_clean(page)
    _shot(page, "change-amount-confirm", viewport, color_scheme)

    row.get_by_role("button", name="Save anyway").click()

    expect(entry_rows(page, "meal")).to_contain_text("30 × 1 medium banana")
    expect(bar(page, "Potassium")).to_contain_text("12,673 of")
    item.refresh_from_db()
    assert item.grams == 3540
    assert MealItem.objects.count() == 1
    assert_not_reloaded(page)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_us_customary_today_drink_form_report_and_summary(browse, db, color_scheme):
    person = UserFactory(profile={"time_zone": "America/New_York", "units": "us"})
    page = browse(PHONE, color_scheme=color_scheme, bypass_csp=True).new_page()
    sign_in(page, person)
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()

    page.get_by_role("button", name="+8 fl oz water").click()

    expect(bar(page, "Fluid")).to_contain_text("8 of 101 fl oz")
    expect(entry_rows(page, "drink")).to_contain_text("Water, 8 fl oz")
    assert Drink.objects.get(user=person).volume_ml == 237
    _axe_clean(page)
    _shot(page, "us-today", PHONE, color_scheme)

    page.goto("/journal/drink/new/")
    page.get_by_label("How much (fl oz)").fill("12")
    _axe_clean(page)
    _shot(page, "us-drink-form", PHONE, color_scheme)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Drink added.")).to_be_visible()
    page.goto("/today/")

    expect(bar(page, "Fluid")).to_contain_text("20 of 101 fl oz")
    assert sorted(Drink.objects.filter(user=person).values_list("volume_ml", flat=True)) == [
        237,
        355,
    ]
    expect(entries(page)).to_contain_text("Water, 12 fl oz")

    page.get_by_role("button", name="Mark the food log complete").click()
    # Exact: "Mark the food log complete", the button itself, contains the words too.
    expect(page.get_by_text("Food log complete", exact=True)).to_be_visible()
    assert DayStatus.objects.get(user=person).food_log_complete

    for path, name in (
        ("/reports/?period=all", "us-report"),
        ("/reports/summary/?period=all", "us-summary"),
    ):
        page.goto(path)
        fluid = page.locator("tr", has=page.get_by_role("rowheader", name="Fluid"))
        expect(fluid).to_contain_text("20 fl oz")
        expect(fluid).to_contain_text("101 fl oz")
        expect(fluid).not_to_contain_text(re.compile(r"\bml\b"))
        _axe_clean(page)
        _shot(page, name, PHONE, color_scheme)
        table = page.locator("table", has=fluid)
        table.screenshot(path=SHOTS / f"{name}-intake-{color_scheme}.png")


@pytest.mark.parametrize(
    ("viewport", "color_scheme"),
    [(PHONE, "light"), (PHONE, "dark"), (DESKTOP, "light"), (DESKTOP, "dark")],
)
def test_adding_thirty_bananas_asks_then_saves_once(browse, owner, banana, viewport, color_scheme):
    page = browse(viewport, color_scheme=color_scheme, bypass_csp=True).new_page()
    sign_in(page, owner)
    page.goto(f"/journal/food/add/?food={banana.pk}")
    page.get_by_label("Amount").fill("30")
    page.get_by_role("button", name="Add to the meal").click()

    expect(page.get_by_role("alert")).to_contain_text("about 4 times your day's target")
    assert not MealItem.objects.exists()
    _axe_clean(page)
    _shot(page, "add-food-confirm", viewport, color_scheme)
    page.get_by_role("button", name="Save anyway").click()

    expect(entry_rows(page, "meal")).to_contain_text("30 × 1 medium banana")
    assert MealItem.objects.get().grams == 3540


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_exercise_form_starts_with_no_choice_ticked(browse, owner, color_scheme):
    page = browse(PHONE, color_scheme=color_scheme, bypass_csp=True).new_page()
    sign_in(page, owner)
    page.goto("/journal/exercise/new/")
    expect(page.get_by_text("---------")).to_have_count(0)
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    page.get_by_label("Activity").fill("walking")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Choose how hard it was.")).to_be_visible()
    expect(page.get_by_text("Enter a whole number, like 30.")).to_be_visible()
    _axe_clean(page)
    _shot(page, "exercise-form-errors", PHONE, color_scheme)
