"""Honest personal statistics for cramp reports, in plain Python.

No Django imports and no third-party packages: everything here uses only ``math``,
``statistics`` and ``dataclasses``, so it can be tested against scipy/statsmodels (test-only
dependencies) and reused by the reports page, the JSON view and the ``cramp_report`` command.

Contents

- :func:`wilson_interval`: Wilson score interval for one proportion.
- :func:`risk_ratio`: risk ratio of two proportions with the Katz log interval.
- :func:`fisher_exact_p`: two-sided Fisher exact test, matching ``scipy.stats.fisher_exact``;
  the report's test.
- :func:`fisher_midp_p`: its two-sided mid-p version (Lancaster), the alternative investigated
  for issue 5 and not adopted (see its docstring and bench/simulate_reports.py).
- :func:`benjamini_hochberg`: BH step-up procedure, matching statsmodels ``fdr_bh``.
- :func:`association`: the value object shown for one factor and window.
- :func:`build_report`: from per-day records to every association, with the BH decision and
  the data-sufficiency gate (GUIDE.md section 6, issue 5).

Zero counts, in one place

- A proportion with ``n = 0`` has the interval ``(0.0, 1.0)``: no days, no information.
- A risk ratio with a zero in any of its four cells gets 0.5 added to every cell
  (Haldane-Anscombe correction) before the ratio and its interval are computed; the result
  says so (``corrected=True``).
- A risk ratio with no events in either group (or no days in a group) is undefined: it is
  returned as ``None`` with a reason, never as 1 or 0.
- Fisher's test (and its mid-p version) needs no correction: a table with an empty row or
  column has p = 1.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from . import permutation

__all__ = [
    "DEFAULT_FDR_Q",
    "FACTORS",
    "HIGH_FACTORS",
    "INTAKE_FACTORS",
    "LOW_FACTORS",
    "MIN_ANALYSABLE_DAYS",
    "MIN_CRAMP_DAYS",
    "MIN_CRAMP_FREE_DAYS",
    "WINDOWS",
    "Association",
    "DayRecord",
    "FactorResult",
    "Report",
    "RiskRatio",
    "Shortfall",
    "association",
    "benjamini_hochberg",
    "build_report",
    "fisher_exact_p",
    "fisher_midp_p",
    "risk_ratio",
    "wilson_interval",
]


def _z_two_sided(confidence: float) -> float:
    """The standard normal quantile for a two-sided interval of the given confidence."""
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must be strictly between 0 and 1")
    return statistics.NormalDist().inv_cdf(1.0 - (1.0 - confidence) / 2.0)


# --------------------------------------------------------------------------- proportions


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for the proportion ``successes / n``.

    Method: E. B. Wilson (1927), "Probable inference, the law of succession, and statistical
    inference", JASA 22:209-212; recommended over the Wald interval by Brown, Cai and
    DasGupta (2001), Statistical Science 16:101-133. With ``p = successes / n`` and ``z`` the
    two-sided normal quantile::

        centre = (p + z²/2n) / (1 + z²/n)
        half   = z · sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n)

    clipped to [0, 1], exactly as ``statsmodels.stats.proportion.proportion_confint(...,
    method="wilson")`` computes it.

    Zero counts: ``successes = 0`` or ``successes = n`` need nothing special (the Wilson
    interval stays inside [0, 1] and is not degenerate). ``n = 0`` returns ``(0.0, 1.0)``:
    with no days the proportion could be anything.
    """
    if n < 0 or successes < 0 or successes > n:
        raise ValueError("need 0 <= successes <= n")
    if n == 0:
        return (0.0, 1.0)
    z = _z_two_sided(confidence)
    z2 = z * z
    p = successes / n
    denominator = 1.0 + z2 / n
    centre = (p + z2 / (2.0 * n)) / denominator
    half = z * math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denominator
    # At p = 0 (or 1) the lower (upper) limit is exactly 0 (1); say so rather than leave
    # a rounding residue of about 1e-17.
    low = 0.0 if successes == 0 else min(max(centre - half, 0.0), 1.0)
    high = 1.0 if successes == n else min(max(centre + half, 0.0), 1.0)
    return (low, high)


# --------------------------------------------------------------------------- risk ratio


@dataclass(frozen=True)
class RiskRatio:
    """A risk ratio ``(a/n1) / (b/n2)`` with its confidence interval.

    ``ratio``, ``ci_low`` and ``ci_high`` are ``None`` when the ratio is undefined; then
    ``reason`` says why. ``corrected`` is True when 0.5 was added to every cell.
    """

    ratio: float | None
    ci_low: float | None
    ci_high: float | None
    corrected: bool = False
    reason: str = ""

    @property
    def defined(self) -> bool:
        return self.ratio is not None


