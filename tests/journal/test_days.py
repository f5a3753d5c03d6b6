from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from journal.days import day_bounds, local_day, night_of

AUCKLAND = ZoneInfo("Pacific/Auckland")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


@pytest.mark.parametrize(
    ("local", "zone", "day", "night"),
    [
        (datetime(2026, 3, 15, 2, 30), AUCKLAND, date(2026, 3, 15), date(2026, 3, 14)),
        (datetime(2026, 3, 15, 2, 30), LOS_ANGELES, date(2026, 3, 15), date(2026, 3, 14)),
        (datetime(2026, 3, 14, 23, 0), AUCKLAND, date(2026, 3, 14), date(2026, 3, 14)),
        (datetime(2026, 3, 15, 14, 0), LOS_ANGELES, date(2026, 3, 15), None),
        (datetime(2026, 3, 15, 5, 59), LOS_ANGELES, date(2026, 3, 15), date(2026, 3, 14)),
        (datetime(2026, 3, 15, 6, 0), LOS_ANGELES, date(2026, 3, 15), None),
        (datetime(2026, 3, 15, 18, 0), AUCKLAND, date(2026, 3, 15), date(2026, 3, 15)),
    ],
)
def test_local_day_and_night(local, zone, day, night):
    moment = local.replace(tzinfo=zone).astimezone(UTC)  # stored as UTC, like the database

    assert local_day(moment, zone) == day
    assert night_of(moment, zone) == night


def test_the_same_instant_is_a_different_day_in_auckland_and_los_angeles():
    moment = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)  # 01:00 on the 16th in Auckland

    assert local_day(moment, AUCKLAND) == date(2026, 3, 16)
    assert local_day(moment, LOS_ANGELES) == date(2026, 3, 15)


def test_a_day_when_clocks_change_has_23_hours():
    start, end = day_bounds(date(2026, 3, 8), LOS_ANGELES)  # US clocks go forward

    assert (end - start).total_seconds() == 23 * 3600


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        local_day(datetime(2026, 3, 15, 2, 30), AUCKLAND)
