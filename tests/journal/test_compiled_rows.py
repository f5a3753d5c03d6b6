"""journal.compiled.CompiledRows: a query built once, then run with each call's person and
days, must give exactly what the queryset built for those values gives (issue 25)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum
from django.test.utils import CaptureQueriesContext

from journal.compiled import CompiledRows
from journal.intake import rows
from journal.models import DayStatus, Drink
from tests.factories import DrinkFactory

LONDON = ZoneInfo("Europe/London")
FIRST = date(2026, 3, 1)


def drinks_by_day(user_id, first, last):
    return (
        Drink.objects.filter(user_id=user_id, local_date__range=(first, last))
        .values("local_date")
        .annotate(fluid=Sum("volume_ml"), alcohol=Count("pk", filter=Q(alcoholic=True)))
        .values_list("local_date", "fluid", "alcohol")
        .order_by("local_date")
    )


def drink_every_day(user, days, volume_ml):
    for offset in range(days):
        moment = datetime.combine(FIRST + timedelta(days=offset), time(9), tzinfo=LONDON)
        DrinkFactory(user=user, occurred_at=moment, volume_ml=volume_ml)


def test_each_call_gets_its_own_persons_rows_and_days(owner, stranger):
    drink_every_day(owner, 6, 250)
    drink_every_day(stranger, 6, 500)
    compiled = CompiledRows(Drink, drinks_by_day)

    for user, first, last in (
        (owner, FIRST, FIRST + timedelta(days=5)),
        (stranger, FIRST + timedelta(days=2), FIRST + timedelta(days=3)),
        (owner, FIRST + timedelta(days=4), FIRST + timedelta(days=9)),
    ):
        expected = rows(drinks_by_day(user.pk, first, last))
        assert compiled(user.pk, first, last) == expected
        assert expected  # something to compare
        assert expected == [tuple(row) for row in drinks_by_day(user.pk, first, last)]


def test_it_runs_the_sql_the_queryset_would_run(owner):
    drink_every_day(owner, 3, 250)
    compiled = CompiledRows(Drink, drinks_by_day)
    compiled(owner.pk, FIRST, FIRST)  # compiled with the stand-ins, then run
    last = FIRST + timedelta(days=2)

    with CaptureQueriesContext(connection) as replayed:
        compiled(owner.pk, FIRST, last)
    with CaptureQueriesContext(connection) as built:
        rows(drinks_by_day(owner.pk, FIRST, last))

    assert [query["sql"] for query in replayed] == [query["sql"] for query in built]


def test_a_value_that_is_not_a_parameter_is_refused(owner):
    # The person's key never reaches the SQL: replaying it for another person would be wrong.
    compiled = CompiledRows(
        DayStatus,
        lambda user_id, first: (
            DayStatus.objects.filter(date=first, food_log_complete=True)
            .values_list("date")
            .order_by()
        ),
    )

    with pytest.raises(ValueError, match="missing from the parameters"):
        compiled(owner.pk, FIRST)


def test_several_queries_sent_together_give_what_each_gives_alone(owner, stranger):
    # On PostgreSQL rows_of_each sends them in one pipeline; elsewhere one after another.
    from journal.compiled import rows_of_each

    drink_every_day(owner, 6, 250)
    drink_every_day(stranger, 3, 500)
    compiled = CompiledRows(Drink, drinks_by_day)
    calls = [
        (compiled, (owner.pk, FIRST, FIRST + timedelta(days=5))),
        (compiled, (stranger.pk, FIRST, FIRST + timedelta(days=5))),
        (compiled, (owner.pk, FIRST + timedelta(days=7), FIRST + timedelta(days=9))),
    ]

    with CaptureQueriesContext(connection) as captured:
        together = rows_of_each(calls)

    assert together == [query(*values) for query, values in calls]
    assert [len(found) for found in together] == [6, 3, 0]
    assert len(captured.captured_queries) == 3  # still three queries, each counted
