"""What an import would do, kind by kind, and the problems found on the way.

``ImportPlan`` is made by ``importing.plan_import`` and saved by ``applying.apply_plan``;
``outcome`` is the part of it a page shows (counts, problems, profile changes), which the
background check keeps as JSON (``PendingImport.outcome``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from journal.models import Cramp, Drink, Exercise, Meal, Supplement

from .records import (
    CrampRecordForm,
    DrinkRecordForm,
    ExerciseRecordForm,
    MealRecordForm,
    SupplementRecordForm,
)

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
    "recipes": "Recipes",
    "usual_supplements": "Your usual supplements and medicines",
}
# The kinds of entry, each with its model and the form that checks its records.
ENTRY_FORMS: dict[str, tuple[type[Any], type[Any]]] = {
    "cramps": (Cramp, CrampRecordForm),
    "meals": (Meal, MealRecordForm),
    "drinks": (Drink, DrinkRecordForm),
    "exercise": (Exercise, ExerciseRecordForm),
    "supplements": (Supplement, SupplementRecordForm),
}
# Kinds counted in the preview that have no array of their own in the file.
NESTED_KINDS = {"day_factor_marks"}

Problems = Iterable[tuple[str | None, str]]


@dataclass
class KindPlan:
    key: str
    label: str
    add: list[Any] = field(default_factory=list)
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
    profile_values: dict[str, Any] = field(default_factory=dict)
    # Catalog foods the file names that this site's catalog lacks: their records keep the
    # nutrients they were logged with and simply lose the link to the food.
    missing_catalog_foods: int = 0
    catalog: dict[Any, int] = field(default_factory=dict)
    # Records that name a catalog food but give no nutrient values (or no fluid_ml): filled
    # from this site's catalog once the foods are found (``importing._fill_from_catalog``).
    fills: list[Any] = field(default_factory=list)
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
        return summary(self.to_add, self.skipped, len(self.profile_changes))

    def outcome(self) -> dict[str, Any]:
        """What the preview shows, as JSON (kept with the pending upload)."""
        return {
            "errors": self.errors,
            "counts": self.counts(),
            "profile_changes": self.profile_changes,
            "missing_catalog_foods": self.missing_catalog_foods,
            "filled_from_catalog": self.filled_from_catalog,
        }


def summary(to_add: int, skipped: int, profile_changes: int) -> str:
    parts = [f"{to_add} to add, {skipped} already there"]
    if profile_changes:
        parts.append(f"{profile_changes} profile settings to change")
    return "; ".join(parts)


class ImportErrors:
    """Collects "place (field): reason" lines into the plan; true once there is one."""

    def __init__(self, plan: ImportPlan) -> None:
        self.plan = plan

    def add(self, place: str, problems: Problems) -> None:
        for name, reason in problems:
            where = f"{place} ({name})" if name else place
            self.plan.errors.append(f"{where}: {reason}")

    def __bool__(self) -> bool:
        return bool(self.plan.errors)
