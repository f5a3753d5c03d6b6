"""An export file back into an account: check every record, preview, then save.

``plan_import`` validates the whole file with one form per kind of record (records.py) and
works out what would be added and what is already there (same ids: importing a file twice
adds nothing). It saves nothing. ``applying.apply_plan`` saves a plan without errors, in short
chunks; ``import_document`` does both. Bad records are reported as "meals #2 items #1 (grams):
reason", numbered from 1 in the order of the file. Reading the file itself is ``reading``; days,
own factors and nights are ``day_records``.
"""

from __future__ import annotations

import copy
import uuid
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from accounts.models import User
from experiments.portability import plan_experiments
from foods.file_keys import FileKeys, Verdict
from foods.models import Favourite, Food, Portion
from journal import days
from journal.models import Cramp, Drink, Meal, MealItem, NutrientSnapshot

from .applying import Progress, apply_plan
from .day_records import plan_day_factors, plan_days, plan_night_answers
from .export import PROFILE_FIELDS, export_profile
from .own_lists import plan_recipes, plan_usual_supplements
from .plan import (
    ENTRY_FORMS,
    KIND_LABELS,
    NESTED_KINDS,
    ImportErrors,
    ImportPlan,
    KindPlan,
)
from .reading import MAX_UPLOAD_BYTES, MAX_UPLOAD_TEXT, ImportFileError, read_document
from .records import (
    CatalogFoodRef,
    FavouriteRecordForm,
    MealItemRecordForm,
    PortionRecordForm,
    PrivateFoodRecordForm,
    PrivateFoodRef,
    ProfileRecordForm,
    check_record,
)

__all__ = [
    "KIND_LABELS",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_TEXT",
    "ImportFileError",
    "ImportPlan",
    "KindPlan",
    "import_document",
    "plan_import",
    "read_document",
]

BATCH = 500
FoodRef = PrivateFoodRef | CatalogFoodRef
References = list[tuple[str, FoodRef | None]]
# Written by the export for people to read; the import does not need them.
INFORMATIONAL_KEYS = {"schema_version", "application", "exported_at", "account"}
TOP_LEVEL_KEYS = INFORMATIONAL_KEYS | {"profile"} | (set(KIND_LABELS) - NESTED_KINDS)


def _display(form_field: Any, value: object) -> str:
    if value in (None, ""):
        return "not set"
    if isinstance(value, bool):
        return "yes" if value else "no"
    choices = dict(getattr(form_field, "choices", []) or [])
    return str(choices.get(value, value))


def _list(document: dict[str, Any], key: str, errors: ImportErrors) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        errors.add(key, [(None, "must be a list of records")])
        return []
    return value


def plan_import(user: User, document: dict[str, Any]) -> ImportPlan:
    """What importing ``document`` into ``user``'s account would do. Saves nothing."""
    plan = ImportPlan()
    errors = ImportErrors(plan)
    errors.add(
        "file",
        [
            (key, "is not part of the export format")
            for key in document
            if key not in TOP_LEVEL_KEYS
        ],
    )
    zone = _plan_profile(user, document.get("profile"), plan, errors)
    private_uids = _plan_private_foods(user, _list(document, "private_foods", errors), plan, errors)
    references: References = []  # (place, reference) of every record that names a food
    favourites = _check_favourites(_list(document, "favourites", errors), errors, references)
    for key in ENTRY_FORMS:
        _plan_entries(user, key, _list(document, key, errors), zone, plan, errors, references)
    plan_days(user, _list(document, "days", errors), plan, errors)
    plan_day_factors(user, _list(document, "day_factors", errors), plan, errors)
    plan_night_answers(user, _list(document, "night_answers", errors), plan, errors)
    plan_experiments(user, _list(document, "experiments", errors), plan.kinds["experiments"],
                     errors, check_record)  # fmt: skip
    plan_recipes(user, _list(document, "recipes", errors), plan, errors, references)
    plan_usual_supplements(user, _list(document, "usual_supplements", errors), plan, errors)
    _resolve_foods(references, private_uids, plan, errors)
    _fill_from_catalog(plan)
    if not errors:
        _plan_favourites(user, favourites, plan)
    if errors:
        for kind in plan.kinds.values():
            kind.add.clear()
    return plan


def _plan_profile(
    user: User, record: object, plan: ImportPlan, errors: ImportErrors
) -> zoneinfo.ZoneInfo:
    profile = user.profile
    if record is None:
        return profile.zone
    if not isinstance(record, dict):
        errors.add("profile", [(None, "must be an object ({…})")])
        return profile.zone
    current = export_profile(profile)
    merged = {**current, **record}
    form, problems = check_record(ProfileRecordForm, merged, instance=copy.copy(profile))
    errors.add("profile", problems)
    if form is None:
        return profile.zone
    for name in PROFILE_FIELDS:
        new = form.cleaned_data[name]
        if new != current[name]:
            form_field = form.fields[name]
            plan.profile_changes.append(
                (
                    str(form[name].label),
                    _display(form_field, current[name]),
                    _display(form_field, new),
                )
            )
            plan.profile_values[name] = new
    return zoneinfo.ZoneInfo(form.cleaned_data["time_zone"])


