"""Search that forgives typos and British spellings and ranks plain foods first (issue 24)."""

import pytest
from django.urls import reverse

from foods.models import Favourite, Food
from foods.search import RESULT_LIMIT, find_foods, search_foods
from tests.factories import CatalogFoodFactory, PersonalFoodFactory


def top(user, query, count=3):
    return [food.name for food in search_foods(user, query, limit=count)]


# What people type, and a word of the name they mean (case-insensitive).
MISSPELLINGS = [
    ("potatoe", "potato"),
    ("brocoli", "broccoli"),
    ("brocolli", "broccoli"),
    ("bananna", "banana"),
    ("yoghurt", "yogurt"),
    ("chiken", "chicken"),
    ("avacado", "avocado"),
    ("tomatoe", "tomato"),
    ("spinich", "spinach"),
    ("cucmber", "cucumber"),
    ("strawbery", "strawberries"),
    ("blueberies", "blueberries"),
    ("oatmeel", "oatmeal"),
    ("lentills", "lentils"),
    ("samon", "salmon"),
    ("carots", "carrot"),
    ("mushroms", "mushrooms"),
    ("cauliflour", "cauliflower"),
    ("zuchini", "zucchini"),
    ("letuce", "lettuce"),
    ("orange juse", "orange juice"),
    ("peanut buter", "peanut butter"),
    ("sweet potatoe", "sweet potato"),
    ("aubergine", "eggplant"),
    ("courgette", "zucchini"),
    ("prawns", "shrimp"),
    ("beetroot", "beets"),
    ("porridge", "oatmeal"),
    ("sultanas", "raisins"),
    ("rocket", "arugula"),
    ("potatoes", "potato"),
    ("tomatoes", "tomato"),
]


@pytest.mark.parametrize(("typed", "meant"), MISSPELLINGS)
def test_misspellings_and_variants_find_the_food_in_the_top_three(
    full_catalog, owner, typed, meant
):
    found = top(owner, typed)

    assert any(meant in name.lower() for name in found), found


# A plain food of that name, first.
PLAIN_FIRST = [
    ("rice", ("Brown rice, cooked", "White rice, cooked")),
    ("bread", ("Rye bread", "White bread", "French bread", "Whole-wheat bread")),
    ("whole milk", ("Milk, whole",)),
    ("chicken", ("Chicken breast, roasted (no skin)", "Chicken thigh, roasted (no skin)")),
    ("chick", ("Chickpeas, boiled", "Chicken breast, roasted (no skin)")),
    ("oat", ("Oats, rolled, dry", "Oatmeal, cooked with water")),
    ("tea", ("Black tea, brewed", "Green tea, brewed")),
    ("pickle", ("Dill pickle",)),
    ("egg", ("Egg, raw", "Egg, fried", "Egg, scrambled", "Egg, hard-boiled")),
    ("coffee", ("Coffee, brewed",)),
    ("milk", ("Milk, whole", "Milk, 1% low-fat", "Milk, 2% reduced fat")),
    ("potato", ("Potato, boiled in skin", "Potato, baked, with skin")),
]


@pytest.mark.parametrize(("query", "plain"), PLAIN_FIRST)
def test_a_plain_food_of_that_name_comes_first(full_catalog, owner, query, plain):
    assert top(owner, query, 1)[0] in plain


def test_word_order_does_not_matter_for_the_plain_food(full_catalog, owner):
    assert top(owner, "milk whole", 1) == ["Milk, whole"]
    assert top(owner, "potato sweet", 1)[0].startswith("Sweet potato")


def test_branded_and_prepared_names_come_after_the_plain_ones(full_catalog, owner):
    found = top(owner, "chick", 6)

    assert not any(name.startswith("Chick-fil-A") for name in found[:3])


def test_the_answer_says_which_words_it_searched_for(full_catalog, owner):
    assert find_foods(owner, "potatoe").corrected == "potato"
    assert find_foods(owner, "potato").corrected == ""
    assert find_foods(owner, "strawbery").corrected == "strawberries"


