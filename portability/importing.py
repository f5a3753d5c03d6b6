"""An export file back into an account: check every record, preview, then save all or nothing.

``plan_import`` validates the whole file with one form per kind of record (records.py) and
works out what would be added and what is already there (same ids: importing a file twice
adds nothing). It saves nothing. ``apply_plan`` saves a plan without errors; call it in the
same transaction as the planning (``import_document`` does both), so that nothing changes in
between. Bad records are reported as "meals #2 items #1 (grams): reason", numbered from 1 in
the order of the file.
"""

import copy
import json
import uuid
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from experiments.portability import apply_experiments, plan_experiments
from foods.models import Favourite, Food, Portion
from journal import days
from journal.forms import EARLIEST_YEAR
from journal.models import (
    MAX_DAY_FACTORS,
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
    Supplement,
)

from . import READABLE_VERSIONS
from .export import PROFILE_FIELDS, export_profile
from .records import (
    CatalogFoodRef,
    CrampRecordForm,
    DayFactorRecordForm,
    DayRecordForm,
    DrinkRecordForm,
    ExerciseRecordForm,
    FavouriteRecordForm,
    MealItemRecordForm,
    MealRecordForm,
    NightAnswerRecordForm,
    PortionRecordForm,
    PrivateFoodRecordForm,
    PrivateFoodRef,
    ProfileRecordForm,
    SupplementRecordForm,
    check_record,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UPLOAD_TEXT = "20 MB"
BATCH = 500

# The kinds of record in the order they are imported (foods before what refers to them).
KIND_LABELS = {
    "private_foods": "Private foods",
    "favourites": "Favourite foods",
    "cramps": "Cramps",
    "meals": "Meals",
    "drinks": "Drinks",
    "exercise": "Exercise",
    "supplements": "Supplements",
    "days": "Day statuses",
    "day_factors": "Your own factors",
    "day_factor_marks": "Days marked with your own factors",
    "night_answers": "Nights answered “no cramps”",
    "experiments": "Experiments",
}
# Kinds counted in the preview that have no array of their own in the file.
NESTED_KINDS = {"day_factor_marks"}
ENTRY_FORMS = {
    "cramps": (Cramp, CrampRecordForm),
    "meals": (Meal, MealRecordForm),
    "drinks": (Drink, DrinkRecordForm),
    "exercise": (Exercise, ExerciseRecordForm),
    "supplements": (Supplement, SupplementRecordForm),
}
# Written by the export for people to read; the import does not need them.
INFORMATIONAL_KEYS = {"schema_version", "application", "exported_at", "account"}
TOP_LEVEL_KEYS = INFORMATIONAL_KEYS | {"profile"} | (set(KIND_LABELS) - NESTED_KINDS)


class ImportFileError(ValueError):
    """The upload is not an export file at all: too large, not UTF-8, not JSON, wrong version."""


def read_document(raw: bytes) -> dict:
    """The parsed file, or ImportFileError with a reason a person can act on."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise ImportFileError(f"The file is larger than {MAX_UPLOAD_TEXT}.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            "The file is not UTF-8 text. Upload the .json file that “Export JSON” saved."
        ) from None
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        line = getattr(error, "lineno", None)
        where = f" (line {line})" if line else ""
        raise ImportFileError(
            f"The file is not valid JSON{where}. Upload the .json file that “Export JSON” "
            "saved (the CSV zip cannot be imported)."
        ) from None
    if not isinstance(document, dict) or "schema_version" not in document:
        raise ImportFileError(
            "The file is JSON but not a Cramp Journal export: it has no schema_version."
        )
    version = document["schema_version"]
    if version not in READABLE_VERSIONS or isinstance(version, bool):
        *earlier, latest = (str(v) for v in READABLE_VERSIONS)
        readable = f"{', '.join(earlier)} and {latest}" if earlier else latest
        raise ImportFileError(
            f"The file has schema_version {json.dumps(version)}; this site reads versions "
            f"{readable}."
        )
    return document


@dataclass
class KindPlan:
    key: str
    label: str
    add: list = field(default_factory=list)
    skipped: int = 0

    @property
    def added(self) -> int:
        return len(self.add)


@dataclass
class ImportPlan:
    errors: list[str] = field(default_factory=list)
    kinds: dict[str, KindPlan] = field(
        default_factory=lambda: {key: KindPlan(key, label) for key, label in KIND_LABELS.items()}
    )
    # (label, value now, value from the file) for each profile setting the file changes.
    profile_changes: list[tuple[str, str, str]] = field(default_factory=list)
    profile_values: dict = field(default_factory=dict)
    # Catalog foods the file names that this site's catalog lacks: their records keep the
    # nutrients they were logged with and simply lose the link to the food.
    missing_catalog_foods: int = 0
    catalog: dict = field(default_factory=dict)
    # Records that name a catalog food but give no nutrient values (or no fluid_ml): filled
    # from this site's catalog once the foods are found (``_fill_from_catalog``).
    fills: list = field(default_factory=list)
    filled_from_catalog: int = 0

    @property
    def to_add(self) -> int:
        return sum(kind.added for kind in self.kinds.values())

    @property
    def skipped(self) -> int:
        return sum(kind.skipped for kind in self.kinds.values())

    @property
    def has_changes(self) -> bool:
        return bool(self.to_add or self.profile_changes)

    def counts(self) -> dict[str, dict[str, int]]:
        return {key: {"add": kind.added, "skip": kind.skipped} for key, kind in self.kinds.items()}

    def summary(self) -> str:
        parts = [f"{self.to_add} to add, {self.skipped} already there"]
        if self.profile_changes:
            parts.append(f"{len(self.profile_changes)} profile settings to change")
        return "; ".join(parts)


class _Errors:
    def __init__(self, plan):
        self.plan = plan

    def add(self, place, problems):
        for name, reason in problems:
            where = f"{place} ({name})" if name else place
            self.plan.errors.append(f"{where}: {reason}")

    def __bool__(self):
        return bool(self.plan.errors)


def _display(form_field, value) -> str:
    if value in (None, ""):
        return "not set"
    if isinstance(value, bool):
        return "yes" if value else "no"
    choices = dict(getattr(form_field, "choices", []) or [])
    return str(choices.get(value, value))


def _list(document, key, errors) -> list:
    value = document.get(key, [])
    if not isinstance(value, list):
        errors.add(key, [(None, "must be a list of records")])
        return []
    return value


def plan_import(user, document: dict) -> ImportPlan:
    """What importing ``document`` into ``user``'s account would do. Saves nothing."""
    plan = ImportPlan()
    errors = _Errors(plan)
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
    references = []  # (place, reference) of every record that names a food
    favourites = _check_favourites(_list(document, "favourites", errors), errors, references)
    for key, (model, form_class) in ENTRY_FORMS.items():
        _plan_entries(user, key, model, form_class, _list(document, key, errors), zone, plan,
                      errors, references)  # fmt: skip
    _plan_days(user, _list(document, "days", errors), plan, errors)
    _plan_day_factors(user, _list(document, "day_factors", errors), plan, errors)
    _plan_night_answers(user, _list(document, "night_answers", errors), plan, errors)
    plan_experiments(user, _list(document, "experiments", errors), plan.kinds["experiments"],
                     errors, check_record)  # fmt: skip
    _resolve_foods(references, private_uids, plan, errors)
    _fill_from_catalog(plan)
    if not errors:
        _plan_favourites(user, favourites, plan)
    if errors:
        for kind in plan.kinds.values():
            kind.add.clear()
    return plan


def _plan_profile(user, record, plan, errors) -> zoneinfo.ZoneInfo:
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
                (form[name].label, _display(form_field, current[name]), _display(form_field, new))
            )
            plan.profile_values[name] = new
    return zoneinfo.ZoneInfo(form.cleaned_data["time_zone"])


