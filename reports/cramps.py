"""The cramps of a report's period: how many, when, how bad, what helped, and which nights
are known (docs/reports.md: a night is known when a cramp was logged for it, "no cramps" was
answered, or the day it ended on was marked complete)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from journal import nights as journal_nights
from journal.models import Cramp

from . import wording
from .periods import Period, Proportion, bucket_start, bucket_starts
from .series import CrampRecord, Series

__all__ = [
    "NIGHT_WEEKS",
    "RATE_FROM_DAYS",
    "SEVERITY_BANDS",
    "Bucket",
    "CrampSummary",
    "NightCounts",
    "ReliefRow",
    "cramp_summary",
]

# The clinician summary charts cramp nights per week over this many weeks.
NIGHT_WEEKS = 12

# A rate per week needs this many days of records (days whose night is known, or with a
# cramp logged): after one night, "21 a week" is arithmetic on one night (issue 14). Before
# that the report gives counts only, and no clinician callout unless a cramp was severe.
RATE_FROM_DAYS = 14

SEVERITY_BANDS = (("Mild (1-3)", 1, 3), ("Moderate (4-6)", 4, 6), ("Severe (7-10)", 7, 10))


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
    # Cramps logged this evening (the period's last day): they count in the night that ends
    # tomorrow, past the period, so not in ``total`` or the rates; they are in the logged
    # count, severity, length, muscles and relief, since the person logged them.
    tonight: int = 0

    @property
    def logged(self) -> int:
        """Every cramp logged in the period, this evening's included."""
        return self.total + self.tonight

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


def cramp_summary(
    series: Series,
    period: Period,
    bucket_kind: str,
    answered: set[date],
) -> CrampSummary:
    """The period's cramps; ``answered`` are the nights answered "no cramps". The cramps of
    the evening of the period's last day are in ``logged`` (see CrampSummary.tonight)."""
    cramps = [cramp for cramp in series.cramps if period.first <= cramp.day <= period.last]
    tonight = [cramp for cramp in series.evening if series.last == period.last]
    logged = cramps + tonight
    # The period's days in the series' columns.
    slots = range(
        max(0, series.slot(period.first)), min(len(series.complete), series.slot(period.last) + 1)
    )
    night_known = _known_nights(series, slots, answered)
    severities = [cramp.severity for cramp in logged if cramp.severity is not None]
    durations = [cramp.duration_seconds for cramp in logged if cramp.duration_seconds]
    return CrampSummary(
        tonight=len(logged) - len(cramps),
        muscles=_muscles(logged),
        nights_by_week=_nights_by_week(cramps, period, series, slots, night_known),
        nights=NightCounts(
            nights=len(slots),
            with_cramp=len(slots) - series.night_cramps[slots.start : slots.stop].count(0),
            known=sum(night_known),
        ),
        rate_days=sum(
            1
            for known, count in zip(
                night_known, series.cramp_counts[slots.start : slots.stop], strict=True
            )
            if known or count
        ),
        total=len(cramps),
        cramp_days=len({cramp.day for cramp in cramps}),
        days=period.days,
        at_night=Proportion(sum(cramp.at_night for cramp in cramps), len(cramps)),
        buckets=_buckets(cramps, period, bucket_kind),
        bucket_kind=bucket_kind,
        severity_bands=[
            (label, sum(low <= value <= high for value in severities))
            for label, low, high in SEVERITY_BANDS
        ],
        severity_unknown=len(logged) - len(severities),
        severity_median=statistics.median(severities) if severities else None,
        worst=max(severities) if severities else None,
        duration_median_seconds=statistics.median(durations) if durations else None,
        relief=_relief(logged),
    )


