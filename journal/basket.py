"""A meal put together before it is saved: its foods, each amount, and what they add up to.

The basket lives in the page's form (one ``food``, ``qty`` and ``unit`` per line), so it
needs no server state: every change posts the whole form and gets the basket back with its
totals. Saving hands the lines to ``journal.services.log_meal``, all or nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils import timezone

from accounts.models import User
from foods import units
from foods.models import Food, Portion
from foods.nutrients import Nutrients, grams_of, round_grams, total

from .meal_times import USUAL_MEAL_TIMES, default_meal_kind
from .models import MAX_ITEM_GRAMS, Meal
from .services import MAX_BASKET_ITEMS, BasketItem

# The quick steps offered on every line: that many of the food's default portion.
STEPS = [(0.5, "½", "Half a portion"), (1.0, "1", "1 portion"), (2.0, "2", "2 portions")]


@dataclass
class Line:
    """One food in the basket and its amount: ``qty`` of ``unit`` ("portion-<id>", "g", "oz")."""

    food: Food
    qty: float
    unit: str
    error: str = ""

    @property
    def portions(self) -> list[Portion]:
        return list(self.food.portions.all())

    def portion(self) -> Portion | None:
        if self.unit.startswith("portion-"):
            return next((p for p in self.portions if f"portion-{p.pk}" == self.unit), None)
        return None

    @property
    def default_unit(self) -> str:
        """The food's default portion (its first when none is marked), else grams."""
        portions = self.portions
        default = next((p for p in portions if p.is_default), portions[0] if portions else None)
        return f"portion-{default.pk}" if default else "g"

    def grams(self) -> float:
        portion = self.portion()
        if portion is not None:
            return grams_of(self.qty, "portion", portion.grams)
        return grams_of(self.qty, "oz" if self.unit == "oz" else "g")

    def label(self) -> str:
        number = f"{round(self.qty, 2):g}"
        portion = self.portion()
        if portion is not None:
            return portion.label if self.qty == 1 else f"{number} × {portion.label}"
        return f"{number} {'oz' if self.unit == 'oz' else 'g'}"

    def nutrients(self) -> Nutrients:
        return self.food.nutrients_for(self.grams())

    def fluid_ml(self) -> float:
        return self.grams() if self.food.is_drink else 0.0

    def unit_choices(self, system: str) -> list[tuple[str, str]]:
        weights = [("g", "g"), ("oz", "oz")]
        return [
            *[(f"portion-{p.pk}", str(p.label)) for p in self.portions],
            *(weights[::-1] if units.is_us(system) else weights),
        ]


@dataclass
class Basket:
    lines: list[Line] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # typed phrases no food was found for
    notes: list[str] = field(default_factory=list)  # "“potatoe”: showing potato"
    missing: int = 0  # posted foods no longer there to log: the meal is not saved

    def nutrients(self) -> Nutrients:
        return total(line.nutrients() for line in self.lines)

    def fluid_ml(self) -> float:
        return sum(line.fluid_ml() for line in self.lines)

    def items(self) -> list[BasketItem]:
        return [
            BasketItem(line.food, round_grams(line.grams()), line.label()) for line in self.lines
        ]

    @property
    def errors(self) -> list[str]:
        gone = ["A food in this meal is no longer in the catalog; check the list."]
        return (gone if self.missing else []) + [line.error for line in self.lines if line.error]


def _number(value: Any) -> float | None:
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return None
    return number if number == number and 0 < number <= 10_000 else None  # not NaN


def read_basket(user: User, data: QueryDict) -> Basket:
    """The lines a posted basket form holds, each food among those the person may see.

    A line whose food is not found (another person's, or one taken out of the catalog since)
    is left out and counted in ``missing``, which stops a save; a line with an amount that
    is not a number or is too much keeps its food and says what is wrong.
    """
    food_ids = data.getlist("food")[:MAX_BASKET_ITEMS]
    quantities = data.getlist("qty")
    unit_names = data.getlist("unit")
    ids = [int(pk) for pk in food_ids if str(pk).isdigit()]
    foods = Food.objects.visible_to(user).prefetch_related("portions").in_bulk(ids)
    basket = Basket()
    for index, pk in enumerate(food_ids):
        food = foods.get(int(pk)) if str(pk).isdigit() else None
        if food is None:
            basket.missing += 1
            continue
        qty = _number(quantities[index] if index < len(quantities) else None)
        unit = unit_names[index] if index < len(unit_names) else ""
        line = Line(food, qty or 1.0, unit)
        if unit not in {"g", "oz"} and line.portion() is None:
            line.unit = line.default_unit
        if qty is None:
            line.error = "Enter an amount, such as 1 or 150."
        elif line.grams() > MAX_ITEM_GRAMS:
            most = units.mass(MAX_ITEM_GRAMS, user.profile.units)
            line.error = f"One food can be at most {most} at a time."
        basket.lines.append(line)
    return basket


def add_food(basket: Basket, food: Food, qty: float = 1.0, unit: str | None = None) -> Line:
    line = Line(food, qty, "")
    line.unit = unit or line.default_unit
    basket.lines.append(line)
    return line


def line_for(food: Food, grams: float, portion: Portion | None, count: float) -> Line:
    """A basket line for a typed phrase's amount: so many of a portion of the food, or grams."""
    if portion is not None and count > 0:
        return Line(food, round(count, 2), f"portion-{portion.pk}")
    return Line(food, round_grams(grams), "g")


def default_time(kind: str, day: datetime.date, now: datetime.datetime) -> datetime.time:
    """When a meal of ``kind`` is taken to be: now if it is the meal of this time of day,
    else its usual time (never later than now today)."""
    local_now = timezone.localtime(now)
    if day == local_now.date():
        if kind == default_meal_kind(now):
            return local_now.time().replace(second=0, microsecond=0)
        usual = USUAL_MEAL_TIMES[Meal.Kind(kind)]
        return min(usual, local_now.time().replace(second=0, microsecond=0))
    return USUAL_MEAL_TIMES[Meal.Kind(kind)]