HALDANE_ANSCOMBE_ADDEND = 0.5


def risk_ratio(a: int, n1: int, b: int, n2: int, confidence: float = 0.95) -> RiskRatio:
    """Risk ratio of ``a/n1`` (exposed) against ``b/n2`` (other) with the Katz log interval.

    Method: D. Katz, J. Baptista, S. P. Azen and M. C. Pike (1978), "Obtaining confidence
    intervals for the risk ratio in cohort studies", Biometrics 34:469-474. The interval is
    ``exp(log RR ± z · SE)`` with ``SE = sqrt(1/a - 1/n1 + 1/b - 1/n2)``.

    Zero counts: when any of the four cells ``a, n1-a, b, n2-b`` is zero, 0.5 is added to
    every cell (Haldane-Anscombe correction: J. B. S. Haldane 1956, Ann. Hum. Genet.
    20:309-311; F. J. Anscombe 1956, Biometrika 43:461-464), so ``n1`` and ``n2`` each grow
    by 1, and the result has ``corrected=True``. When neither group has an event (``a = b =
    0``) the ratio is undefined - 0/0, and the correction would invent a ratio near 1 out of
    nothing - so ``ratio`` is ``None`` with a reason; likewise when a group has no days.
    """
    if min(a, b) < 0 or a > n1 or b > n2:
        raise ValueError("need 0 <= a <= n1 and 0 <= b <= n2")
    if n1 == 0 or n2 == 0:
        return RiskRatio(None, None, None, reason="no days on one side of the comparison")
    if a == 0 and b == 0:
        return RiskRatio(None, None, None, reason="no cramp days on either side")
    cells = (a, n1 - a, b, n2 - b)
    corrected = min(cells) == 0
    add = HALDANE_ANSCOMBE_ADDEND if corrected else 0.0
    a_, n1_ = a + add, n1 + 2 * add
    b_, n2_ = b + add, n2 + 2 * add
    log_rr = math.log(a_ / n1_) - math.log(b_ / n2_)
    se = math.sqrt(1.0 / a_ - 1.0 / n1_ + 1.0 / b_ - 1.0 / n2_)
    z = _z_two_sided(confidence)
    return RiskRatio(
        ratio=math.exp(log_rr),
        ci_low=math.exp(log_rr - z * se),
        ci_high=math.exp(log_rr + z * se),
        corrected=corrected,
    )


# --------------------------------------------------------------------------- Fisher's test

# scipy.stats.fisher_exact treats probabilities within this relative distance as ties.
_FISHER_RELATIVE_TOLERANCE = 1e-14
_TOL_SCALE = 10**14  # the tolerance as an exact ratio: 1e-14 == 1 / _TOL_SCALE


def fisher_exact_p(a: int, n1: int, b: int, n2: int) -> float:
    """Two-sided Fisher exact p-value for ``a/n1`` against ``b/n2``.

    The 2x2 table is ``[[a, n1-a], [b, n2-b]]``. Method: R. A. Fisher (1935), The Design of
    Experiments. With all margins fixed the top-left cell follows a hypergeometric
    distribution; the two-sided p-value is the sum of the probabilities of all tables no more
    likely than the observed one.

    This reproduces ``scipy.stats.fisher_exact(table, alternative="two-sided")`` (scipy
    1.17, ``scipy/stats/_stats_py.py``), including its tie rule: a table counts as "no more
    likely" when its probability is at most ``p_observed · (1 + 1e-14)``, and when the
    observed probability is within a relative 1e-14 of the mode's, the p-value is 1. Here the
    probabilities are exact integers (``comb(n1, x) · comb(n2, k-x)`` over ``comb(N, k)``), so
    the comparisons are exact and the sum is rounded once, at the end.

    Zero counts need no correction: a table with an empty row or column has p = 1.
    """
    if min(a, b) < 0 or a > n1 or b > n2:
        raise ValueError("need 0 <= a <= n1 and 0 <= b <= n2")
    events = a + b  # first column total
    total = n1 + n2
    if n1 == 0 or n2 == 0 or events == 0 or events == total:
        return 1.0

    def weight(x: int) -> int:
        return math.comb(n1, x) * math.comb(n2, events - x)

    observed = weight(a)
    mode = (events + 1) * (n1 + 1) // (total + 2)
    at_mode = weight(mode)
    # |p_obs - p_mode| / max(p_obs, p_mode) <= 1e-14, in exact arithmetic.
    largest = max(observed, at_mode)
    if abs(observed - at_mode) * _TOL_SCALE <= largest:
        return 1.0
    threshold = observed * (_TOL_SCALE + 1)  # weight(x) * 1e14 <= this  <=>  p(x) <= p·γ
    low, high = max(0, events - n2), min(n1, events)
    tail = sum(w for w in _table_weights(n1, n2, events, low, high) if w * _TOL_SCALE <= threshold)
    return min(tail / math.comb(total, events), 1.0)


