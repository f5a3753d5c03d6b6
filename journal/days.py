"""Which local day and which night an entry belongs to. Plain Python, no Django.

Every entry belongs to its person's local calendar day, in their own time zone: a meal at
23:30 in Auckland is on that Auckland date, whatever the server's clock says. Cramps also
belong to a night: one at 02:30 belongs to the night that began the evening before, which is
what reports compare with that evening's meals and drinks.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# A night runs from EVENING_STARTS on one date to NIGHT_ENDS on the next.
EVENING_STARTS = time(18, 0)
NIGHT_ENDS = time(6, 0)


def local_datetime(moment: datetime, zone: ZoneInfo) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("An aware datetime is needed: naive times have no time zone.")
    return moment.astimezone(zone)


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    """The person's calendar date at ``moment``."""
    return local_datetime(moment, zone).date()


def night_of(moment: datetime, zone: ZoneInfo) -> date | None:
    """The date of the evening whose night contains ``moment``; None in the daytime.

    02:30 on 15 March belongs to the night of 14 March; 23:00 on 14 March too; 14:00 to none.
    """
    local = local_datetime(moment, zone)
    if local.time() < NIGHT_ENDS:
        return local.date() - timedelta(days=1)
    if local.time() >= EVENING_STARTS:
        return local.date()
    return None


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants, in UTC, where a local day starts and the next one starts: 23 or 25
    hours apart on the days clocks change. (In UTC because Python subtracts two times of one
    zone by their wall clocks, which would hide that.)"""
    start = datetime.combine(day, time(0, 0), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)
