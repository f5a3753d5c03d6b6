"""The circular-shift permutation test: p-values and intervals that hold when habits persist.

No Django imports: numpy only, so that the report (one person, 1-D arrays) and the simulation
in bench/simulate_reports.py (a thousand people at once, 2-D arrays) run the same code.

Why (issue 15; docs/reports.md, "Why rotate the days"): days are not independent. Intake
changes slowly and cramps come in spells, so Fisher's test, which treats every day as a fresh
draw, finds "patterns" in 18-29% of people with none. Rotating the cramp series against the exposure
series keeps each series exactly as it was, its runs and spells included, and only breaks the
alignment between the two. If the exposure has nothing to do with cramps, the observed
alignment is one of the rotations, no more striking than the others.

The series, and what is missing
--------------------------------

One index per calendar day of the period, ``t = 0 .. n-1``.

- ``outcome[t]``: a cramp on day t; ``outcome_known[t]``: day t is analysable (its food log
  is marked complete). Outcomes on other days are unknown.
- ``exposed[t]``: the exposure read for outcome day t (the same day, or the day before; the
  caller aligns it); ``exposure_known[t]``: that value is known (an intake on a day not
  marked complete is unknown, never zero).

For a shift ``k``, outcome day t is paired with exposure ``(t + k) mod n``, and a pair counts
only when both halves are known: missing days stay missing in every rotation, so the number
of pairs can differ a little from one shift to another. That is why the statistic is the
pooled two-proportion z (the difference in cramp-day shares over its standard error), which
is comparable between shifts with slightly different numbers of pairs.

The test
--------

- Shifts: every ``k`` with ``MIN_SHIFT <= k <= n - MIN_SHIFT`` (at least a week either way,
  so that a shifted comparison is not almost the observed one).
- One-sided p-value, in the direction declared in advance for the primary family (more
  cramps after those days): ``(1 + #{admissible k : z_k >= z_0}) / (1 + #admissible)``.
  Two-sided (for the exploratory comparisons, which have no declared direction):
  ``(1 + #{admissible k : |z_k| >= |z_0|}) / (1 + #admissible)``. The observed alignment
  counts as one of the rotations, so p is never below ``1 / (n - 2·MIN_SHIFT + 2)``: about
  1/48 with 60 days, 1/168 with 180.
- Why one-sided for the primary family (bench/simulate_reports.py, 2,000 people a cell):
  two-sided, BH at q = 0.10 over four null tests told 10.1% of people with independent days
  and 11.8% with strong persistence of a pattern at 180 days, over the issue's 10% limit
  (BH over m null tests rejects with probability about q). One-sided, the same BH gives
  6.9% and 8.1%, and more power for the declared direction (84% against 81% at 180 days).
  A "less common" primary comparison is therefore never a finding: it is shown as what it
  is, a difference in the direction that was not tested.
- The ratio's interval: the risk ratio on the observed alignment, ``exp(log RR ± 1.96·se)``,
  with ``se`` the larger of the standard deviation of log RR over the admissible shifts (how
  much the ratio moves when nothing links the series, persistence included) and the usual
  independent-days (Katz) standard error. It widens with persistence, as the test does.

All counts come from circular cross-correlations computed by FFT and rounded to integers
(exact for 0/1 series of any realistic length); tests/reports/test_permutation.py checks
every count and p-value against a brute-force enumeration of the shifts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numpy.typing import ArrayLike

__all__ = [
    "CONFIDENCE_Z",
    "MIN_GROUP_DAYS",
    "MIN_SHIFT",
    "ShiftResult",
    "admissible_shifts",
    "benjamini_hochberg_rows",
    "circular_correlation",
    "mantel_haenszel_shifts",
    "shift_test",
    "smallest_p",
    "stands_out",
]

Counts = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Days = npt.NDArray[np.bool_]

MIN_SHIFT = 7
"""Shifts of less than a week either way are left out."""

MIN_GROUP_DAYS = 10
"""A ratio is shown, and a finding can stand out, only when both groups have this many days."""

CONFIDENCE_Z = 1.959963984540054  # two-sided 95%
HALDANE = 0.5


def admissible_shifts(n: int, min_shift: int = MIN_SHIFT) -> Counts:
    """The shifts k compared with the observed alignment (k = 0)."""
    return np.arange(min_shift, n - min_shift + 1)


def smallest_p(n: int, min_shift: int = MIN_SHIFT) -> float:
    """The smallest p-value a period of n days can give."""
    return 1.0 / (len(admissible_shifts(n, min_shift)) + 1)


def circular_correlation(u: ArrayLike, v: ArrayLike) -> Counts:
    """``c[..., k] = sum_t u[..., t] · v[..., (t + k) mod n]`` for every k, as integers.

    ``u`` and ``v`` hold 0/1 values along the last axis (leading axes broadcast). By FFT:
    ``irfft(conj(rfft(u)) · rfft(v))``; rounding is exact for integer results far below 2^52.
    """
    left = np.asarray(u, dtype=np.float64)
    right = np.asarray(v, dtype=np.float64)
    n = left.shape[-1]
    product = np.conj(np.fft.rfft(left, axis=-1)) * np.fft.rfft(right, axis=-1)
    return np.rint(np.fft.irfft(product, n=n, axis=-1)).astype(np.int64)


def _as_days(
    outcome: ArrayLike, outcome_known: ArrayLike, exposed: ArrayLike, exposure_known: ArrayLike
) -> tuple[Days, Days, Days, Days]:
    """(outcome known, cramp, exposure known, exposed) as boolean arrays; a cramp or an
    exposure counts only where it is known."""
    known_outcome = np.asarray(outcome_known, dtype=bool)
    known = np.asarray(exposure_known, dtype=bool)
    cramp = np.asarray(outcome, dtype=bool) & known_outcome
    return known_outcome, cramp, known, np.asarray(exposed, dtype=bool) & known


def _counts(
    cramp: ArrayLike, outcome_known: ArrayLike, exposed: ArrayLike, known: ArrayLike
) -> tuple[Floats, Floats, Floats, Floats]:
    """``(a, n1, b, n2)`` for every shift: exposed days with a cramp, exposed days, other
    known days with a cramp, other known days (pairs with both halves known only), as whole
    numbers in floats (the arithmetic that follows is in floats).

    :func:`circular_correlation`'s counts, two at a time: the cramp series plus ``scale``
    times the known-outcome series, correlated with the exposure, is ``a + scale · n1``
    (every count is below ``scale``, a power of two, so both come apart exactly); each series
    is transformed once; and for one person's comparisons (one outcome series, a row of
    ``known`` each) each distinct row of ``known`` once: a report's sixteen comparisons have
    three or four (the days marked complete in two windows, every day)."""
    outcome = np.asarray(cramp, dtype=np.float64)
    known_days = np.asarray(known, dtype=np.float64)
    copies = None
    if outcome.ndim == 1 and known_days.ndim == 2:
        known_days, copies = _distinct_rows(known_days)
    n = outcome.shape[-1]
    scale = float(1 << n.bit_length())  # above n, so above any count
    paired = np.conj(
        np.fft.rfft(outcome + scale * np.asarray(outcome_known, dtype=np.float64), axis=-1)
    )
    a, n1 = _correlations(paired, np.asarray(exposed, dtype=np.float64), n, scale)
    c, total = _correlations(paired, known_days, n, scale)  # days with a cramp, days
    if copies is not None:
        c, total = c[copies], total[copies]
    if c.shape == a.shape:  # the usual case, in place
        c -= a
        total -= n1
        return a, n1, c, total
    return a, n1, c - a, total - n1


def _correlations(
    paired: npt.NDArray[np.complex128], series: Floats, n: int, scale: float
) -> tuple[Floats, Floats]:
    """The two correlations packed in ``paired`` (conjugated) with ``series``, apart."""
    both = np.fft.irfft(paired * np.fft.rfft(series, axis=-1), n=n, axis=-1)
    np.rint(both, out=both)
    both += 0.0  # no -0.0
    second = both / scale  # exact: a power of two
    np.floor(second, out=second)
    both -= second * scale
    return both, second


def _distinct_rows(rows: Floats) -> tuple[Floats, npt.NDArray[np.intp]]:
    """The distinct rows, in the order they first come, and for each row the index of its
    copy among them."""
    first: dict[bytes, int] = {}
    copies = np.array([first.setdefault(row.tobytes(), len(first)) for row in rows], np.intp)
    return rows[np.unique(copies, return_index=True)[1]], copies


def _haldane(a: Floats, n1: Floats, b: Floats, n2: Floats) -> Floats:
    """0.5 for each table with a zero cell (Haldane-Anscombe, as reports.stats.risk_ratio),
    0.0 for the others."""
    zero = a == 0
    zero |= b == 0
    zero |= a == n1
    zero |= b == n2
    return np.where(zero, HALDANE, 0.0)


def _undefined(a: Floats, n1: Floats, b: Floats, n2: Floats) -> npt.NDArray[np.bool_]:
    """Where the ratio is undefined: a group without days, or no cramp day on either side."""
    undefined = n1 <= 0
    undefined |= n2 <= 0
    undefined |= (a + b) <= 0
    return undefined


def _log_rr(a: Floats, n1: Floats, b: Floats, n2: Floats) -> Floats:
    """log risk ratio with 0.5 added to every cell of a table with a zero cell; NaN where
    undefined. In place where it can be: a report's sixteen comparisons by every shift are
    arrays of a quarter of a megabyte, and each new one costs its pages."""
    add = _haldane(a, n1, b, n2)
    twice = 2 * add
    with np.errstate(divide="ignore", invalid="ignore"):
        exposed = a + add
        exposed /= n1 + twice
        np.log(exposed, out=exposed)
        other = b + add
        other /= n2 + twice
        np.log(other, out=other)
    exposed -= other
    exposed[_undefined(a, n1, b, n2)] = np.nan
    return exposed


def _katz(a: Floats, n1: Floats, b: Floats, n2: Floats) -> Floats:
    """The independent-days (Katz) standard error of log RR, with :func:`_log_rr`'s
    correction; NaN where the ratio is undefined."""
    add = _haldane(a, n1, b, n2)
    a_, b_ = a + add, b + add
    n1_, n2_ = n1 + 2 * add, n2 + 2 * add
    with np.errstate(divide="ignore", invalid="ignore"):
        katz = np.sqrt(1 / a_ - 1 / n1_ + 1 / b_ - 1 / n2_)
    return np.where(_undefined(a, n1, b, n2), np.nan, katz)


def _pooled_z(a: Floats, n1: Floats, b: Floats, n2: Floats) -> Floats:
    """The pooled two-proportion z statistic; 0 where it is undefined. In place where it
    can be (see :func:`_log_rr`)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = a + b
        pooled /= n1 + n2
        se = 1 - pooled
        se *= pooled
        inverse = 1 / n1
        inverse += 1 / n2
        se *= inverse
        np.sqrt(se, out=se)
        z = a / n1
        z -= b / n2
        z /= se
    z[~np.isfinite(z)] = 0.0
    return z