def fisher_midp_p(a: int, n1: int, b: int, n2: int) -> float:
    """Two-sided mid-p version of Fisher's exact test for ``a/n1`` against ``b/n2``.

    Not the report's test (:func:`build_report` uses :func:`fisher_exact_p`); kept, tested and
    used by ``bench/simulate_reports.py`` as the investigated alternative (issue 5).

    Method: H. O. Lancaster (1961), "Significance tests in discrete distributions", JASA
    56:223-234; recommended for 2x2 tables by Agresti (Categorical Data Analysis, 3rd ed.,
    2013, section 1.4.5) and by Lydersen, Fagerland and Laake (2009), Stat. Med. 28:1159-1175.
    Same hypergeometric distribution and the same probability ordering as
    :func:`fisher_exact_p`, but the tables exactly as likely as the observed one count half::

        mid-p = P(tables less likely than observed) + 1/2 · P(tables as likely as observed)

    "As likely" uses scipy's tie rule (within a relative 1e-14, in exact integers), so
    ``mid-p = fisher_exact_p - 1/2 · P(ties)`` except where scipy's Fisher test is set to 1 at
    the mode. Zero counts: a table with an empty row or column (only one table has its
    margins) has p = 1, not the 1/2 the formula would give: there is no information.

    Why it is not the report's test (bench/simulate_reports.py and bench/compare_tests.py):
    at 90 days it lifts the share of users with a real 2.5x effect who are told of it from
    34.5% to 38.7%, but the share of no-effect users told of any association rises from
    6.6% to 9.7% (5,000 users; 10.3% against Fisher's 7.7% at 180 days): the issue's 10%
    limit with no margin, and above it (13-15%) once intake, like cramps, persists from day
    to day.
    """
    if min(a, b) < 0 or a > n1 or b > n2:
        raise ValueError("need 0 <= a <= n1 and 0 <= b <= n2")
    events = a + b
    total = n1 + n2
    if n1 == 0 or n2 == 0 or events == 0 or events == total:
        return 1.0
    observed = math.comb(n1, a) * math.comb(n2, b)
    less = tied = 0
    for x in range(max(0, events - n2), min(n1, events) + 1):
        w = math.comb(n1, x) * math.comb(n2, events - x)
        if abs(w - observed) * _TOL_SCALE <= max(w, observed):
            tied += w
        elif w < observed:
            less += w
    return min((2 * less + tied) / (2 * math.comb(total, events)), 1.0)


def _table_weights(n1: int, n2: int, events: int, low: int, high: int) -> Iterator[int]:
    """``comb(n1, x) * comb(n2, events - x)`` for x from ``low`` to ``high``, exactly.

    By the recurrence ``w(x+1) · (x+1) · (n2-events+x+1) = w(x) · (n1-x) · (events-x)``: one
    multiplication and one exact integer division per x instead of two binomials, the same
    integers (the 16 tables of a five-year report: 18 ms before, 1 ms now).
    """
    w = math.comb(n1, low) * math.comb(n2, events - low)
    yield w
    for x in range(low, high):
        w = w * (n1 - x) * (events - x) // ((x + 1) * (n2 - events + x + 1))
        yield w


# --------------------------------------------------------------------------- BH


def benjamini_hochberg(
    p_values: Sequence[float], q: float = 0.10
) -> tuple[list[bool], list[float]]:
    """Benjamini-Hochberg step-up procedure controlling the false discovery rate at ``q``.

    Method: Y. Benjamini and Y. Hochberg (1995), "Controlling the false discovery rate",
    JRSS B 57:289-300. Sort the m p-values, find the largest rank i with
    ``p_(i) <= i·q/m`` and flag the i smallest. The adjusted p-values are
    ``min over j >= i of (m/j)·p_(j)``, capped at 1.

    Returns ``(flagged, adjusted)``, both in the input order; the same as
    ``statsmodels.stats.multitest.multipletests(p_values, alpha=q, method="fdr_bh")[:2]``.
    """
    m = len(p_values)
    if not 0.0 < q < 1.0:
        raise ValueError("q must be strictly between 0 and 1")
    if m == 0:
        return [], []
    for p in p_values:
        if not 0.0 <= p <= 1.0:
            raise ValueError("p-values must lie in [0, 1]")
    order = sorted(range(m), key=lambda i: p_values[i])
    sorted_p = [p_values[i] for i in order]
    last_flagged = -1
    for rank, p in enumerate(sorted_p, start=1):
        if p <= rank / m * q:
            last_flagged = rank - 1
    adjusted_sorted = [0.0] * m
    running = math.inf
    for index in range(m - 1, -1, -1):
        running = min(running, sorted_p[index] / ((index + 1) / m))
        adjusted_sorted[index] = min(running, 1.0)
    flagged = [False] * m
    adjusted = [0.0] * m
    for position, original in enumerate(order):
        flagged[original] = position <= last_flagged
        adjusted[original] = adjusted_sorted[position]
    return flagged, adjusted


