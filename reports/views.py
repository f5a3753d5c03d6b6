"""The reports: the page, the printable summary for a clinician, and the same report as JSON.

Each reads only the signed-in person's journal (reports.series filters by ``request.user``);
there are no object URLs here, so there is nothing of anyone else's to ask for. All three
call reports.report.build_personal_report, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Profile, User
from config.http import AuthenticatedHttpRequest
from education.links import learn_url
from foods import units
from journal.models import Supplement, UsualSupplement

from . import charts, permutation, stats, wording
from .cramps import RATE_FROM_DAYS, Bucket
from .forms import PeriodForm
from .periods import PERIODS, Period, period_for
from .report import IntakeRow, PersonalReport, build_personal_report
from .serialize import report_as_dict

Context = dict[str, Any]


def _report(request: AuthenticatedHttpRequest) -> tuple[PeriodForm, PersonalReport]:
    form = PeriodForm(request.GET)
    period = period_for(request.user, form.period_key(), timezone.localdate())
    return form, build_personal_report(request.user, period)


def _overlap(overlap: stats.Overlap, report: PersonalReport, system: str) -> Context:
    """Two factors sharing most of their days: the figures and the comparison within each."""
    other = report.associations.result(overlap.other, overlap.window)
    other_rule = wording.rule_subject(
        overlap.other, other.threshold, other.threshold_source, system
    )
    return {
        "overlap": overlap,
        "sentence": wording.overlap_sentence(
            overlap.factor,
            overlap.other,
            overlap.shared,
            overlap.factor_days,
            overlap.other_rest,
            overlap.rest_days,
        ),
        "strata": [
            {
                "label": (
                    f"Within {wording.DAY_NAMES[overlap.other]} (the day before)"
                    if stratum.other_present
                    else f"Within the other days (not {wording.DAY_NAMES[overlap.other]})"
                ),
                "association": stratum.association,
                "small_group": stratum.small_group,
            }
            for stratum in overlap.strata
        ],
        "other_rule": other_rule,
        "other_label": wording.FACTOR_LABELS[overlap.other].lower(),
        "holds": overlap.ci_low is not None
        and (overlap.ci_low > 1 or (overlap.ci_high is not None and overlap.ci_high < 1)),
    }


def _finding(result: stats.FactorResult, report: PersonalReport, system: str) -> Context:
    """One primary finding that stands out, with the words that go under it."""
    assoc = result.association
    subject = wording.rule_subject(result.factor, result.threshold, result.threshold_source, system)
    return {
        "result": result,
        "headline": wording.finding_headline(
            result.factor,
            result.window,
            result.ratio,
            result.threshold,
            result.threshold_source,
            system,
        ),
        "exposure": wording.exposure_phrase(
            result.factor, result.direction, result.threshold, result.threshold_source, system
        ),
        "subject": subject,
        "when": "After" if result.window == "previous_day" else "On",
        "what_else": wording.OTHER_EXPLANATIONS[result.factor],
        "overlaps": [
            _overlap(overlap, report, system)
            for overlap in report.associations.overlaps_for(result.factor, result.window)
        ],
        "learn_url": learn_url(wording.LEARN_TOPICS[result.factor]),
        "learn_label": wording.LEARN_TOPIC_LABELS[result.factor],
        "assoc": assoc,
    }


def _less_often(result: stats.FactorResult, system: str) -> Context:
    """A primary comparison with fewer cramps: not what was tested, so never a finding."""
    subject = wording.rule_subject(result.factor, result.threshold, result.threshold_source, system)
    return {
        "result": result,
        "assoc": result.association,
        "subject": subject,
        "note": wording.less_common_note(subject),
    }


def _association_rows(results: Iterable[stats.FactorResult], system: str) -> list[Context]:
    rows = []
    for result in results:
        rows.append(
            {
                "result": result,
                "label": wording.label_of(result),
                "window": wording.WINDOW_LABELS[result.window],
                "exposure": wording.exposure_of(result, system),
                "own": result.factor == stats.OWN,
            }
        )
    return rows


def _intake_chart(row: IntakeRow, bucket_kind: str, system: str) -> charts.LineChart:
    """A nutrient's chart in the person's units (fluid in fl oz in US customary)."""
    points = [
        (start, None if value is None else units.amount_number(value, row.unit, system))
        for start, value in row.points
    ]
    target = None
    if row.target:  # whole fl oz in US customary: 101, not 101.44
        target = round(units.amount_number(row.target.goal, row.unit, system))
    unit = units.display_unit(row.unit, system)
    return charts.intake_line(points, target, unit, bucket_kind)


def _forest(primary_rows: list[Context]) -> charts.ForestPlot | None:
    """The primary family's ratios with their intervals, as a chart."""
    if not primary_rows:
        return None
    return charts.forest_plot(
        [
            (
                row["label"],
                row["window"],
                row["result"].flagged,
                row["result"].ratio,
                row["result"].ci_low,
                row["result"].ci_high,
            )
            for row in primary_rows
        ]
    )


