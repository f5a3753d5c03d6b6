"""Intervals: one proportion (Wilson), a risk ratio (Katz) and a pooled risk ratio
(Mantel-Haenszel with the Greenland-Robins variance), in plain Python.

Zero counts, in one place (docs/reports.md, "Zero counts"):

- A proportion with ``n = 0`` has the interval ``(0.0, 1.0)``: no days, no information.
- A risk ratio with a zero in any of its four cells gets 0.5 added to every cell
  (Haldane-Anscombe correction) before the ratio and its interval are computed; the result
  says so (``corrected=True``).
- A risk ratio with no events in either group (or no days in a group) is undefined: it is
  returned as ``None`` with a reason, never as 1 or 0.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "HALDANE_ANSCOMBE_ADDEND",
    "PooledRiskRatio",
    "RiskRatio",
    "check_table",
    "mantel_haenszel_rr",
    "risk_ratio",
    "wilson_interval",
    "z_two_sided",
]

HALDANE_ANSCOMBE_ADDEND = 0.5


# z_two_sided's answers: a pure function of one number, asked for 95% by every interval (fifty
# in a report), so each confidence is worked out once (a few at most are ever asked).
_QUANTILES: dict[float, float] = {}


def z_two_sided(confidence: float) -> float:
    """The standard normal quantile for a two-sided interval of the given confidence."""
    z = _QUANTILES.get(confidence)
    if z is None:
        if not 0.0 < confidence < 1.0:
            raise ValueError("confidence must be strictly between 0 and 1")
        z = statistics.NormalDist().inv_cdf(1.0 - (1.0 - confidence) / 2.0)
        if len(_QUANTILES) < 16:
            _QUANTILES[confidence] = z
    return z


def check_table(a: int, n1: int, b: int, n2: int) -> None:
    """Refuse a 2x2 table that cannot be counts: ``a`` of ``n1`` against ``b`` of ``n2``."""
    if min(a, b) < 0 or a > n1 or b > n2:
        raise ValueError("need 0 <= a <= n1 and 0 <= b <= n2")


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
    z = z_two_sided(confidence)
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
    check_table(a, n1, b, n2)
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
    z = z_two_sided(confidence)
    return RiskRatio(
        ratio=math.exp(log_rr),
        ci_low=math.exp(log_rr - z * se),
        ci_high=math.exp(log_rr + z * se),
        corrected=corrected,
    )


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
        check_table(a, n1, b, n2)
        total = n1 + n2
        if total == 0:
            continue
        numerator += a * n2 / total
        denominator += b * n1 / total
        variance += (n1 * n2 * (a + b) - a * b * total) / (total * total)
    if numerator <= 0 or denominator <= 0:
        return PooledRiskRatio(None, math.nan)
    return PooledRiskRatio(numerator / denominator, math.sqrt(variance / (numerator * denominator)))
