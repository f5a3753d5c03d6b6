"""A meal typed in words: phrases, amounts and units (foods.meal_text), then foods and grams
through the same forgiving search (foods.meal_match)."""

import pytest

from foods.meal_match import match_meal, portion_count
from foods.meal_text import parse_meal

# (what is typed, [(quantity, unit, food words)])
PHRASES = [
    ("2 eggs", [(2, None, "eggs")]),
    ("a banana", [(1, None, "banana")]),
    ("an apple", [(1, None, "apple")]),
    ("half a banana", [(0.5, None, "banana")]),
    ("half an avocado", [(0.5, None, "avocado")]),
    ("a half of a grapefruit", [(0.5, None, "grapefruit")]),
    ("a quarter of a melon", [(0.25, None, "melon")]),
    ("two cups of milk", [(2, "cup", "milk")]),
    ("1 1/2 cups rice", [(1.5, "cup", "rice")]),
    ("1/2 cup yoghurt", [(0.5, "cup", "yoghurt")]),
    ("½ avocado", [(0.5, None, "avocado")]),
    ("one and a half cups of tea", [(1.5, "cup", "tea")]),
    ("a couple of eggs", [(2, None, "eggs")]),
    ("a dozen almonds", [(12, None, "almonds")]),
    ("three slices of bread", [(3, "slice", "bread")]),
    ("150 g oatmeal", [(150, "g", "oatmeal")]),
    ("150g oatmeal", [(150, "g", "oatmeal")]),
    ("oatmeal 150 g", [(150, "g", "oatmeal")]),
    ("0.5 kg potatoes", [(0.5, "kg", "potatoes")]),
    ("2,5 dl milk", [(2.5, "dl", "milk")]),
    ("250ml orange juice", [(250, "ml", "orange juice")]),
    ("1 l water", [(1, "l", "water")]),
    ("3 oz chicken breast", [(3, "oz", "chicken breast")]),
    ("8 fl oz milk", [(8, "fl oz", "milk")]),
    ("1 lb potatoes", [(1, "lb", "potatoes")]),
    ("1 tbsp honey", [(1, "tbsp", "honey")]),
    ("a tablespoon of peanut butter", [(1, "tbsp", "peanut butter")]),
    ("2 teaspoons sugar", [(2, "tsp", "sugar")]),
    ("a glass of water", [(1, "glass", "water")]),
    ("a can of cola", [(1, "can", "cola")]),
    ("2 medium bananas", [(2, "medium", "bananas")]),
    ("a large egg", [(1, "large", "egg")]),
    ("banana x2", [(2, None, "banana")]),
    ("coffee", [(1, None, "coffee")]),
    ("I had 2 eggs", [(2, None, "eggs")]),
    ("baked potato with skin", [(1, None, "baked potato with skin")]),
    (
        "2 eggs, a banana and a cup of coffee with milk",
        [(2, None, "eggs"), (1, None, "banana"), (1, "cup", "coffee"), (30, "ml", "milk")],
    ),
    ("150 g oatmeal, 1 tbsp honey", [(150, "g", "oatmeal"), (1, "tbsp", "honey")]),
    (
        "toast with butter; tea with milk & sugar",
        [
            (1, None, "toast"),
            (1, "tsp", "butter"),
            (1, None, "tea"),
            (30, "ml", "milk"),
            (1, None, "sugar"),
        ],
    ),
    ("rice\nbeans plus salsa", [(1, None, "rice"), (1, None, "beans"), (1, None, "salsa")]),
]


@pytest.mark.parametrize(("typed", "expected"), PHRASES)
def test_phrases_give_amounts_units_and_foods(typed, expected):
    phrases = parse_meal(typed)

    assert [(p.quantity, p.unit, p.food) for p in phrases] == expected


def test_every_piece_is_kept_even_one_without_a_food():
    phrases = parse_meal("2 eggs, 3, , and")

    assert [(p.quantity, p.food) for p in phrases] == [(2, "eggs"), (3, "")]


def test_an_amount_said_is_told_from_one_assumed():
    said, assumed = parse_meal("a banana, banana")

    assert said.said_amount and not assumed.said_amount


@pytest.mark.parametrize(
    ("label", "count"),
    [("1 cup", 1), ("1/2 cup", 0.5), ("2 slices", 2), ("1 1/2 cups", 1.5), ("cup", 1)],
)
def test_portion_labels_count_their_unit(label, count):
    assert portion_count(label) == count


# (typed, [(name of the food found, grams)]): the catalog's own names and portions.
MEALS = [
    (
        "2 eggs, a banana and a cup of coffee with milk",
        [("Egg, raw", 100), ("Banana", 118), ("Coffee, brewed", 237), ("Milk, whole", 30)],
    ),
    ("150 g oatmeal, 1 tbsp honey", [("Oatmeal, cooked with water", 150), ("Honey", 21)]),
    ("half an avocado", [("Avocado", 101)]),
    ("3 oz chiken breast", [("Chicken breast, roasted (no skin)", 85)]),
    ("2 slices of white bread", [("White bread", 58)]),
    ("a glass of orange juice", [("Orange juice", 249)]),
]


@pytest.mark.parametrize(("typed", "expected"), MEALS)
def test_typed_meals_find_the_foods_and_grams(full_catalog, owner, typed, expected):
    matched = match_meal(owner, typed)

    assert [(m.food.name, round(m.grams)) for m in matched] == [
        (name, round(grams)) for name, grams in expected
    ]


def test_an_unmatched_phrase_is_reported_never_dropped_or_guessed(full_catalog, owner):
    matched = match_meal(owner, "a banana, 2 xqzzyv and some plughs")

    assert [(m.phrase.text, m.food is not None) for m in matched] == [
        ("a banana", True),
        ("2 xqzzyv", False),
        ("some plughs", False),
    ]


def test_a_mended_word_is_said(full_catalog, owner):
    (matched,) = match_meal(owner, "2 bananna")

    assert matched.food.name == "Banana"
    assert matched.corrected == "banana"


def test_matching_a_meal_at_once_finds_what_searching_each_phrase_finds(full_catalog, owner):
    from foods.search import best_matches, find_foods

    queries = ["eggs", "banana", "coffee", "milk", "oatmeal", "honey", "chiken", "xqzzyv", "c"]

    together = [[f.name for f in found.foods] for found in best_matches(owner, queries)]

    assert together == [[f.name for f in find_foods(owner, q, limit=1).foods] for q in queries]