def _plan_private_foods(
    user: User, records: list[Any], plan: ImportPlan, errors: ImportErrors
) -> set[uuid.UUID]:
    """Checks the file's private foods; returns the ids that records may refer to."""
    keys = FileKeys("private_foods", set(Food.objects.owned_by(user).values_list("uid", flat=True)))
    kind = plan.kinds["private_foods"]
    for index, record in enumerate(records, start=1):
        place = f"private_foods #{index}"
        form, problems = check_record(PrivateFoodRecordForm, record, nested=("portions",))
        errors.add(place, problems)
        portions = _check_portions(place, record, errors)
        if form is None or portions is None:
            # What refers to this food is not wrong too: one reason per mistake is enough.
            if (uid := _uuid_or_none(record)) is not None:
                keys.remember(uid, index)
            continue
        uid = form.cleaned_data["id"]
        verdict = keys.judge(uid, index)
        if verdict is Verdict.REPEATED:
            errors.add(place, [("id", keys.repeat_reason(uid))])
            continue
        if verdict is Verdict.ALREADY_THERE:
            kind.skipped += 1
            continue
        food = form.save(commit=False)
        food.uid = uid
        food.owner = user
        food.source = Food.Source.PERSONAL
        kind.add.append((food, portions))
    return set(keys.existing) | set(keys.seen)


def _uuid_or_none(record: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(record["id"]))  # type: ignore[index]
    except (TypeError, KeyError, ValueError):
        return None


def _check_portions(place: str, record: object, errors: ImportErrors) -> list[Portion] | None:
    portions = record.get("portions", []) if isinstance(record, dict) else []
    if not isinstance(portions, list):
        errors.add(place, [("portions", "must be a list of portions")])
        return None
    checked, ok = [], True
    for index, portion in enumerate(portions, start=1):
        form, problems = check_record(PortionRecordForm, portion)
        errors.add(f"{place} portions #{index}", problems)
        if form is None:
            ok = False
            continue
        checked.append(form.save(commit=False))
    if sum(portion.is_default for portion in checked) > 1:
        errors.add(place, [("portions", "only one portion can be the default")])
        return None
    return checked if ok else None


def _check_favourites(
    records: list[Any], errors: ImportErrors, references: References
) -> list[FoodRef]:
    checked = []
    for index, record in enumerate(records, start=1):
        place = f"favourites #{index}"
        form, problems = check_record(FavouriteRecordForm, record)
        errors.add(place, problems)
        if form is not None:
            references.append((place, form.cleaned_data["food"]))
            checked.append(form.cleaned_data["food"])
    return checked


def _plan_entries(
    user: User,
    key: str,
    records: list[Any],
    zone: zoneinfo.ZoneInfo,
    plan: ImportPlan,
    errors: ImportErrors,
    references: References,
) -> None:
    model, form_class = ENTRY_FORMS[key]
    keys = FileKeys(key, set(model.objects.for_user(user).values_list("request_token", flat=True)))
    kind = plan.kinds[key]
    nested = ("items",) if model is Meal else ()
    for index, record in enumerate(records, start=1):
        place = f"{key} #{index}"
        form, problems = check_record(form_class, record, nested=nested)
        errors.add(place, problems)
        items = _check_items(place, record, errors, references) if model is Meal else []
        if form is None or items is None:
            continue
        token = form.cleaned_data["id"]
        verdict = keys.judge(token, index)
        if verdict is Verdict.REPEATED:
            errors.add(place, [("id", keys.repeat_reason(token))])
            continue
        if "food" in form.cleaned_data:
            references.append((place, form.cleaned_data["food"]))
        if verdict is Verdict.ALREADY_THERE:
            kind.skipped += 1
            continue
        entry = form.save(commit=False)
        if model is Drink:
            _plan_fill(plan, entry, form.cleaned_data["food"], entry.volume_ml, record)
        entry.user = user
        entry.request_token = token
        entry.occurred_at = moment = form.cleaned_data["occurred_at"]
        entry.local_date = form.cleaned_data["local_date"] or days.local_day(moment, zone)
        if model is Cramp:
            given = "night_of" in record and form.cleaned_data["local_date"]
            entry.night_of = form.cleaned_data["night_of"] if given else days.night_of(moment, zone)
        kind.add.append((entry, form.cleaned_data.get("food"), items))
        # Only what will be added is filled (every item was good, so they pair up in order).
        for (item, reference), item_record in zip(items, record.get("items", []), strict=True):
            _plan_fill(plan, item, reference, item.grams, item_record)