def _known_nights(series: Series, slots: range, answered: set[date]) -> list[bool]:
    """Whether each day's night is known, for the days in ``slots``. The night of each day
    is the one that ended on it, named by the evening before."""
    first = series.first.toordinal()
    known = journal_nights.known_from(
        cramp_nights={date.fromordinal(first + i - 1) for i in slots if series.night_cramps[i]},
        answered=answered,
        completed_days={date.fromordinal(first + i) for i in slots if series.complete[i]},
    )
    # By day number: a date object for every day of five years is what this avoids.
    known_nights = {night.toordinal() for night in known}
    return [first + i - 1 in known_nights for i in slots]


def _buckets(cramps: Iterable[CrampRecord], period: Period, bucket_kind: str) -> list[Bucket]:
    """Cramps by day and at night in each week or month of the period."""
    day_counts: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for cramp in cramps:
        day_counts[bucket_start(cramp.day, bucket_kind)][cramp.at_night] += 1
    return [
        Bucket(start, day_counts[start][0], day_counts[start][1])
        for start in bucket_starts(period, bucket_kind)
    ]


def _relief(cramps: Iterable[CrampRecord]) -> list[ReliefRow]:
    """Each relief method tried, with how it went, most tried first."""
    labels = dict(Cramp.Relief.choices)
    tried: Counter[str] = Counter()
    effects: dict[str, Counter[str]] = defaultdict(Counter)
    # Counted in one pass in C, then added up over the few distinct pairs; effects keep the
    # order they first came in.
    for (method, effect), count in Counter(
        (method, cramp.relief_effect or "unknown") for cramp in cramps for method in cramp.relief
    ).items():
        tried[method] += count
        effects[method][effect] += count
    return sorted(
        (
            ReliefRow(method, labels.get(method, method), count, dict(effects[method]))
            for method, count in tried.items()
        ),
        key=lambda row: (-row.tried, row.label),
    )


def _muscles(cramps: Iterable[CrampRecord]) -> list[tuple[str, int, dict[str, int]]]:
    """(muscle label, cramps, {side label: cramps}), most cramps first."""
    muscle_labels, side_labels = dict(Cramp.Muscle.choices), dict(Cramp.Side.choices)
    by_muscle: Counter[str] = Counter()
    sides: dict[str, Counter[str]] = defaultdict(Counter)
    # As in _relief: counted in one pass, then labelled once per distinct pair.
    for (muscle, side), count in Counter((cramp.muscle, cramp.side) for cramp in cramps).items():
        label = muscle_labels.get(muscle, "Not noted")
        by_muscle[label] += count
        sides[label][side_labels.get(side, "side not noted")] += count
    return [
        (muscle, count, dict(sides[muscle]))
        for muscle, count in sorted(by_muscle.items(), key=lambda item: (-item[1], item[0]))
    ]


def _nights_by_week(
    cramps: Iterable[CrampRecord],
    period: Period,
    series: Series,
    slots: range,
    night_known: list[bool],
) -> list[tuple[date, int, int]]:
    """The last NIGHT_WEEKS weeks of the period (fewer if it is shorter): (week start,
    nights with a night cramp, nights of the period that week that are unknown).
    ``night_known`` says for each day in ``slots`` whether its night is known."""
    last_week = bucket_start(period.last, "week")
    weeks = [
        last_week - timedelta(days=7 * back)
        for back in range(NIGHT_WEEKS - 1, -1, -1)
        if last_week - timedelta(days=7 * back) + timedelta(days=6) >= period.first
    ]
    # Only the days of those weeks are read: the rest of a long period shows nowhere here.
    since = series.slot(weeks[0])
    unknown_by_week: Counter[date] = Counter(
        bucket_start(series.first + timedelta(days=i), "week")
        for i, is_known in zip(slots, night_known, strict=True)
        if i >= since and not is_known
    )
    nights: dict[date, set[date]] = defaultdict(set)
    for cramp in cramps:
        if cramp.at_night and cramp.day >= weeks[0]:
            nights[bucket_start(cramp.day, "week")].add(cramp.day)
    return [(week, len(nights[week]), unknown_by_week[week]) for week in weeks]
