"""Which catalog foods are drinks: their grams count as fluid when logged as a food.

Plain Python, no Django: the catalog import (``catalog_import``) and the migration that added
``Food.is_drink`` apply this rule to USDA SR28 rows, once, when a food is first created.
After that the flag is the curators' (the admin shows and edits it), and a re-import never
overwrites it.

The rule, on SR28's groups and readable names:

- **Beverages** are drinks, except what is not drunk as it comes: powders and instant mixes
  (all under 25 g water per 100 g), frozen concentrates and chocolate syrup, unless the name
  says they were made up ("prepared with whole milk", "diluted with water").
- **Juices** in the fruit and vegetable groups (orange, tomato, prune juice...), but not
  their concentrates, nor fruit canned in juice ("peaches, canned, juice pack").
- **Milk** as a drink (whole, reduced fat, skim, buttermilk, kefir), not dry, condensed or
  evaporated milk (all under 80 g water per 100 g).
- The **featured drinks** outside those groups, by NDB number: coconut water, chocolate milk,
  hot cocoa, and the stocks people drink as bone broth.
"""

from __future__ import annotations

import re

BEVERAGES = "Beverages"
JUICE_GROUPS = ("Fruits and fruit juices", "Vegetables and vegetable products")
DAIRY = "Dairy and egg products"

# Featured foods that are drunk but sit in groups of solid foods.
FEATURED_DRINKS = frozenset(
    {
        "12119",  # coconut water (Nut and seed products)
        "01102",  # chocolate milk
        "01105",  # hot cocoa, made with milk
        "06172",  # chicken stock (bone broth, home-made)
        "06194",  # chicken broth, canned
    }
)

# Below this much water a Beverages row is a powder or an instant mix, not a drink.
MIN_BEVERAGE_WATER_G = 25.0
# Juices and milks with less water than this are concentrates, condensed or evaporated.
MIN_JUICE_OR_MILK_WATER_G = 80.0

_NOT_AS_IT_COMES = re.compile(r"\bconcentrat|\bchocolate syrup\b|\bpowder\b", re.IGNORECASE)
_MADE_UP = re.compile(r"\bprepared\b|\bdiluted\b|\breconstituted\b", re.IGNORECASE)
_JUICE = re.compile(r"\bjuice\b(?! pack)", re.IGNORECASE)
_PACKED_IN = re.compile(r"\bpacked in\b|\bjuice pack\b", re.IGNORECASE)
_MILK = re.compile(r"^(milk\b|buttermilk\b|kefir\b)", re.IGNORECASE)


def _as_it_comes(name: str) -> bool:
    return not _NOT_AS_IT_COMES.search(name) or bool(_MADE_UP.search(name))


def is_drink(source_id: str, name: str, food_group: str, water_g: float | None) -> bool:
    """Whether a catalog food is drunk, by the rule above."""
    if source_id in FEATURED_DRINKS:
        return True
    if water_g is None:
        return False
    if food_group == BEVERAGES:
        return water_g >= MIN_BEVERAGE_WATER_G and _as_it_comes(name)
    if food_group in JUICE_GROUPS:
        return (
            bool(_JUICE.search(name))
            and not _PACKED_IN.search(name)
            and water_g >= MIN_JUICE_OR_MILK_WATER_G
            and _as_it_comes(name)
        )
    if food_group == DAIRY:
        return bool(_MILK.match(name)) and water_g >= MIN_JUICE_OR_MILK_WATER_G
    return False
