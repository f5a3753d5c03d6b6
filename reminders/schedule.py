"""When a daily reminder is due, in plain Python (no Django): local times in a person's zone.

A reminder "at 07:00" means 07:00 on the person's wall clock, whatever the clocks did that
night. Each local day's instant is worked out afresh from the zone's rules, never by adding
24 hours to yesterday's, so a daylight-saving change moves it with the clock.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

# A reminder missed by more than this (the worker was down, say) is skipped, not sent late:
# "Any cramps last night?" at lunchtime is noise.
CATCH_UP = datetime.timedelta(hours=2)
ONE_DAY = datetime.timedelta(days=1)


def scheduled_instant(day: datetime.date, at: datetime.time, zone: ZoneInfo) -> datetime.datetime:
    """The instant the local wall clock shows ``at`` on ``day``.

    A time the clocks skip (02:30 when they jump from 02:00 to 03:00) does not exist; Python
    reads it with the offset from before the jump (fold=0), which lands it the same distance
    after the jump (03:30). A time that happens twice (when clocks go back) is its first
    occurrence. Either way it is one instant a day, returned in UTC.
    """
    return datetime.datetime.combine(day, at, tzinfo=zone).astimezone(datetime.UTC)


def due_day(
    now: datetime.datetime,
    at: datetime.time,
    zone: ZoneInfo,
    catch_up: datetime.timedelta = CATCH_UP,
) -> datetime.date | None:
    """The local day whose reminder is due at ``now``, or None.

    Due means its instant has come and is less than ``catch_up`` ago. Yesterday is looked at
    too: a 23:30 reminder is still due at 00:10 the next day.
    """
    today = now.astimezone(zone).date()
    for day in (today, today - ONE_DAY):
        instant = scheduled_instant(day, at, zone)
        if instant <= now < instant + catch_up:
            return day
    return None


def in_quiet_hours(
    moment: datetime.time, start: datetime.time | None, end: datetime.time | None
) -> bool:
    """Whether a local time falls in [start, end), a span that may run past midnight."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end
