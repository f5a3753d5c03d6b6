"""The cramps of a report's period: how many, when, how bad, what helped, and which nights
are known (docs/reports.md: a night is known when a cramp was logged for it, "no cramps" was
answered, or the day it ended on was marked complete)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from journal.models import Cramp

from . import wording
from .periods import Period, Proportion, bucket_start, bucket_starts
from .series import NO_CRAMPS, CrampColumns, Series
from .slots import Flags

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
    counted = series.cramp_columns
    first, last = period.first.toordinal(), period.last.toordinal()
    cramps = counted
    if counted.days and (min(counted.days) < first or max(counted.days) > last):
        cramps = counted.take([j for j, day in enumerate(counted.days) if first <= day <= last])
    tonight = series.evening_columns if series.last == period.last else NO_CRAMPS
    logged = cramps + tonight if len(tonight) else cramps
    # The period's days in the series' columns.
    slots = range(
        max(0, series.slot(period.first)), min(len(series.complete), series.slot(period.last) + 1)
    )
    night_known = _known_nights(series, slots, answered)
    severities = [severity for severity in logged.severity if severity is not None]
    durations = [duration for duration in logged.duration_seconds if duration]
    cramp_counts = series.cramp_counts[slots.start : slots.stop]
    return CrampSummary(
        tonight=len(logged) - len(cramps),
        muscles=_muscles(logged),
        nights_by_week=_nights_by_week(cramps, period, series, slots, night_known),
        nights=NightCounts(
            nights=len(slots),
            with_cramp=int(np.count_nonzero(series.night_cramps[slots.start : slots.stop])),
            known=int(np.count_nonzero(night_known)),
        ),
        rate_days=int(np.count_nonzero(night_known | (cramp_counts > 0))),
        total=len(cramps),
        cramp_days=len(set(cramps.days)),
        days=period.days,
        at_night=Proportion(sum(cramps.at_night), len(cramps)),
        buckets=_buckets(cramps, period, bucket_kind),
        bucket_kind=bucket_kind,
        severity_bands=_severity_bands(severities),
        severity_unknown=len(logged) - len(severities),
        severity_median=statistics.median(severities) if severities else None,
        worst=max(severities) if severities else None,
        duration_median_seconds=statistics.median(durations) if durations else None,
        relief=_relief(logged),
    )


def _severity_bands(severities: list[int]) -> list[tuple[str, int]]:
    """How many cramps in each band of SEVERITY_BANDS: counted by value first (ten values at
    most), then by band."""
    by_value = Counter(severities)
    return [
        (label, sum(count for value, count in by_value.items() if low <= value <= high))
        for label, low, high in SEVERITY_BANDS
    ]


def _known_nights(series: Series, slots: range, answered: set[date]) -> Flags:
    """Whether each day's night is known, for the days in ``slots``. The night of each day
    is the one that ended on it, named by the evening before.

    journal.nights.known_from's rule, slot by slot: a night is known when a cramp was logged
    for it (the day has a night cramp), "no cramps" was answered for it, or the day it ended
    on was marked complete."""
    known = series.night_cramps[slots.start : slots.stop] > 0
    known |= series.complete[slots.start : slots.stop]
    evening = series.first.toordinal() + slots.start - 1  # the night of the first slot
    for night in answered:
        i = night.toordinal() - evening
        if 0 <= i < len(known):
            known[i] = True
    return known


def _buckets(cramps: CrampColumns, period: Period, bucket_kind: str) -> list[Bucket]:
    """Cramps by day and at night in each week or month of the period."""
    starts = bucket_starts(period, bucket_kind)
    if not len(cramps):
        return [Bucket(start) for start in starts]
    # Each cramp's bucket: the last that starts on or before its day; then counted by
    # (bucket, at night) in one pass.
    bounds = np.array([start.toordinal() for start in starts], dtype=np.int64)
    bucket = np.searchsorted(bounds, np.array(cramps.days, dtype=np.int64), side="right") - 1
    at_night = np.array(cramps.at_night, dtype=np.int64)
    counts = np.bincount(2 * bucket + at_night, minlength=2 * len(starts)).tolist()
    return [Bucket(start, counts[2 * b], counts[2 * b + 1]) for b, start in enumerate(starts)]


def _relief(cramps: CrampColumns) -> list[ReliefRow]:
    """Each relief method tried, with how it went, most tried first."""
    labels = dict(Cramp.Relief.choices)
    # The cramps counted by (relief as stored, effect) first: a few distinct pairs. Their
    # (method, effect) pairs then come in the order each first came, cramp by cramp.
    pairs: Counter[tuple[str, str]] = Counter()
    decoded = cramps.decoded
    for (relief, effect), count in Counter(
        zip(cramps.relief, cramps.relief_effect, strict=True)
    ).items():
        for method in decoded[relief]:
            pairs[(method, effect or "unknown")] += count
    tried: Counter[str] = Counter()
    effects: dict[str, Counter[str]] = defaultdict(Counter)
    # Effects keep the order they first came in.
    for (method, effect), count in pairs.items():
        tried[method] += count
        effects[method][effect] += count
    return sorted(
        (
            ReliefRow(method, labels.get(method, method), count, dict(effects[method]))
            for method, count in tried.items()
        ),
        key=lambda row: (-row.tried, row.label),
    )


def _muscles(cramps: CrampColumns) -> list[tuple[str, int, dict[str, int]]]:
    """(muscle label, cramps, {side label: cramps}), most cramps first."""
    muscle_labels, side_labels = dict(Cramp.Muscle.choices), dict(Cramp.Side.choices)
    by_muscle: Counter[str] = Counter()
    sides: dict[str, Counter[str]] = defaultdict(Counter)
    # Counted in one pass, then labelled once per distinct pair.
    for (muscle, side), count in Counter(zip(cramps.muscle, cramps.side, strict=True)).items():
        label = muscle_labels.get(muscle, "Not noted")
        by_muscle[label] += count
        sides[label][side_labels.get(side, "side not noted")] += count
    return [
        (muscle, count, dict(sides[muscle]))
        for muscle, count in sorted(by_muscle.items(), key=lambda item: (-item[1], item[0]))
    ]


def _nights_by_week(
    cramps: CrampColumns,
    period: Period,
    series: Series,
    slots: range,
    night_known: Flags,
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
    # Weeks start on Mondays, so a day's week is its distance from the first week's Monday
    # in whole weeks.
    since = series.slot(weeks[0])
    slot = np.arange(slots.start, slots.stop)
    unknown = slot[(slot >= since) & ~night_known]
    unknown_by_week = np.bincount((unknown - since) // 7, minlength=len(weeks)).tolist()
    monday = weeks[0].toordinal()
    nights: list[set[int]] = [set() for _ in weeks]
    for day, at_night in zip(cramps.days, cramps.at_night, strict=True):
        if at_night and day >= monday:
            nights[(day - monday) // 7].add(day)
    return [(week, len(nights[w]), unknown_by_week[w]) for w, week in enumerate(weeks)]
