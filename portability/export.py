"""Everything a person owns, as one JSON-ready dict with a versioned schema.

Every record carries a stable ``id`` that another account can keep: an entry's request token,
a private food's ``uid``. Catalog foods are referred to by their source and source id (the
USDA NDB number), private foods by their id. Instants are ISO 8601 with the owner's UTC offset
at that moment; dates are the local days the journal filed them under.
"""

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.forms import ProfileForm
from accounts.models import Profile
from experiments.portability import export_experiments
from foods.models import NUTRIENT_FIELDS, Food
from journal.models import (
    Cramp,
    DayFactor,
    DayFactorMark,
    DayStatus,
    Drink,
    Exercise,
    Meal,
    MealItem,
    NightAnswer,
    NutrientSnapshot,
    Recipe,
    Supplement,
    UsualSupplement,
)

from . import SCHEMA_VERSION

# The profile travels as the profile form takes it (importing validates it with that form).
PROFILE_FIELDS = list(ProfileForm.Meta.fields)
SNAPSHOT_FIELDS = NutrientSnapshot.snapshot_fields()
CRAMP_FIELDS = ["muscle", "side", "severity", "duration_seconds", "situation", "relief",
                "relief_effect", "note"]  # fmt: skip
MEAL_FIELDS = ["kind", "note"]
# fluid_ml came after version 2 was published: optional on import (a file without it gets
# it from the importing site's catalog), so files with and without it both read.
MEAL_ITEM_FIELDS = ["food_name", "amount_label", "grams", *SNAPSHOT_FIELDS, "fluid_ml"]
DRINK_FIELDS = [
    "kind",
    "volume_ml",
    "caffeinated",
    "alcoholic",
    *SNAPSHOT_FIELDS,
    "minerals_unknown",
]
EXERCISE_FIELDS = ["activity", "duration_minutes", "intensity", "sweat"]
SUPPLEMENT_FIELDS = ["name", "mineral", "mineral_mg"]
# Version 4 (issue 24): recipes with their foods for the whole, and the usual list.
RECIPE_FIELDS = ["name", "servings"]
RECIPE_ITEM_FIELDS = ["food_name", "amount_label", "grams", *SNAPSHOT_FIELDS, "fluid_ml"]
USUAL_SUPPLEMENT_FIELDS = ["name", "dose", "magnesium_mg", "potassium_mg", "calcium_mg",
                           "medicine"]  # fmt: skip
FOOD_FIELDS = ["name", "description", "food_group", *NUTRIENT_FIELDS]
PORTION_FIELDS = ["label", "grams", "is_default", "position"]

# What names a food in a file (food_reference), and the columns read for it with an entry
# or an item: a catalog food has some thirty more that the file does not need.
FOOD_REFERENCE_COLUMNS = ["food__owner_id", "food__uid", "food__source", "food__source_id"]
ENTRY_COLUMNS = ["user_id", "occurred_at", "local_date", "request_token"]
DRINK_COLUMNS = [*ENTRY_COLUMNS, *DRINK_FIELDS, "food_id", *FOOD_REFERENCE_COLUMNS]
MEAL_ITEM_COLUMNS = ["meal_id", *MEAL_ITEM_FIELDS, "food_id", *FOOD_REFERENCE_COLUMNS]

# The kinds of entry, in the order of the file, with their models and own fields.
ENTRY_KINDS = {
    "cramps": (Cramp, CRAMP_FIELDS),
    "meals": (Meal, MEAL_FIELDS),
    "drinks": (Drink, DRINK_FIELDS),
    "exercise": (Exercise, EXERCISE_FIELDS),
    "supplements": (Supplement, SUPPLEMENT_FIELDS),
}


def instant(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).isoformat()


def food_reference(food: Food | None) -> dict | None:
    """How a record names its food: a private food by id, a catalog food by source id."""
    if food is None:
        return None
    if food.owner_id is not None:
        return {"private_food": str(food.uid)}
    if not food.source_id:
        return None  # a curated food without a source id cannot be found on another machine
    return {"source": food.source, "source_id": food.source_id}


def export_profile(profile: Profile) -> dict:
    return {name: getattr(profile, name) for name in PROFILE_FIELDS}


def export_private_food(food: Food) -> dict:
    return {
        "id": str(food.uid),
        **{name: getattr(food, name) for name in FOOD_FIELDS},
        "portions": [
            {name: getattr(portion, name) for name in PORTION_FIELDS}
            for portion in food.portions.all()
        ],
    }


