"""The period as arrays, one slot per calendar day, and each comparison's exposed and known
days in its window (docs/reports.md, "Days, windows and unknowns" and "Exposure").

The day columns are read into arrays indexed from the day before the first outcome day
(slot 0) to the last day (slot n), NaN where a value is unknown; a window is a slice of n
days: the outcome days themselves (``same_day``) or the day before each (``previous_day``).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from .days import FACTORS, INTAKE_FACTORS, LOW_FACTORS, OWN, PREVIOUS_DAY, WINDOWS, DayColumns

__all__ = ["Comparison", "DaySeries", "day_series", "factor_comparisons", "own_comparisons"]

Days = npt.NDArray[np.bool_]
Values = npt.NDArray[np.float64]
_T = TypeVar("_T", bound=np.generic)


@dataclass(frozen=True)
class DaySeries:
    """The calendar days from the day before ``start`` to the last day of the columns, as
    arrays.

    ``n`` is the number of outcome days (``start`` to the last day). Slot ``s`` is column
    index ``s + offset`` (columns may begin before slot 0 or after it). ``complete`` and
    ``cramp`` have n + 1 slots; ``columns_complete`` is ``complete`` for every column day.
    """

    start: date
    n: int
    offset: int
    complete: Days
    cramp: Days
    columns_complete: Days

    @property
    def outcome_known(self) -> Days:
        """Outcome days whose outcome is known: the day is analysable (marked complete)."""
        return self.complete[1:]

    @property
    def outcome(self) -> Days:
        """Outcome days with a cramp, among the known ones."""
        return self.cramp[1:] & self.outcome_known

    def place(self, column: npt.NDArray[_T], fill: float | bool) -> npt.NDArray[_T]:
        """One value per column day into the n + 1 slots, ``fill`` in slots no column day
        reaches."""
        return _slots(column, self.n, self.offset, fill)

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


def _slots(column: npt.NDArray[_T], n: int, offset: int, fill: float | bool) -> npt.NDArray[_T]:
    """Slot ``s`` of the n + 1 holds column index ``s + offset``, or ``fill`` past the
    column's ends."""
    full = np.full(n + 1, fill, dtype=column.dtype)
    low, high = max(0, -offset), min(n, len(column) - 1 - offset)
    if low <= high:
        full[low : high + 1] = column[low + offset : high + 1 + offset]
    return full


def day_series(columns: DayColumns, first_outcome_day: date | None) -> DaySeries:
    """The series from ``first_outcome_day`` (else the columns' first day) to their last."""
    start = first_outcome_day if first_outcome_day is not None else columns.first
    skipped = (start - columns.first).days  # column days before the first outcome day
    n, offset = max(0, columns.days - skipped), skipped - 1
    complete = np.asarray(columns.complete, dtype=bool)
    return DaySeries(
        start=start,
        n=n,
        offset=offset,
        complete=_slots(complete, n, offset, False),
        cramp=_slots(np.asarray(columns.cramp, dtype=bool), n, offset, False),
        columns_complete=complete,
    )


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
    series: DaySeries, columns: DayColumns, targets: Mapping[str, float]
) -> list[Comparison]:
    """Every factor in every window. Medians are over every column day on which the factor
    is usable (its value known, and for intake the day complete); with no usable day at all,
    every day is unknown and none is exposed."""
    comparisons = []
    for factor in FACTORS:
        # A float array turns None into NaN, in C rather than a test per day.
        values_all = np.array(columns.values[factor], dtype=np.float64)
        if factor in INTAKE_FACTORS:
            values_all[~series.columns_complete] = math.nan
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
