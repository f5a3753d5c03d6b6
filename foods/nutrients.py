"""Nutrient arithmetic: per-100 g values times grams, totals that add up, rounding in one place.

Plain Python, no Django, so that meals, days and reports all compute the same way.

Rounding rule (for display only; totals are kept unrounded so that rounding never compounds):
minerals and water to whole milligrams or millilitres, energy to whole kilocalories, grams of
food to one decimal below 10 g and whole grams above.
"""

from collections.abc import Iterable
from dataclasses import dataclass, fields

MINERALS = ("potassium", "magnesium", "calcium", "sodium")

# The one list of nutrient fields: each nutrient and the column that stores it, in display
# order. A food stores it per 100 g; a logged meal item or drink stores it for its amount.
NUTRIENT_COLUMNS = {
    "potassium": "potassium_mg",
    "magnesium": "magnesium_mg",
    "calcium": "calcium_mg",
    "sodium": "sodium_mg",
    "energy": "energy_kcal",
    "water": "water_g",
}
NUTRIENT_FIELDS = tuple(NUTRIENT_COLUMNS.values())
# The minerals' columns alone: what a day's intake adds up.
MINERAL_FIELDS = {name: NUTRIENT_COLUMNS[name] for name in MINERALS}
GRAMS_PER_OUNCE = 28.349523125  # the international avoirdupois ounce, exactly


@dataclass(frozen=True, slots=True)
class Nutrients:
    """Amounts in mg (minerals), kcal (energy) and g (water). ``None`` means unknown.

    Unknown is not zero: a sum with an unknown part is a lower bound, and ``unknown`` says
    which nutrients are affected so that screens can say "at least".
    """

    potassium: float | None = 0.0
    magnesium: float | None = 0.0
    calcium: float | None = 0.0
    sodium: float | None = 0.0
    energy: float | None = 0.0
    water: float | None = 0.0
    unknown: frozenset[str] = frozenset()

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls) if f.name != "unknown")

    def __add__(self, other: "Nutrients") -> "Nutrients":
        if not isinstance(other, Nutrients):
            return NotImplemented
        values = {}
        unknown = set(self.unknown) | set(other.unknown)
        for name in self.field_names():
            mine, theirs = getattr(self, name), getattr(other, name)
            if mine is None or theirs is None:
                unknown.add(name)
            values[name] = (mine or 0.0) + (theirs or 0.0)
        return Nutrients(**values, unknown=frozenset(unknown))

    def __radd__(self, other: object) -> "Nutrients":
        # Lets sum() start from 0.
        if other == 0:
            return self
        return NotImplemented

    def scaled(self, factor: float) -> "Nutrients":
        values = {
            name: None if getattr(self, name) is None else getattr(self, name) * factor
            for name in self.field_names()
        }
        return Nutrients(**values, unknown=self.unknown)

    def rounded(self) -> dict[str, int | None]:
        """Whole numbers for display, ``None`` kept for unknown values."""
        return {
            name: None if getattr(self, name) is None else round_amount(getattr(self, name))
            for name in self.field_names()
        }


# Amounts of nothing known: a logged row without a food to read them from.
NO_VALUES = Nutrients(None, None, None, None, None, None)


def per_100_g(**values: float | None) -> Nutrients:
    """The nutrients of 100 g of a food, as the catalog stores them."""
    unknown = frozenset(name for name, value in values.items() if value is None)
    return Nutrients(**values, unknown=unknown)


def for_amount(per_100g: Nutrients, grams: float) -> Nutrients:
    """The nutrients in ``grams`` of a food: the per-100 g values scaled, unknowns kept."""
    if grams < 0:
        raise ValueError("An amount cannot be negative.")
    return per_100g.scaled(grams / 100.0)


def total(parts: Iterable[Nutrients]) -> Nutrients:
    return sum(parts, Nutrients())


def round_amount(value: float) -> int:
    """Half up, as people expect (Python's round() goes to even: 422.5 would give 422)."""
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)


def round_grams(grams: float) -> float:
    return round(grams, 1) if grams < 10 else float(round_amount(grams))


def grams_of(quantity: float, unit: str, portion_grams: float | None = None) -> float:
    """An amount as people say it ("2 portions", "3 oz", "150 g") in grams.

    ``unit`` is "g", "oz" or "portion"; a portion needs its weight in ``portion_grams``.
    """
    if quantity < 0:
        raise ValueError("An amount cannot be negative.")
    if unit == "g":
        return quantity
    if unit == "oz":
        return quantity * GRAMS_PER_OUNCE
    if unit == "portion" and portion_grams is not None:
        return quantity * portion_grams
    raise ValueError(f"Unknown unit {unit!r}.")