def test_a_word_is_mended_to_one_that_goes_with_the_others(full_catalog, owner):
    found = find_foods(owner, "orange juse", limit=3)

    assert found.corrected == "orange juice"
    assert found.foods[0].name == "Orange juice"


def test_nonsense_is_not_mended_into_something(full_catalog, owner):
    assert top(owner, "xqzzyv") == []
    assert top(owner, "qq") == []


def test_a_recent_or_favourite_food_comes_first_when_it_matches(full_catalog, owner):
    usual = Food.objects.get(name="Rice, brown, long-grain, raw")
    assert top(owner, "rice", 1) != [usual.name]

    recent = find_foods(owner, "rice", limit=1, preferred={usual.pk})
    assert [food.name for food in recent.foods] == [usual.name]
    Favourite.objects.create(user=owner, food=usual)
    assert top(owner, "rice", 1) == [usual.name]
    assert top(owner, "rice flour", 1) != [usual.name]  # only when it matches


def test_another_persons_private_words_are_never_suggested(full_catalog, owner, stranger):
    PersonalFoodFactory(owner=stranger, name="Zwieblingsbrot")

    assert find_foods(owner, "zwieblingsbrod").foods == []
    mine = find_foods(stranger, "zwieblingsbrod")
    assert [food.name for food in mine.foods] == ["Zwieblingsbrot"]


def test_show_more_pages_on_without_repeats(full_catalog, owner):
    first = find_foods(owner, "cheese")
    second = find_foods(owner, "cheese", offset=RESULT_LIMIT)

    assert first.more and len(first.foods) == RESULT_LIMIT
    assert second.foods
    assert not {food.pk for food in first.foods} & {food.pk for food in second.foods}


def test_a_new_catalog_word_can_be_mended_to_at_once(full_catalog, owner):
    find_foods(owner, "bananna")  # the vocabulary is read and kept
    CatalogFoodFactory(name="Quokkaberry")

    assert top(owner, "quokaberry", 1) == ["Quokkaberry"]


def test_the_results_page_says_showing_results_for(full_catalog, owner_client):
    response = owner_client.get(reverse("foods:search"), {"q": "brocoli"})

    html = response.content.decode()
    assert "Showing results for <strong>broccoli</strong>" in html
    assert "Broccoli, raw" in html


def test_results_show_the_default_portion_with_potassium_and_magnesium(full_catalog, owner_client):
    response = owner_client.get(reverse("foods:search"), {"q": "banana"})

    html = response.content.decode().replace("\xa0", " ")
    assert "1 medium (7&quot; to 7-7/8&quot; long) (118 g) · K 422 mg · Mg 32 mg" in html


def test_a_us_customary_person_never_reads_per_100_g(full_catalog, owner, owner_client):
    owner.profile.units = "us"
    owner.profile.save()

    html = owner_client.get(reverse("foods:search"), {"q": "banana"}).content.decode()
    html += owner_client.get(reverse("foods:search"), {"q": "tea hopi"}).content.decode()
    html = html.replace("\xa0", " ")

    assert "(4.2 oz) · K 422 mg" in html
    assert "per 3.5 oz" in html  # a food without portions: 100 g, in ounces
    assert "100 g" not in html


def test_show_more_appends_the_next_page(full_catalog, owner_client):
    url = reverse("foods:search")
    first = owner_client.get(url, {"q": "cheese"}).content.decode()
    more = owner_client.get(
        url, {"q": "cheese", "page": 2}, headers={"HX-Request": "true", "HX-Target": "more-results"}
    )

    assert "Show more" in first
    assert more.status_code == 200
    assert "<html" not in more.content.decode()
    assert more.content.decode().count('class="food-list__item"') >= RESULT_LIMIT


def test_no_match_offers_to_add_your_own_food_with_the_name(full_catalog, owner_client):
    html = owner_client.get(reverse("foods:search"), {"q": "grandma's stew"}).content.decode()

    assert f"{reverse('foods:create')}?name=grandma%27s%20stew" in html
    form = owner_client.get(reverse("foods:create"), {"name": "grandma's stew"})
    assert form.context["form"]["name"].value() == "grandma's stew"
