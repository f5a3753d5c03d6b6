"""Loading the USDA SR28 data files into the catalog, idempotently and fast.

Who owns which field: the source owns its description, food group and nutrient values, so a
newer data file updates them. Curators own the readable name, the featured, active and drink flags,
their notes and the portions, so a re-import never overwrites their edits: those are set only
when a food is first created. A source value that a curator set in the admin (Banana's
potassium corrected to 370) is the curator's too (``Food.curated_fields``): the import leaves it
alone and reports it, until a curator gives it back to the source.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from .drinks import is_drink
from .models import NUTRIENT_FIELDS, SOURCE_FIELDS, Food, FoodWord, Portion
from .nutrients import MINERALS
from .text import search_keys

DATA_DIR = Path(__file__).resolve().parent / "data"
FOODS_FILE = "sr28_foods.csv"
PORTIONS_FILE = "sr28_portions.csv"

BATCH = 1000


@dataclass(frozen=True)
class KeptValue:
    """A curated value the file would have changed, left as the curator set it."""

    food: str
    column: str
    curated: object
    source: object

    def __str__(self) -> str:
        def shown(value: object) -> str:
            return f"{value:g}" if isinstance(value, float) else str(value)

        return (
            f"{self.food}: {self.column} {shown(self.curated)} (the file says {shown(self.source)})"
        )


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    portions_created: int = 0
    kept_curated: list[KeptValue] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.portions_created)


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def read_foods(data_dir: Path = DATA_DIR) -> list[dict]:
    with open(data_dir / FOODS_FILE, newline="", encoding="utf-8") as handle:
        rows = []
        for row in csv.DictReader(handle):
            food = {
                "source_id": row["ndb_no"],
                "description": row["description"],
                "name": row["name"],
                "food_group": row["food_group"],
                "featured": row["featured"] == "1",
            }
            food.update({field: _number(row[field]) for field in NUTRIENT_FIELDS})
            rows.append(food)
        return rows


def read_portions(data_dir: Path = DATA_DIR) -> dict[str, list[dict]]:
    portions: dict[str, list[dict]] = {}
    with open(data_dir / PORTIONS_FILE, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            food_portions = portions.setdefault(row["ndb_no"], [])
            food_portions.append(
                {
                    "label": row["label"],
                    "grams": float(row["grams"]),
                    "is_default": row["is_default"] == "1",
                    "position": len(food_portions),
                }
            )
    return portions


def _new_food(row: dict) -> Food:
    has_all_minerals = all(row[f"{name}_mg"] is not None for name in MINERALS)
    search_name, search_head = search_keys(row["name"])
    return Food(
        source=Food.Source.USDA_SR28,
        name=row["name"],
        search_name=search_name,
        search_head=search_head,
        featured=row["featured"],
        is_drink=is_drink(row["source_id"], row["name"], row["food_group"], row["water_g"]),
        # Foods without all four minerals stay out of logging until a curator completes them.
        active=has_all_minerals,
        **{field: row[field] for field in ("source_id", *SOURCE_FIELDS)},
    )


def _source_changes(food: Food, row: dict, kept: list[KeptValue]) -> list[str]:
    """The source fields the file changes on this food; curated ones go to ``kept``."""
    changes = []
    for name in SOURCE_FIELDS:
        if getattr(food, name) == row[name]:
            continue
        if name in food.curated_fields:
            kept.append(KeptValue(food.name, name, getattr(food, name), row[name]))
        else:
            changes.append(name)
    return changes


@transaction.atomic
def import_sr28(
    data_dir: Path = DATA_DIR, progress: Callable[[int, int], None] | None = None
) -> ImportResult:
    rows = read_foods(data_dir)
    portions = read_portions(data_dir)
    existing = {
        food.source_id: food
        for food in Food.objects.filter(source=Food.Source.USDA_SR28).only(
            "id", "source_id", "name", "curated_fields", *SOURCE_FIELDS
        )
    }
    result = ImportResult()
    to_create, to_update = [], []
    for done, row in enumerate(rows, start=1):
        food = existing.get(row["source_id"])
        if food is None:
            to_create.append(_new_food(row))
        elif changes := _source_changes(food, row, result.kept_curated):
            for name in changes:
                setattr(food, name, row[name])
            to_update.append(food)
        else:
            result.unchanged += 1
        if progress and (done % BATCH == 0 or done == len(rows)):
            progress(done, len(rows))

    Food.objects.bulk_create(to_create, batch_size=BATCH)
    Food.objects.bulk_update(to_update, SOURCE_FIELDS, batch_size=BATCH)
    result.created, result.updated = len(to_create), len(to_update)

    if to_create:
        new_ids = {food.source_id for food in to_create}
        everything = Food.objects.filter(source=Food.Source.USDA_SR28)
        # Read back all (one query, fine for 10,000 rows) rather than an IN list of thousands.
        created = [
            food
            for food in everything.only("id", "source_id", "search_name")
            if food.source_id in new_ids
        ]
        created_ids = {food.source_id: food.pk for food in created}
        words = [word for food in created for word in FoodWord.rows_for(food)]
        FoodWord.objects.bulk_create(words, batch_size=BATCH * 5)
        new_portions = [
            Portion(food_id=food_id, **portion)
            for source_id, food_id in created_ids.items()
            for portion in portions.get(source_id, [])
        ]
        Portion.objects.bulk_create(new_portions, batch_size=BATCH)
        result.portions_created = len(new_portions)
    return result


def refresh_planner_statistics() -> None:
    """After a bulk load the query planner's statistics are stale or absent, and PostgreSQL
    then picks plans that are many times slower (measured: food search 100 ms instead of 8).
    """
    tables = [model._meta.db_table for model in (Food, Portion, FoodWord)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
