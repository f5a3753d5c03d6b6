from datetime import date
from typing import Any

from django import template
from django.utils import timezone

from accounts.models import User

from .. import analysis, prompts, running
from ..models import Experiment

register = template.Library()


@register.simple_tag
def pow2(n: int | str) -> int:
    """How many orders ``n`` pairs can be drawn in."""
    return 2 ** int(n)


@register.filter
def plan_words(experiment: Experiment) -> str:
    """ "12 weeks of pairs of 3-night blocks, ... (14 pairs)", or "an open try of 12 weeks"."""
    if experiment.is_open:
        return f"an open try of {experiment.design.total_days // 7} weeks, every day"
    return analysis.plan_words(experiment.pairs, experiment.block_days, experiment.run_in_days)


@register.inclusion_tag("experiments/today_card.html", takes_context=True)
def experiment_today(context: template.Context) -> dict[str, Any]:
    """Today's assignment and its one-tap question, when an experiment is running."""
    request = context["request"]
    return {
        "prompt": prompts.todays_prompt(request.user, timezone.localdate()),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("experiments/report_section.html")
def ended_experiments(
    user: User,
    first: date | None = None,
    last: date | None = None,
    section_class: str = "card report-section",
    compact: bool = False,
) -> dict[str, Any]:
    """The person's finished (or stopped) experiments that overlap the report's period.

    ``compact`` (the printable summary): a stopped experiment, which has no result, in one
    line with a link rather than its whole protocol, so that the summary keeps to two pages.
    """
    queryset = Experiment.objects.for_user(user).ended().prefetch_related("changes", "answers")
    if first and last:
        queryset = queryset.filter(start_date__lte=last, ended_on__gte=first)
    rows = [
        {"experiment": experiment, "outcome": running.outcome(experiment)}
        for experiment in queryset.order_by("ended_on", "pk")
    ]
    return {"experiments": rows, "section_class": section_class, "compact": compact}
