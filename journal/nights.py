"""Which nights are known, and recording "no cramps" for one.

A night is named by the evening it began on (``Cramp.night_of``): the night of the 14th ends
on the morning of the 15th. It is *known* when

- a cramp was logged for it, or
- the person answered "No cramps" for it (on Today, or from a reminder's link), or
- the day it ended on was marked complete (the person looked back over that whole day,
  early hours included).

Everything else is unknown: silence is not a cramp-free night, and reports say how many
nights they could not count.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from accounts.models import User

from .days import EVENING_STARTS, NIGHT_ENDS
from .models import Cramp, DayStatus, NightAnswer

ONE_DAY = datetime.timedelta(days=1)


def last_night(today: datetime.date) -> datetime.date:
    """The night a morning question is about: the one that ended this morning."""
    return today - ONE_DAY


def has_cramp(user: User, night: datetime.date) -> bool:
    return Cramp.objects.filter(user=user, night_of=night).exists()


def is_known(user: User, night: datetime.date) -> bool:
    """Whether ``night`` is known (the rule of :func:`known_nights`), in one query."""
    with_cramp = Cramp.objects.filter(user=user, night_of=night).values_list("pk")
    answered = NightAnswer.objects.filter(user=user, night=night).values_list("pk")
    completed = DayStatus.objects.filter(
        user=user, date=night + ONE_DAY, food_log_complete=True
    ).values_list("pk")
    return with_cramp.union(answered, completed).exists()


def morning_question(user: User, local_now: datetime.datetime) -> datetime.date | None:
    """The night Today asks about at ``local_now`` (the person's wall clock), or None.

    Asked from the end of the night (NIGHT_ENDS, 06:00) until the evening (EVENING_STARTS,
    18:00), and only while last night is still unknown: once a cramp is logged for it, it was
    answered or this day is marked complete, there is nothing left to ask.
    """
    if not NIGHT_ENDS <= local_now.time() < EVENING_STARTS:
        return None
    night = last_night(local_now.date())
    return None if is_known(user, night) else night


def known_nights(user: User, first: datetime.date, last: datetime.date) -> set[datetime.date]:
    """The known nights from ``first`` to ``last`` (both named by their evenings)."""
    with_cramp = Cramp.objects.filter(user=user, night_of__gte=first, night_of__lte=last)
    answered = NightAnswer.objects.filter(user=user, night__gte=first, night__lte=last)
    completed = DayStatus.objects.filter(
        user=user, food_log_complete=True, date__gte=first + ONE_DAY, date__lte=last + ONE_DAY
    )
    return known_from(
        cramp_nights=set(with_cramp.values_list("night_of", flat=True)),
        answered=set(answered.values_list("night", flat=True)),
        completed_days=set(completed.values_list("date", flat=True)),
    )


def known_from(
    cramp_nights: Iterable[datetime.date],
    answered: Iterable[datetime.date],
    completed_days: Iterable[datetime.date],
) -> set[datetime.date]:
    """The rule itself, on what was already read: nights with a cramp, nights answered "no
    cramps", and the nights that ended on a day marked complete (the reports pass what their
    series holds, so that the rule stays in this one place)."""
    return set(cramp_nights) | set(answered) | {day - ONE_DAY for day in completed_days}


def record_no_cramps(
    user: User, night: datetime.date, source: str = NightAnswer.Source.TODAY
) -> bool:
    """Records "no cramps" for ``night``; False when it was already answered.

    The unique constraint decides a race, as with request tokens. A night with a logged
    cramp is not answered "no": the caller checks ``has_cramp`` first and says so.
    """
    try:
        with transaction.atomic():
            NightAnswer.objects.create(user=user, night=night, source=source)
    except IntegrityError:
        return False
    return True


def undo_no_cramps(user: User, night: datetime.date) -> bool:
    """Takes back a "no cramps" answer for ``night``; False when there was none."""
    deleted, _ = NightAnswer.objects.filter(user=user, night=night).delete()
    return deleted > 0
