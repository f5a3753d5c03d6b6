"""The report as plain data: what the JSON view and ``cramp_report --json`` print.

Schema version 3 (issues 14 and 17): ``cramps.nights`` counts the period's nights (one ends
on each of its days) that are known, with a cramp, cramp-free and unknown; only known nights
count as cramp-free. ``cramps.per_week`` is over ``cramps.rate_days`` (days whose night is
known, or with a cramp) and is null before 14 of them; ``cramps.worth_a_clinician`` is the
page's callout.

Schema version 2 (issue 15): ``p_value`` is the circular-shift permutation p-value;
``risk_ratio`` and its interval allow for persistence and are null when a group has fewer
than 10 days (``counts_only``); ``family`` is "primary" or "exploratory" and only a primary
comparison can be ``flagged``; ``primary_family`` and ``overlaps`` are new. Numbers are not
rounded here (rounding is for people, not programs);
undefined values are ``null``.
"""

from __future__ import annotations

from typing import Any

from .cramps import CrampSummary
from .permutation import MIN_SHIFT
from .report import IntakeRow, PersonalReport
from .stats import MIN_GROUP_DAYS, PRIMARY_FAMILY, FactorResult, Overlap, Report
from .wording import OTHER_EXPLANATIONS, exposure_of, label_of

SCHEMA_VERSION = 3


JSON = dict[str, Any]


def _result(result: FactorResult) -> JSON:
    """One comparison: its rule, its decision and its counts."""
    assoc = result.association
    return {
        "factor": result.factor,
        "label": label_of(result),
        "name": result.name or None,
        "window": result.window,
        "family": result.family,
        "exposure": exposure_of(result),
        "direction": result.direction,
        "threshold": result.threshold,
        "threshold_source": result.threshold_source,
        # Only a primary comparison can be flagged ("stands out").
        "flagged": result.flagged,
        "counts_only": result.small_group,
        "risk_ratio": result.ratio,
        "ci_low": result.ci_low,
        "ci_high": result.ci_high,
        "risk_ratio_corrected": assoc.risk.corrected,
        "risk_ratio_note": assoc.risk.reason or None,
        "p_value": result.p_value,
        "adjusted_p_value": result.adjusted_p,
        "days_exposed": assoc.exposed_days,
        "days_exposed_with_cramp": assoc.exposed_days_with_cramp,
        "rate_exposed": assoc.exposed_rate,
        "rate_exposed_ci": list(assoc.exposed_interval),
        "days_other": assoc.other_days,
        "days_other_with_cramp": assoc.other_days_with_cramp,
        "rate_other": assoc.other_rate,
        "rate_other_ci": list(assoc.other_interval),
        "what_else": OTHER_EXPLANATIONS[result.factor] if result.flagged else None,
    }


def _method(associations: Report) -> dict[str, str]:
    """How the numbers were made, in words, with this report's own figures."""
    return {
        "rate_interval": (
            "Wilson 95%, assuming independent days: too narrow when habits persist, so "
            "the page shows the shares without it"
        ),
        "risk_ratio_interval": (
            "95% on the log scale, its standard error the larger of the spread of log RR "
            "over the circular shifts and the Katz one; 0.5 added to every cell when one "
            f"is zero; not shown when a group has fewer than {MIN_GROUP_DAYS} days"
        ),
        "test": (
            f"circular-shift permutation test (pooled z), every shift of at least "
            f"{MIN_SHIFT} days; one-sided in the declared direction for the primary family "
            "(its p_value and adjusted_p_value), two-sided for the exploratory comparisons; "
            f"{associations.shifts} shifts over {associations.days_in_series} days"
        ),
        "multiplicity": (f"Benjamini-Hochberg, q = {associations.q}, over the primary family only"),
        "stands_out": (
            "primary, passes BH, both groups of at least "
            f"{MIN_GROUP_DAYS} days, the risk ratio's 95% interval (the one printed, widened "
            "over the shifts) above 1"
        ),
    }


def _overlap(overlap: Overlap) -> JSON:
    """Two findings that share most of their days, compared within each group of days."""
    return {
        "factor": overlap.factor,
        "other": overlap.other,
        "window": overlap.window,
        "shared_days": overlap.shared,
        "factor_days": overlap.factor_days,
        "other_among_rest": overlap.other_rest,
        "rest_days": overlap.rest_days,
        "strata": [
            {
                "other_present": stratum.other_present,
                "days_exposed": stratum.association.exposed_days,
                "days_exposed_with_cramp": stratum.association.exposed_days_with_cramp,
                "days_other": stratum.association.other_days,
                "days_other_with_cramp": stratum.association.other_days_with_cramp,
            }
            for stratum in overlap.strata
        ],
        "mantel_haenszel_ratio": overlap.ratio,
        "ci_low": overlap.ci_low,
        "ci_high": overlap.ci_high,
    }


