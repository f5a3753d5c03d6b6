"""The plain-Python schedule: a wall-clock time in a zone, across clock changes."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from reminders.schedule import CATCH_UP, due_day, in_quiet_hours, scheduled_instant

AUCKLAND = ZoneInfo("Pacific/Auckland")
LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC


def local(*args, zone=AUCKLAND):
    return datetime.datetime(*args, tzinfo=zone)


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (datetime.date(2026, 4, 4), 18),  # NZDT, UTC+13: 07:00 is 18:00 UTC the day before
        (datetime.date(2026, 4, 5), 19),  # clocks went back at 03:00: NZST, UTC+12
        (datetime.date(2026, 9, 26), 19),
        (datetime.date(2026, 9, 27), 18),  # clocks went forward at 02:00: NZDT again
    ],
)
def test_seven_oclock_follows_the_wall_clock_through_a_change(day, utc_hour):
    instant = scheduled_instant(day, datetime.time(7), AUCKLAND)
    assert instant.astimezone(UTC).hour == utc_hour
    assert instant.astimezone(AUCKLAND).time() == datetime.time(7)


def test_a_skipped_time_happens_once_just_after_the_jump():
    # 02:30 does not exist in Auckland on 27 September 2026 (02:00 jumps to 03:00).
    instant = scheduled_instant(datetime.date(2026, 9, 27), datetime.time(2, 30), AUCKLAND)
    assert instant.astimezone(AUCKLAND).replace(tzinfo=None) == datetime.datetime(
        2026, 9, 27, 3, 30
    )


def test_a_repeated_time_is_due_only_once():
    # 02:30 happens twice in Auckland on 5 April 2026; minute ticks through both.
    start = local(2026, 4, 5, 1, 0).astimezone(UTC)
    due = {
        due_day(
            start + datetime.timedelta(minutes=m),
            datetime.time(2, 30),
            AUCKLAND,
            catch_up=datetime.timedelta(minutes=1),
        )
        for m in range(4 * 60)
    }
    assert due == {None, datetime.date(2026, 4, 5)}


def test_due_from_the_minute_until_the_catch_up_ends():
    at = datetime.time(7)
    assert due_day(local(2026, 6, 1, 6, 59), at, AUCKLAND) is None
    assert due_day(local(2026, 6, 1, 7, 0), at, AUCKLAND) == datetime.date(2026, 6, 1)
    assert due_day(
        local(2026, 6, 1, 7, 0) + CATCH_UP - datetime.timedelta(seconds=1), at, AUCKLAND
    ) == datetime.date(2026, 6, 1)
    assert due_day(local(2026, 6, 1, 7, 0) + CATCH_UP, at, AUCKLAND) is None


def test_a_late_evening_reminder_is_still_due_just_after_midnight():
    assert due_day(local(2026, 6, 2, 0, 10, zone=LONDON), datetime.time(23, 30), LONDON) == (
        datetime.date(2026, 6, 1)
    )


@pytest.mark.parametrize(
    ("moment", "start", "end", "quiet"),
    [
        ((23, 0), (22, 0), (7, 0), True),
        ((6, 59), (22, 0), (7, 0), True),
        ((7, 0), (22, 0), (7, 0), False),
        ((12, 0), (22, 0), (7, 0), False),
        ((13, 0), (12, 0), (14, 0), True),
        ((14, 0), (12, 0), (14, 0), False),
        ((3, 0), None, None, False),
        ((3, 0), (3, 0), (3, 0), False),
    ],
)
def test_quiet_hours_may_run_past_midnight(moment, start, end, quiet):
    as_time = lambda pair: None if pair is None else datetime.time(*pair)  # noqa: E731
    assert in_quiet_hours(as_time(moment), as_time(start), as_time(end)) is quiet
