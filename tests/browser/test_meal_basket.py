"""A meal in one go on Add food, at phone size (issue 24): three foods from search, the same
typed in words, totals that add up without a page load, and all or nothing on save.

Taps are counted as a person's thumb would: every click on the page; typing is not a tap.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from journal.models import Meal, MealItem
from tests.browser.support import (
    COLOR_SCHEMES,
    DESKTOP,
    PHONE,
    featured_banana,
    path_pattern,
    screenshot_path,
    sign_in,
)
from tests.factories import CatalogFoodFactory

NO_RELOAD = "__basketNotReloaded"


@pytest.fixture
def breakfast_foods(db):
    banana = featured_banana()
    egg = CatalogFoodFactory(
        name="Egg, raw", potassium_mg=138, magnesium_mg=12, calcium_mg=56, sodium_mg=142,
        featured=True,
    )  # fmt: skip
    egg.portions.create(label="1 large", grams=50, is_default=True)
    coffee = CatalogFoodFactory(
        name="Coffee, brewed", potassium_mg=49, magnesium_mg=3, calcium_mg=2, sodium_mg=2,
        featured=True, is_drink=True,
    )  # fmt: skip
    coffee.portions.create(label="1 cup (8 fl oz)", grams=237, is_default=True)
    return banana, egg, coffee


class Taps:
    """Clicks, counted."""

    def __init__(self, page: Page):
        self.page = page
        self.count = 0

    def tap(self, locator) -> None:
        locator.click()
        self.count += 1


def basket_totals(page: Page):
    return page.locator(".basket__totals")


def add_from_search(page: Page, taps: Taps, typed: str, name: str) -> None:
    taps.tap(page.get_by_label("Search foods"))
    page.get_by_label("Search foods").fill(typed)
    taps.tap(page.get_by_role("button", name=f"Add {name} to this meal"))
    expect(page.locator(".basket__name", has_text=name)).to_be_visible()


def test_a_breakfast_of_three_foods_from_search_in_eight_taps(browse, owner, breakfast_foods):
    page = browse(PHONE).new_page()
    sign_in(page, owner)
    taps = Taps(page)

    taps.tap(page.get_by_role("link", name="Add food"))
    expect(page).to_have_url(path_pattern(reverse("journal:add_food")))
    page.evaluate(f"window.{NO_RELOAD} = true")
    add_from_search(page, taps, "banan", "Banana")
    expect(basket_totals(page)).to_contain_text("K 422\u00a0mg")
    add_from_search(page, taps, "eg", "Egg, raw")
    add_from_search(page, taps, "cofee", "Coffee, brewed")
    # 422.4 + 69 + 116.1 mg potassium; the coffee's cup is fluid
    expect(basket_totals(page)).to_contain_text("K 608\u00a0mg")
    expect(basket_totals(page)).to_contain_text("fluid 237\u00a0ml")
    assert page.evaluate(f"window.{NO_RELOAD} === true"), "the page was reloaded"
    for scheme in COLOR_SCHEMES:
        page.emulate_media(color_scheme=scheme)
        page.screenshot(
            path=screenshot_path("journal:basket", "owner", PHONE, scheme), full_page=True
        )
    taps.tap(page.get_by_role("button", name="Save the meal"))

    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    assert taps.count <= 8, taps.count
    meal = Meal.objects.get(user=owner)
    assert sorted(meal.items.values_list("food_name", flat=True)) == [
        "Banana",
        "Coffee, brewed",
        "Egg, raw",
    ]


def test_the_same_breakfast_typed_in_words_in_three_taps(browse, owner, breakfast_foods):
    page = browse(PHONE).new_page()
    sign_in(page, owner)
    page.goto(reverse("journal:add_food"))
    taps = Taps(page)

    taps.tap(page.get_by_label("Type your meal"))
    page.get_by_label("Type your meal").fill("a banana, 2 eggs and a cup of coffee, 1 xqzzyv")
    taps.tap(page.get_by_role("button", name="Fill the meal"))
    expect(page.locator(".basket__name")).to_have_count(3)
    expect(page.locator(".basket__unmatched")).to_contain_text("1 xqzzyv")
    expect(basket_totals(page)).to_contain_text("K 677\u00a0mg")  # 422.4 + 138 + 116.1
    for viewport in (DESKTOP,):
        page.set_viewport_size({"width": viewport.width, "height": viewport.height})
        for scheme in COLOR_SCHEMES:
            page.emulate_media(color_scheme=scheme)
            path = screenshot_path("journal:basket.typed", "owner", viewport, scheme)
            page.screenshot(path=path, full_page=True)
    page.set_viewport_size({"width": PHONE.width, "height": PHONE.height})
    taps.tap(page.get_by_role("button", name="Save the meal"))

    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    assert taps.count - 1 <= 3  # after typing: fill and save
    items = MealItem.objects.filter(user=owner)
    assert sorted(items.values_list("food_name", "grams")) == [
        ("Banana", 118.0),
        ("Coffee, brewed", 237.0),
        ("Egg, raw", 100.0),
    ]


def test_a_failure_mid_save_leaves_nothing(browse, owner, breakfast_foods, monkeypatch):
    page = browse(PHONE).new_page()
    sign_in(page, owner)
    page.goto(reverse("journal:add_food"))
    page.get_by_label("Type your meal").fill("a banana, 2 eggs")
    page.get_by_role("button", name="Fill the meal").click()
    expect(page.locator(".basket__name")).to_have_count(2)
    written = []
    original = MealItem.save

    def fail_on_second(item, *args, **kwargs):  # the live server runs in this process
        if written:
            raise RuntimeError("the database went away")
        written.append(item)
        original(item, *args, **kwargs)

    monkeypatch.setattr(MealItem, "save", fail_on_second)
    with page.expect_response(re.compile(r"/journal/food/basket/$")) as answer:
        page.get_by_role("button", name="Save the meal").click()

    assert answer.value.status == 500
    assert written  # the first food was written, then rolled back with the meal
    assert not Meal.objects.exists()
    assert not MealItem.objects.exists()
    expect(page.locator(".basket__name")).to_have_count(2)  # still there to try again
