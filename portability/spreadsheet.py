"""The journal as a zip of CSV files, one per kind of entry, ready for a spreadsheet.

Times are the owner's local times: a ``date`` column (the journal day), a ``time`` column
(hours and minutes on the wall clock) and ``occurred_at`` (ISO 8601 with the UTC offset).
Files are UTF-8 with a byte order mark, which Excel needs to read accents right. Text that
people typed and that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) is prefixed with an apostrophe.
"""

import csv
import io
import zipfile

from journal.models import (
    Cramp,
    DayFactorMark,
    DayStatus,
    Drink,
    Exercise,
    MealItem,
    NightAnswer,
    Recipe,
    Supplement,
    UsualSupplement,
)

from .export import (
    CRAMP_FIELDS,
    DRINK_FIELDS,
    EXERCISE_FIELDS,
    FOOD_FIELDS,
    MEAL_ITEM_FIELDS,
    RECIPE_ITEM_FIELDS,
    SUPPLEMENT_FIELDS,
    USUAL_SUPPLEMENT_FIELDS,
    entries_of,
    meals_with_items,
    private_foods_of,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TIME_COLUMNS = ["date", "time", "occurred_at"]


def safe_cell(value):
    """A value as a cell: numbers stay numbers, lists are joined, formulas are defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _when(entry, zone):
    local = entry.occurred_at.astimezone(zone)
    return [entry.local_date.isoformat(), local.strftime("%H:%M"), local.isoformat()]


def _food_column(food):
    if food is None:
        return ""
    return "private" if food.owner_id else f"{food.source} {food.source_id}".strip()


def _entry_rows(user, model, fields, zone, extra=lambda entry: []):
    for entry in entries_of(user, model):
        yield [*_when(entry, zone), *(getattr(entry, name) for name in fields), *extra(entry)]


def _meal_rows(user, zone):
    for meal, items in meals_with_items(user):
        rows: list[MealItem | None] = [*items] or [None]  # a meal without foods: one row
        for item in rows:
            item_values = (
                [getattr(item, name) for name in MEAL_ITEM_FIELDS] + [_food_column(item.food)]
                if item
                else [None] * (len(MEAL_ITEM_FIELDS) + 1)
            )
            yield [*_when(meal, zone), meal.kind, meal.note, *item_values]


def _recipe_rows(user):
    """One row per food of each recipe, for the whole recipe; a recipe with no foods yet has
    one row of its own."""
    for recipe in Recipe.objects.for_user(user).prefetch_related("items__food"):
        items = list(recipe.items.all()) or [None]
        for item in items:
            item_values = (
                [getattr(item, name) for name in RECIPE_ITEM_FIELDS] + [_food_column(item.food)]
                if item
                else [None] * (len(RECIPE_ITEM_FIELDS) + 1)
            )
            yield [recipe.name, recipe.servings, *item_values]


def _food_rows(user):
    for food in private_foods_of(user):
        portions = " | ".join(
            f"{'*' if portion.is_default else ''}{portion.label}={portion.grams:g}"
            for portion in food.portions.all()
        )
        yield [*(getattr(food, name) for name in FOOD_FIELDS), portions]


def spreadsheet_files(user) -> dict[str, bytes]:
    zone = user.profile.zone
    return {
        "cramps.csv": _csv(
            [*TIME_COLUMNS, "night_of", *CRAMP_FIELDS],
            (
                [
                    *_when(cramp, zone),
                    cramp.night_of and cramp.night_of.isoformat(),
                    *(getattr(cramp, name) for name in CRAMP_FIELDS),
                ]
                for cramp in entries_of(user, Cramp)
            ),
        ),
        "meals.csv": _csv(
            [*TIME_COLUMNS, "meal", "meal_note", *MEAL_ITEM_FIELDS, "food"], _meal_rows(user, zone)
        ),
        "drinks.csv": _csv(
            [*TIME_COLUMNS, *DRINK_FIELDS], _entry_rows(user, Drink, DRINK_FIELDS, zone)
        ),
        "exercise.csv": _csv(
            [*TIME_COLUMNS, *EXERCISE_FIELDS], _entry_rows(user, Exercise, EXERCISE_FIELDS, zone)
        ),
        "supplements.csv": _csv(
            [*TIME_COLUMNS, *SUPPLEMENT_FIELDS],
            _entry_rows(user, Supplement, SUPPLEMENT_FIELDS, zone),
        ),
        "days.csv": _csv(
            ["date", "food_log_complete"],
            (
                [status.date.isoformat(), status.food_log_complete]
                for status in DayStatus.objects.filter(user=user).order_by("date")
            ),
        ),
        "private_foods.csv": _csv([*FOOD_FIELDS, "portions"], _food_rows(user)),
        "day_factors.csv": _csv(
            ["name", "date"],
            (
                [mark.factor.name, mark.date.isoformat()]
                for mark in DayFactorMark.objects.filter(user=user)
                .select_related("factor")
                .order_by("factor__created", "factor_id", "date")
            ),
        ),
        "recipes.csv": _csv(
            ["recipe", "servings", *RECIPE_ITEM_FIELDS, "food"], _recipe_rows(user)
        ),
        "usual_supplements.csv": _csv(
            USUAL_SUPPLEMENT_FIELDS,
            (
                [getattr(item, name) for name in USUAL_SUPPLEMENT_FIELDS]
                for item in UsualSupplement.objects.for_user(user)
            ),
        ),
        "night_answers.csv": _csv(
            ["night", "source"],
            (
                [answer.night.isoformat(), answer.source]
                for answer in NightAnswer.objects.filter(user=user).order_by("night")
            ),
        ),
    }


README = """Cramp Journal export: one CSV file per kind of entry.

Times are your local times in {zone}: "date" is the journal day, "time" the time on the
clock, "occurred_at" the same moment in ISO 8601 with its offset from UTC. Nutrients are
in mg (energy in kcal, water in g) for the amount eaten or drunk, as they were when logged;
a meal's fluid_ml is the fluid a food that is drunk (milk, juice) added, empty for food.
A recipe's amounts and nutrients are for the whole recipe, which makes "servings" servings.
Text that starts with = + - or @ is prefixed with an apostrophe so that spreadsheets do
not run it as a formula. To move your journal to another account, use the JSON export.
"""


def spreadsheet_zip(user) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(zone=user.profile.time_zone))
        for name, content in spreadsheet_files(user).items():
            archive.writestr(name, content)
    return buffer.getvalue()