def _associations(associations: Report) -> JSON:
    """The gate, the method, every comparison and the overlaps."""
    return {
        "sufficient": associations.sufficient,
        "missing": [
            {"what": gap.what, "have": gap.have, "need": gap.need, "message": gap.message}
            for gap in associations.missing
        ],
        "analysable_days": associations.analysable_days,
        "cramp_days": associations.cramp_days,
        "cramp_free_days": associations.cramp_free_days,
        "primary_family": [
            {"factor": factor, "window": window} for factor, window in PRIMARY_FAMILY
        ],
        "method": _method(associations),
        "results": [_result(result) for result in associations.results],
        "overlaps": [_overlap(overlap) for overlap in associations.overlaps],
    }


def _cramps(cramps: CrampSummary) -> JSON:
    """The period's cramps: counts, nights, severity, buckets and relief."""
    return {
        "total": cramps.total,
        # Logged this evening: they count in tomorrow's night, past the period, so not in
        # "total"; severity and relief include them.
        "logged_this_evening": cramps.tonight,
        "logged": cramps.logged,
        "cramp_days": cramps.cramp_days,
        "per_week": cramps.per_week,
        "rate_days": cramps.rate_days,
        "nights": {
            "nights": cramps.nights.nights,
            "known": cramps.nights.known,
            "with_cramp": cramps.nights.with_cramp,
            "cramp_free": cramps.nights.cramp_free,
            "unknown": cramps.nights.unknown,
        },
        "worth_a_clinician": cramps.worth_a_clinician,
        "at_night": cramps.at_night.count,
        "at_night_share": cramps.at_night.share,
        "at_night_share_ci": list(cramps.at_night.interval) if cramps.total else None,
        "severity_median": cramps.severity_median,
        "severity_worst": cramps.worst,
        "severity_bands": dict(cramps.severity_bands),
        "severity_unknown": cramps.severity_unknown,
        "duration_median_seconds": cramps.duration_median_seconds,
        "by_" + cramps.bucket_kind: [
            {"start": b.start.isoformat(), "day": b.day_cramps, "night": b.night_cramps}
            for b in cramps.buckets
        ],
        "relief": [
            {
                "method": row.method,
                "tried": row.tried,
                "fully": row.effects.get("fully", 0),
                "a_little": row.effects.get("little", 0),
                "not_at_all": row.effects.get("none", 0),
                "not_noted": row.effects.get("unknown", 0),
                "helped_share": row.helped.share,
                "helped_share_ci": list(row.helped.interval) if row.helped.n else None,
            }
            for row in cramps.relief
        ],
    }


def _intake(row: IntakeRow) -> JSON:
    """One nutrient on the complete days, against its target."""
    return {
        "nutrient": row.nutrient,
        "unit": row.unit,
        "target": row.target.amount if row.target else None,
        "target_basis": str(row.target.basis) if row.target else None,
        "target_source": row.target.source if row.target else None,
        "reduce_above": row.target.reduce_above if row.target else None,
        "caveat": row.caveat or None,
        "complete_days": row.complete_days,
        "complete_days_left_out": row.left_out,
        "mean_daily": row.mean,
        "median_daily": row.median,
        "days_on_target": row.on_target.count if row.on_target else None,
        "days_on_target_share": row.on_target.share if row.on_target else None,
    }


def report_as_dict(report: PersonalReport) -> JSON:
    """The whole report, schema version SCHEMA_VERSION."""
    return {
        "schema_version": SCHEMA_VERSION,
        "period": {
            "key": report.period.key,
            "label": report.period.label,
            "first": report.period.first.isoformat(),
            "last": report.period.last.isoformat(),
            "days": report.period.days,
            "starts_at_first_entry": report.period.starts_at_first_entry,
        },
        "profile": {
            "sex": report.profile.sex,
            "age": report.profile.age,
            "pregnancy": report.profile.maternity,
            "kidney_disease": report.profile.kidney_disease,
            "takes_diuretic": report.profile.diuretic,
            "takes_statin": report.profile.statin,
            "uses_long_acting_inhaler": report.profile.long_acting_inhaler,
            "takes_pril_or_sartan": report.profile.pril_or_sartan,
        },
        "logged_days": report.logged_days,
        "complete_days": report.complete_days,
        # The fields the issue names, at the top level too, for scripts.
        "sufficient": report.associations.sufficient,
        "missing": [gap.message for gap in report.associations.missing],
        "cramps": _cramps(report.cramps),
        "intake": [_intake(row) for row in report.intake],
        "associations": _associations(report.associations),
    }