# --------------------------------------------------------------------------- Mantel-Haenszel


@dataclass(frozen=True)
class PooledRiskRatio:
    """A Mantel-Haenszel risk ratio over strata with its Greenland-Robins standard error of
    the log ratio; ``ratio`` is None when it is undefined (no stratum contributes)."""

    ratio: float | None
    se_log: float


def mantel_haenszel_rr(strata: Iterable[tuple[int, int, int, int]]) -> PooledRiskRatio:
    """Mantel-Haenszel risk ratio over strata of ``(a, n1, b, n2)``: ``a`` of ``n1`` exposed
    days with a cramp, ``b`` of ``n2`` other days, within each stratum.

    Method: N. Mantel and W. Haenszel (1959), JNCI 22:719-748; the variance of log RR_MH
    from S. Greenland and J. M. Robins (1985), Biometrics 41:55-68, which is valid for sparse
    strata. With ``N = n1 + n2`` in each stratum::

        RR_MH      = sum(a·n2/N) / sum(b·n1/N)
        var(log)   = sum((n1·n2·(a+b) - a·b·N) / N²) / (sum(a·n2/N) · sum(b·n1/N))

    The same ratio as ``statsmodels.stats.contingency_tables.StratifiedTable(...)
    .riskratio_pooled`` (tests/reports/test_stats.py); with one stratum the variance is the
    Katz variance. Strata with no days add nothing. ``se_log`` is NaN when undefined.
    """
    numerator = denominator = variance = 0.0
    for a, n1, b, n2 in strata:
        if min(a, b) < 0 or a > n1 or b > n2:
            raise ValueError("need 0 <= a <= n1 and 0 <= b <= n2")
        total = n1 + n2
        if total == 0:
            continue
        numerator += a * n2 / total
        denominator += b * n1 / total
        variance += (n1 * n2 * (a + b) - a * b * total) / (total * total)
    if numerator <= 0 or denominator <= 0:
        return PooledRiskRatio(None, math.nan)
    return PooledRiskRatio(numerator / denominator, math.sqrt(variance / (numerator * denominator)))


# --------------------------------------------------------------------------- association


@dataclass(frozen=True)
class Association:
    """Cramp-day rate on exposed days against the other days, for one factor and window.

    ``exposed_rate`` and ``other_rate`` are ``None`` when their side has no days (and then
    their intervals are ``(0.0, 1.0)``); ``risk`` holds the risk ratio, possibly undefined;
    ``p_value`` is Fisher's two-sided exact test.
    """

    exposed_days_with_cramp: int
    exposed_days: int
    other_days_with_cramp: int
    other_days: int
    exposed_rate: float | None
    exposed_interval: tuple[float, float]
    other_rate: float | None
    other_interval: tuple[float, float]
    risk: RiskRatio
    p_value: float

    @property
    def risk_ratio(self) -> float | None:
        return self.risk.ratio

    @property
    def ci_low(self) -> float | None:
        return self.risk.ci_low

    @property
    def ci_high(self) -> float | None:
        return self.risk.ci_high

    @property
    def testable(self) -> bool:
        """Both sides have at least one day, so the comparison means something."""
        return self.exposed_days > 0 and self.other_days > 0


def association(
    exposed_days_with_cramp: int,
    exposed_days: int,
    other_days_with_cramp: int,
    other_days: int,
) -> Association:
    """Both cramp-day rates with Wilson 95% intervals, the risk ratio (Katz 95% interval,
    Haldane-Anscombe for zero cells) and Fisher's two-sided exact p-value."""
    a, n1, b, n2 = exposed_days_with_cramp, exposed_days, other_days_with_cramp, other_days
    return Association(
        exposed_days_with_cramp=a,
        exposed_days=n1,
        other_days_with_cramp=b,
        other_days=n2,
        exposed_rate=a / n1 if n1 else None,
        exposed_interval=wilson_interval(a, n1),
        other_rate=b / n2 if n2 else None,
        other_interval=wilson_interval(b, n2),
        risk=risk_ratio(a, n1, b, n2),
        p_value=fisher_exact_p(a, n1, b, n2),
    )


# --------------------------------------------------------------------------- daily report

LOW_FACTORS = ("potassium", "magnesium", "calcium", "sodium", "fluid")
"""Exposure is a *low* day: below the target when one is given, else below own median."""

HIGH_FACTORS = ("exercise", "alcohol", "caffeine")
"""Exposure is a *high* day: any exercise, any alcoholic drink, caffeine above own median."""