def _plan_private_foods(user, records, plan, errors) -> set:
    """Checks the file's private foods; returns the ids that records may refer to."""
    existing = set(Food.objects.owned_by(user).values_list("uid", flat=True))
    seen = {}
    kind = plan.kinds["private_foods"]
    for index, record in enumerate(records, start=1):
        place = f"private_foods #{index}"
        form, problems = check_record(PrivateFoodRecordForm, record, nested=("portions",))
        errors.add(place, problems)
        portions = _check_portions(place, record, errors)
        if form is None or portions is None:
            # What refers to this food is not wrong too: one reason per mistake is enough.
            seen.setdefault(_uuid_or_none(record), index)
            continue
        uid = form.cleaned_data["id"]
        if uid in seen:
            errors.add(place, [("id", f"is the same as private_foods #{seen[uid]}")])
            continue
        seen[uid] = index
        if uid in existing:
            kind.skipped += 1
            continue
        food = form.save(commit=False)
        food.uid = uid
        food.owner = user
        food.source = Food.Source.PERSONAL
        kind.add.append((food, portions))
    return existing | set(seen)


def _uuid_or_none(record):
    try:
        return uuid.UUID(str(record["id"]))
    except (TypeError, KeyError, ValueError):
        return None


def _check_portions(place, record, errors):
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


