"""A meal typed as people say it, cut into phrases of an amount and a food.

"2 eggs, a banana and a cup of coffee with milk" gives four phrases: 2 (eggs), 1 (banana),
1 cup (coffee) and a splash (milk). Plain Python, no Django: the foods are matched
afterwards through the catalog's search (``foods.meal_match``), one phrase at a time.

Understood amounts: numbers ("2", "1.5", "2,5"), fractions ("1/2", "1 1/2", "½"), words ("a",
"an", "one" to "twelve", "half a", "a half", "one and a half", "a couple of", "a dozen") and
units of both systems (g, kg, oz, lb, ml, l, fl oz, cup, tbsp, tsp, pint) or a portion word
of the catalog ("slice", "medium", "can"). A phrase is split off at commas, semicolons, new
lines, "and", "plus", "&", and at "with" before something added to a drink or a dish ("with
milk", "with honey").
"""

import re
from dataclasses import dataclass
from typing import Literal

UnitKind = Literal["mass", "volume", "portion"]


@dataclass(frozen=True)
class Unit:
    name: str  # how the amount is shown: "g", "cup", "slice"
    kind: UnitKind
    size: float  # grams of a mass unit, millilitres of a volume unit; 0 for a portion word
    words: tuple[str, ...]  # how a catalog portion label may name it ("cup", "tbsp")


GRAMS_PER_OUNCE = 28.349523125
ML_PER_FL_OZ = 29.5735295625

_UNITS = [
    Unit("g", "mass", 1.0, ()),
    Unit("kg", "mass", 1000.0, ()),
    Unit("oz", "mass", GRAMS_PER_OUNCE, ("oz",)),
    Unit("lb", "mass", 16 * GRAMS_PER_OUNCE, ("lb",)),
    Unit("ml", "volume", 1.0, ("ml",)),
    Unit("l", "volume", 1000.0, ()),
    Unit("dl", "volume", 100.0, ()),
    Unit("cl", "volume", 10.0, ()),
    Unit("fl oz", "volume", ML_PER_FL_OZ, ("fl oz",)),
    Unit("cup", "volume", 8 * ML_PER_FL_OZ, ("cup",)),
    Unit("tbsp", "volume", ML_PER_FL_OZ / 2, ("tbsp", "tablespoon")),
    Unit("tsp", "volume", ML_PER_FL_OZ / 6, ("tsp", "teaspoon")),
    Unit("pint", "volume", 16 * ML_PER_FL_OZ, ("pint",)),
    Unit("glass", "volume", 8 * ML_PER_FL_OZ, ("glass", "cup")),
    Unit("mug", "volume", 10 * ML_PER_FL_OZ, ("mug", "cup")),
]
_BY_NAME = {unit.name: unit for unit in _UNITS}

# What people type for each unit (singular and plural), longest spelling first when matched.
_UNIT_SPELLINGS = {
    "g": ["g", "gr", "gram", "grams", "gramme", "grammes"],
    "kg": ["kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"],
    "oz": ["oz", "ozs", "ounce", "ounces"],
    "lb": ["lb", "lbs", "pound", "pounds"],
    "ml": ["ml", "mls", "millilitre", "millilitres", "milliliter", "milliliters"],
    "l": ["l", "litre", "litres", "liter", "liters"],
    "dl": ["dl"],
    "cl": ["cl"],
    "fl oz": ["fl oz", "fl. oz", "fl.oz", "floz", "fluid ounce", "fluid ounces"],
    "cup": ["cup", "cups"],
    "tbsp": ["tbsp", "tbsps", "tbs", "tablespoon", "tablespoons"],
    "tsp": ["tsp", "tsps", "teaspoon", "teaspoons"],
    "pint": ["pint", "pints"],
    "glass": ["glass", "glasses"],
    "mug": ["mug", "mugs"],
}

# Portion words of the catalog's portion labels ("1 slice", "1 medium"): the amount counts
# portions of that name.
PORTION_WORDS = {
    "slice": "slice", "slices": "slice", "piece": "piece", "pieces": "piece",
    "can": "can", "cans": "can", "bottle": "bottle", "bottles": "bottle",
    "container": "container", "containers": "container", "pot": "container",
    "pots": "container", "carton": "container", "bowl": "bowl", "bowls": "bowl",
    "small": "small", "medium": "medium", "large": "large", "extra large": "extra large",
    "stalk": "stalk", "stalks": "stalk", "spear": "spear", "spears": "spear",
    "packet": "packet", "packets": "packet", "bar": "bar", "bars": "bar",
    "serving": "serving", "servings": "serving", "scoop": "scoop", "scoops": "scoop",
    "handful": "oz", "handfuls": "oz", "clove": "clove", "cloves": "clove",
    "leaf": "leaf", "leaves": "leaf", "stick": "stick", "sticks": "stick",
    "wedge": "wedge", "wedges": "wedge", "fillet": "fillet", "fillets": "fillet",
}  # fmt: skip

