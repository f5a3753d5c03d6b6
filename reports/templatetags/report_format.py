"""How the reports write numbers for people: shares as percentages, intervals, ratios."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

if TYPE_CHECKING:
    from reports.stats import FactorResult

# reports.wording is imported in each filter, not here: Django loads every template tag
# library when it first renders any template, and the wording loads the statistics (numpy),
# which a web worker showing Today should not carry (issue 25).

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.4166 -> "42%"; None -> "–"."""
    from reports import wording

    return wording.percent(value)


@register.filter
def percent_interval(bounds: tuple[float, float] | None) -> str:
    """(0.28, 0.57) -> "28–57%"."""
    from reports import wording

    if not bounds:
        return "–"
    return wording.interval(*bounds)


@register.filter
def ratio_interval(result: FactorResult) -> str:
    """A factor result's risk-ratio interval, "1.6–5.4": the one the decision uses, widened
    over the shifts for habits that last several days (``result.ci_low``/``ci_high``), never
    the independent-days interval of ``result.association`` (issue 23)."""
    from reports import wording

    return wording.interval(result.ci_low, result.ci_high, as_percent=False)


@register.filter
def ratio_interval_short(result: FactorResult) -> str:
    """The same interval to one decimal, to stand beside "3.8 times" in a sentence."""
    if result.ci_low is None or result.ci_high is None:
        return "–"
    return f"{result.ci_low:.1f}–{result.ci_high:.1f}"


@register.filter
def ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


@register.filter
def times(value: float | None) -> str:
    from reports import wording

    return wording.times(value)


@register.filter
def p_value(value: float | None) -> str:
    """p-values to two significant digits, small ones as "< 0.001"."""
    if value is None:
        return "–"
    if value < 0.001:
        return "< 0.001"
    return f"{value:.2g}" if value < 0.1 else f"{value:.2f}"


@register.filter
def duration(seconds: float | None) -> str:
    """90 -> "1 min 30 s"."""
    if seconds is None:
        return "–"
    minutes, rest = divmod(round(seconds), 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"
