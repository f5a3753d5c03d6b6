"""Live pieces of the Learn pages: food tables from the catalog, targets from the one module."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse

import reports.report
from accounts.models import Profile
from education import live
from education.pages import all_pages
from journal import totals
from tests import factories

pytestmark = pytest.mark.django_db


def food_rows(html: str, nutrient: str) -> list[tuple[str, str, str]]:
    """(food, portion, amount) rows of the food table for ``nutrient`` on a page."""
    table = re.search(
        rf"<caption>Most {nutrient} in a usual portion</caption>(.*?)</table>", html, re.S
    )
    rows = re.findall(
        r'<tr><th scope="row">(.*?)</th><td[^>]*>(.*?)</td><td>(.*?)</td></tr>', table[1]
    )
    return [tuple(unescape(cell).replace("\xa0", " ") for cell in row) for row in rows]


def food_sources(client) -> str:
    response = client.get(reverse("education:page", args=["food-sources"]))
    assert response.status_code == 200
    return response.text


def featured(name, potassium, grams, label="1 medium", **values):
    food = factories.CatalogFoodFactory(name=name, featured=True, potassium_mg=potassium, **values)
    food.portions.create(label=label, grams=grams, is_default=True)
    food.portions.create(label="1 cup", grams=grams * 3)
    return food


def test_it_lists_the_richest_featured_foods_per_usual_portion(client):
    featured("Potato, baked", 535, 173)
    featured("Banana", 358, 118)
    featured("Dried apricots", 1160, 10, label="1 apricot")  # rich per 100 g, a small portion
    factories.CatalogFoodFactory(name="Not featured", potassium_mg=5000).portions.create(
        label="1 bowl", grams=300, is_default=True
    )
    factories.PersonalFoodFactory(name="Someone's own", potassium_mg=5000).portions.create(
        label="1 bowl", grams=300, is_default=True
    )

    rows = food_rows(food_sources(client), "potassium")

    assert rows == [
        ("Potato, baked", "1 medium, 173 g", "926 mg"),
        ("Banana", "1 medium, 118 g", "422 mg"),
        ("Dried apricots", "1 apricot, 10 g", "116 mg"),
    ]


def test_it_changes_the_food_tables_when_a_curator_edits_a_featured_food(client):
    potato = featured("Potato, baked", 535, 173, magnesium_mg=28)
    featured("Banana", 358, 118, magnesium_mg=27)
    assert food_rows(food_sources(client), "potassium")[0][0] == "Potato, baked"

    # A curator corrects the banana's potassium and the potato's usual portion.
    banana = potato.__class__.objects.get(name="Banana")
    banana.potassium_mg = 900
    banana.save()
    potato.portions.filter(is_default=True).update(label="1 small", grams=100)

    rows = food_rows(food_sources(client), "potassium")
    assert rows == [
        ("Banana", "1 medium, 118 g", "1,062 mg"),
        ("Potato, baked", "1 small, 100 g", "535 mg"),
    ]

    # Unfeatured, the banana leaves both tables.
    banana.featured = False
    banana.save()
    html = food_sources(client)
    assert [row[0] for row in food_rows(html, "potassium")] == ["Potato, baked"]
    assert [row[0] for row in food_rows(html, "magnesium")] == ["Potato, baked"]


def test_it_keeps_to_the_food_table_length():
    for number in range(live.FOOD_TABLE_ROWS + 3):
        featured(f"Food {number:02}", 100 + number, 100)

    rows = live.richest_foods("potassium")

    assert len(rows) == live.FOOD_TABLE_ROWS
    assert rows[0].name == f"Food {live.FOOD_TABLE_ROWS + 2:02}"


def target_rows(html: str) -> dict[str, dict[str, str]]:
    table = re.search(r'<table class="data-table data-table--targets">(.*?)</table>', html, re.S)[1]
    rows = {}
    for label, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table, re.S):
        cell = r'<td data-nutrient="(\w+)"[^>]*>(.*?)</td>'
        rows[unescape(label)] = dict(re.findall(cell, cells))
    return rows


def test_the_targets_table_shows_what_the_reports_and_today_use(client, owner):
    # The reports read targets through journal.totals.targets_for, as Today does.
    assert reports.report.targets_for is totals.targets_for
    today = datetime.date(2026, 11, 30)

    html = client.get(reverse("education:page", args=["daily-targets"])).text
    rows = target_rows(html)

    assert list(rows) == [group.label for group in live.TARGET_GROUPS]
    for group in live.TARGET_GROUPS:
        profile = Profile(
            user=owner, sex=group.sex, birth_year=today.year - group.age, maternity=group.maternity
        )
        targets = totals.targets_for(profile, today)
        shown = rows[group.label]
        for nutrient in ("potassium", "magnesium", "calcium", "sodium"):
            assert shown[nutrient] == f"{targets[nutrient].amount:,.0f}", (group.label, nutrient)
        assert float(shown["fluid"]) * 1000 == targets["fluid"].amount, group.label


def test_the_targets_table_has_the_current_potassium_values(client):
    rows = target_rows(client.get(reverse("education:page", args=["daily-targets"])).text)

    assert rows["Men 31–50"]["potassium"] == "3,400"
    assert rows["Women 31–50"]["potassium"] == "2,600"
    assert rows["Pregnancy, 19–30"]["potassium"] == "2,900"
    assert rows["Breastfeeding, 31–50"]["potassium"] == "2,800"


def test_no_page_gives_the_superseded_potassium_figure(client):
    featured("Potato, baked", 535, 173)
    for page in all_pages():
        html = client.get(reverse("education:page", args=[page.slug])).text
        assert not re.search(r"4[,.\s]?700", html), page.slug


def test_it_fills_values_into_sentences():
    assert live.fill("<p>[[target potassium women]] and [[sodium-limit]]</p>") == (
        "<p>2,600 mg and 2,300 mg</p>"
    )
    assert live.fill("<p>[[target fluid men]]</p>") == "<p>3.0 litres</p>"
    assert live.fill("<p>[[target magnesium men 25]]</p>") == "<p>400 mg</p>"


def bean_rows(html: str) -> list[tuple[str, str, str]]:
    table = re.search(
        r"<caption>Beans at half a cup, next to a banana</caption>(.*?)</table>", html, re.S
    )
    rows = re.findall(
        r'<tr[^>]*><th scope="row">(.*?)</th><td[^>]*>(.*?)</td><td>(.*?)</td></tr>', table[1]
    )
    return [tuple(unescape(cell).replace("\xa0", " ") for cell in row) for row in rows]


def bean(name, potassium, half_cup_grams, group=live.BEAN_GROUP):
    food = factories.CatalogFoodFactory(
        name=name, featured=True, potassium_mg=potassium, food_group=group
    )
    food.portions.create(label="1/2 cup", grams=half_cup_grams, is_default=True)
    food.portions.create(label="1 cup", grams=half_cup_grams * 2)
    return food


def test_it_compares_beans_at_half_a_cup_with_a_banana_from_the_catalog(client):
    featured("Banana", 358, 118)
    bean("White beans, boiled", 561, 89.5)
    bean("Chickpeas, boiled", 291, 82)
    bean("Lentils, boiled", 369, 99)
    bean("Tofu, firm", 237, 126)  # a legume, but not a bean
    bean("Green beans, boiled", 146, 62.5, group="Vegetables and vegetable products")

    html = food_sources(client)

    assert bean_rows(html) == [
        ("Banana", "1 medium, 118 g", "422 mg"),
        ("White beans, boiled", "1/2 cup, 89.5 g", "502 mg"),
        ("Lentils, boiled", "1/2 cup, 99 g", "365 mg"),
        ("Chickpeas, boiled", "1/2 cup, 82 g", "239 mg"),
    ]
    assert (
        "At half a cup, 2 of the 3 beans, lentils and chickpeas in our catalog carry less "
        "potassium than a banana, which has 422 mg in 1 medium."
    ) in unescape(html).replace("\xa0", " ")


def test_the_bean_comparison_follows_a_curators_edit(client):
    banana = featured("Banana", 358, 118)
    bean("Lentils, boiled", 369, 99)
    assert "1 of the 1 beans" in food_sources(client)

    banana.potassium_mg = 300  # now 354 mg in a medium banana: less than the lentils
    banana.save()

    html = unescape(food_sources(client)).replace("\xa0", " ")
    assert "0 of the 1 beans" in html and "which has 354 mg" in html


def test_the_bean_table_says_so_when_the_catalog_is_empty(client):
    html = food_sources(client)

    table = html[html.index("<caption>Beans at half a cup") :].split("</table>")[0]
    assert bean_rows(html) == []
    assert "The food catalog is not loaded yet." in table
    assert "carry less potassium than a banana" not in html
