"""The period as arrays, one slot per calendar day, and each comparison's exposed and known
days in its window (docs/reports.md, "Days, windows and unknowns" and "Exposure").

Every record is read once into arrays indexed from the day before the first outcome day
(slot 0) to the last record (slot n), NaN where a value is unknown; a window is a slice of
n days: the outcome days themselves (``same_day``) or the day before each (``previous_day``).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from .days import FACTORS, LOW_FACTORS, OWN, PREVIOUS_DAY, WINDOWS, DayRecord, usable_value

__all__ = ["Comparison", "DaySeries", "day_series", "factor_comparisons", "own_comparisons"]

Days = npt.NDArray[np.bool_]
Values = npt.NDArray[np.float64]
_T = TypeVar("_T", bound=np.generic)


@dataclass(frozen=True)
class DaySeries:
    """The calendar days from the day before ``start`` to the last record, as arrays.

    ``n`` is the number of outcome days (``start`` to the last record). ``dates`` are every
    record's dates in order; ``inside`` says which of them fall in the series and ``slots``
    where (both in the order of ``dates``). ``complete`` and ``cramp`` have n + 1 slots.
    """

    start: date
    n: int
    dates: tuple[date, ...]
    inside: Days
    slots: npt.NDArray[np.int64]
    complete: Days
    cramp: Days

    @property
    def outcome_known(self) -> Days:
        """Outcome days whose outcome is known: the day is analysable (marked complete)."""
        return self.complete[1:]

    @property
    def outcome(self) -> Days:
        """Outcome days with a cramp, among the known ones."""
        return self.cramp[1:] & self.outcome_known

    def place(self, values: Sequence[float] | npt.NDArray[np.generic], fill: float) -> Values:
        """One value per record (in the order of ``dates``) into the n + 1 slots."""
        full = np.full(self.n + 1, fill)
        full[self.slots] = np.asarray(values)[self.inside]
        return full

    def marked(self, days: Iterable[date]) -> Days:
        """The slots of the given days (those outside the series are left out)."""
        full = np.zeros(self.n + 1, dtype=bool)
        for day in set(days):
            slot = (day - self.start).days + 1
            if 0 <= slot <= self.n:
                full[slot] = True
        return full

    def window(self, full: npt.NDArray[_T], window: str) -> npt.NDArray[_T]:
        """The n slots read for each outcome day in ``window``."""
        return full[:-1] if window == PREVIOUS_DAY else full[1:]


def day_series(days: Mapping[date, DayRecord], first_outcome_day: date | None) -> DaySeries:
    """The series from ``first_outcome_day`` (else the first record) to the last record."""
    start = first_outcome_day if first_outcome_day is not None else min(days)
    n = (max(days) - start).days + 1
    ordered = tuple(sorted(days))
    offsets = np.array([(d - start).days + 1 for d in ordered], dtype=np.int64)
    inside = (offsets >= 0) & (offsets <= n)
    series = DaySeries(
        start=start,
        n=n,
        dates=ordered,
        inside=inside,
        slots=offsets[inside],
        complete=np.zeros(n + 1, dtype=bool),
        cramp=np.zeros(n + 1, dtype=bool),
    )
    series.complete[series.slots] = np.array([days[d].complete for d in ordered], bool)[inside]
    series.cramp[series.slots] = np.array([days[d].cramp for d in ordered], bool)[inside]
    return series


@dataclass(frozen=True)
class Comparison:
    """One factor in one window: the exposure rule and the days it marks.

    ``source`` is where the threshold comes from ("target", "own median" or "any"), or the
    name of a person's own factor (``factor == OWN``). ``exposed`` and ``known`` have one slot
    per outcome day; an exposed day is always a known one.
    """

    factor: str
    window: str
    direction: str  # "low" or "high"
    threshold: float | None
    source: str
    exposed: Days
    known: Days


def exposure_rule(
    factor: str, values: list[float], targets: Mapping[str, float]
) -> tuple[str, float | None, str]:
    """(direction, threshold, source) for one factor, from the user's usable days."""
    if factor in LOW_FACTORS:
        target = targets.get(factor)
        if target is not None:
            return "low", float(target), "target"
        return "low", (statistics.median(values) if values else None), "own median"
    if factor in ("alcohol", "exercise"):
        return "high", 0.0, "any"
    return "high", (statistics.median(values) if values else None), "own median"


def factor_comparisons(
    series: DaySeries, days: Mapping[date, DayRecord], targets: Mapping[str, float]
) -> list[Comparison]:
    """Every factor in every window. Medians are over every record on which the factor is
    usable; with no usable day at all, every day is unknown and none is exposed."""
    comparisons = []
    for factor in FACTORS:
        values_all = np.array(
            [
                math.nan if (v := usable_value(days[d], factor)) is None else float(v)
                for d in series.dates
            ],
            dtype=np.float64,
        )
        values = values_all[~np.isnan(values_all)].tolist()
        direction, threshold, source = exposure_rule(factor, values, targets)
        if threshold is None:
            full = np.full(series.n + 1, math.nan)
            exposed_full = np.zeros(series.n + 1, dtype=bool)
        else:
            full = series.place(values_all, math.nan)
            with np.errstate(invalid="ignore"):
                exposed_full = (full < threshold) if direction == "low" else (full > threshold)
        known_full = ~np.isnan(full)
        exposed_full &= known_full
        comparisons += [
            Comparison(
                factor,
                window,
                direction,
                threshold,
                source,
                series.window(exposed_full, window),
                series.window(known_full, window),
            )
            for window in WINDOWS
        ]
    return comparisons


def own_comparisons(
    series: DaySeries, own_factors: Mapping[str, Iterable[date]]
) -> list[Comparison]:
    """Each of the person's own yes/no factors in every window: a day is known when it is
    analysable, and exposed when the factor was marked on it."""
    comparisons = []
    for name, marked in own_factors.items():
        marked_full = series.marked(marked)
        for window in WINDOWS:
            known = series.window(series.complete, window)
            exposed = series.window(marked_full, window) & known
            comparisons.append(Comparison(OWN, window, "high", None, name, exposed, known))
    return comparisons
