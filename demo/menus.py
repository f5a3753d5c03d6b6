"""What the demo person eats: her foods and four menus, read from ``menus.json`` beside this.

The menus are data, kept out of the simulation's code so that changing what she eats is an
edit of one file. ``menus.json`` holds:

- ``foods``: short names for the catalog foods the demo eats and drinks -> USDA SR28 NDB
  numbers (see foods/data/featured_curation.csv);
- ``breakfasts``, ``lunches``, ``dinners`` and ``snacks``: dishes, each
  ``{"servings": [[food, portion, count?], ...], "sides": [[chance, food, portion, count?], ...],
  "quick": true}``; ``sides`` (none) and ``quick`` (false) may be left out, ``count`` is 1
  unless given. Portions are the labels of the catalog's household portions.
"""

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MENUS_PATH = Path(__file__).resolve().parent / "menus.json"
MENU_NAMES = ("breakfasts", "lunches", "dinners", "snacks")
DISH_KEYS = {"servings", "sides", "quick"}


@dataclass(frozen=True)
class Serving:
    food: str
    portion: str
    count: int = 1


@dataclass(frozen=True)
class Dish:
    """What is always on the plate, and optional sides, each eaten with its own chance."""

    servings: tuple[Serving, ...]
    sides: tuple[tuple[float, Serving], ...] = ()
    quick: bool = False  # what a rushed day falls back on


def read_serving(fields: list[Any], foods: dict[str, str]) -> Serving:
    food, portion, *count = fields
    if food not in foods:
        # Caught here rather than at seeding, where it would be a KeyError deep in a day.
        raise ValueError(f"{MENUS_PATH.name}: a dish eats “{food}”, which is not in its foods")
    return Serving(food, portion, *count)


def read_dish(raw: dict[str, Any], foods: dict[str, str]) -> Dish:
    unknown = set(raw) - DISH_KEYS
    if unknown:
        raise ValueError(f"{MENUS_PATH.name}: a dish has unknown keys {sorted(unknown)}")
    return Dish(
        servings=tuple(read_serving(fields, foods) for fields in raw["servings"]),
        sides=tuple(
            (chance, read_serving(fields, foods)) for chance, *fields in raw.get("sides", ())
        ),
        quick=raw.get("quick", False),
    )


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict; a food named twice is a mistake, not an override."""
    counts = Counter(key for key, _ in pairs)
    repeated = sorted(key for key, count in counts.items() if count > 1)
    if repeated:
        raise ValueError(f"{MENUS_PATH.name}: {', '.join(repeated)} given more than once")
    return dict(pairs)


def load_menus(path: Path = MENUS_PATH) -> tuple[dict[str, str], dict[str, tuple[Dish, ...]]]:
    """The foods (short name -> NDB number) and each menu's dishes, in file order."""
    data = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=unique_keys)
    foods: dict[str, str] = data["foods"]
    menus = {name: tuple(read_dish(raw, foods) for raw in data[name]) for name in MENU_NAMES}
    return foods, menus


FOODS, _MENUS = load_menus()
BREAKFASTS = _MENUS["breakfasts"]
LUNCHES = _MENUS["lunches"]
DINNERS = _MENUS["dinners"]
SNACKS = _MENUS["snacks"]
