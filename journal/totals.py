"""A day's totals and the person's targets: the numbers behind Today's progress bars.

Three aggregate queries whatever the day holds: meal items, drinks, supplements.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum

from foods.nutrients import MINERALS, round_amount
from foods.reference_intakes import Target, daily_targets

from .models import Drink, MealItem, Supplement

SNAPSHOT_FIELDS = {
    "potassium": "potassium_mg",
    "magnesium": "magnesium_mg",
    "calcium": "calcium_mg",
    "sodium": "sodium_mg",
}


@dataclass(frozen=True)
class DayTotals:
    minerals: dict[str, float]  # mg, from food, drinks and supplements
    fluid_ml: int
    # Minerals some item of the day has no value for: their totals are lower bounds.
    incomplete: frozenset[str]


def _sums(among=None):
    """Each mineral's total and its count of unknown values, over the rows ``among`` picks."""
    aggregates = {}
    for name, field in SNAPSHOT_FIELDS.items():
        unknown = Q(**{f"{field}__isnull": True})
        aggregates[name] = Sum(field, filter=among)
        aggregates[f"{name}_unknown"] = Count(
            "pk", filter=unknown if among is None else unknown & among
        )
    return aggregates


def day_totals(user, day: date) -> DayTotals:
    items = MealItem.objects.filter(meal__user=user, meal__local_date=day).aggregate(**_sums())
    # One query for the drinks: minerals from those that name a food, fluid from them all.
    drinks = (
        Drink.objects.for_user(user)
        .on_day(day)
        .aggregate(**_sums(among=Q(food__isnull=False)), fluid=Sum("volume_ml"))
    )
    fluid = drinks["fluid"] or 0
    supplements = dict(
        Supplement.objects.for_user(user)
        .on_day(day)
        .exclude(mineral="")
        .values_list("mineral")
        .annotate(total=Sum("mineral_mg"))
    )
    minerals, incomplete = {}, set()
    for name in MINERALS:
        minerals[name] = (items[name] or 0) + (drinks[name] or 0) + (supplements.get(name) or 0)
        if items[f"{name}_unknown"] or drinks[f"{name}_unknown"]:
            incomplete.add(name)
    return DayTotals(minerals, fluid, frozenset(incomplete))


def targets_for(profile, today: date) -> dict[str, Target]:
    age = today.year - profile.birth_year if profile.birth_year else None
    return daily_targets(
        sex=profile.sex,
        age=age,
        maternity=profile.maternity,
        kidney_disease=profile.has_kidney_disease,
        diuretic=profile.takes_diuretic,
    )


@dataclass(frozen=True)
class Progress:
    """One progress bar: an amount against its target."""

    label: str
    amount: int
    target: Target
    incomplete: bool

    @property
    def percent(self) -> int:
        return min(100, round_amount(100 * self.amount / self.target.amount))

    @property
    def over_limit(self) -> bool:
        return self.target.reduce_above is not None and self.amount > self.target.reduce_above


def progress_bars(totals: DayTotals, targets: dict[str, Target]) -> list[Progress]:
    bars = [
        Progress(
            name.title(),
            round_amount(totals.minerals[name]),
            targets[name],
            name in totals.incomplete,
        )
        for name in MINERALS
    ]
    bars.append(Progress("Fluid", totals.fluid_ml, targets["fluid"], False))
    return bars