def _association_context(
    associations: stats.Report, report: PersonalReport, system: str
) -> Context:
    """The findings, the tables of comparisons and the words around them."""
    sufficient = associations.sufficient
    primary_rows = _association_rows(associations.primary, system) if sufficient else []
    return {
        "findings": [_finding(result, report, system) for result in associations.flagged],
        # A tested factor with clearly fewer cramps (its interval below 1) gets a word on
        # what that is, where it could be misread as a finding; the table says it for all.
        "less_often": [
            _less_often(result, system)
            for result in associations.primary
            if result.less_often and result.ci_high is not None and result.ci_high < 1
        ],
        "primary_rows": primary_rows,
        "exploratory_rows": (
            _association_rows(associations.exploratory, system) if sufficient else []
        ),
        "primary_family": wording.primary_family_text(),
        "exploratory_note": wording.EXPLORATORY_NOTE,
        "same_day_caveat": wording.SAME_DAY_CAVEAT,
        "min_group_days": stats.MIN_GROUP_DAYS,
        "min_shift": permutation.MIN_SHIFT,
        "forest": _forest(primary_rows),
        "not_a_cause": wording.NOT_A_CAUSE,
    }


def _context(form: PeriodForm, report: PersonalReport, system: str = units.METRIC) -> Context:
    cramps = report.cramps
    return {
        "form": form,
        "report": report,
        "periods": [(key, label) for key, (label, _) in PERIODS.items()],
        "cramp_chart": charts.cramp_bars(cramps.buckets, cramps.bucket_kind),
        "intake_charts": [
            (
                row,
                wording.NUTRIENT_LABELS[row.nutrient],
                _intake_chart(row, cramps.bucket_kind, system),
            )
            for row in report.intake
        ],
        "intake_left_out": [
            wording.left_out_note(row.nutrient, row.left_out)
            for row in report.intake
            if row.left_out
        ],
        **_association_context(report.associations, report, system),
        "see_clinician": cramps.worth_a_clinician,
        "nights_note": wording.unknown_nights(cramps.nights.unknown, cramps.nights.nights),
        "rate_from_days": RATE_FROM_DAYS,
        "frequent_per_week": wording.FREQUENT_PER_WEEK,
        "severe_from": wording.SEVERE_FROM,
        "clinician_url": learn_url("clinician"),
        "stretching_url": learn_url("stretching"),
    }


@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, report = _report(request)
    context = _context(form, report, request.user.profile.units)
    return render(request, "reports/index.html", context)


@dataclass(frozen=True)
class LoggedSupplement:
    """A supplement or medicine logged in the period, with each dose it was logged at."""

    name: str
    days: int
    # (mineral label, mg per dose, days at that dose), most days first; a supplement logged
    # without a mineral dose has none.
    doses: list[tuple[str, float, int]]


def _supplements(user: User, period: Period) -> list[LoggedSupplement]:
    """Every supplement and medicine logged in the period, most days first. One query."""
    days: dict[str, set[date]] = {}
    dose_days: dict[str, dict[tuple[str, float], set[date]]] = {}
    labels = dict(Supplement.Mineral.choices)
    for name, day, mineral, mineral_mg in (
        Supplement.objects.for_user(user)
        .between(period.first, period.last)
        .values_list("name", "local_date", "mineral", "mineral_mg")
    ):
        key = " ".join(name.split())
        days.setdefault(key, set()).add(day)
        if mineral and mineral_mg is not None:
            dose = (str(labels.get(mineral, mineral)).lower(), mineral_mg)
            dose_days.setdefault(key, {}).setdefault(dose, set()).add(day)
    rows = [
        LoggedSupplement(
            name,
            len(seen),
            sorted(
                ((label, mg, len(on)) for (label, mg), on in dose_days.get(name, {}).items()),
                key=lambda dose: (-dose[2], dose[1]),
            ),
        )
        for name, seen in days.items()
    ]
    return sorted(rows, key=lambda row: (-row.days, row.name))


def profile_medicines(profile: Profile) -> list[str]:
    """The kinds of medicine the profile says the person takes (accounts.models.Profile)."""
    kinds = [
        (profile.takes_diuretic, "a diuretic"),
        (profile.takes_statin, "a statin"),
        (profile.uses_long_acting_inhaler, "a long-acting asthma inhaler"),
        (profile.takes_pril_or_sartan, "a -pril or -sartan blood-pressure medicine"),
    ]
    return [label for present, label in kinds if present]


@require_GET
def summary(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The printable summary for a clinician, at most two printed pages (A4 or Letter): the
    browser's print or "save as PDF"."""
    form, report = _report(request)
    context = _context(form, report, request.user.profile.units)
    nights = report.cramps.nights_by_week
    context["nights_chart"] = charts.cramp_bars(
        [Bucket(start, 0, count) for start, count, _ in nights], "week", height=120
    )
    context["nights_by_week"] = nights
    context["nights_total"] = sum(count for _, count, _ in nights)
    context["nights_unknown"] = sum(unknown for _, _, unknown in nights)
    context["supplements"] = _supplements(request.user, report.period)
    context["usual"] = list(UsualSupplement.objects.for_user(request.user))
    context["profile_medicines"] = profile_medicines(request.user.profile)
    return render(request, "reports/summary.html", context)


@require_GET
def report_json(request: AuthenticatedHttpRequest) -> JsonResponse:
    _, report = _report(request)
    response = JsonResponse(report_as_dict(report), json_dumps_params={"indent": 2})
    filename = f"cramp-report-{report.period.first}-to-{report.period.last}.json"
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