@dataclass(frozen=True)
class ShiftResult:
    """The observed counts and the shift test, one value per leading index (or scalars).

    ``exposed_cramps`` of ``exposed_days`` against ``other_cramps`` of ``other_days`` are the
    observed alignment's counts. ``p_value`` is NaN when the comparison cannot be tested
    (a side without days, or too few days to shift). ``ratio``, ``ci_low`` and ``ci_high`` are
    NaN when the ratio is undefined.
    """

    exposed_cramps: Counts
    exposed_days: Counts
    other_cramps: Counts
    other_days: Counts
    z: Floats
    p_value: Floats  # one-sided: more cramps on exposed days
    p_two_sided: Floats
    ratio: Floats
    ci_low: Floats
    ci_high: Floats
    se_log_ratio: Floats
    shifts: int


def _spread(values: Floats) -> Floats:
    """Standard deviation over the last axis, ignoring NaN (NaN with fewer than 2 values)."""
    finite = np.isfinite(values)
    count = finite.sum(axis=-1)
    filled = np.where(finite, values, 0.0)
    mean = filled.sum(axis=-1) / np.maximum(count, 1)
    squares = np.where(finite, (values - mean[..., None]) ** 2, 0.0).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        sd = np.sqrt(squares / (count - 1))
    return np.where(count >= 2, sd, np.nan)


