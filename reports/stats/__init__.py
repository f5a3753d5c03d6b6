"""Honest personal statistics for cramp reports, in plain Python: the package's public names.

No Django imports: the modules below use only the standard library and numpy, so they can be
tested against scipy/statsmodels (test-only dependencies) and reused by the reports page, the
JSON view, the ``cramp_report`` command and the simulations in bench/. The rules they follow
are docs/reports.md's "How the associations are made".

One concept a module, from the bottom up:

- :mod:`.intervals`: Wilson's interval for one proportion, the risk ratio with the Katz
  interval (Haldane-Anscombe for zero cells), the Mantel-Haenszel pooled ratio.
- :mod:`.fisher`: Fisher's two-sided exact test (matching ``scipy.stats.fisher_exact``) and
  its mid-p version, the alternative investigated for issue 5 and not adopted.
- :mod:`.associations`: one factor's counts with both rates, the ratio and Fisher's p.
- :mod:`.multiplicity`: the Benjamini-Hochberg procedure (matching statsmodels ``fdr_bh``).
- :mod:`.days`: the day record and the day columns, the factors, the windows and the
  declared primary family.
- :mod:`.gate`: the data-sufficiency gate and the words for what is missing.
- :mod:`.results`: what a report says (a result per comparison, overlaps, the report).
- :mod:`.exposure`: the period as arrays, and each comparison's exposed and known days.
- :mod:`.decision`: from the shift test (reports/permutation.py) to the results.
- :mod:`.overlaps`: findings that share their days, compared within strata.
- :mod:`.build`: :func:`build_report`, the steps above in order.

The plain tests (intervals, Fisher, associations, multiplicity) and the day records never
import reports/permutation.py, and it imports nothing from here (import-linter checks both).
"""

from __future__ import annotations

from .associations import Association, association
from .build import build_report, build_report_from_columns
from .days import (
    EXPLORATORY,
    FACTORS,
    HIGH_FACTORS,
    INTAKE_FACTORS,
    LOW_FACTORS,
    OWN,
    PREVIOUS_DAY,
    PRIMARY,
    PRIMARY_FAMILY,
    SAME_DAY,
    WINDOWS,
    DayColumns,
    DayRecord,
    as_day_record,
    columns_from_records,
)
from .fisher import _table_weights as _table_weights  # tested on its own
from .fisher import fisher_exact_p, fisher_midp_p
from .gate import MIN_ANALYSABLE_DAYS, MIN_CRAMP_DAYS, MIN_CRAMP_FREE_DAYS, Shortfall
from .intervals import (
    HALDANE_ANSCOMBE_ADDEND,
    PooledRiskRatio,
    RiskRatio,
    mantel_haenszel_rr,
    risk_ratio,
    wilson_interval,
)
from .multiplicity import DEFAULT_FDR_Q, benjamini_hochberg
from .overlaps import OVERLAP_LIFT, OVERLAP_SHARE
from .results import MIN_GROUP_DAYS, FactorResult, Overlap, Report, Stratum

_as_day_record = as_day_record  # the name tests/reports/test_series_queries.py reads

__all__ = [
    "DEFAULT_FDR_Q",
    "EXPLORATORY",
    "FACTORS",
    "HALDANE_ANSCOMBE_ADDEND",
    "HIGH_FACTORS",
    "INTAKE_FACTORS",
    "LOW_FACTORS",
    "MIN_ANALYSABLE_DAYS",
    "MIN_CRAMP_DAYS",
    "MIN_CRAMP_FREE_DAYS",
    "MIN_GROUP_DAYS",
    "OVERLAP_LIFT",
    "OVERLAP_SHARE",
    "OWN",
    "PREVIOUS_DAY",
    "PRIMARY",
    "PRIMARY_FAMILY",
    "SAME_DAY",
    "WINDOWS",
    "Association",
    "DayColumns",
    "DayRecord",
    "FactorResult",
    "Overlap",
    "PooledRiskRatio",
    "Report",
    "RiskRatio",
    "Shortfall",
    "Stratum",
    "as_day_record",
    "association",
    "benjamini_hochberg",
    "build_report",
    "build_report_from_columns",
    "columns_from_records",
    "fisher_exact_p",
    "fisher_midp_p",
    "mantel_haenszel_rr",
    "risk_ratio",
    "wilson_interval",
]
