"""Recipes and the usual supplements in Chromium at phone size (issue 24, acceptance 1): a
logged meal saved as a recipe, then a serving of it in one tap, on Add food and on Today; the
usual supplements and medicines in one tap on Today. The totals follow without a page load."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from journal.models import MealItem, Recipe, Supplement
from tests.browser.support import SCREENSHOTS, path_pattern
from tests.browser.test_journal import (
    assert_not_reloaded,
    bar,
    entry_rows,
    mark_page,
    open_today,
)
from tests.factories import MealFactory, MealItemFactory, UsualSupplementFactory


def test_a_meal_saved_as_a_recipe_is_logged_again_in_one_tap(browse, owner, banana):
    breakfast = MealFactory(
        user=owner, kind="breakfast", occurred_at=timezone.now() - timedelta(hours=1)
    )
    MealItemFactory(meal=breakfast, food=banana, amount_label="2 × 1 medium", grams=236,
                    potassium_mg=844.88)  # fmt: skip
    MealItemFactory(meal=breakfast, food=None, food_name="Oats", amount_label="80 g", grams=80,
                    potassium_mg=344)  # fmt: skip
    page = open_today(browse, owner)

    entry_rows(page, "meal").get_by_role("link", name="Save as a recipe").click()
    page.get_by_label("Recipe name").fill("Banana oats")
    page.get_by_label("How many servings it makes").fill("2")
    page.get_by_role("button", name="Save the recipe").click()
    recipe = Recipe.objects.get(user=owner)
    expect(page).to_have_url(path_pattern(reverse("journal:recipe", args=[recipe.pk])))
    expect(page.get_by_text("Its foods, for all 2 servings")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "recipe-saved-phone.png", full_page=True)

    # On Add food: one tap, a serving of each food, said on the page without a page load.
    page.goto(reverse("journal:add_food"))
    mark_page(page)
    before = MealItem.objects.filter(user=owner).count()
    page.get_by_role("button", name="+ Banana oats 1 of 2 servings").click()  # the one tap
    expect(page.locator("#recipe-status")).to_contain_text("A serving of Banana oats added.")
    assert_not_reloaded(page)
    logged = MealItem.objects.filter(user=owner).order_by("-pk")[:2]
    assert sorted((item.food_name, item.grams) for item in logged) == [
        ("Banana", 118),
        ("Oats", 40),
    ]
    assert MealItem.objects.filter(user=owner).count() == before + 2
    page.locator(".your-recipes").screenshot(path=SCREENSHOTS / "add-food-your-recipes-phone.png")

    # On Today: one tap, and the totals follow in the same answer.
    page.goto(reverse("journal:today"))
    expect(bar(page, "Potassium")).to_contain_text("1,783 of")  # 844.88 + 344 + a serving
    mark_page(page)
    page.get_by_role("button", name="+ Banana oats 1 of 2 servings").click()  # the one tap
    expect(page.locator("#journal-status")).to_contain_text("A serving of Banana oats added.")
    expect(bar(page, "Potassium")).to_contain_text("2,378 of")
    assert_not_reloaded(page)


def test_the_usual_supplements_are_logged_in_one_tap_on_today(browse, owner):
    UsualSupplementFactory(user=owner, name="Magnesium citrate", dose="2 tablets", magnesium_mg=200)
    UsualSupplementFactory(
        user=owner, name="Potassium gluconate", dose="1 tablet", magnesium_mg=None, potassium_mg=99
    )
    page = open_today(browse, owner)
    expect(bar(page, "Magnesium")).to_contain_text("0 of")
    mark_page(page)

    page.get_by_role("button", name="✓ Took my usual 2 items").click()  # the one tap

    expect(page.locator("#journal-status")).to_contain_text(
        "Logged: Magnesium citrate and Potassium gluconate."
    )
    expect(bar(page, "Magnesium")).to_contain_text("200 of")
    expect(bar(page, "Potassium")).to_contain_text("99 of")
    expect(entry_rows(page, "supplement")).to_have_count(2)
    # The list says what is logged today, so that a second tap is a choice, not a slip.
    usual = page.locator("#usual-supplements")
    expect(usual.get_by_role("button", name="✓ Took my usual all logged today")).to_be_visible()
    expect(usual.get_by_role("button", name="✓ Potassium gluconate logged today")).to_be_visible()
    assert_not_reloaded(page)
    assert Supplement.objects.filter(user=owner).count() == 2
    usual.screenshot(path=SCREENSHOTS / "today-usual-phone.png")

    # One item alone, one tap more: a second dose.
    usual.get_by_role("button", name="✓ Magnesium citrate logged today").click()
    expect(bar(page, "Magnesium")).to_contain_text("400 of")
    assert_not_reloaded(page)
    assert Supplement.objects.filter(user=owner, mineral="magnesium").count() == 2
