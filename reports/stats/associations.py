"""One factor's association with cramp days: both rates with their intervals, the risk
ratio and Fisher's test, as counted on the observed days."""

from __future__ import annotations

from dataclasses import dataclass

from .fisher import fisher_exact_p
from .intervals import RiskRatio, risk_ratio, wilson_interval

__all__ = ["Association", "association"]


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

    @property
    def p_value(self) -> float:
        """Fisher's two-sided exact p-value, worked out when read: the report shows the shift
        test's p-values (reports/permutation.py), so its sixteen associations never need
        this one (a millisecond of a five-year report's time, issue 25)."""
        return fisher_exact_p(
            self.exposed_days_with_cramp,
            self.exposed_days,
            self.other_days_with_cramp,
            self.other_days,
        )

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

    @property
    def smaller_group(self) -> int:
        """The days of the smaller side: a ratio needs MIN_GROUP_DAYS of them."""
        return min(self.exposed_days, self.other_days)


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
    )
