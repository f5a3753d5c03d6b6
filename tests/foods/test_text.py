import pytest

from foods.text import fold, prefix_range, search_text, singular


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Bananas", "banana"),
        ("POTATOES", "potato"),
        ("Tomatoes, cherry", "tomato cherrie"),
        ("peaches", "peach"),
        ("Jalapeño", "jalapeno"),
        ("Crème fraîche", "creme fraiche"),
        ("sweet-potato pies", "sweet potato pie"),
        ("  Lentils,   boiled ", "lentil boiled"),
        ("loaves", "loaf"),
    ],
)
def test_it_folds_case_accents_punctuation_and_plurals(typed, stored):
    assert search_text(typed) == stored


@pytest.mark.parametrize(
    ("plural", "one"),
    [
        ("strawberries", "strawberry"),
        ("cookies", "cookie"),
        ("pies", "pie"),
        ("cherries", "Cherry"),
        ("smoothies", "smoothie"),
        ("anchovies", "anchovy"),
    ],
)
def test_singular_and_plural_give_the_same_key(plural, one):
    assert search_text(plural) == search_text(one)


@pytest.mark.parametrize(("partial", "word"), [("berr", "berries"), ("cooki", "cookies")])
def test_a_word_being_typed_is_a_prefix_of_the_key(partial, word):
    assert search_text(word).startswith(search_text(partial))


@pytest.mark.parametrize(
    "word", ["hummus", "couscous", "asparagus", "swiss", "molasses", "oats", "chips", "bass"]
)
def test_it_leaves_words_that_only_look_plural(word):
    assert singular(word) == word


def test_folding_keeps_digits():
    assert fold("Milk, 2% Fat") == "milk, 2% fat"
    assert search_text("Milk, 2% fat") == "milk 2 fat"


@pytest.mark.parametrize(
    ("prefix", "bounds"),
    [
        ("swee", ("swee", "swef")),
        ("a", ("a", "b")),
        ("milk2", ("milk2", "milk3")),
        ("vitamin9", ("vitamin9", "vitamina")),
        ("jazz", ("jazz", "jb")),
        ("zz", ("zz", None)),
    ],
)
def test_prefix_ranges_hold_exactly_the_words_with_the_prefix(prefix, bounds):
    assert prefix_range(prefix) == bounds


def test_prefix_range_agrees_with_startswith_on_sample_words():
    words = ["swede", "sweet", "sweets", "swef", "swe", "sweetz", "swf", "b12", "b9", "ba"]
    for prefix in ["swee", "b", "b1", "b9", "sweetz"]:
        low, high = prefix_range(prefix)
        in_range = {w for w in words if w >= low and (high is None or w < high)}
        assert in_range == {w for w in words if w.startswith(prefix)}, prefix
