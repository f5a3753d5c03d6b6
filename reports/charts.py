"""Chart geometry for the reports, drawn on the server as SVG: plain Python, no Django.

The templates only place what is computed here (bars, points, ticks, labels), so a chart is
the same on the page and in the printable summary, needs no JavaScript and no CDN, and is
tested on plain data. Every chart also has a table with the same numbers beside it, for
screen readers and for anyone who prefers numbers.

Sizes are in the SVG's own units (``WIDTH`` wide): the SVG scales to its container, so the
sizes are chosen to stay readable at phone width (about 350 px) and at half a desktop page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

WIDTH = 360
LEFT = 40  # room for the value axis labels
RIGHT = 8
TOP = 12
BOTTOM = 24  # room for the date labels
PLOT_WIDTH = WIDTH - LEFT - RIGHT


@dataclass(frozen=True)
class Tick:
    position: float  # y for a value axis, x for a date axis
    label: str


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    y: float
    height: float
    kind: str  # what the bar counts, for its colour ("day", "night")
    label: str  # the bar's value in words, for its tooltip


@dataclass(frozen=True)
class BarChart:
    height: int
    bars: list[Bar]
    value_ticks: list[Tick]
    date_ticks: list[Tick]
    baseline: float
    left: int = LEFT
    right: float = WIDTH - RIGHT
    width: int = WIDTH

    @property
    def paths(self) -> list[tuple[str, str]]:
        """(kind, SVG path data) with every bar of that kind: one element per colour, so a
        five-year chart is two elements for the page to render, not a hundred."""
        by_kind: dict[str, list[str]] = {}
        for bar in self.bars:
            by_kind.setdefault(bar.kind, []).append(
                f"M{bar.x:g},{bar.y:g}h{bar.width:g}v{bar.height:g}h{-bar.width:g}Z"
            )
        return [(kind, "".join(parts)) for kind, parts in sorted(by_kind.items())]


DOT_RADIUS = 2.5


@dataclass(frozen=True)
class LineChart:
    height: int
    segments: list[str]  # SVG polyline point lists; a gap (no complete day) splits the line
    dots: list[tuple[float, float]]
    target_y: float | None
    target_label: str
    value_ticks: list[Tick]
    date_ticks: list[Tick]
    baseline: float
    left: int = LEFT
    right: float = WIDTH - RIGHT
    width: int = WIDTH

    @property
    def dots_path(self) -> str:
        """Every point as a small circle, in one SVG path (two arcs each)."""
        r = DOT_RADIUS
        return "".join(
            f"M{x - r:g},{y:g}a{r:g},{r:g} 0 1,0 {2 * r:g},0a{r:g},{r:g} 0 1,0 {-2 * r:g},0"
            for x, y in self.dots
        )


@dataclass(frozen=True)
class ForestRow:
    y: float
    label: str
    window: str
    flagged: bool
    x: float | None  # the risk ratio's position, None when undefined
    low: float | None
    high: float | None
    clipped_low: bool = False  # the interval goes on past the axis
    clipped_high: bool = False


@dataclass(frozen=True)
class ForestPlot:
    height: int
    rows: list[ForestRow]
    ticks: list[Tick]
    one_x: float  # where a risk ratio of 1 (no difference) stands
    plot_left: float
    plot_right: float
    top: float
    bottom: float
    width: int = WIDTH
    labels: list[tuple[float, str]] = field(default_factory=list)


def nice_step(span: float, target_ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about ``target_ticks`` ticks."""
    if span <= 0:
        return 1.0
    raw = span / target_ticks
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _value_axis(top_value: float, height: int, unit: str = "") -> tuple[float, list[Tick], float]:
    """(axis maximum, ticks, baseline y) for values from 0 to ``top_value``."""
    step = nice_step(top_value or 1)
    axis_max = step * math.ceil((top_value or 1) / step)
    baseline = height - BOTTOM
    span = baseline - TOP
    ticks = []
    value = 0.0
    while value <= axis_max + step / 1000:
        y = baseline - span * value / axis_max
        ticks.append(Tick(round(y, 1), _amount_label(value, unit)))
        value += step
    return axis_max, ticks, baseline


def _amount_label(value: float, unit: str) -> str:
    if unit and value >= 1000 and value % 1000 == 0:
        return f"{value / 1000:g}k"
    if unit and value >= 1000:
        return f"{value / 1000:.1f}k"
    return f"{value:g}"


# The axis labels' font (reports.css .chart__label, 13 of the SVG's units): the widest
# character of a date label ("M", "W", a digit) takes at most this much of it, and labels keep
# this much space between them.
LABEL_FONT_SIZE = 13
LABEL_CHAR_WIDTH = 0.62 * LABEL_FONT_SIZE
LABEL_GAP = 6.0


def label_width(label: str) -> float:
    """A generous estimate of a label's width in the SVG's units (no font metrics here)."""
    return len(label) * LABEL_CHAR_WIDTH


def _thin_by_width(marks: list[Tick], right: float) -> list[Tick]:
    """Labels (placed from their x rightwards) that do not touch each other or run past
    ``right``. A first label that would clash with the second is dropped rather than the
    second: a period's first month or year is usually only its last few days ("AugSep")."""
    if len(marks) > 1 and marks[0].position + label_width(marks[0].label) + LABEL_GAP > (
        marks[1].position
    ):
        marks = marks[1:]
    kept: list[Tick] = []
    for mark in marks:
        if mark.position + label_width(mark.label) > right:
            continue
        if kept and kept[-1].position + label_width(kept[-1].label) + LABEL_GAP > mark.position:
            continue
        kept.append(mark)
    return kept


