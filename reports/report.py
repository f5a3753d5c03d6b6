"""One person's trend report for a period: cramps, intake against targets, associations.

Reads the journal through reports.series (fixed queries) and computes in plain Python
(reports.stats): the page, the JSON view and the ``cramp_report`` command all call
:func:`build_personal_report`, so they cannot disagree. The period is reports.periods'; the
cramps' summary is reports.cramps'.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from accounts.models import Profile, User
from foods.nutrients import MINERALS
from foods.reference_intakes import Target
from journal.compiled import CompiledRows
from journal.models import DayFactorMark, NightAnswer
from journal.totals import targets_for

from . import stats
from .cramps import RATE_FROM_DAYS, Bucket, CrampSummary, cramp_summary
from .periods import (
    DEFAULT_PERIOD,
    ONE_DAY,
    PERIODS,
    Period,
    Proportion,
    bucket_starts,
    period_for,
)
from .series import Series, daily_series

__all__ = [
    "DEFAULT_PERIOD",
    "NUTRIENTS",
    "PERIODS",
    "RATE_FROM_DAYS",
    "Bucket",
    "IntakeRow",
    "PersonalReport",
    "ProfileFacts",
    "build_personal_report",
    "on_target",
    "period_for",
    "targets_for",
]

NUTRIENTS = (*MINERALS, "fluid")


@dataclass(frozen=True)
class IntakeRow:
    nutrient: str
    unit: str
    target: Target | None  # None when hidden (potassium with kidney disease)
    caveat: str
    complete_days: int  # complete days whose amount of this nutrient is known
    mean: float | None
    median: float | None
    on_target: Proportion | None
    points: list[tuple[date, float | None]]  # bucket start -> mean daily amount
    # Complete days left out because some food or drink of the day has no value for this
    # nutrient: the day's amount is unknown, never taken as the sum of the others.
    left_out: int = 0


@dataclass(frozen=True)
class ProfileFacts:
    sex: str
    age: int | None
    maternity: str
    kidney_disease: bool
    diuretic: bool
    statin: bool
    long_acting_inhaler: bool = False
    pril_or_sartan: bool = False


@dataclass
class PersonalReport:
    period: Period
    generated: date
    profile: ProfileFacts
    logged_days: int
    complete_days: int
    cramps: CrampSummary
    intake: list[IntakeRow]
    associations: stats.Report
    targets: dict[str, Target] = field(default_factory=dict)

    @property
    def has_entries(self) -> bool:
        return self.logged_days > 0 or self.cramps.logged > 0


def on_target(amount: float, target: Target) -> bool:
    """At least the reference amount; for sodium, not above the amount worth reducing (its
    Adequate Intake is not an amount to reach)."""
    if target.reduce_above is not None:
        return amount <= target.reduce_above
    return amount >= target.amount


def _intake_rows(
    series: Series,
    period: Period,
    targets: Mapping[str, Target],
    bucket_kind: str,
    hidden: set[str],
) -> list[IntakeRow]:
    """Each nutrient on the complete days of the period, by week or month, against its
    target (unless hidden)."""
    first = series.slot(period.first)
    complete = np.flatnonzero(series.complete[first : series.slot(period.last) + 1]) + first
    starts = bucket_starts(period, bucket_kind)
    # Each complete day's bucket, worked out once rather than once per nutrient: a day is in
    # the last bucket that starts on or before it (the period's first bucket may start before
    # the period).
    bounds = np.array([series.slot(start) for start in starts[1:]], dtype=np.intp)
    bucket_of = np.searchsorted(bounds, complete, side="right")
    buckets = np.arange(len(starts) + 1)
    rows = []
    for nutrient in NUTRIENTS:
        column = series.intake[nutrient][complete]
        known = ~np.isnan(column)
        known_values = column[known]
        values = known_values.tolist()
        target = None if nutrient in hidden else targets.get(nutrient)
        # The known values of each bucket are consecutive (the days are in order).
        cuts = np.searchsorted(bucket_of[known], buckets).tolist()
        rows.append(
            IntakeRow(
                nutrient=nutrient,
                unit="ml" if nutrient == "fluid" else "mg",
                target=target,
                caveat=targets[nutrient].caveat if nutrient in targets else "",
                complete_days=len(values),
                mean=statistics.fmean(values) if values else None,
                # Sorted by numpy first: statistics.median sorts again, now in one pass.
                median=statistics.median(np.sort(known_values).tolist()) if values else None,
                on_target=(
                    Proportion(_count_on_target(known_values, target), len(values))
                    if target
                    else None
                ),
                points=[
                    (start, _mean(values[cuts[b] : cuts[b + 1]])) for b, start in enumerate(starts)
                ],
                left_out=len(complete) - len(values),
            )
        )
    return rows


def _count_on_target(values: npt.ArrayLike, target: Target) -> int:
    """How many of ``values`` are on target (see :func:`on_target`), without a call each."""
    amounts = np.asarray(values, dtype=np.float64)
    if target.reduce_above is not None:
        return int(np.count_nonzero(amounts <= target.reduce_above))
    return int(np.count_nonzero(amounts >= target.amount))


def _mean(values: list[float]) -> float | None:
    """The mean of ``values``, or None without any: statistics.fmean's (an exactly rounded
    sum over the count), without its checks, for the three hundred buckets of five years."""
    return math.fsum(values) / len(values) if values else None


def hidden_targets(profile: Profile) -> set[str]:
    """Targets not shown: the potassium reference does not apply to poor kidney clearance."""
    return {"potassium"} if profile.has_kidney_disease else set()


def own_factor_days(user: User, first: date, last: date) -> dict[str, list[date]]:
    """Each of the person's own factors marked between ``first`` and ``last``, in the order
    they were defined, with the days it was marked: one query. A factor never marked in the
    period has nothing to compare and is left out."""
    marked: dict[str, list[date]] = {}
    for name, day in _FACTOR_MARKS(user.pk, first, last):
        marked.setdefault(name, []).append(day)
    return marked


def answered_nights(user: User, period: Period) -> set[date]:
    """The nights of the period answered "no cramps": one query."""
    return {night for (night,) in _ANSWERS(user.pk, period.first - ONE_DAY, period.last - ONE_DAY)}


# Built once, run with each person and period (journal.compiled).
_FACTOR_MARKS = CompiledRows(
    DayFactorMark,
    lambda user_id, first, last: (
        DayFactorMark.objects.filter(user_id=user_id, date__range=(first, last))
        .order_by("factor__created", "factor_id", "date")
        .values_list("factor__name", "date")
    ),
)
_ANSWERS = CompiledRows(
    NightAnswer,
    lambda user_id, first, last: NightAnswer.objects.filter(
        user_id=user_id, night__range=(first, last)
    ).values_list("night"),
)


def _associations(
    user: User, series: Series, period: Period, targets: Mapping[str, float]
) -> stats.Report:
    """Every association of the period: outcomes from its first day, exposures from the day
    before it (the previous day of its first day)."""
    return stats.build_report_from_columns(
        series.day_columns(),
        targets=targets,
        first_outcome_day=period.first,
        own_factors=own_factor_days(user, period.first - ONE_DAY, period.last),
    )


def _profile_facts(profile: Profile, period: Period) -> ProfileFacts:
    return ProfileFacts(
        sex=profile.get_sex_display() if profile.sex else "",
        age=period.last.year - profile.birth_year if profile.birth_year else None,
        maternity=profile.get_maternity_display() if profile.maternity else "",
        kidney_disease=profile.has_kidney_disease,
        diuretic=profile.takes_diuretic,
        statin=profile.takes_statin,
        long_acting_inhaler=profile.uses_long_acting_inhaler,
        pril_or_sartan=profile.takes_pril_or_sartan,
    )


def build_personal_report(user: User, period: Period) -> PersonalReport:
    """The whole report of ``period`` for ``user``: a fixed number of queries."""
    profile = user.profile
    targets = targets_for(profile, period.last)
    hidden = hidden_targets(profile)
    shown = {name: target for name, target in targets.items() if name not in hidden}
    # The day before the period is read as the previous day of its first day.
    series = daily_series(user, period.first - ONE_DAY, period.last)
    bucket_kind = period.bucket_kind
    return PersonalReport(
        period=period,
        generated=period.last,
        profile=_profile_facts(profile, period),
        logged_days=series.logged_days(period.first),
        complete_days=int(np.count_nonzero(series.complete[series.slot(period.first) :])),
        cramps=cramp_summary(series, period, bucket_kind, answered_nights(user, period)),
        intake=_intake_rows(series, period, targets, bucket_kind, hidden),
        associations=_associations(
            user, series, period, {name: target.amount for name, target in shown.items()}
        ),
        targets=shown,
    )