@dataclass
class _Fill:
    """A record naming a catalog food, to complete from that food: ``values`` when the record
    gives no nutrient value at all, ``fluid`` when a meal item leaves out ``fluid_ml``."""

    row: MealItem | Drink
    reference: CatalogFoodRef
    amount: float  # grams eaten, or ml drunk (1 ml taken as 1 g, as when logging)
    values: bool
    fluid: bool


def _plan_fill(
    plan: ImportPlan,
    row: MealItem | Drink,
    reference: FoodRef | None,
    amount: float,
    record: dict[str, Any],
) -> None:
    if not isinstance(reference, CatalogFoodRef):
        return
    values = all(record.get(name) is None for name in NutrientSnapshot.snapshot_fields())
    fluid = isinstance(row, MealItem) and "fluid_ml" not in record
    # Every drink naming a catalog food is checked: if this site lacks the food, what the
    # record does not give is unknown (``Drink.minerals_unknown``), never 0.
    if values or fluid or isinstance(row, Drink):
        plan.fills.append(_Fill(row, reference, amount, values, fluid))


def _fill_from_catalog(plan: ImportPlan) -> None:
    """Nutrients a record left out, from the catalog food it names, scaled by its amount (one
    query). A food this site lacks fills nothing: the values stay unknown, never zero."""
    wanted = {plan.catalog[fill.reference] for fill in plan.fills if fill.reference in plan.catalog}
    foods = Food.objects.in_bulk(wanted)
    for fill in plan.fills:
        food = foods.get(plan.catalog.get(fill.reference))
        if food is None:
            if isinstance(fill.row, Drink):
                fill.row.minerals_unknown = True
            continue
        row = fill.row
        given_fluid = getattr(row, "fluid_ml", None)
        if fill.values:
            row.take_snapshot(food, fill.amount)  # a meal item's sets fluid_ml too
            plan.filled_from_catalog += 1
        if isinstance(row, MealItem):
            row.fluid_ml = (fill.amount if food.is_drink else None) if fill.fluid else given_fluid


def _check_items(
    place: str, record: object, errors: ImportErrors, references: References
) -> list[tuple[MealItem, FoodRef | None]] | None:
    items = record.get("items", []) if isinstance(record, dict) else []
    if not isinstance(items, list):
        errors.add(place, [("items", "must be a list of foods")])
        return None
    checked, ok = [], True
    for index, item in enumerate(items, start=1):
        item_place = f"{place} items #{index}"
        form, problems = check_record(MealItemRecordForm, item)
        errors.add(item_place, problems)
        if form is None:
            ok = False
            continue
        references.append((item_place, form.cleaned_data["food"]))
        checked.append((form.save(commit=False), form.cleaned_data["food"]))
    return checked if ok else None


def _resolve_foods(
    references: References, private_uids: set[uuid.UUID], plan: ImportPlan, errors: ImportErrors
) -> None:
    """Private foods must be in the file or the account; catalog foods may be missing."""
    wanted = defaultdict(set)
    for place, reference in references:
        if isinstance(reference, PrivateFoodRef) and reference.uid not in private_uids:
            errors.add(
                place,
                [("food", f"names private food {reference.uid}, which is neither in the "
                          "file's private_foods nor among your foods")],
            )  # fmt: skip
        elif isinstance(reference, CatalogFoodRef):
            wanted[reference.source].add(reference.source_id)
    for source, unique_ids in wanted.items():
        source_ids = sorted(unique_ids)
        for start in range(0, len(source_ids), BATCH):
            rows = Food.objects.catalog().filter(
                source=source, source_id__in=source_ids[start : start + BATCH]
            )
            for pk, source_id in rows.values_list("pk", "source_id"):
                plan.catalog[CatalogFoodRef(source, source_id)] = pk
    plan.missing_catalog_foods = sum(
        isinstance(reference, CatalogFoodRef) and reference not in plan.catalog
        for _, reference in references
    )


def _plan_favourites(user: User, references: list[FoodRef], plan: ImportPlan) -> None:
    kind = plan.kinds["favourites"]
    existing = set(
        Favourite.objects.filter(user=user).values_list("food__owner_id", "food__uid", "food_id")
    )
    existing_private = {uid for owner_id, uid, _ in existing if owner_id}
    existing_catalog = {food_id for owner_id, _, food_id in existing if not owner_id}
    seen = set()
    for reference in references:
        if reference in seen:
            kind.skipped += 1
            continue
        seen.add(reference)
        if isinstance(reference, PrivateFoodRef):
            already = reference.uid in existing_private
        else:
            pk = plan.catalog.get(reference)
            already = pk is None or pk in existing_catalog
        if already:
            kind.skipped += 1
        else:
            kind.add.append(reference)


def import_document(
    user: User,
    document: dict[str, Any],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportPlan:
    """Plans and, if every record is good (and not a dry run), saves: nothing is saved unless
    every record is good."""
    plan = plan_import(user, document)
    if not plan.errors and not dry_run:
        apply_plan(user, plan, progress)
    return plan
