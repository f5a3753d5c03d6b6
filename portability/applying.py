"""Saving a checked plan, in chunks: each chunk is its own short transaction.

One transaction for a 60,000-record import held SQLite's single write lock for many seconds,
and every other person's tap waited behind it. In chunks of ``CHUNK`` rows each write holds
the lock for milliseconds, and others' writes go in between. Nothing is written unless every
record of the file was good (the plan has no errors); if the import stops halfway (a restart),
importing the same file again adds the rest, since records already there are matched by their
ids and skipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from django.db import connection, models, transaction

from accounts.models import User
from experiments.portability import apply_experiments
from foods.models import Favourite, Food, Portion
from journal.models import (
    DayFactor,
    DayFactorMark,
    DayStatus,
    Drink,
    MealItem,
    NightAnswer,
    Recipe,
    RecipeItem,
    UsualSupplement,
)

from .plan import ENTRY_FORMS, ImportPlan
from .records import PrivateFoodRef

CHUNK = 500
# Foods are saved one by one (saving indexes the name's words for search): fewer per chunk.
FOOD_CHUNK = 50
# SQLite has one write lock and no queue for it: a writer that finds it taken sleeps and
# tries again, backing off up to 100 ms a try (its busy timeout's schedule), while an import
# that takes the lock again the moment it lets go would win nearly every time, and a
# person's tap could wait seconds. A pause of one such backoff after each chunk lets the
# waiting writers in (about 200 chunks for 60,000 entries: 20 s on a save of minutes).
# PostgreSQL locks rows, not the database, and needs none.
SQLITE_PAUSE_SECONDS = 0.1

Progress = Callable[[int], None]  # told how many rows were written so far
Row = TypeVar("Row")


def _chunks(rows: Sequence[Row], size: int = CHUNK) -> Iterator[Sequence[Row]]:
    """The rows in slices of ``size``; between two slices, the pause that lets other people's
    writes in on SQLite (``SQLITE_PAUSE_SECONDS``)."""
    for start in range(0, len(rows), size):
        if start and connection.vendor == "sqlite":
            time.sleep(SQLITE_PAUSE_SECONDS)
        yield rows[start : start + size]


def rows_to_write(plan: ImportPlan) -> int:
    """What the progress bar counts: every row the plan adds, meal items included."""
    items = sum(len(meal_items) for _, _, meal_items in plan.kinds["meals"].add)
    portions = sum(len(portions) for _, portions in plan.kinds["private_foods"].add)
    recipe_items = sum(len(recipe_items) for _, recipe_items in plan.kinds["recipes"].add)
    return plan.to_add + items + portions + recipe_items


class _Writer:
    def __init__(self, progress: Progress | None) -> None:
        self.written = 0
        self.progress = progress

    def done(self, count: int) -> None:
        self.written += count
        if self.progress is not None:
            self.progress(self.written)

    def bulk(self, model: type[models.Model], rows: Sequence[Any], **options: Any) -> None:
        for chunk in _chunks(rows):
            with transaction.atomic():
                model._default_manager.bulk_create(chunk, **options)
            self.done(len(chunk))


def apply_plan(user: User, plan: ImportPlan, progress: Progress | None = None) -> ImportPlan:
    """Saves a plan without errors, chunk by chunk (see the module's note)."""
    if plan.errors:
        raise ValueError("A plan with errors cannot be applied.")
    writer = _Writer(progress)
    if plan.profile_values:
        profile = user.profile
        for name, value in plan.profile_values.items():
            setattr(profile, name, value)
        profile.save(update_fields=list(plan.profile_values))

    new_portions = []
    for chunk in _chunks(plan.kinds["private_foods"].add, FOOD_CHUNK):
        with transaction.atomic():
            for food, portions in chunk:
                food.save()
                for portion in portions:
                    portion.food = food
                    new_portions.append(portion)
        writer.done(len(chunk))
    writer.bulk(Portion, new_portions)
    private = dict(Food.objects.owned_by(user).values_list("uid", "pk"))

    def food_pk(reference: object) -> int | None:
        if isinstance(reference, PrivateFoodRef):
            return private[reference.uid]
        return plan.catalog.get(reference)

    # The plan holds only favourites whose food is known here.
    food_ids = [food_pk(reference) for reference in plan.kinds["favourites"].add]
    favourites = [Favourite(user=user, food_id=pk) for pk in food_ids if pk is not None]
    writer.bulk(Favourite, favourites, ignore_conflicts=True)
    _write_entries(plan, writer, food_pk)
    # Another tab may mark a day meanwhile: that day is then simply there already.
    writer.bulk(DayStatus, plan.kinds["days"].add, ignore_conflicts=True)
    for name in plan.kinds["day_factors"].add:
        DayFactor.objects.get_or_create(user=user, name=name)
        writer.done(1)
    factor_ids = {
        name.lower(): pk
        for pk, name in DayFactor.objects.filter(user=user).values_list("pk", "name")
    }
    marks = [
        DayFactorMark(user=user, factor_id=factor_ids[key], date=day)
        for key, day in plan.kinds["day_factor_marks"].add
    ]
    writer.bulk(DayFactorMark, marks, ignore_conflicts=True)
    writer.bulk(NightAnswer, plan.kinds["night_answers"].add, ignore_conflicts=True)
    for experiment in plan.kinds["experiments"].add:
        apply_experiments(user, [experiment])  # one experiment, with its answers, at a time
        writer.done(1)
    _write_recipes(plan, writer, food_pk)
    writer.bulk(UsualSupplement, plan.kinds["usual_supplements"].add)
    return plan


def _write_recipes(
    plan: ImportPlan, writer: _Writer, food_pk: Callable[[object], int | None]
) -> None:
    recipes = [recipe for recipe, _ in plan.kinds["recipes"].add]
    writer.bulk(Recipe, recipes)
    items = []
    for recipe, recipe_items in plan.kinds["recipes"].add:
        for item, reference in recipe_items:
            item.recipe_id = recipe.pk  # set by bulk_create, as for meals
            item.food_id = food_pk(reference) if reference else None
            items.append(item)
    writer.bulk(RecipeItem, items)


def _write_entries(
    plan: ImportPlan, writer: _Writer, food_pk: Callable[[object], int | None]
) -> None:
    for key, (model, _) in ENTRY_FORMS.items():
        entries = []
        for entry, reference, _items in plan.kinds[key].add:
            if model is Drink:
                entry.food_id = food_pk(reference) if reference else None
            entries.append(entry)
        writer.bulk(model, entries)
    items = []
    for meal, _, meal_items in plan.kinds["meals"].add:
        for item, reference in meal_items:
            item.meal_id = meal.pk  # set by bulk_create on PostgreSQL and SQLite 3.35+
            item.food_id = food_pk(reference) if reference else None
            items.append(item)
    writer.bulk(MealItem, items)
