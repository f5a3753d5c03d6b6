"""One person's trend report for a period: cramps, intake against targets, associations.

Reads the journal through reports.series (fixed queries) and computes in plain Python
(reports.stats): the page, the JSON view and the ``cramp_report`` command all call
:func:`build_personal_report`, so they cannot disagree.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from foods.nutrients import MINERALS
from foods.reference_intakes import Target
from journal import nights as journal_nights
from journal.models import (
    Cramp,
    DayFactorMark,
    DayStatus,
    Drink,
    Exercise,
    Meal,
    NightAnswer,
    Supplement,
)
from journal.totals import targets_for

from . import stats, wording
from .series import Day, Series, daily_series

PERIODS = {
    "30": ("Last 30 days", 30),
    "90": ("Last 90 days", 90),
    "year": ("Last 12 months", 365),
    "all": ("All time", None),
}
# A year by default: associations need months of days, and a year holds a season's changes.
DEFAULT_PERIOD = "year"

NUTRIENTS = (*MINERALS, "fluid")
# The clinician summary charts cramp nights per week over this many weeks.
NIGHT_WEEKS = 12
# Longer periods are charted by month, so five years stay readable on a phone.
WEEKLY_UP_TO_DAYS = 366

# A rate per week needs this many days of records (days whose night is known, or with a
# cramp logged): after one night, "21 a week" is arithmetic on one night (issue 14). Before
# that the report gives counts only, and no clinician callout unless a cramp was severe.
RATE_FROM_DAYS = 14
ONE_DAY = timedelta(days=1)

SEVERITY_BANDS = (("Mild (1-3)", 1, 3), ("Moderate (4-6)", 4, 6), ("Severe (7-10)", 7, 10))
EFFECT_ORDER = (Cramp.Effect.FULLY, Cramp.Effect.LITTLE, Cramp.Effect.NONE)


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    first: date
    last: date
    # The period would start before the journal does, so it starts at the first entry:
    # days before it were not logged, and counting them would dilute every rate.
    starts_at_first_entry: bool = False

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class Proportion:
    """``count`` of ``n`` with its Wilson 95% interval."""

    count: int
    n: int

    @property
    def share(self) -> float | None:
        return self.count / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float]:
        return stats.wilson_interval(self.count, self.n)


@dataclass(frozen=True)
class NightCounts:
    """The period's nights, one ending on each of its days (``journal.nights``).

    A night is known when a cramp was logged for it, "no cramps" was answered for it, or the
    day it ended on was marked complete. Only known nights count as cramp-free: an unknown
    night is missing, never a night without cramps.
    """

    nights: int
    with_cramp: int
    known: int

    @property
    def cramp_free(self) -> int:
        return self.known - self.with_cramp

    @property
    def unknown(self) -> int:
        return self.nights - self.known


@dataclass(frozen=True)
class Bucket:
    start: date
    day_cramps: int = 0
    night_cramps: int = 0


@dataclass(frozen=True)
class ReliefRow:
    method: str
    label: str
    tried: int
    effects: dict[str, int]  # "fully", "little", "none", "unknown" -> cramps

    @property
    def helped(self) -> Proportion:
        """Cramps where it helped at least a little, of those where the effect was noted."""
        noted = self.tried - self.effects.get("unknown", 0)
        return Proportion(self.effects.get("fully", 0) + self.effects.get("little", 0), noted)


@dataclass(frozen=True)
class CrampSummary:
    total: int
    cramp_days: int
    days: int
    at_night: Proportion
    buckets: list[Bucket]
    bucket_kind: str  # "week" or "month"
    severity_bands: list[tuple[str, int]]
    severity_unknown: int
    severity_median: float | None
    worst: int | None
    duration_median_seconds: float | None
    relief: list[ReliefRow]
    # (muscle label, cramps, {side label: cramps}), most cramps first.
    muscles: list[tuple[str, int, dict[str, int]]] = field(default_factory=list)
    # The last 12 weeks of the period (fewer if it is shorter): (week start, nights with a
    # night cramp that week, nights of the period in that week that are unknown). A night
    # counts once however many cramps it had.
    nights_by_week: list[tuple[date, int, int]] = field(default_factory=list)
    nights: NightCounts = NightCounts(0, 0, 0)
    # The days a rate can count: those whose night is known, and those with a cramp logged.
    # A day with neither is missing, not a day without cramps, so it is left out.
    rate_days: int = 0

    @property
    def per_week(self) -> float | None:
        """Cramps a week over the days of records; None before RATE_FROM_DAYS of them."""
        if self.rate_days < RATE_FROM_DAYS:
            return None
        return 7 * self.total / self.rate_days

    @property
    def severe(self) -> bool:
        """A cramp rated SEVERE_FROM (8) of 10 or more. The journal records no red flags
        (those are for the person to act on, in Learn), so severity is the one sign here."""
        return (self.worst or 0) >= wording.SEVERE_FROM

    @property
    def worth_a_clinician(self) -> bool:
        """Frequent cramps (needs a rate, so RATE_FROM_DAYS days of records) or a severe one."""
        frequent = self.per_week is not None and self.per_week >= wording.FREQUENT_PER_WEEK
        return frequent or self.severe


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
        return self.logged_days > 0 or self.cramps.total > 0


# --------------------------------------------------------------------------- period


def first_entry_day(user) -> date | None:
    """The earliest local day with anything in the journal: one indexed query per kind."""
    firsts = [
        model.objects.for_user(user).order_by("local_date").values_list("local_date", flat=True)[:1]
        for model in (Cramp, Meal, Drink, Exercise, Supplement)
    ]
    days = [row for query in firsts for row in query]
    status = DayStatus.objects.filter(user=user).order_by("date").values_list("date", flat=True)
    days += list(status[:1])
    # A "no cramps" answer counts on the morning its night ended.
    answers = NightAnswer.objects.filter(user=user).order_by("night")
    days += [night + ONE_DAY for night in answers.values_list("night", flat=True)[:1]]
    return min(days) if days else None


def period_for(user, key: str, today: date, days: int | None = None) -> Period:
    """The period ``key`` (one of PERIODS), or the last ``days`` days, ending ``today``.

    It never starts before the first entry in the journal (nor after today).
    """
    if days is not None:
        if days < 1:
            raise ValueError("a period has at least one day")
        key, label, length = f"{days}d", f"Last {days} days", days
    elif key in PERIODS:
        label, length = PERIODS[key]
    else:
        raise ValueError(f"unknown period {key!r}")
    journal_start = min(first_entry_day(user) or today, today)
    if length is None:
        return Period(key, label, journal_start, today)
    first = today - timedelta(days=length - 1)
    if first < journal_start:
        return Period(key, label, journal_start, today, starts_at_first_entry=True)
    return Period(key, label, first, today)


# --------------------------------------------------------------------------- pieces


def _bucket_start(day: date, kind: str) -> date:
    if kind == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _bucket_starts(period: Period, kind: str) -> list[date]:
    starts, current = [], _bucket_start(period.first, kind)
    while current <= period.last:
        starts.append(current)
        if kind == "week":
            current += timedelta(days=7)
        else:
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return starts


def _cramp_summary(
    series: Series, period: Period, bucket_kind: str, answered: set[date]
) -> CrampSummary:
    cramps = [cramp for cramp in series.cramps if period.first <= cramp.day <= period.last]
    days = [day for day in series.days if period.first <= day.date <= period.last]
    # The night of each day is the one that ended on it, named by the evening before.
    known = journal_nights.known_from(
        cramp_nights={day.date - ONE_DAY for day in days if day.night_cramps},
        answered=answered,
        completed_days={day.date for day in days if day.complete},
    )
    night_known = {day.date: day.date - ONE_DAY in known for day in days}
    unknown_by_week: Counter[date] = Counter(
        _bucket_start(day, "week") for day, is_known in night_known.items() if not is_known
    )
    day_counts: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for cramp in cramps:
        day_counts[_bucket_start(cramp.day, bucket_kind)][cramp.at_night] += 1
    buckets = [
        Bucket(start, day_counts[start][0], day_counts[start][1])
        for start in _bucket_starts(period, bucket_kind)
    ]
    severities = [cramp.severity for cramp in cramps if cramp.severity is not None]
    durations = [cramp.duration_seconds for cramp in cramps if cramp.duration_seconds]

    labels = dict(Cramp.Relief.choices)
    tried: Counter[str] = Counter()
    effects: dict[str, Counter[str]] = defaultdict(Counter)
    for cramp in cramps:
        for method in cramp.relief:
            tried[method] += 1
            effects[method][cramp.relief_effect or "unknown"] += 1
    relief = sorted(
        (
            ReliefRow(method, labels.get(method, method), count, dict(effects[method]))
            for method, count in tried.items()
        ),
        key=lambda row: (-row.tried, row.label),
    )
    muscle_labels, side_labels = dict(Cramp.Muscle.choices), dict(Cramp.Side.choices)
    by_muscle: Counter[str] = Counter()
    sides: dict[str, Counter[str]] = defaultdict(Counter)
    for cramp in cramps:
        muscle = muscle_labels.get(cramp.muscle, "Not noted")
        by_muscle[muscle] += 1
        sides[muscle][side_labels.get(cramp.side, "side not noted")] += 1
    muscles = [
        (muscle, count, dict(sides[muscle]))
        for muscle, count in sorted(by_muscle.items(), key=lambda item: (-item[1], item[0]))
    ]
    last_week = _bucket_start(period.last, "week")
    weeks = [
        last_week - timedelta(days=7 * back)
        for back in range(NIGHT_WEEKS - 1, -1, -1)
        if last_week - timedelta(days=7 * back) + timedelta(days=6) >= period.first
    ]
    nights: dict[date, set[date]] = defaultdict(set)
    for cramp in cramps:
        if cramp.at_night:
            nights[_bucket_start(cramp.day, "week")].add(cramp.day)
    return CrampSummary(
        muscles=muscles,
        nights_by_week=[(week, len(nights[week]), unknown_by_week[week]) for week in weeks],
        nights=NightCounts(
            nights=len(days),
            with_cramp=sum(1 for day in days if day.night_cramps),
            known=sum(night_known.values()),
        ),
        rate_days=sum(1 for day in days if night_known[day.date] or day.cramps),
        total=len(cramps),
        cramp_days=len({cramp.day for cramp in cramps}),
        days=period.days,
        at_night=Proportion(sum(cramp.at_night for cramp in cramps), len(cramps)),
        buckets=buckets,
        bucket_kind=bucket_kind,
        severity_bands=[
            (label, sum(low <= value <= high for value in severities))
            for label, low, high in SEVERITY_BANDS
        ],
        severity_unknown=len(cramps) - len(severities),
        severity_median=statistics.median(severities) if severities else None,
        worst=max(severities) if severities else None,
        duration_median_seconds=statistics.median(durations) if durations else None,
        relief=relief,
    )


def on_target(amount: float, target: Target) -> bool:
    """At least the reference amount, and for sodium not above the amount worth reducing."""
    if amount < target.amount:
        return False
    return target.reduce_above is None or amount <= target.reduce_above


def _count_on_target(values: list[float], target: Target) -> int:
    """How many of ``values`` are on target (see :func:`on_target`), without a call each."""
    low, high = target.amount, target.reduce_above
    if high is None:
        return sum(1 for value in values if value >= low)
    return sum(1 for value in values if low <= value <= high)


def _intake_rows(
    days: list[Day], period: Period, targets: dict[str, Target], bucket_kind: str, hidden: set
) -> list[IntakeRow]:
    complete = [day for day in days if day.complete]
    starts = _bucket_starts(period, bucket_kind)
    # Each complete day's bucket, worked out once rather than once per nutrient.
    day_buckets = [_bucket_start(day.date, bucket_kind) for day in complete]
    rows = []
    for nutrient in NUTRIENTS:
        by_bucket: dict[date, list[float]] = defaultdict(list)
        values: list[float] = []
        for start, day in zip(day_buckets, complete, strict=True):
            value = getattr(day, nutrient)
            if value is not None:
                values.append(value)
                by_bucket[start].append(value)
        target = None if nutrient in hidden else targets.get(nutrient)
        rows.append(
            IntakeRow(
                nutrient=nutrient,
                unit="ml" if nutrient == "fluid" else "mg",
                target=target,
                caveat=targets[nutrient].caveat if nutrient in targets else "",
                complete_days=len(values),
                mean=statistics.fmean(values) if values else None,
                median=statistics.median(values) if values else None,
                on_target=(
                    Proportion(_count_on_target(values, target), len(values)) if target else None
                ),
                points=[
                    (start, statistics.fmean(by_bucket[start]) if by_bucket[start] else None)
                    for start in starts
                ],
                left_out=len(complete) - len(values),
            )
        )
    return rows


def hidden_targets(profile) -> set[str]:
    """Targets not shown: the potassium reference does not apply to poor kidney clearance."""
    return {"potassium"} if profile.has_kidney_disease else set()


# --------------------------------------------------------------------------- the report


def own_factor_days(user, first: date, last: date) -> dict[str, list[date]]:
    """Each of the person's own factors marked between ``first`` and ``last``, in the order
    they were defined, with the days it was marked: one query. A factor never marked in the
    period has nothing to compare and is left out."""
    marked: dict[str, list[date]] = {}
    for name, day in (
        DayFactorMark.objects.filter(user=user, date__range=(first, last))
        .order_by("factor__created", "factor_id", "date")
        .values_list("factor__name", "date")
    ):
        marked.setdefault(name, []).append(day)
    return marked


def answered_nights(user, period: Period) -> set[date]:
    """The nights of the period answered "no cramps": one query."""
    answers = NightAnswer.objects.filter(
        user=user, night__range=(period.first - ONE_DAY, period.last - ONE_DAY)
    )
    return set(answers.values_list("night", flat=True))


def build_personal_report(user, period: Period) -> PersonalReport:
    profile = user.profile
    targets = targets_for(profile, period.last)
    hidden = hidden_targets(profile)
    # The day before the period is read as the previous day of its first day.
    series = daily_series(user, period.first - timedelta(days=1), period.last)
    days = [day for day in series.days if day.date >= period.first]
    bucket_kind = "week" if period.days <= WEEKLY_UP_TO_DAYS else "month"
    association_targets = {
        name: target.amount for name, target in targets.items() if name not in hidden
    }
    associations = stats.build_report(
        [day.as_day_record() for day in series.days],
        targets=association_targets,
        first_outcome_day=period.first,
        own_factors=own_factor_days(user, period.first - timedelta(days=1), period.last),
    )
    age = period.last.year - profile.birth_year if profile.birth_year else None
    return PersonalReport(
        period=period,
        generated=period.last,
        profile=ProfileFacts(
            sex=profile.get_sex_display() if profile.sex else "",
            age=age,
            maternity=profile.get_maternity_display() if profile.maternity else "",
            kidney_disease=profile.has_kidney_disease,
            diuretic=profile.takes_diuretic,
            statin=profile.takes_statin,
        ),
        logged_days=series.logged_days(period.first),
        complete_days=sum(day.complete for day in days),
        cramps=_cramp_summary(series, period, bucket_kind, answered_nights(user, period)),
        intake=_intake_rows(days, period, targets, bucket_kind, hidden),
        associations=associations,
        targets={name: t for name, t in targets.items() if name not in hidden},
    )
