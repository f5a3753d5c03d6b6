"""What the report says about associations: one result per factor and window, the overlaps
of findings that share their days, and the report of a period (what the page, the JSON and
the command word from)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..permutation import MIN_GROUP_DAYS
from .associations import Association
from .days import EXPLORATORY, PRIMARY
from .gate import Shortfall
from .multiplicity import DEFAULT_FDR_Q

__all__ = ["MIN_GROUP_DAYS", "FactorResult", "Overlap", "Report", "Stratum"]


@dataclass(frozen=True)
class FactorResult:
    """One factor in one window: how exposure was defined, the numbers, and the decision.

    ``association`` holds the observed counts with their Wilson intervals (and Fisher's p,
    kept for reference, not used for any decision). The report's own figures:

    - ``p_value``: the circular-shift permutation p-value (None when not testable):
      one-sided (more cramps on exposed days) for a primary comparison, as declared;
      two-sided for an exploratory one;
    - ``ratio``, ``ci_low``, ``ci_high``: the risk ratio and its 95% interval widened for
      persistence (reports/permutation.py); None when the ratio is undefined or either group
      has fewer than MIN_GROUP_DAYS days (then only counts are shown);
    - ``family``: PRIMARY or EXPLORATORY. Only a primary comparison has ``adjusted_p`` (BH
      over the primary family) and can be ``flagged`` ("stands out").
    """

    factor: str
    window: str
    direction: str  # "low" or "high"
    threshold: float | None  # exposed means value < threshold (low) or > threshold (high)
    threshold_source: str  # "target", "own median" or "any"
    association: Association
    flagged: bool
    adjusted_p: float | None
    family: str = EXPLORATORY
    name: str = ""  # an own factor's name (factor == OWN)
    p_value: float | None = None
    ratio: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None

    @property
    def primary(self) -> bool:
        return self.family == PRIMARY

    @property
    def small_group(self) -> bool:
        """A group has fewer than MIN_GROUP_DAYS days: counts only, no ratio."""
        return self.association.smaller_group < MIN_GROUP_DAYS

    @property
    def less_often(self) -> bool:
        """Cramps came less often on exposed days than on the others."""
        assoc = self.association
        return (
            assoc.exposed_rate is not None
            and assoc.other_rate is not None
            and assoc.exposed_rate < assoc.other_rate
        )


@dataclass(frozen=True)
class Stratum:
    """The comparison of one factor within the days where another factor was (not) present."""

    other_present: bool
    association: Association

    @property
    def small_group(self) -> bool:
        return self.association.smaller_group < MIN_GROUP_DAYS


@dataclass(frozen=True)
class Overlap:
    """Two factors that share most of their days (docs/reports.md, "Findings that share their
    days": one story, not two).

    ``shared`` of ``factor_days`` of the factor's days were also the other factor's days,
    against ``other_rest`` of ``rest_days`` of the remaining days. ``strata`` compare the
    factor within the other factor's days and within the rest; ``ratio`` is the
    Mantel-Haenszel ratio over the two, with an interval widened for persistence.
    """

    factor: str
    other: str
    window: str
    shared: int
    factor_days: int
    other_rest: int
    rest_days: int
    strata: tuple[Stratum, ...]
    ratio: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True)
class Report:
    """The associations of a period, or what is missing before there can be any."""

    sufficient: bool
    analysable_days: int
    cramp_days: int
    cramp_free_days: int
    missing: tuple[Shortfall, ...] = ()
    results: tuple[FactorResult, ...] = field(default_factory=tuple)
    q: float = DEFAULT_FDR_Q
    overlaps: tuple[Overlap, ...] = ()
    days_in_series: int = 0
    shifts: int = 0

    @property
    def flagged(self) -> tuple[FactorResult, ...]:
        return tuple(result for result in self.results if result.flagged)

    @property
    def primary(self) -> tuple[FactorResult, ...]:
        return tuple(result for result in self.results if result.primary)

    @property
    def exploratory(self) -> tuple[FactorResult, ...]:
        return tuple(result for result in self.results if not result.primary)

    @property
    def smallest_p(self) -> float | None:
        return 1.0 / (self.shifts + 1) if self.shifts else None

    def result(self, factor: str, window: str) -> FactorResult:
        for candidate in self.results:
            if candidate.factor == factor and candidate.window == window:
                return candidate
        raise KeyError((factor, window))

    def overlaps_for(self, factor: str, window: str) -> tuple[Overlap, ...]:
        return tuple(o for o in self.overlaps if o.factor == factor and o.window == window)