FACTORS = LOW_FACTORS + HIGH_FACTORS

INTAKE_FACTORS = ("potassium", "magnesium", "calcium", "sodium", "fluid", "alcohol", "caffeine")
"""Factors read from the food and drink log: only days marked complete count."""

SAME_DAY = "same_day"
PREVIOUS_DAY = "previous_day"
WINDOWS = (SAME_DAY, PREVIOUS_DAY)
"""Exposure windows. A day's outcome is whether it is a cramp day. The caller dates cramps
(reports/series.py): a day cramp on its own date, a night cramp on the day its night ends, so
that ``previous_day`` (the date before) is, for a night cramp, the day and evening before the
night, as GUIDE.md section 6 asks. ``same_day`` pairs the outcome with the same date."""

PRIMARY_FAMILY = (
    ("potassium", PREVIOUS_DAY),
    ("magnesium", PREVIOUS_DAY),
    ("fluid", PREVIOUS_DAY),
    ("exercise", PREVIOUS_DAY),
)
"""The pre-declared family (issue 15): the only comparisons that are tested and can stand out.

Low potassium, low magnesium, little fluid and any exercise, each on the day before, each in
the direction declared: more cramps after those days. Each is tested by the circular-shift
permutation test (reports/permutation.py, one-sided), with Benjamini-Hochberg at q over these
four only. Every other factor x window comparison is
*exploratory*: counts, shares and intervals, never a decision. The page lists this family."""

PRIMARY = "primary"
EXPLORATORY = "exploratory"

OWN = "own"
"""The factor of a person's own yes/no factor ("slept badly"); its name is in ``name``. Own
factors are always exploratory. A day counts as known for them when it is analysable
(marked complete): the person has gone over that day, so an unmarked factor means "no"."""

MIN_ANALYSABLE_DAYS = 28
MIN_CRAMP_DAYS = 5
MIN_CRAMP_FREE_DAYS = 5
DEFAULT_FDR_Q = 0.10
MIN_GROUP_DAYS = permutation.MIN_GROUP_DAYS
"""No ratio is shown from a group of fewer days than this (counts only), and such a
comparison cannot stand out."""

OVERLAP_SHARE = 0.5
OVERLAP_LIFT = 1.5
"""Two factors "share most of their days" when more than half of one's days are the other's
days, and those days are at least 1.5 times as likely to be the other's as the rest are."""

_FIELD_ALIASES = {
    "potassium": ("potassium", "potassium_mg"),
    "magnesium": ("magnesium", "magnesium_mg"),
    "calcium": ("calcium", "calcium_mg"),
    "sodium": ("sodium", "sodium_mg"),
    "fluid": ("fluid", "fluid_ml"),
    "exercise": ("exercise", "exercise_minutes"),
    "alcohol": ("alcohol", "alcohol_drinks"),
    "caffeine": ("caffeine", "caffeinated_drinks", "caffeine_drinks"),
}


@dataclass(frozen=True)
class DayRecord:
    """One local day of one user.

    ``cramp`` is True when the day has a cramp, a night cramp counting for the evening the
    night began. ``complete`` is the user's "I logged everything today" mark. Factor values
    are totals for the day (minerals in mg, fluid in ml, exercise in minutes, drinks as
    counts); ``None`` means unknown.
    """

    date: date
    cramp: bool
    complete: bool
    potassium: float | None = None
    magnesium: float | None = None
    calcium: float | None = None
    sodium: float | None = None
    fluid: float | None = None
    exercise: float | None = None
    alcohol: float | None = None
    caffeine: float | None = None


def _as_day_record(record: DayRecord | Mapping[str, Any]) -> DayRecord:
    if isinstance(record, DayRecord):
        return record
    values: dict[str, Any] = {}
    for factor, names in _FIELD_ALIASES.items():
        values[factor] = next((record[name] for name in names if name in record), None)
    return DayRecord(
        date=record["date"],
        cramp=bool(record["cramp"]),
        complete=bool(record["complete"]),
        **values,
    )