def _check_favourites(records, errors, references):
    checked = []
    for index, record in enumerate(records, start=1):
        place = f"favourites #{index}"
        form, problems = check_record(FavouriteRecordForm, record)
        errors.add(place, problems)
        if form is not None:
            references.append((place, form.cleaned_data["food"]))
            checked.append(form.cleaned_data["food"])
    return checked


def _plan_entries(user, key, model, form_class, records, zone, plan, errors, references):
    existing = set(model.objects.for_user(user).values_list("request_token", flat=True))
    seen = {}
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
        if token in seen:
            errors.add(place, [("id", f"is the same as {key} #{seen[token]}")])
            continue
        seen[token] = index
        if "food" in form.cleaned_data:
            references.append((place, form.cleaned_data["food"]))
        if token in existing:
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


def _plan_fill(plan, row, reference, amount, record) -> None:
    if not isinstance(reference, CatalogFoodRef):
        return
    values = all(record.get(name) is None for name in NutrientSnapshot.snapshot_fields())
    fluid = isinstance(row, MealItem) and "fluid_ml" not in record
    if values or fluid:
        plan.fills.append(_Fill(row, reference, amount, values, fluid))


def _fill_from_catalog(plan) -> None:
    """Nutrients a record left out, from the catalog food it names, scaled by its amount (one
    query). A food this site lacks fills nothing: the values stay unknown, never zero."""
    wanted = {plan.catalog[fill.reference] for fill in plan.fills if fill.reference in plan.catalog}
    foods = Food.objects.in_bulk(wanted)
    for fill in plan.fills:
        food = foods.get(plan.catalog.get(fill.reference))
        if food is None:
            continue
        row = fill.row
        given_fluid = getattr(row, "fluid_ml", None)
        if fill.values:
            row.take_snapshot(food, fill.amount)  # a meal item's sets fluid_ml too
            plan.filled_from_catalog += 1
        if isinstance(row, MealItem):
            row.fluid_ml = (fill.amount if food.is_drink else None) if fill.fluid else given_fluid


def _check_items(place, record, errors, references):
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


def _plan_days(user, records, plan, errors):
    existing = set(DayStatus.objects.filter(user=user).values_list("date", flat=True))
    seen = {}
    kind = plan.kinds["days"]
    latest = timezone.localdate(timezone=user.profile.zone) + timedelta(days=1)
    for index, record in enumerate(records, start=1):
        place = f"days #{index}"
        form, problems = check_record(DayRecordForm, record, latest=latest)
        errors.add(place, problems)
        if form is None:
            continue
        day = form.cleaned_data["date"]
        if day in seen:
            errors.add(place, [("date", f"is the same as days #{seen[day]}")])
            continue
        seen[day] = index
        if day in existing:
            kind.skipped += 1
            continue
        kind.add.append(
            DayStatus(user=user, date=day, food_log_complete=form.cleaned_data["food_log_complete"])
        )


def _plan_night_answers(user, records, plan, errors):
    """ "No cramps" answers, matched by night: a night the account has answered is skipped.
    A night must have ended (before today in the profile's zone) and be from 2000 on."""
    existing = set(NightAnswer.objects.filter(user=user).values_list("night", flat=True))
    today = timezone.localdate(timezone=user.profile.zone)
    seen: dict[date, int] = {}
    kind = plan.kinds["night_answers"]
    for index, record in enumerate(records, start=1):
        place = f"night_answers #{index}"
        form, problems = check_record(NightAnswerRecordForm, record)
        errors.add(place, problems)
        if form is None:
            continue
        night = form.cleaned_data["night"]
        if night.year < EARLIEST_YEAR or night >= today:
            errors.add(place, [("night", f"must be a night from {EARLIEST_YEAR} to last night")])
            continue
        if night in seen:
            errors.add(place, [("night", f"is the same as night_answers #{seen[night]}")])
            continue
        seen[night] = index
        if night in existing:
            kind.skipped += 1
            continue
        kind.add.append(NightAnswer(user=user, night=night, source=form.cleaned_data["source"]))


