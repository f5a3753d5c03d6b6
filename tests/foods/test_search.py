"""Search ranking on the full catalog: what people expect to find, in the order they expect."""

import pytest

from foods.models import Food
from foods.search import search_foods
from tests.factories import CatalogFoodFactory, PersonalFoodFactory


def names(user, query, limit=10):
    return [food.name for food in search_foods(user, query, limit=limit)]


def descriptions(user, query, limit=10):
    return [food.description for food in search_foods(user, query, limit=limit)]


def test_banana_puts_raw_banana_in_the_top_three(full_catalog, owner):
    assert "BANANAS, RAW" in descriptions(owner, "banana")[:3]


def test_sweet_potato_finds_sweet_potatoes_before_pies(full_catalog, owner):
    # SR28 has no sweet potato pie; a curator might add one, in either word order, featured.
    CatalogFoodFactory(name="Sweet potato pie", featured=True)
    CatalogFoodFactory(name="Pie, sweet potato, homemade", featured=True)

    found = names(owner, "sweet potato", limit=30)

    pies = [i for i, name in enumerate(found) if "pie" in name.lower()]
    sweet_potatoes = [i for i, name in enumerate(found) if name.lower().startswith("sweet potato,")]
    assert len(pies) == 2
    assert len(sweet_potatoes) >= 5
    assert max(sweet_potatoes) < min(pies)


@pytest.mark.parametrize("query", ["BANANA", "bananas", "Banana", "  banana  "])
def test_case_plurals_and_spacing_do_not_matter(full_catalog, owner, query):
    assert names(owner, query) == names(owner, "banana")


def test_accents_do_not_matter(full_catalog, owner):
    assert names(owner, "jalapeño") == names(owner, "jalapeno")
    assert names(owner, "jalapeno")


def test_plural_query_finds_singular_names(full_catalog, owner):
    assert "Potato, baked, with skin" in names(owner, "potatoes baked", limit=20)
    assert any("lentil" in name.lower() for name in names(owner, "lentil"))


def test_words_match_at_word_starts_only(full_catalog, owner):
    found = names(owner, "ham", limit=50)

    assert found
    assert not any("graham" in name.lower() and " ham" not in name.lower() for name in found)


def test_featured_foods_come_first_among_equals(full_catalog, owner):
    found = list(search_foods(owner, "milk", limit=10))

    assert found[0].featured


def test_the_users_own_food_comes_first_among_equals(full_catalog, owner):
    mine = PersonalFoodFactory(owner=owner, name="Banana smoothie")

    found = list(search_foods(owner, "banana", limit=5))

    assert mine in found
    banana_raw = Food.objects.get(source_id="09040")
    assert found.index(banana_raw) == 0  # an exact name still beats a longer own food
    others = list(search_foods(owner, "banana smoothie", limit=5))
    assert others[0] == mine


def test_private_foods_never_show_up_for_another_user(full_catalog, owner, stranger):
    PersonalFoodFactory(owner=owner, name="Grandma's secret banana bread")

    assert "Grandma's secret banana bread" not in names(stranger, "grandma banana bread")
    assert names(stranger, "grandma secret") == []


def test_inactive_foods_are_not_offered(full_catalog, owner):
    Food.objects.filter(source_id="09040").update(active=False)

    assert "BANANAS, RAW" not in descriptions(owner, "banana", limit=50)


@pytest.mark.parametrize("query", ["", "   ", "!!!", "%", "_"])
def test_empty_or_symbol_queries_find_nothing(full_catalog, owner, query):
    assert names(owner, query) == []