@dataclass(frozen=True)
class Shortfall:
    """One unmet condition of the data-sufficiency gate.

    ``logged_cramp_days`` counts days with a cramp whether or not their food log is complete,
    so that the message can say what is really missing: no cramps at all, or cramps on days
    whose food log was not marked complete.
    """

    what: str  # "analysable_days", "cramp_days" or "cramp_free_days"
    have: int
    need: int
    logged_cramp_days: int = 0

    @property
    def message(self) -> str:
        more = self.need - self.have
        if self.what == "analysable_days":
            if self.have == 0:
                return (
                    f"No day has its food log marked complete yet: patterns need "
                    f"{self.need} complete days (mark a day complete on Today once its meals "
                    f"and drinks are all in)"
                )
            return f"{more} more complete days logged (have {self.have} of {self.need})"
        if self.what == "cramp_days":
            if self.have == 0 and self.logged_cramp_days == 0:
                return (
                    f"No cramp logged on a complete day: a comparison needs at least "
                    f"{self.need} complete days with a cramp. If you have had none, there is "
                    f"nothing to explain"
                )
            if self.logged_cramp_days > self.have:
                return (
                    f"{more} more complete days with a cramp (have {self.have} of "
                    f"{self.need}; {self.logged_cramp_days - self.have} other days with a "
                    f"cramp do not have their food log marked complete)"
                )
            return f"{more} more complete days with a cramp (have {self.have} of {self.need})"
        if self.what == "cramp_free_days":
            if self.have == 0:
                return (
                    f"Every complete day had a cramp: a comparison needs at least "
                    f"{self.need} complete days without one"
                )
            return f"{more} more complete days without a cramp (have {self.have} of {self.need})"
        return f"{more} more {self.what} (have {self.have} of {self.need})"


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
        assoc = self.association
        return min(assoc.exposed_days, assoc.other_days) < MIN_GROUP_DAYS

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
        return min(self.association.exposed_days, self.association.other_days) < MIN_GROUP_DAYS


