"""A typed meal's phrases matched to foods and amounts, through the same forgiving search.

Each phrase (``foods.meal_text``) is looked up as a search query; its amount becomes grams
from the unit: a weight directly, a catalog portion of that name ("1 cup", "1 slice",
"1 medium") when the food has one, a volume of a drink as its millilitres, and a count as
that many default portions. A phrase whose food is not found stays in the answer, unmatched,
for the person to see: nothing is guessed silently.
"""

import re
from collections.abc import Collection
from dataclasses import dataclass

from .meal_text import Phrase, parse_meal
from .models import Food, Person, Portion
from .nutrients import round_grams
from .search import best_matches

_LEADING_AMOUNT = re.compile(r"^\s*(\d+(?:\.\d+)?)(?:\s+(\d+)/(\d+)|/(\d+))?")


@dataclass
class MatchedPhrase:
    phrase: Phrase
    food: Food | None  # None: nothing found for the phrase
    grams: float = 0.0
    label: str = ""  # the amount as said: "2 × 1 large", "150 g", "1 cup"
    corrected: str = ""  # the words the search mended the phrase's food to ("potato")
    portion: Portion | None = None  # the food's portion the amount counts, if it counts one
    portions: float = 0.0  # how many of that portion


def match_meal(user: Person, text: str, preferred: Collection[int] = ()) -> list[MatchedPhrase]:
    """Every phrase of ``text``, in order, with its food and grams when one was found."""
    phrases = parse_meal(text)
    wanted = [phrase for phrase in phrases if phrase.food]
    found = iter(best_matches(user, [phrase.food for phrase in wanted], preferred=preferred))
    matched = []
    for phrase in phrases:
        best = next(found) if phrase.food else None
        food = best.foods[0] if best and best.foods else None
        if best is None or food is None:
            matched.append(MatchedPhrase(phrase, None))
            continue
        amount = amount_of(phrase, food, list(food.portions.all()))
        matched.append(MatchedPhrase(phrase, food, *amount[:2], best.corrected, *amount[2:]))
    return matched


def portion_count(label: str) -> float:
    """How many of its unit a portion label holds: "1/2 cup" 0.5, "2 slices" 2, "cup" 1."""
    match = _LEADING_AMOUNT.match(label)
    if not match:
        return 1.0
    whole = float(match[1])
    if match[2]:
        return whole + int(match[2]) / max(int(match[3]), 1)
    if match[4]:
        return whole / max(int(match[4]), 1)
    return whole or 1.0


def _portion_named(portions: list[Portion], words: tuple[str, ...]) -> Portion | None:
    for portion in portions:
        label = portion.label.lower()
        for word in words:
            if re.search(rf"\b{re.escape(word)}s?\b", label):
                if word == "oz" and "fl oz" in label:
                    continue
                return portion
    return None


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


Amount = tuple[float, str, Portion | None, float]


def amount_of(phrase: Phrase, food: Food, portions: list[Portion]) -> Amount:
    """The phrase's amount of ``food``: grams, how it is shown, and the portion it counts
    with how many of it (None and 0 for an amount by weight)."""
    quantity = phrase.quantity
    kind = phrase.unit_kind
    said = f"{_number(quantity)} {phrase.unit}"
    if kind == "mass":
        return round_grams(phrase.grams_or_ml() or 0.0), said, None, 0.0
    if kind is not None:  # a volume or a portion word: the food's own portion of that name
        portion = _portion_named(portions, phrase.unit_words())
        if portion is not None:
            count = quantity / portion_count(portion.label)
            return round_grams(count * portion.grams), said, portion, count
        ml = phrase.grams_or_ml()
        if ml is not None:  # no such portion: a volume taken as its weight in water
            return round_grams(ml), said, None, 0.0
    default = next((portion for portion in portions if portion.is_default), None)
    default = default or (portions[0] if portions else None)
    if default is None:
        return round_grams(100.0 * quantity), f"{_number(100 * quantity)} g", None, 0.0
    count = quantity
    if portion_count(default.label) != 1 and _names_the_food(default.label, food):
        count = quantity / portion_count(default.label)  # "half an avocado" of "1/2 avocado"
    label = default.label if count == 1 else f"{_number(count)} × {default.label}"
    return round_grams(count * default.grams), label, default, count


def _names_the_food(label: str, food: Food) -> bool:
    """Whether a portion label counts the food itself ("1/2 avocado"), not a measure."""
    head = food.search_head.split()
    return any(word.rstrip("s") in label.lower() for word in head[-1:])
