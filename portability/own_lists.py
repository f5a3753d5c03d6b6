"""The file's recipes and usual supplements (schema version 4): each matched by its id, so
importing a file twice adds nothing. A recipe's foods name their food as a meal item does."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from foods.file_keys import FileKeys, Verdict
from journal.models import MAX_RECIPE_ITEMS, MAX_USUAL_SUPPLEMENTS, Recipe, UsualSupplement

from .plan import ImportErrors, ImportPlan
from .records import (
    CatalogFoodRef,
    PrivateFoodRef,
    RecipeItemRecordForm,
    RecipeRecordForm,
    UsualSupplementRecordForm,
    check_record,
)

References = list[tuple[str, PrivateFoodRef | CatalogFoodRef | None]]


def plan_recipes(
    user: User,
    records: list[Any],
    plan: ImportPlan,
    errors: ImportErrors,
    references: References,
) -> None:
    keys = FileKeys("recipes", set(Recipe.objects.for_user(user).values_list("uid", flat=True)))
    kind = plan.kinds["recipes"]
    for index, record in enumerate(records, start=1):
        place = f"recipes #{index}"
        form, problems = check_record(RecipeRecordForm, record, nested=("items",))
        errors.add(place, problems)
        items = _check_items(place, record, errors, references)
        if form is None or items is None:
            continue
        uid = form.cleaned_data["id"]
        verdict = keys.judge(uid, index)
        if verdict is Verdict.REPEATED:
            errors.add(place, [("id", keys.repeat_reason(uid))])
        elif verdict is Verdict.ALREADY_THERE:
            kind.skipped += 1
        else:
            recipe = form.save(commit=False)
            recipe.user, recipe.uid = user, uid
            kind.add.append((recipe, items))


def _check_items(
    place: str, record: object, errors: ImportErrors, references: References
) -> list[tuple[Any, Any]] | None:
    items = record.get("items", []) if isinstance(record, dict) else []
    if not isinstance(items, list):
        errors.add(place, [("items", "must be a list of foods")])
        return None
    if len(items) > MAX_RECIPE_ITEMS:
        errors.add(place, [("items", f"a recipe has at most {MAX_RECIPE_ITEMS} foods")])
        return None
    checked, ok = [], True
    for index, item in enumerate(items, start=1):
        item_place = f"{place} items #{index}"
        form, problems = check_record(RecipeItemRecordForm, item)
        errors.add(item_place, problems)
        if form is None:
            ok = False
            continue
        references.append((item_place, form.cleaned_data["food"]))
        checked.append((form.save(commit=False), form.cleaned_data["food"]))
    return checked if ok else None


def plan_usual_supplements(
    user: User, records: list[Any], plan: ImportPlan, errors: ImportErrors
) -> None:
    existing = set(UsualSupplement.objects.for_user(user).values_list("uid", flat=True))
    keys = FileKeys("usual_supplements", existing)
    kind = plan.kinds["usual_supplements"]
    for index, record in enumerate(records, start=1):
        place = f"usual_supplements #{index}"
        form, problems = check_record(UsualSupplementRecordForm, record)
        errors.add(place, problems)
        if form is None:
            continue
        uid = form.cleaned_data["id"]
        verdict = keys.judge(uid, index)
        if verdict is Verdict.REPEATED:
            errors.add(place, [("id", keys.repeat_reason(uid))])
        elif verdict is Verdict.ALREADY_THERE:
            kind.skipped += 1
        else:
            item = form.save(commit=False)
            item.user, item.uid = user, uid
            item.position = len(existing) + len(kind.add)
            kind.add.append(item)
    if len(existing) + len(kind.add) > MAX_USUAL_SUPPLEMENTS:
        errors.add(
            "usual_supplements",
            [(None, f"an account's usual list has at most {MAX_USUAL_SUPPLEMENTS} items")],
        )