@dataclass(frozen=True)
class Overlap:
    """Two factors that share most of their days (GUIDE.md section 6: one story, not two).

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


def _usable(day: DayRecord, factor: str) -> float | None:
    """The day's value for the factor, or None when it cannot be used.

    Intake factors on a day not marked complete are unknown (never zero). A value of None is
    always unknown.
    """
    if factor in INTAKE_FACTORS and not day.complete:
        return None
    value: float | None = getattr(day, factor)
    return value


def _exposure_rule(
    factor: str, values: list[float], targets: Mapping[str, float]
) -> tuple[str, float | None, str]:
    """(direction, threshold, source) for one factor, from the user's analysable days."""
    if factor in LOW_FACTORS:
        target = targets.get(factor)
        if target is not None:
            return "low", float(target), "target"
        return "low", (statistics.median(values) if values else None), "own median"
    if factor in ("alcohol", "exercise"):
        return "high", 0.0, "any"
    return "high", (statistics.median(values) if values else None), "own median"


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def build_report(
    records: Iterable[DayRecord | Mapping[str, Any]],
    targets: Mapping[str, float] | None = None,
    q: float = DEFAULT_FDR_Q,
    first_outcome_day: date | None = None,
    own_factors: Mapping[str, Iterable[date]] | None = None,
) -> Report:
    """Every factor x window comparison for one user's days, the primary family's test, and
    the gate.

    ``own_factors`` maps the names of the person's own yes/no factors to the dates they were
    marked; each joins the exploratory comparisons in both windows (see :data:`OWN`).

    ``records`` are :class:`DayRecord` objects or dicts with ``date``, ``cramp``,
    ``complete`` and factor values (``potassium`` or ``potassium_mg``, ``fluid`` or
    ``fluid_ml``, ``exercise`` or ``exercise_minutes``, ``alcohol`` or ``alcohol_drinks``,
    ``caffeine`` or ``caffeinated_drinks``, ...). ``targets`` maps low-type factors to a
    daily target (e.g. the Adequate Intake); factors without a target use the user's own
    median.

    Rules (GUIDE.md section 6, issue 15):

    - An *analysable* day is a day marked complete. Outcomes are read on analysable days
      only. Intake factors (minerals, fluid, alcohol, caffeine) on a day not marked complete
      are unknown and the day is left out of that comparison - never counted as zero.
      Exercise is read from its own log whenever its value is known. A date missing from
      ``records`` is unknown in every respect.
    - Exposure: minerals and fluid are *low* when ``value < target`` (or, without a target,
      ``value < own median``); exercise and alcohol when there is any (``value > 0``);
      caffeine when ``value > own median``. Medians are over the days on which the factor is
      usable.
    - Windows: see :data:`WINDOWS`.
    - ``first_outcome_day``: days before it are read only as the previous day of the first
      outcome days (a report of a period passes the day before the period for that).
    - Gate: at least 28 analysable days, of which at least 5 with and 5 without a cramp.
      Otherwise the report has ``sufficient=False``, the shortfalls in ``missing`` and no
      numbers at all.
    - Test: the circular-shift permutation test (reports/permutation.py) over the calendar
      days from the first outcome day to the last record, for every comparison.
    - Decision: only the :data:`PRIMARY_FAMILY`, each in its declared direction (more
      cramps after those days; one-sided). Benjamini-Hochberg at ``q`` over its testable
      comparisons (both sides have days); a comparison *stands out* when BH passes it, both
      groups have at least MIN_GROUP_DAYS days and its 95% interval lies above 1. A primary
      comparison with fewer cramps is shown as that, never as a finding.
    - Overlaps: for each finding that stands out, every other primary factor that shares
      most of its days (:data:`OVERLAP_SHARE`, :data:`OVERLAP_LIFT`), with the comparison
      within each stratum and the Mantel-Haenszel ratio.
    """
    targets = targets or {}
    days: dict[date, DayRecord] = {}
    for raw in records:
        day = _as_day_record(raw)
        if day.date in days:
            raise ValueError(f"two records for {day.date}")
        days[day.date] = day

    analysable = [
        day
        for day in sorted(days.values(), key=lambda d: d.date)
        if day.complete and (first_outcome_day is None or day.date >= first_outcome_day)
    ]
    cramp_days = sum(1 for day in analysable if day.cramp)
    cramp_free_days = len(analysable) - cramp_days
    logged_cramp_days = sum(
        1
        for day in days.values()
        if day.cramp and (first_outcome_day is None or day.date >= first_outcome_day)
    )
    missing = tuple(
        Shortfall(what, have, need, logged_cramp_days)
        for what, have, need in (
            ("analysable_days", len(analysable), MIN_ANALYSABLE_DAYS),
            ("cramp_days", cramp_days, MIN_CRAMP_DAYS),
            ("cramp_free_days", cramp_free_days, MIN_CRAMP_FREE_DAYS),
        )
        if have < need
    )
    if missing:
        return Report(
            sufficient=False,
            analysable_days=len(analysable),
            cramp_days=cramp_days,
            cramp_free_days=cramp_free_days,
            missing=missing,
            q=q,
        )

    # The circular series: one index per calendar day from the first outcome day to the last.
    # Every day is read once into arrays indexed from the day before the first outcome day
    # (offset 0) to the last (offset n), NaN where a value is unknown; a window is a slice.
    start = first_outcome_day if first_outcome_day is not None else min(days)
    end = max(days)
    n = (end - start).days + 1
    ordered = sorted(days)
    offsets = np.array([(d - start).days + 1 for d in ordered], dtype=np.int64)
    inside = (offsets >= 0) & (offsets <= n)
    slots = offsets[inside]
    nan = math.nan
    matrix = np.array(
        [
            [nan if (v := _usable(days[d], f)) is None else float(v) for f in FACTORS]
            for d in ordered
        ],
        dtype=np.float64,
    ).reshape(len(ordered), len(FACTORS))
    complete_full = np.zeros(n + 1, dtype=bool)
    complete_full[slots] = np.array([days[d].complete for d in ordered], dtype=bool)[inside]
    cramp_full = np.zeros(n + 1, dtype=bool)
    cramp_full[slots] = np.array([days[d].cramp for d in ordered], dtype=bool)[inside]
    outcome_known = complete_full[1:]
    outcome = cramp_full[1:] & outcome_known

    def window_of(full: np.ndarray, window: str) -> np.ndarray:
        return full[:-1] if window == PREVIOUS_DAY else full[1:]

    rules: list[tuple[str, str, str, float | None, str]] = []
    exposed_rows: list[np.ndarray] = []
    known_rows: list[np.ndarray] = []
    exposure_by_key: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
    for column, factor in enumerate(FACTORS):
        values_all = matrix[:, column]
        values = values_all[~np.isnan(values_all)].tolist()
        direction, threshold, source = _exposure_rule(factor, values, targets)
        full = np.full(n + 1, nan)
        if threshold is not None:
            full[slots] = values_all[inside]
        known_full = ~np.isnan(full)
        if threshold is None:  # nothing known: every day unknown, nothing exposed
            exposed_full = np.zeros(n + 1, dtype=bool)
        else:
            with np.errstate(invalid="ignore"):
                exposed_full = (full < threshold) if direction == "low" else (full > threshold)
            exposed_full &= known_full
        for window in WINDOWS:
            exposed, known = window_of(exposed_full, window), window_of(known_full, window)
            rules.append((factor, window, direction, threshold, source))
            exposed_rows.append(exposed)
            known_rows.append(known)
            exposure_by_key[(factor, window)] = (exposed, known)

    for name, marked in (own_factors or {}).items():
        marked_full = np.zeros(n + 1, dtype=bool)
        for marked_day in set(marked):
            slot = (marked_day - start).days + 1
            if 0 <= slot <= n:
                marked_full[slot] = True
        for window in WINDOWS:
            known = window_of(complete_full, window)
            rules.append((OWN, window, "high", None, name))
            exposed_rows.append(window_of(marked_full, window) & known)
            known_rows.append(known)

    test = permutation.shift_test(outcome, outcome_known, exposed_rows, known_rows)
    pending = []
    for index, rule in enumerate(rules):
        counts = (
            int(test.exposed_cramps[index]),
            int(test.exposed_days[index]),
            int(test.other_cramps[index]),
            int(test.other_days[index]),
        )
        pending.append((rule, association(*counts), index))

    primary_keys = set(PRIMARY_FAMILY)
    family = [
        item for item in pending if (item[0][0], item[0][1]) in primary_keys and item[1].testable
    ]
    flags, adjusted = benjamini_hochberg(
        [float(test.p_value[index]) for _, _, index in family], q=q
    )
    decision = {index: (flags[k], adjusted[k]) for k, (_, _, index) in enumerate(family)}
    stands = permutation.stands_out(
        test, [decision.get(i, (False, 0))[0] for i in range(len(rules))]
    )

    results = []
    for (factor, window, direction, threshold, source), assoc, index in pending:
        name = ""
        if factor == OWN:
            name, source = source, "marked"
        shown = assoc.testable and min(assoc.exposed_days, assoc.other_days) >= MIN_GROUP_DAYS
        ratio = _finite(test.ratio[index]) if shown else None
        results.append(
            FactorResult(
                factor=factor,
                window=window,
                direction=direction,
                threshold=threshold,
                threshold_source=source,
                association=assoc,
                flagged=bool(stands[index]) and index in decision,
                adjusted_p=decision[index][1] if index in decision else None,
                family=PRIMARY if (factor, window) in primary_keys else EXPLORATORY,
                name=name,
                p_value=(
                    _finite(
                        test.p_value[index]
                        if (factor, window) in primary_keys
                        else test.p_two_sided[index]
                    )
                    if assoc.testable
                    else None
                ),
                ratio=ratio,
                ci_low=_finite(test.ci_low[index]) if ratio is not None else None,
                ci_high=_finite(test.ci_high[index]) if ratio is not None else None,
            )
        )
    results_t = tuple(results)
    overlaps = _overlaps(results_t, outcome, outcome_known, exposure_by_key)
    return Report(
        sufficient=True,
        analysable_days=len(analysable),
        cramp_days=cramp_days,
        cramp_free_days=cramp_free_days,
        results=results_t,
        q=q,
        overlaps=overlaps,
        days_in_series=n,
        shifts=test.shifts,
    )


