"""Findings that share their days: one story, not two (docs/reports.md, "Findings that
share their days"). For each finding that stands out, every other primary factor that shares
most of its days, with the comparison within each stratum and the Mantel-Haenszel ratio."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from .. import permutation
from .associations import association
from .days import PRIMARY_FAMILY
from .exposure import Comparison, Days
from .intervals import mantel_haenszel_rr
from .results import FactorResult, Overlap, Stratum

__all__ = ["OVERLAP_LIFT", "OVERLAP_SHARE", "find_overlaps"]

OVERLAP_SHARE = 0.5
OVERLAP_LIFT = 1.5
"""Two factors "share most of their days" when more than half of one's days are the other's
days, and those days are at least 1.5 times as likely to be the other's as the rest are."""


def find_overlaps(
    results: Sequence[FactorResult],
    outcome: Days,
    outcome_known: Days,
    exposure: Mapping[tuple[str, str], Comparison],
) -> tuple[Overlap, ...]:
    """For each finding that stands out, the other primary factors sharing most of its days.

    Both directions: when little fluid and exercise both stand out, fluid is compared within
    exercise days and the rest, and exercise within low-fluid days and the rest; the two
    comparisons answer different questions. ``exposure`` maps (factor, window) to each
    factor's comparison."""
    found = []
    for result in results:
        if not result.flagged:
            continue
        for other, window in PRIMARY_FAMILY:
            if other == result.factor or window != result.window:
                continue
            overlap = _overlap(
                exposure[(result.factor, window)], exposure[(other, window)], outcome, outcome_known
            )
            if overlap is not None:
                found.append(overlap)
    return tuple(found)


def _overlap(
    factor: Comparison, other: Comparison, outcome: Days, outcome_known: Days
) -> Overlap | None:
    """The overlap of two factors in one window, or None when they do not share most of the
    factor's days."""
    # Pairs where the outcome and both exposures are known.
    both = outcome_known & factor.known & other.known
    factor_days = int((both & factor.exposed).sum())
    shared = int((both & factor.exposed & other.exposed).sum())
    rest_days = int((both & ~factor.exposed).sum())
    other_rest = int((both & ~factor.exposed & other.exposed).sum())
    if factor_days == 0 or shared / factor_days <= OVERLAP_SHARE:
        return None
    rest_share = other_rest / rest_days if rest_days else 0.0
    if rest_share and shared / factor_days < OVERLAP_LIFT * rest_share:
        return None
    ratio, ci_low, ci_high = _pooled_ratio(factor, other, outcome, outcome_known, both)
    return Overlap(
        factor=factor.factor,
        other=other.factor,
        window=factor.window,
        shared=shared,
        factor_days=factor_days,
        other_rest=other_rest,
        rest_days=rest_days,
        strata=_strata(factor, other, outcome, both),
        ratio=ratio,
        ci_low=ci_low,
        ci_high=ci_high,
    )


def _strata(
    factor: Comparison, other: Comparison, outcome: Days, both: Days
) -> tuple[Stratum, ...]:
    """The factor's comparison within the other factor's days, then within the rest."""
    strata = []
    for present in (True, False):
        group = both & (other.exposed if present else ~other.exposed)
        exposed_group, other_group = group & factor.exposed, group & ~factor.exposed
        counts = (
            int((exposed_group & outcome).sum()),
            int(exposed_group.sum()),
            int((other_group & outcome).sum()),
            int(other_group.sum()),
        )
        strata.append(Stratum(present, association(*counts)))
    return tuple(strata)


def _pooled_ratio(
    factor: Comparison, other: Comparison, outcome: Days, outcome_known: Days, both: Days
) -> tuple[float | None, float | None, float | None]:
    """The Mantel-Haenszel ratio over the two strata with its 95% interval: ``exp(log RR_MH
    ± 1.96·se)``, ``se`` the larger of the spread of log RR_MH over the shifts and the
    Greenland-Robins standard error (None where undefined)."""
    shifts = permutation.mantel_haenszel_shifts(
        outcome, outcome_known, factor.exposed, both, [other.exposed, ~other.exposed]
    )
    estimate = mantel_haenszel_rr(shifts.observed)
    if estimate.ratio is None:
        return None, None, None
    se = float(np.fmax(shifts.spread, estimate.se_log))
    if not math.isfinite(se):
        return estimate.ratio, None, None
    log_rr = float(np.log(estimate.ratio))
    z = permutation.CONFIDENCE_Z
    return estimate.ratio, float(np.exp(log_rr - z * se)), float(np.exp(log_rr + z * se))