# Every unit spelling and portion word, longest first, with the pattern that finds it.
_SPELLINGS = [
    (spelling, name, re.compile(rf"{re.escape(spelling)}(?:\b|(?=\d))"))
    for spelling, name in sorted(
        [(spelling, name) for name, words in _UNIT_SPELLINGS.items() for spelling in words]
        + list(PORTION_WORDS.items()),
        key=lambda pair: -len(pair[0]),
    )
]

_NUMBER_WORDS = {
    "a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0,
    "six": 6.0, "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0, "eleven": 11.0,
    "twelve": 12.0, "dozen": 12.0, "half": 0.5, "quarter": 0.25, "couple": 2.0,
    "few": 3.0, "some": 1.0,
}  # fmt: skip

_AND_A_HALF = {"one": "1.5", "an": "1.5", "a": "1.5", "two": "2.5", "three": "3.5"}

_FRACTION_CHARACTERS = {"½": " 1/2", "¼": " 1/4", "¾": " 3/4", "⅓": " 1/3", "⅔": " 2/3"}

# Added to a drink or a dish: "coffee with milk" is two foods, "potato with skin" one. With
# no amount said, an addition is a splash of a liquid (30 ml) or a teaspoon of the rest.
SPLASH = (30.0, "ml")
TEASPOON = (1.0, "tsp")
ADDONS = {
    "milk": SPLASH, "cream": SPLASH, "oat milk": SPLASH, "soy milk": SPLASH,
    "almond milk": SPLASH, "lemon": SPLASH, "syrup": SPLASH, "sugar": TEASPOON,
    "honey": TEASPOON, "butter": TEASPOON, "jam": TEASPOON, "sweetener": TEASPOON,
    "ketchup": TEASPOON, "mayonnaise": TEASPOON, "mayo": TEASPOON, "cheese": (1.0, "tbsp"),
}  # fmt: skip

_SPLIT = re.compile(r"\s*(?:[,;\n+&]|\band\b|\bplus\b|\bthen\b)\s*")
_NUMBER = r"\d+(?:[.,]\d+)?"
_AMOUNT = re.compile(
    rf"^(?:(?P<whole>\d+)\s+(?P<fnum>\d+)/(?P<fden>\d+)"  # 1 1/2
    rf"|(?P<num>\d+)/(?P<den>\d+)"  # 1/2
    rf"|(?P<decimal>{_NUMBER}))"  # 2, 1.5, 2,5
    r"\s*(?:x\b|×)?\s*"
)
_FILLER = re.compile(r"^(?:i\s+(?:had|ate|drank)\s+|had\s+|ate\s+|drank\s+|about\s+|around\s+)")


@dataclass(frozen=True)
class Phrase:
    """One food of a typed meal: its words as typed, the amount, and the food's words."""

    text: str  # the phrase as typed: "a cup of coffee"
    quantity: float  # 1 when no amount was said
    unit: str | None  # a unit's name ("g", "cup"), a portion word ("slice"), or None: portions
    food: str  # the words naming the food: "coffee"
    said_amount: bool  # False when the phrase gave no amount ("banana", "with milk")

    @property
    def unit_kind(self) -> UnitKind | None:
        if self.unit is None:
            return None
        unit = _BY_NAME.get(self.unit)
        return unit.kind if unit else "portion"

    def unit_words(self) -> tuple[str, ...]:
        """How a catalog portion label may name this phrase's unit."""
        if self.unit is None:
            return ()
        unit = _BY_NAME.get(self.unit)
        return unit.words if unit else (self.unit,)

    def grams_or_ml(self) -> float | None:
        """The amount in grams (a mass unit) or millilitres (a volume unit); None otherwise."""
        unit = _BY_NAME.get(self.unit or "")
        return self.quantity * unit.size if unit else None


def parse_meal(text: str) -> list[Phrase]:
    """The phrases of a typed meal, in order; empty phrases are skipped, none is dropped."""
    cleaned = text.lower()
    for character, spelled in _FRACTION_CHARACTERS.items():
        cleaned = cleaned.replace(character, spelled)
    cleaned = re.sub(r"(\d),(\d)", r"\1.\2", cleaned)  # 2,5 kg: a decimal comma, not a list
    for said, number in _AND_A_HALF.items():  # "one and a half": not two phrases
        cleaned = re.sub(rf"\b{said} and a half\b", number, cleaned)
    cleaned = re.sub(r"\b(\d+) and a half\b", r"\1.5", cleaned)
    phrases: list[Phrase] = []
    for part in _SPLIT.split(cleaned):
        for piece in _split_additions(part):
            phrase = parse_phrase(piece)
            if phrase is not None:
                phrases.append(phrase)
    return phrases


