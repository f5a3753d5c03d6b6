"""``manage.py cramp_report --user EMAIL [--days N | --period KEY] [--json]``

The same report as the page and the JSON view (reports.report.build_personal_report), for a
person's own records, from the command line: JSON for scripts, or a short text summary.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.models import User
from journal import days as journal_days
from reports import wording
from reports.cramps import RATE_FROM_DAYS, CrampSummary
from reports.periods import DEFAULT_PERIOD, PERIODS, period_for
from reports.report import PersonalReport, build_personal_report
from reports.serialize import report_as_dict
from reports.stats import FactorResult


class Command(BaseCommand):
    help = "Print one person's trend report: cramps, intake against targets, associations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, metavar="EMAIL", help="whose report")
        when = parser.add_mutually_exclusive_group()
        when.add_argument("--days", type=int, metavar="N", help="the last N days, ending today")
        when.add_argument(
            "--period",
            choices=sorted(PERIODS),
            help=f"a period of the reports page (default {DEFAULT_PERIOD})",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print the report as JSON"
        )

    def handle(
        self,
        *args: Any,
        user: str,
        days: int | None,
        period: str | None,
        as_json: bool,
        **options: Any,
    ) -> None:
        person = User.objects.select_related("profile").filter(email__iexact=user.strip()).first()
        if person is None:
            raise CommandError(f"No account with the email {user!r}.")
        if days is not None and days < 1:
            raise CommandError("--days needs a whole number of at least 1.")
        # "Today" is the person's own local day, as on the site.
        today = journal_days.local_day(timezone.now(), person.profile.zone)
        chosen = period_for(person, period or DEFAULT_PERIOD, today, days=days)
        report = build_personal_report(person, chosen)
        if as_json:
            self.stdout.write(_dumps(report_as_dict(report)))
        else:
            self.stdout.write(_as_text(report))


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _per_week(cramps: CrampSummary) -> str:
    if cramps.per_week is None:
        return f"no weekly rate before {RATE_FROM_DAYS} days of records"
    return f"{cramps.per_week:.1f} a week"


def _as_text(report: PersonalReport) -> str:
    cramps = report.cramps
    lines = [
        f"{report.period.label}: {report.period.first} to {report.period.last}",
        f"Days with entries: {report.logged_days}; complete food logs: {report.complete_days}",
        f"Cramps: {cramps.total} on {cramps.cramp_days} days ({_per_week(cramps)}), "
        f"{wording.percent(cramps.at_night.share)} at night",
        f"Nights: {cramps.nights.with_cramp} with a cramp, {cramps.nights.cramp_free} without, "
        f"{cramps.nights.unknown} unknown of {cramps.nights.nights}",
        *[
            wording.left_out_note(row.nutrient, row.left_out)
            for row in report.intake
            if row.left_out
        ],
        "",
    ]
    associations = report.associations
    if not associations.sufficient:
        lines.append("Not enough days for associations yet:")
        lines += [f"  - {gap.message}" for gap in associations.missing]
        return "\n".join(lines)
    lines.append(
        f"Tested (declared in advance): {wording.primary_family_text()}; "
        f"circular-shift permutation test over {associations.shifts} shifts, "
        f"Benjamini-Hochberg over these only (q = {associations.q}). "
        f"{associations.analysable_days} complete days."
    )

    for result in associations.primary:
        lines.append(_line(result, "*" if result.flagged else " "))
    if not associations.flagged:
        lines.append("No clear link yet.")
    lines.append("* stands out after correction. An association, not a cause.")
    lines.append("")
    lines.append("Exploratory (not tested, never a decision):")
    lines += [_line(result, " ") for result in associations.exploratory]
    return "\n".join(lines)


def _line(result: FactorResult, mark: str) -> str:
    """One comparison on one line: counts on each side, the ratio and the p-value."""
    assoc = result.association
    if result.ratio is not None:
        ratio = (
            f"ratio {_ratio(result.ratio)} "
            f"({wording.interval(result.ci_low, result.ci_high, as_percent=False)})"
        )
    else:
        ratio = "counts only" if result.small_group else "no ratio"
    p_value = f", p {result.p_value:.3g}" if result.p_value is not None else ""
    return (
        f" {mark} {wording.label_of(result)}, "
        f"{wording.WINDOW_LABELS[result.window]}: "
        f"{assoc.exposed_days_with_cramp}/{assoc.exposed_days} vs "
        f"{assoc.other_days_with_cramp}/{assoc.other_days}, {ratio}{p_value}"
    )
