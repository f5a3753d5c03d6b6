"""Chart axis labels never overlap nor run out of the chart (issue 14: "AugSep")."""

from datetime import date, timedelta
from itertools import pairwise

import pytest

from reports import charts
from reports.report import Bucket


def weekly(first: date, weeks: int) -> list[Bucket]:
    start = first - timedelta(days=first.weekday())
    return [Bucket(start + timedelta(weeks=index)) for index in range(weeks)]


def monthly(first: date, months: int) -> list[Bucket]:
    starts, current = [], first.replace(day=1)
    for _ in range(months):
        starts.append(Bucket(current))
        current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return starts


def assert_apart(ticks):
    for left, right in pairwise(ticks):
        assert left.position + charts.label_width(left.label) + charts.LABEL_GAP <= right.position
    for tick in ticks:
        assert tick.position >= charts.LEFT
        assert tick.position + charts.label_width(tick.label) <= charts.WIDTH


@pytest.mark.parametrize("first", [date(2025, 8, 25), date(2025, 8, 31), date(2025, 12, 29)])
def test_ninety_days_starting_at_a_months_end_drop_the_clashing_first_label(first):
    ticks = charts.cramp_bars(weekly(first, 13), "week").date_ticks

    assert_apart(ticks)
    # The first week's month had one bucket: its label would sit on the next one's.
    assert ticks[0].label not in ("Aug", "Dec")


def test_five_years_of_months_starting_in_december_drops_the_first_year():
    ticks = charts.cramp_bars(monthly(date(2021, 12, 1), 61), "month").date_ticks

    assert_apart(ticks)
    assert [tick.label for tick in ticks][:2] == ["2022", "2023"]


@pytest.mark.parametrize("weeks", [1, 2, 5, 12, 26, 53])
def test_weekly_labels_stay_apart_at_every_length(weeks):
    for first in (date(2026, 1, 1) + timedelta(days=step) for step in range(0, 365, 9)):
        assert_apart(charts.cramp_bars(weekly(first, weeks), "week").date_ticks)
        points = [(bucket.start, 1.0) for bucket in weekly(first, weeks)]
        assert_apart(charts.intake_line(points, 2.0, "mg", "week").date_ticks)


def test_labels_that_fit_are_all_kept():
    ticks = charts.cramp_bars(weekly(date(2026, 3, 2), 26), "week").date_ticks
    assert [tick.label for tick in ticks] == ["Mar", "Apr", "May", "Jun", "Jul", "Aug"]
