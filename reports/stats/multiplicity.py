"""Many comparisons at once: the Benjamini-Hochberg false discovery rate (docs/reports.md,
"Which comparisons are tested")."""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["DEFAULT_FDR_Q", "benjamini_hochberg"]

DEFAULT_FDR_Q = 0.10


def benjamini_hochberg(
    p_values: Sequence[float], q: float = DEFAULT_FDR_Q
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