def _split_additions(part: str) -> list[str]:
    """ "coffee with milk" → ["coffee", "with milk"]; "potato with skin" stays whole."""
    pieces = re.split(r"\s+(?=with\s)", part.strip())
    kept = [pieces[0]]
    for piece in pieces[1:]:
        words = piece.removeprefix("with").strip()
        bare = _strip_amount(words)[2]
        if bare in ADDONS or bare.rstrip("s") in ADDONS:
            kept.append(piece)
        else:
            kept[-1] = f"{kept[-1]} {piece}"
    return kept


def parse_phrase(piece: str) -> Phrase | None:
    """One phrase: "150 g oatmeal", "half a banana", "two cups of milk", "banana x2"."""
    text = " ".join(piece.split())
    if not text:
        return None
    addition = text.startswith("with ")
    body = _FILLER.sub("", text.removeprefix("with ").strip())
    quantity, unit, food = _strip_amount(body)
    said = quantity is not None or unit is not None
    if not said:
        quantity, unit, food = _trailing_amount(food)
        said = quantity is not None
    if addition and not said:
        quantity, unit = ADDONS.get(food, ADDONS.get(food.rstrip("s"), SPLASH))
        return Phrase(text, quantity, unit, food, False)
    if not food:
        return Phrase(text, quantity or 1.0, unit, "", said)
    return Phrase(text, quantity if quantity is not None else 1.0, unit, food, said)


def _read_number(text: str) -> tuple[float | None, str]:
    match = _AMOUNT.match(text)
    if match:
        rest = text[match.end() :]
        if match["whole"]:
            value = int(match["whole"]) + int(match["fnum"]) / max(int(match["fden"]), 1)
        elif match["num"]:
            value = int(match["num"]) / max(int(match["den"]), 1)
        else:
            value = float(match["decimal"].replace(",", "."))
        return value, rest
    return _read_number_words(text)


def _read_number_words(text: str) -> tuple[float | None, str]:
    """ "half a", "a half", "one and a half", "a couple of", "two": a number said in words."""
    words = text.split()
    if not words:
        return None, text
    rules: list[tuple[tuple[str, ...], float]] = [
        (("a", "half", "of", "a"), 0.5),
        (("a", "half", "of"), 0.5),
        (("half", "a"), 0.5),
        (("half", "an"), 0.5),
        (("half", "of", "a"), 0.5),
        (("half", "of"), 0.5),
        (("a", "half"), 0.5),
        (("a", "quarter", "of", "a"), 0.25),
        (("a", "quarter", "of"), 0.25),
        (("a", "quarter"), 0.25),
        (("quarter", "of", "a"), 0.25),
        (("a", "couple", "of"), 2.0),
        (("a", "few"), 3.0),
        (("a", "dozen"), 12.0),
    ]
    for said, value in rules:
        if tuple(words[: len(said)]) == said:
            return value, " ".join(words[len(said) :])
    first = words[0]
    if first in _NUMBER_WORDS:
        return _NUMBER_WORDS[first], " ".join(words[1:])
    return None, text


def _read_unit(text: str, alone: bool = False) -> tuple[str | None, str]:
    """A unit or a portion word at the start of ``text`` ("cups of milk" → cup, "milk")."""
    for spelling, name, pattern in _SPELLINGS:
        if pattern.match(text):
            rest = text[len(spelling) :].strip()
            if not rest and not alone and name in {"l", "g"}:
                continue  # "a l" or "g" alone: not a unit
            return name, re.sub(r"^of\b\s*", "", rest)
    return None, text


def _strip_amount(text: str) -> tuple[float | None, str | None, str]:
    """The amount at the start of a phrase, and the food's words after it."""
    quantity, rest = _read_number(text.strip())
    rest = rest.strip()
    if quantity is not None:
        second, after = _read_number_words(rest)  # "1 and a half": not needed; "2 dozen"
        if second is not None and rest.split()[:1] == ["dozen"]:
            quantity, rest = quantity * second, after
    unit, rest = _read_unit(rest)
    if unit is None and quantity is not None:
        rest = re.sub(r"^of\b\s*", "", rest)
    return quantity, unit, re.sub(r"^(?:an?|the)\s+", "", rest.strip())


def _trailing_amount(text: str) -> tuple[float | None, str | None, str]:
    """An amount said after the food: "oatmeal 150 g", "banana x2", "milk 250ml"."""
    match = re.search(rf"\s+(?:x\s*)?({_NUMBER})\s*([a-z. ]*)$", text)
    if not match:
        return None, None, text
    unit, rest = _read_unit(match[2].strip(), alone=True)
    if rest:  # words after the number that are not a unit: part of the name ("7up")
        return None, None, text
    return float(match[1]), unit, text[: match.start()].strip()