def _overlaps(
    results: Sequence[FactorResult],
    outcome: np.ndarray,
    outcome_known: np.ndarray,
    exposure_by_key: Mapping[tuple[str, str], tuple[np.ndarray, np.ndarray]],
) -> tuple[Overlap, ...]:
    """For each finding that stands out, the other primary factors sharing most of its days.

    Both directions: when little fluid and exercise both stand out, fluid is compared within
    exercise days and the rest, and exercise within low-fluid days and the rest; the two
    comparisons answer different questions."""
    found = []
    for result in results:
        if not result.flagged:
            continue
        f_exposed, f_known = exposure_by_key[(result.factor, result.window)]
        for other, window in PRIMARY_FAMILY:
            if other == result.factor or window != result.window:
                continue
            g_exposed, g_known = exposure_by_key[(other, window)]
            # Pairs where the outcome and both exposures are known.
            both = np.asarray(outcome_known) & f_known & g_known
            f_days, g_days = both & f_exposed, both & g_exposed
            factor_days = int(f_days.sum())
            shared = int((f_days & g_exposed).sum())
            rest_days = int((both & ~f_exposed).sum())
            other_rest = int((both & ~f_exposed & g_exposed).sum())
            if factor_days == 0 or shared / factor_days <= OVERLAP_SHARE:
                continue
            rest_share = other_rest / rest_days if rest_days else 0.0
            if rest_share and shared / factor_days < OVERLAP_LIFT * rest_share:
                continue
            cramp = np.asarray(outcome, dtype=bool)
            strata = []
            for present in (True, False):
                group = both & (g_days if present else both & ~g_exposed)
                exposed_group, other_group = group & f_exposed, group & ~f_exposed
                counts = (
                    int((exposed_group & cramp).sum()),
                    int(exposed_group.sum()),
                    int((other_group & cramp).sum()),
                    int(other_group.sum()),
                )
                strata.append(Stratum(present, association(*counts)))
            mh = permutation.mantel_haenszel_shift(
                outcome,
                outcome_known,
                f_exposed,
                both,
                [g_exposed, ~g_exposed],
            )
            found.append(
                Overlap(
                    factor=result.factor,
                    other=other,
                    window=window,
                    shared=shared,
                    factor_days=factor_days,
                    other_rest=other_rest,
                    rest_days=rest_days,
                    strata=tuple(strata),
                    ratio=mh.ratio,
                    ci_low=mh.ci_low,
                    ci_high=mh.ci_high,
                )
            )
    return tuple(found)