def shift_test(
    outcome: ArrayLike,
    outcome_known: ArrayLike,
    exposed: ArrayLike,
    exposure_known: ArrayLike,
    min_shift: int = MIN_SHIFT,
) -> ShiftResult:
    """The circular-shift test of exposure against outcome (see the module docstring).

    All four arguments are boolean (or 0/1) arrays with days on the last axis; outcome arrays
    may have fewer leading axes than exposure arrays (one person's cramps against several
    factors), and they broadcast.
    """
    known_outcome, cramp, known, exposed_days = _as_days(
        outcome, outcome_known, exposed, exposure_known
    )
    n = exposed_days.shape[-1]
    shift_count = len(admissible_shifts(n, min_shift))
    shifts = slice(min_shift, min_shift + shift_count)  # the admissible shifts, as a view
    a, n1, b, n2 = _counts(cramp, known_outcome, exposed_days, known)

    # The observed alignment's values are copied out, so that each array of every shift
    # can go once read (each is a quarter of a megabyte for a report: fresh pages).
    z = _pooled_z(a, n1, b, n2)
    z0 = z[..., 0].copy()
    observed_counts = tuple(count[..., 0].copy() for count in (a, n1, b, n2))
    testable = (observed_counts[1] > 0) & (observed_counts[3] > 0) & (shift_count > 0)
    if shift_count:
        # A tolerance for ties: z of two tables with the same counts can differ by rounding.
        shifted = z[..., shifts]
        greater = (shifted >= z0[..., None] - 1e-9).sum(axis=-1)
        either = (np.abs(shifted) >= np.abs(z0)[..., None] - 1e-9).sum(axis=-1)
        p = (1.0 + greater) / (1.0 + shift_count)
        p_two = (1.0 + either) / (1.0 + shift_count)
    else:
        p = p_two = np.ones_like(z0)
    p = np.where(testable, p, np.nan)
    p_two = np.where(testable, p_two, np.nan)

    log_rr = _log_rr(a, n1, b, n2)
    del a, n1, b, n2
    # Taken as before, by an index array: numpy's sums depend on the copy's memory layout.
    spread = (
        _spread(log_rr[..., admissible_shifts(n, min_shift)])
        if shift_count
        else np.full_like(z0, np.nan)
    )
    se = np.fmax(spread, _katz(*observed_counts))
    observed = log_rr[..., 0]
    exposed_cramps, exposed_days_count, other_cramps, other_days = (
        count.astype(np.int64) for count in observed_counts
    )
    return ShiftResult(
        exposed_cramps=exposed_cramps,
        exposed_days=exposed_days_count,
        other_cramps=other_cramps,
        other_days=other_days,
        z=z0,
        p_value=p,
        p_two_sided=p_two,
        ratio=np.exp(observed),
        ci_low=np.exp(observed - CONFIDENCE_Z * se),
        ci_high=np.exp(observed + CONFIDENCE_Z * se),
        se_log_ratio=se,
        shifts=shift_count,
    )