def _plan_day_factors(user, records, plan, errors):
    """Own factors are matched by name (ignoring case): a factor the account has already gets
    the file's days added; a new one is created. A day already marked is skipped."""
    existing = {
        name.lower(): name
        for name in DayFactor.objects.filter(user=user).values_list("name", flat=True)
    }
    marked = {
        (name.lower(), day)
        for name, day in DayFactorMark.objects.filter(user=user).values_list("factor__name", "date")
    }
    factors, marks = plan.kinds["day_factors"], plan.kinds["day_factor_marks"]
    seen: dict[str, int] = {}
    latest = timezone.localdate(timezone=user.profile.zone) + timedelta(days=1)
    for index, record in enumerate(records, start=1):
        place = f"day_factors #{index}"
        form, problems = check_record(DayFactorRecordForm, record, nested=("days",))
        errors.add(place, problems)
        if form is None:
            continue
        name = form.cleaned_data["name"]
        key = name.lower()
        if key in seen:
            errors.add(place, [("name", f"is the same as day_factors #{seen[key]}")])
            continue
        seen[key] = index
        if key in existing:
            factors.skipped += 1
        else:
            factors.add.append(name)
        dates = record.get("days", [])
        if not isinstance(dates, list):
            errors.add(place, [("days", "must be a list of dates")])
            continue
        unique = set()
        for position, value in enumerate(dates, start=1):
            try:
                day = date.fromisoformat(value) if isinstance(value, str) else None
            except ValueError:
                day = None
            if day is None:
                errors.add(place, [(f"days #{position}", "must be a date, YYYY-MM-DD")])
                continue
            if day.year < EARLIEST_YEAR or day > latest:
                errors.add(place, [(f"days #{position}", f"must be from {EARLIEST_YEAR} to today")])
                continue
            if day in unique:
                continue
            unique.add(day)
            if (key, day) in marked:
                marks.skipped += 1
            else:
                marks.add.append((key, day))
    if len(existing) + len(factors.add) > MAX_DAY_FACTORS:
        errors.add(
            "day_factors",
            [(None, f"an account has at most {MAX_DAY_FACTORS} factors of its own")],
        )


def _resolve_foods(references, private_uids, plan, errors):
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
    for source, source_ids in wanted.items():
        source_ids = sorted(source_ids)
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


def _plan_favourites(user, references, plan):
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


def apply_plan(user, plan: ImportPlan) -> ImportPlan:
    """Saves a plan without errors. Call inside the transaction that made the plan."""
    if plan.errors:
        raise ValueError("A plan with errors cannot be applied.")
    if plan.profile_values:
        profile = user.profile
        for name, value in plan.profile_values.items():
            setattr(profile, name, value)
        profile.save(update_fields=list(plan.profile_values))

    new_portions = []
    for food, portions in plan.kinds["private_foods"].add:
        food.save()  # one by one: saving indexes the name's words for search
        for portion in portions:
            portion.food = food
            new_portions.append(portion)
    Portion.objects.bulk_create(new_portions, batch_size=BATCH)
    private = dict(Food.objects.owned_by(user).values_list("uid", "pk"))

    def food_pk(reference):
        if isinstance(reference, PrivateFoodRef):
            return private[reference.uid]
        return plan.catalog.get(reference)

    Favourite.objects.bulk_create(
        [Favourite(user=user, food_id=food_pk(ref)) for ref in plan.kinds["favourites"].add],
        batch_size=BATCH,
    )
    for key, (model, _) in ENTRY_FORMS.items():
        entries = []
        for entry, reference, _items in plan.kinds[key].add:
            if model is Drink:
                entry.food_id = food_pk(reference) if reference else None
            entries.append(entry)
        model.objects.bulk_create(entries, batch_size=BATCH)
    items = []
    for meal, _, meal_items in plan.kinds["meals"].add:
        for item, reference in meal_items:
            item.meal_id = meal.pk  # set by bulk_create on PostgreSQL and SQLite 3.35+
            item.food_id = food_pk(reference) if reference else None
            items.append(item)
    MealItem.objects.bulk_create(items, batch_size=BATCH)
    DayStatus.objects.bulk_create(plan.kinds["days"].add, batch_size=BATCH)
    for name in plan.kinds["day_factors"].add:
        DayFactor.objects.create(user=user, name=name)
    factor_ids = {
        name.lower(): pk
        for pk, name in DayFactor.objects.filter(user=user).values_list("pk", "name")
    }
    DayFactorMark.objects.bulk_create(
        [
            DayFactorMark(user=user, factor_id=factor_ids[key], date=day)
            for key, day in plan.kinds["day_factor_marks"].add
        ],
        batch_size=BATCH,
    )
    NightAnswer.objects.bulk_create(plan.kinds["night_answers"].add, batch_size=BATCH)
    apply_experiments(user, plan.kinds["experiments"].add)
    return plan


def import_document(user, document: dict, *, dry_run: bool = False) -> ImportPlan:
    """Plans and, if every record is good (and not a dry run), saves: all or nothing."""
    with transaction.atomic():
        plan = plan_import(user, document)
        if not plan.errors and not dry_run:
            apply_plan(user, plan)
    return plan