def _date_ticks(starts: list[date], slot: float, kind: str) -> list[Tick]:
    """Dates under a chart: the first bucket of each month (weeks) or year (months), thinned
    to at most six labels, and then by their width, so they never overlap at any width (the
    SVG scales as a whole, labels with it)."""
    marks = []
    previous = None
    for index, start in enumerate(starts):
        key = (start.year, start.month) if kind == "week" else start.year
        if key != previous:
            label = start.strftime("%b") if kind == "week" else str(start.year)
            if kind == "week" and start.month == 1:
                label = start.strftime("%b %Y")
            marks.append(Tick(round(LEFT + slot * index, 1), label))
            previous = key
    if kind == "month" and len(marks) <= 2 and starts:
        marks = [
            Tick(round(LEFT + slot * index, 1), start.strftime("%b %y"))
            for index, start in enumerate(starts)
        ]
    every = max(1, math.ceil(len(marks) / 6))
    return _thin_by_width(marks[::every], WIDTH - RIGHT / 2)


def cramp_bars(buckets: Sequence[Any], kind: str, height: int = 180) -> BarChart:
    """Stacked bars: cramps by day and at night for each week or month."""
    starts = [bucket.start for bucket in buckets]
    top_value = max((b.day_cramps + b.night_cramps for b in buckets), default=0)
    axis_max, ticks, baseline = _value_axis(max(top_value, 2), height)
    slot = PLOT_WIDTH / max(len(buckets), 1)
    gap = min(2.0, slot * 0.2)
    span = baseline - TOP
    bars = []
    for index, bucket in enumerate(buckets):
        x = LEFT + slot * index + gap / 2
        y = baseline
        for count, what in ((bucket.night_cramps, "night"), (bucket.day_cramps, "day")):
            if not count:
                continue
            h = span * count / axis_max
            y -= h
            when = "at night" if what == "night" else "by day"
            bars.append(
                Bar(
                    round(x, 2),
                    round(slot - gap, 2),
                    round(y, 2),
                    round(h, 2),
                    what,
                    f"{kind.capitalize()} of {bucket.start:%-d %b %Y}: {count} {when}",
                )
            )
    return BarChart(
        height=height,
        bars=bars,
        value_ticks=ticks,
        date_ticks=_date_ticks(starts, slot, kind),
        baseline=baseline,
    )


def intake_line(
    points: list[tuple[date, float | None]],
    target: float | None,
    unit: str,
    kind: str,
    height: int = 150,
) -> LineChart:
    """Mean daily amount per week or month (complete days only), with the target as a line."""
    values = [value for _, value in points if value is not None]
    top_value = max([*values, target or 0, 1])
    axis_max, ticks, baseline = _value_axis(top_value * 1.05, height, unit)
    slot = PLOT_WIDTH / max(len(points), 1)
    span = baseline - TOP

    def y_of(value: float) -> float:
        return round(baseline - span * value / axis_max, 1)

    segments: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    dots: list[tuple[float, float]] = []
    for index, (_, value) in enumerate(points):
        if value is None:
            if current:
                segments.append(current)
            current = []
            continue
        point = (round(LEFT + slot * (index + 0.5), 1), y_of(value))
        current.append(point)
        dots.append(point)
    if current:
        segments.append(current)
    target_label = ""
    if target is not None:
        target_label = f"target {_amount_label(target, unit)}"
    return LineChart(
        height=height,
        # A lone point is drawn as its dot only.
        segments=[" ".join(f"{x},{y}" for x, y in seg) for seg in segments if len(seg) > 1],
        dots=dots,
        target_y=y_of(target) if target is not None else None,
        target_label=target_label,
        value_ticks=ticks,
        date_ticks=_date_ticks([start for start, _ in points], slot, kind),
        baseline=baseline,
    )


FOREST_ROW = 22
FOREST_LABEL_WIDTH = 176
FOREST_RANGE = (0.125, 8.0)  # the axis: an eighth to eight times the rate of other days


def forest_plot(rows: Sequence[Any]) -> ForestPlot:
    """Risk ratios with their 95% intervals on a log axis, one row per factor and window.

    ``rows`` are (label, window label, flagged, ratio, low, high). An interval beyond the
    axis is drawn to its edge with an arrow; an undefined ratio shows no mark.
    """
    top = 8.0
    plot_left = float(FOREST_LABEL_WIDTH)
    plot_right = float(WIDTH - 14)
    low_end, high_end = (math.log(v) for v in FOREST_RANGE)

    def x_of(value: float) -> float:
        clamped = min(max(math.log(value), low_end), high_end)
        return round(
            plot_left + (plot_right - plot_left) * (clamped - low_end) / (high_end - low_end), 1
        )

    placed = []
    for index, (label, window, flagged, ratio, low, high) in enumerate(rows):
        y = top + FOREST_ROW * index + FOREST_ROW / 2
        placed.append(
            ForestRow(
                y=round(y, 1),
                label=label,
                window=window,
                flagged=flagged,
                x=x_of(ratio) if ratio else None,
                low=x_of(low) if low else None,
                high=x_of(high) if high else None,
                clipped_low=bool(low) and low < FOREST_RANGE[0],
                clipped_high=bool(high) and high > FOREST_RANGE[1],
            )
        )
    bottom = top + FOREST_ROW * len(rows)
    ticks = [
        Tick(x_of(value), label)
        for value, label in (
            (0.125, "⅛×"),
            (0.25, "¼×"),
            (0.5, "½×"),
            (1, "1×"),
            (2, "2×"),
            (4, "4×"),
            (8, "8×"),
        )
    ]
    return ForestPlot(
        height=int(bottom + 30),
        rows=placed,
        ticks=ticks,
        one_x=x_of(1.0),
        plot_left=plot_left,
        plot_right=plot_right,
        top=top,
        bottom=bottom,
    )