def benjamini_hochberg_rows(p_values: ArrayLike, q: float) -> npt.NDArray[np.bool_]:
    """Benjamini-Hochberg decisions along the last axis; NaN p-values are not in the family.

    The same decisions as reports.stats.benjamini_hochberg over the non-NaN values of each
    row (tests/reports/test_permutation.py), for a thousand simulated people at once.
    """
    p = np.asarray(p_values, dtype=np.float64)
    in_family = np.isfinite(p)
    m = in_family.sum(axis=-1, keepdims=True)
    filled = np.where(in_family, p, np.inf)
    order = np.argsort(filled, axis=-1, kind="stable")
    sorted_p = np.take_along_axis(filled, order, axis=-1)
    ranks = np.arange(1, p.shape[-1] + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        passes = sorted_p <= ranks * q / np.maximum(m, 1)
    # The largest passing rank, and every smaller one, is flagged.
    last = np.where(passes, ranks, 0).max(axis=-1, keepdims=True)
    flagged_sorted: npt.NDArray[np.bool_] = ranks <= last
    flagged = np.zeros_like(flagged_sorted)
    np.put_along_axis(flagged, order, flagged_sorted, axis=-1)
    return flagged & in_family


def stands_out(result: ShiftResult, flagged_by_bh: ArrayLike) -> npt.NDArray[np.bool_]:
    """The report's rule for a primary finding: Benjamini-Hochberg over the family (on the
    one-sided p-values), both groups with at least MIN_GROUP_DAYS days, and a 95% interval
    above 1."""
    big_enough = (result.exposed_days >= MIN_GROUP_DAYS) & (result.other_days >= MIN_GROUP_DAYS)
    with np.errstate(invalid="ignore"):
        clear = result.ci_low > 1
    return np.asarray(flagged_by_bh, dtype=bool) & big_enough & clear


@dataclass(frozen=True)
class MantelHaenszelShifts:
    """The observed strata of a Mantel-Haenszel ratio and how its log moves over the shifts.

    ``observed`` holds each stratum's ``(a, n1, b, n2)`` on the observed alignment, for the
    plain-Python estimate (reports.stats.intervals.mantel_haenszel_rr); ``spread`` is the
    standard deviation of log RR_MH over the admissible shifts (NaN with fewer than two).
    """

    observed: tuple[tuple[int, int, int, int], ...]
    spread: float


def mantel_haenszel_shifts(
    outcome: ArrayLike,
    outcome_known: ArrayLike,
    exposed: ArrayLike,
    exposure_known: ArrayLike,
    strata: list[ArrayLike],
    min_shift: int = MIN_SHIFT,
) -> MantelHaenszelShifts:
    """The Mantel-Haenszel ratio of exposed against other days within ``strata`` (a list of
    boolean day masks, aligned like ``exposed``), for one person (1-D arrays): the observed
    strata and the spread of log RR_MH over the admissible shifts (the cramp series rotated
    against the exposure and the strata together).

    The interval (reports/stats/overlaps.py) is ``exp(log RR_MH ± 1.96·se)`` with ``se`` the
    larger of that spread and the Greenland-Robins standard error, as in :func:`shift_test`.
    """
    known_outcome, cramp, known, exposed_days = _as_days(
        outcome, outcome_known, exposed, exposure_known
    )
    n = exposed_days.shape[-1]
    shifts = admissible_shifts(n, min_shift)
    numerator = np.zeros(n)
    denominator = np.zeros(n)
    observed = []
    for stratum in strata:
        in_stratum = known & np.asarray(stratum, dtype=bool)
        a, n1, b, n2 = _counts(cramp, known_outcome, exposed_days & in_stratum, in_stratum)
        total = n1 + n2
        with np.errstate(divide="ignore", invalid="ignore"):
            numerator += np.where(total > 0, a * n2 / np.maximum(total, 1), 0.0)
            denominator += np.where(total > 0, b * n1 / np.maximum(total, 1), 0.0)
        observed.append((int(a[0]), int(n1[0]), int(b[0]), int(n2[0])))
    with np.errstate(divide="ignore", invalid="ignore"):
        log_k = np.log(numerator[shifts] / denominator[shifts])
    spread = _spread(np.where(np.isfinite(log_k), log_k, np.nan)) if len(shifts) else np.nan
    return MantelHaenszelShifts(tuple(observed), float(spread))