def export_entry(entry, fields, zone, items=()) -> dict:
    record = {
        "id": str(entry.request_token),
        "occurred_at": instant(entry.occurred_at, zone),
        "local_date": entry.local_date.isoformat(),
    }
    if isinstance(entry, Cramp):
        record["night_of"] = entry.night_of.isoformat() if entry.night_of else None
    record.update({name: getattr(entry, name) for name in fields})
    if isinstance(entry, Drink):
        record["food"] = food_reference(entry.food)
    if isinstance(entry, Meal):
        record["items"] = [
            {
                "food": food_reference(item.food),
                **{name: getattr(item, name) for name in MEAL_ITEM_FIELDS},
            }
            for item in items
        ]
    return record


def entries_of(user, model):
    """The person's entries of one kind, oldest first (a meal's items: meals_with_items)."""
    queryset = (
        model.objects.for_user(user).select_related(None).order_by("occurred_at", "request_token")
    )
    if model is Drink:
        queryset = queryset.select_related("food").only(*DRINK_COLUMNS)
    return queryset


def meals_with_items(user) -> Iterator[tuple[Meal, list[MealItem]]]:
    """The person's meals, oldest first, each with its items in the order they were added.

    The items are read in one query by their own owner (always the meal's) and grouped here:
    MealItem's own ordering joins every meal (for a long journal the planner read the whole
    meal table, bench/scale.py), and Django's prefetch built a queryset for each meal.
    """
    items = MealItem.objects.filter(user=user).order_by("meal_id", "pk")
    by_meal: dict[int, list[MealItem]] = {}
    for item in items.select_related("food").only(*MEAL_ITEM_COLUMNS):
        by_meal.setdefault(item.meal_id, []).append(item)
    for meal in entries_of(user, Meal):
        yield meal, by_meal.get(meal.pk, [])


def private_foods_of(user):
    return Food.objects.owned_by(user).order_by("name", "uid").prefetch_related("portions")


def export_user(user) -> dict:
    """The whole account as a dict that json.dumps writes as the documented file."""
    profile = user.profile
    zone = profile.zone
    data = {
        "schema_version": SCHEMA_VERSION,
        "application": "Cramp Journal",
        "exported_at": instant(timezone.now(), zone),
        "account": {"email": user.email},
        "profile": export_profile(profile),
        "private_foods": [export_private_food(food) for food in private_foods_of(user)],
        "favourites": [
            {"food": reference}
            for reference in (
                food_reference(favourite.food)
                for favourite in user.favourite_foods.select_related("food").order_by(
                    "food__name", "food__uid"
                )
            )
            if reference is not None
        ],
    }
    for kind, (model, fields) in ENTRY_KINDS.items():
        if model is Meal:
            data[kind] = [
                export_entry(meal, fields, zone, items) for meal, items in meals_with_items(user)
            ]
        else:
            data[kind] = [export_entry(entry, fields, zone) for entry in entries_of(user, model)]
    data["days"] = [
        {"date": status.date.isoformat(), "food_log_complete": status.food_log_complete}
        for status in DayStatus.objects.filter(user=user).order_by("date")
    ]
    data["day_factors"] = export_day_factors(user)
    data["night_answers"] = [
        {"night": answer.night.isoformat(), "source": answer.source}
        for answer in NightAnswer.objects.filter(user=user).order_by("night")
    ]
    data["experiments"] = export_experiments(user, zone)
    data["recipes"] = export_recipes(user)
    data["usual_supplements"] = [
        {"id": str(item.uid), **{name: getattr(item, name) for name in USUAL_SUPPLEMENT_FIELDS}}
        for item in UsualSupplement.objects.for_user(user)
    ]
    return data


def export_recipes(user) -> list[dict]:
    """The person's recipes by name, each with its foods for the whole recipe."""
    recipes = Recipe.objects.for_user(user).prefetch_related("items__food")
    return [
        {
            "id": str(recipe.uid),
            **{name: getattr(recipe, name) for name in RECIPE_FIELDS},
            "items": [
                {
                    "food": food_reference(item.food),
                    **{name: getattr(item, name) for name in RECIPE_ITEM_FIELDS},
                }
                for item in recipe.items.all()
            ],
        }
        for recipe in recipes
    ]


def export_day_factors(user) -> list[dict]:
    """The person's own factors in the order defined, each with the days it was marked."""
    marks: dict[int, list[str]] = {}
    for factor_id, day in (
        DayFactorMark.objects.filter(user=user).order_by("date").values_list("factor_id", "date")
    ):
        marks.setdefault(factor_id, []).append(day.isoformat())
    return [
        {"name": factor.name, "days": marks.get(factor.pk, [])}
        for factor in DayFactor.objects.filter(user=user).order_by("created", "pk")
    ]


def export_filename(user, extension: str) -> str:
    stamp = timezone.localdate(timezone=user.profile.zone).isoformat()
    return f"cramp-journal-{stamp}.{extension}"
