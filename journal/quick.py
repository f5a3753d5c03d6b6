"""Quick-entry defaults: the water buttons, and which catalog food a kind of drink counts as.

A drink logged by kind alone still adds its minerals: coffee, milk, juice and coconut water
carry real potassium. The foods are USDA SR28 entries by their NDB number; a drink whose
food is not in the catalog (or of kind "alcohol" or "other", too varied to guess) counts as
fluid only.
"""

import functools

from django.db import connection
from django.db.models import Q

from foods import units
from foods.models import Food
from foods.nutrients import NUTRIENT_FIELDS

from .models import Drink


def quick_water(system: str) -> list[tuple[int, str]]:
    """The quick water buttons: (ml stored, label) in the person's units, "+8 fl oz" as 237 ml."""
    return [(ml, units.volume(ml, system)) for ml in units.quick_water_ml(system)]


DRINK_FOODS: dict[str, str] = {
    Drink.Kind.WATER: "14429",  # water, tap, municipal
    Drink.Kind.COFFEE: "14209",  # coffee, brewed
    Drink.Kind.TEA: "14355",  # tea, black, brewed
    Drink.Kind.ELECTROLYTE: "14460",  # sports drink (Gatorade G)
    Drink.Kind.COCONUT_WATER: "12119",  # coconut water
    Drink.Kind.MILK: "01077",  # milk, whole
    Drink.Kind.JUICE: "09206",  # orange juice, raw
}


# Catalog ids of the drink foods, found once per process: a catalog row keeps its id, and a
# look-up by primary key is the cheapest query there is (this runs on every quick drink).
_food_ids: dict[str, int] = {}


# The primary key and what a drink's snapshot takes from its food (``Food.per_100g``).
_READ = ("id", *NUTRIENT_FIELDS)


def _food_by_id(food_id: int) -> Food | None:
    """The food's per-100 g values read afresh, its other fields deferred (as ``only()``).

    A raw query: it reads the same row as ``Food.objects.only(...).filter(pk=...).first()``
    for a fifth of the CPU (0.13 against 0.62 ms on PostgreSQL), most of which the ORM spent
    compiling a query that never changes. That lookup is the "+250 ml water" tap's one
    query more than the bare insert's (issue 25).
    """
    return next(iter(Food.objects.raw(_read_sql(), [food_id])), None)


@functools.cache
def _read_sql() -> str:
    quote = connection.ops.quote_name
    column = {field.name: quote(field.column) for field in Food._meta.concrete_fields}
    columns = ", ".join(column[name] for name in _READ)
    return f"SELECT {columns} FROM {quote(Food._meta.db_table)} WHERE {column['id']} = %s"


def drink_food(kind: str) -> Food | None:
    source_id = DRINK_FOODS.get(kind)
    if source_id is None:
        return None
    food_id = _food_ids.get(source_id)
    food = _food_by_id(food_id) if food_id else None
    if food is None:
        # ~Q(source_id="") repeats the partial unique index's condition, so SQLite uses it.
        food = Food.objects.filter(
            ~Q(source_id=""), source=Food.Source.USDA_SR28, source_id=source_id
        ).first()
        if food is not None:
            _food_ids[source_id] = food.pk
    return food
