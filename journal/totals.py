"""A day's totals and the person's targets: the numbers behind Today's progress bars.

The day is added up by journal.intake, as for the history and the reports.
"""

from dataclasses import dataclass, field
from datetime import date

from accounts.models import Profile, User
from foods.nutrients import MINERALS, round_amount
from foods.reference_intakes import MAGNESIUM_SUPPLEMENT_LIMIT_MG, Target, daily_targets

from .intake import intake_on


@dataclass(frozen=True)
class DayTotals:
    # mg, from food, drinks and supplements; for a mineral in ``unknown`` only what the
    # items with a value add up to (a lower bound: the day's amount is unknown)
    minerals: dict[str, float]
    fluid_ml: int
    # Minerals some item of the day has no value for: their totals are lower bounds.
    unknown: frozenset[str]
    # mg from supplements, part of ``minerals``.
    from_supplements: dict[str, float] = field(default_factory=dict)


def day_totals(user: User, day: date) -> DayTotals:
    intake = intake_on(user, day)
    return DayTotals(
        intake.known_part, intake.fluid_ml, intake.unknown, dict(intake.from_supplements)
    )


def targets_for(profile: Profile, today: date) -> dict[str, Target]:
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
    unknown: bool  # the amount is a lower bound: "at least"
    # mg of the amount from supplements, and the most worth taking from them a day (magnesium)
    from_supplements: int = 0
    supplement_limit: int | None = None

    @property
    def from_food(self) -> int:
        return self.amount - self.from_supplements

    @property
    def over_supplement_limit(self) -> bool:
        return self.supplement_limit is not None and self.from_supplements > self.supplement_limit

    @property
    def percent(self) -> int:
        """Of the target, or for sodium of the amount worth staying below."""
        return min(100, round_amount(100 * self.amount / self.target.goal))

    @property
    def over_limit(self) -> bool:
        return self.target.reduce_above is not None and self.amount > self.target.reduce_above


def progress_bars(totals: DayTotals, targets: dict[str, Target]) -> list[Progress]:
    bars = [
        Progress(
            name.title(),
            round_amount(totals.minerals[name]),
            targets[name],
            name in totals.unknown,
            round_amount(totals.from_supplements.get(name, 0.0)),
            MAGNESIUM_SUPPLEMENT_LIMIT_MG if name == "magnesium" else None,
        )
        for name in MINERALS
    ]
    bars.append(Progress("Fluid", totals.fluid_ml, targets["fluid"], False))
    return bars
