"""From the shift test's numbers to one result per comparison: Benjamini-Hochberg over the
primary family, the rule for standing out, and what is shown of each comparison
(docs/reports.md, "Which comparisons are tested" and "When a finding stands out")."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .. import permutation
from .associations import Association, association
from .days import EXPLORATORY, OWN, PRIMARY, PRIMARY_FAMILY
from .exposure import Comparison
from .multiplicity import benjamini_hochberg
from .results import MIN_GROUP_DAYS, FactorResult

__all__ = ["decide"]

# For each primary comparison that BH can decide on: (passes BH, its adjusted p-value).
Decisions = dict[int, tuple[bool, float]]


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _is_primary(comparison: Comparison) -> bool:
    return (comparison.factor, comparison.window) in PRIMARY_FAMILY


def _observed(test: permutation.ShiftResult, index: int) -> Association:
    """The observed counts of one comparison, with their intervals and Fisher's p."""
    return association(
        int(test.exposed_cramps[index]),
        int(test.exposed_days[index]),
        int(test.other_cramps[index]),
        int(test.other_days[index]),
    )


def _primary_decisions(
    comparisons: Sequence[Comparison],
    associations: Sequence[Association],
    test: permutation.ShiftResult,
    q: float,
) -> Decisions:
    """Benjamini-Hochberg at ``q`` over the testable comparisons of the primary family, on
    their one-sided p-values; exploratory comparisons are never in the family."""
    family = [
        index
        for index, comparison in enumerate(comparisons)
        if _is_primary(comparison) and associations[index].testable
    ]
    flags, adjusted = benjamini_hochberg([float(test.p_value[i]) for i in family], q=q)
    return {index: (flags[k], adjusted[k]) for k, index in enumerate(family)}


def _result(
    comparison: Comparison,
    observed: Association,
    test: permutation.ShiftResult,
    index: int,
    decided: tuple[bool, float] | None,
    stands_out: bool,
) -> FactorResult:
    """One comparison as the report shows it: no ratio from a group under MIN_GROUP_DAYS
    days, the one-sided p-value for a primary comparison and the two-sided one otherwise."""
    primary = _is_primary(comparison)
    name, source = "", comparison.source
    if comparison.factor == OWN:
        name, source = comparison.source, "marked"
    shown = observed.testable and observed.smaller_group >= MIN_GROUP_DAYS
    ratio = _finite(test.ratio[index]) if shown else None
    p_value = test.p_value[index] if primary else test.p_two_sided[index]
    return FactorResult(
        factor=comparison.factor,
        window=comparison.window,
        direction=comparison.direction,
        threshold=comparison.threshold,
        threshold_source=source,
        association=observed,
        flagged=stands_out and decided is not None,
        adjusted_p=decided[1] if decided is not None else None,
        family=PRIMARY if primary else EXPLORATORY,
        name=name,
        p_value=_finite(p_value) if observed.testable else None,
        ratio=ratio,
        ci_low=_finite(test.ci_low[index]) if ratio is not None else None,
        ci_high=_finite(test.ci_high[index]) if ratio is not None else None,
    )


def decide(
    comparisons: Sequence[Comparison], test: permutation.ShiftResult, q: float
) -> tuple[FactorResult, ...]:
    """Every comparison's result, in the order of ``comparisons`` (the rows of ``test``)."""
    observed = [_observed(test, index) for index in range(len(comparisons))]
    decisions = _primary_decisions(comparisons, observed, test, q)
    passes_bh = [decisions.get(index, (False, 0.0))[0] for index in range(len(comparisons))]
    stands = permutation.stands_out(test, passes_bh)
    return tuple(
        _result(comparison, observed[index], test, index, decisions.get(index), bool(stands[index]))
        for index, comparison in enumerate(comparisons)
    )
