"""From one person's days to every association of a period: the gate, the day series, the
shift test, the decision and the overlaps, in that order (docs/reports.md, "How the
associations are made")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from .. import permutation
from .days import OWN, DayColumns, DayRecord, columns_from_records
from .decision import decide
from .exposure import day_series, factor_comparisons, own_comparisons
from .gate import read_gate
from .multiplicity import DEFAULT_FDR_Q
from .overlaps import find_overlaps
from .results import Report

__all__ = ["build_report", "build_report_from_columns"]


def build_report(
    records: Iterable[DayRecord | Mapping[str, Any]],
    targets: Mapping[str, float] | None = None,
    q: float = DEFAULT_FDR_Q,
    first_outcome_day: date | None = None,
    own_factors: Mapping[str, Iterable[date]] | None = None,
) -> Report:
    """Every factor x window comparison for one user's days, the primary family's test, and
    the gate; the rules are docs/reports.md's "How the associations are made".

    ``records`` are :class:`DayRecord` objects or dicts (see
    :func:`reports.stats.days.as_day_record`); a date missing from them is unknown in every
    respect. ``targets`` maps low-type factors to a daily target (e.g. the Adequate Intake);
    factors without one use the user's own median. ``first_outcome_day``: days before it
    are read only as the previous day of the first outcome days (a report of a period passes
    the day before the period for that). ``own_factors`` maps the names of the person's own
    yes/no factors to the dates they were marked; each joins the exploratory comparisons in
    both windows. ``q`` is the false discovery rate of Benjamini-Hochberg over the primary
    family.

    Below the gate the report has ``sufficient=False``, the shortfalls in ``missing`` and no
    numbers at all.
    """
    return build_report_from_columns(
        columns_from_records(records), targets, q, first_outcome_day, own_factors
    )


def build_report_from_columns(
    columns: DayColumns,
    targets: Mapping[str, float] | None = None,
    q: float = DEFAULT_FDR_Q,
    first_outcome_day: date | None = None,
    own_factors: Mapping[str, Iterable[date]] | None = None,
) -> Report:
    """:func:`build_report` of days given as columns (:class:`DayColumns`), the form the
    report's series has them in."""
    series = day_series(columns, first_outcome_day)
    gate = read_gate(series.outcome_known, series.cramp[1:])
    if gate.missing:
        return Report(
            sufficient=False,
            analysable_days=gate.analysable_days,
            cramp_days=gate.cramp_days,
            cramp_free_days=gate.cramp_free_days,
            missing=gate.missing,
            q=q,
        )

    comparisons = factor_comparisons(series, columns, targets or {})
    comparisons += own_comparisons(series, own_factors or {})
    test = permutation.shift_test(
        series.outcome,
        series.outcome_known,
        [comparison.exposed for comparison in comparisons],
        [comparison.known for comparison in comparisons],
    )
    results = decide(comparisons, test, q)
    exposure = {(c.factor, c.window): c for c in comparisons if c.factor != OWN}
    return Report(
        sufficient=True,
        analysable_days=gate.analysable_days,
        cramp_days=gate.cramp_days,
        cramp_free_days=gate.cramp_free_days,
        results=results,
        q=q,
        overlaps=find_overlaps(results, series.outcome, series.outcome_known, exposure),
        days_in_series=series.n,
        shifts=test.shifts,
    )
