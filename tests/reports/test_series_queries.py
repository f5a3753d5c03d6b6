"""The report reads the journal in a fixed number of queries, whatever the journal holds.

Five years of records must cost the same round trips as three days (issue 5, speed): these
tests pin the count for a short and a longer journal, and check how the series dates what it
reads (a night cramp counts on the day its night ends; an incomplete day's intake is unknown).
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, Q, Sum

from accounts.models import User
from foods.nutrients import MINERAL_FIELDS, MINERALS
from journal.intake import rows as _rows
from journal.models import Cramp, DayStatus, Drink, Exercise, MealItem, Supplement
from reports.report import build_personal_report, period_for
from reports.series import Day, daily_series
from reports.stats import _as_day_record as build_report_record
from tests.factories import (
    CrampFactory,
    DrinkFactory,
    ExerciseFactory,
    MealFactory,
    MealItemFactory,
    SupplementFactory,
)

MINERAL_SUMS = {name: Sum(column) for name, column in MINERAL_FIELDS.items()}
LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 3, 20)
# Day statuses, meal items, drinks, mineral supplements, exercise, cramps; the profile comes
# with the signed-in user (accounts.backends.EmailBackend).
SERIES_QUERIES = 6
# The report reads the marks of the person's own factors too (issue 15).
OWN_FACTOR_QUERIES = 1
# And the nights answered "no cramps", which make those nights known (issue 17).
NIGHT_ANSWER_QUERIES = 1


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def fill_journal(user, day_count: int) -> None:
    """``day_count`` days ending yesterday, with every kind of entry on some of them."""
    for offset in range(1, day_count + 1):
        day = TODAY - timedelta(days=offset)
        meal = MealFactory(user=user, occurred_at=at(day, 8))
        MealItemFactory(meal=meal)
        MealItemFactory(meal=meal, food_name="Milk", potassium_mg=150.0)
        DrinkFactory(user=user, occurred_at=at(day, 10))
        if offset % 2:
            ExerciseFactory(user=user, occurred_at=at(day, 17))
            SupplementFactory(user=user, occurred_at=at(day, 21))
            DayStatus.objects.create(user=user, date=day, food_log_complete=True)
        if offset % 3 == 0:
            CrampFactory(user=user, occurred_at=at(day, 3, 15))


def signed_in(user):
    """The user as a request has it: with the profile, in one query."""
    return User.objects.select_related("profile").get(pk=user.pk)


@pytest.mark.parametrize("day_count", [3, 60])
def test_daily_series_runs_a_fixed_number_of_queries(owner, django_assert_num_queries, day_count):
    fill_journal(owner, day_count)
    user = signed_in(owner)

    with django_assert_num_queries(SERIES_QUERIES):
        series = daily_series(user, TODAY - timedelta(days=day_count), TODAY)

    assert len(series.days) == day_count + 1
    assert sum(day.complete for day in series.days) == (day_count + 1) // 2


@pytest.mark.parametrize("day_count", [3, 60])
def test_the_report_runs_as_many_queries_as_the_series(owner, django_assert_num_queries, day_count):
    fill_journal(owner, day_count)
    user = signed_in(owner)
    period = period_for(user, "90", TODAY)

    with django_assert_num_queries(SERIES_QUERIES + OWN_FACTOR_QUERIES + NIGHT_ANSWER_QUERIES):
        report = build_personal_report(user, period)

    assert report.cramps.total == day_count // 3


@pytest.mark.parametrize("day_count", [3, 60])
def test_the_all_time_report_adds_one_fixed_query_per_kind_to_find_the_first_day(
    owner, django_assert_num_queries, day_count
):
    fill_journal(owner, day_count)
    user = signed_in(owner)

    # Cramps, meals, drinks, exercise, supplements, day statuses and night answers: the
    # earliest of each.
    with django_assert_num_queries(SERIES_QUERIES + OWN_FACTOR_QUERIES + NIGHT_ANSWER_QUERIES + 7):
        report = build_personal_report(user, period_for(user, "all", TODAY))

    assert report.period.first == TODAY - timedelta(days=day_count)


def test_a_night_cramp_counts_on_the_day_its_night_ends(owner):
    night = date(2026, 3, 14)
    CrampFactory(user=owner, occurred_at=at(night, 23, 30))
    CrampFactory(user=owner, occurred_at=at(night + timedelta(days=1), 2, 30))
    CrampFactory(user=owner, occurred_at=at(night + timedelta(days=1), 14, 0))

    series = daily_series(owner, night, night + timedelta(days=1))

    evening, morning = series.days
    assert (evening.cramps, evening.night_cramps) == (0, 0)
    assert (morning.cramps, morning.night_cramps) == (3, 2)
    assert [cramp.day for cramp in series.cramps] == [morning.date] * 3


def test_a_night_cramp_of_the_night_before_the_first_day_counts_on_the_first_day(owner):
    first = date(2026, 3, 15)
    CrampFactory(user=owner, occurred_at=at(first, 2, 30))  # the night of the 14th

    series = daily_series(owner, first, first + timedelta(days=1))

    assert [day.cramps for day in series.days] == [1, 0]


def test_incomplete_days_have_unknown_intake_not_zero(owner):
    logged, empty_but_complete, open_day = date(2026, 3, 10), date(2026, 3, 11), date(2026, 3, 12)
    for day in (logged, open_day):
        MealItemFactory(meal=MealFactory(user=owner, occurred_at=at(day, 12)))
        DrinkFactory(user=owner, occurred_at=at(day, 12), volume_ml=500)
    for day in (logged, empty_but_complete):
        DayStatus.objects.create(user=owner, date=day, food_log_complete=True)

    series = daily_series(owner, logged, open_day)

    by_date = {day.date: day for day in series.days}
    assert by_date[logged].potassium == pytest.approx(422.44)
    assert by_date[logged].fluid == 500.0
    assert by_date[empty_but_complete].potassium == 0.0  # complete and nothing eaten
    assert by_date[empty_but_complete].fluid == 0.0
    nothing_known = (None,) * 7
    assert (
        by_date[open_day].potassium,
        by_date[open_day].magnesium,
        by_date[open_day].calcium,
        by_date[open_day].sodium,
        by_date[open_day].fluid,
        by_date[open_day].alcohol,
        by_date[open_day].caffeine,
    ) == nothing_known
    assert open_day in series.logged  # logged, just not complete


def test_rows_come_back_as_the_orm_returns_them(owner):
    """daily_series reads its grouped rows on a plain cursor (journal.intake.rows): dates,
    sums and counts must be what the ORM would give, on SQLite and on PostgreSQL."""
    fill_journal(owner, 4)
    queries = [
        DayStatus.objects.filter(user=owner).values_list("date"),
        Drink.objects.for_user(owner)
        .values("local_date")
        .annotate(
            fluid=Sum("volume_ml"),
            alcohol=Count("pk", filter=Q(alcoholic=True)),
            **MINERAL_SUMS,
        )
        .values_list("local_date", "fluid", "alcohol", *MINERAL_SUMS)
        .order_by("local_date"),
        Exercise.objects.for_user(owner)
        .values("local_date")
        .annotate(minutes=Sum("duration_minutes"))
        .values_list("local_date", "minutes")
        .order_by("local_date"),
    ]
    for queryset in queries:
        rows = _rows(queryset)
        assert rows == list(queryset)
        assert all(isinstance(row[0], date) for row in rows)
        assert [tuple(map(type, row)) for row in rows] == [
            tuple(map(type, row)) for row in queryset
        ]


def test_cramp_relief_is_read_as_a_list(owner):
    CrampFactory(user=owner, occurred_at=at(TODAY, 3), relief=["stretching", "heat"])
    CrampFactory(user=owner, occurred_at=at(TODAY, 4))

    series = daily_series(owner, TODAY, TODAY)

    assert [cramp.relief for cramp in series.cramps] == [["stretching", "heat"], []]


def test_the_series_matches_a_day_by_day_count_of_the_entries(owner):
    """Every day's figures against a plain recount from the entries themselves."""
    fill_journal(owner, 20)
    DrinkFactory(user=owner, occurred_at=at(TODAY - timedelta(days=3), 19), kind="alcohol")
    DrinkFactory(user=owner, occurred_at=at(TODAY - timedelta(days=3), 9), kind="coffee")
    for drink in Drink.objects.filter(user=owner, kind__in=["alcohol", "coffee"]):
        drink.count_minerals(None)
        drink.save()
    SupplementFactory(
        user=owner, occurred_at=at(TODAY - timedelta(days=5), 8), mineral="potassium", mineral_mg=99
    )
    SupplementFactory(user=owner, occurred_at=at(TODAY - timedelta(days=7), 8), mineral="")
    ExerciseFactory(user=owner, occurred_at=at(TODAY - timedelta(days=1), 7), intensity="hard")
    first = TODAY - timedelta(days=20)

    series = daily_series(owner, first, TODAY)

    complete = set(
        DayStatus.objects.filter(user=owner, food_log_complete=True).values_list("date", flat=True)
    )
    for day in series.days:
        items = MealItem.objects.filter(meal__user=owner, meal__local_date=day.date)
        drinks = Drink.objects.filter(user=owner, local_date=day.date)
        supplements = Supplement.objects.filter(user=owner, local_date=day.date)
        sessions = Exercise.objects.filter(user=owner, local_date=day.date)
        assert day.complete == (day.date in complete)
        if day.complete:
            for name in MINERALS:
                expected = sum(getattr(item, f"{name}_mg") or 0 for item in items)
                expected += sum(getattr(drink, f"{name}_mg") or 0 for drink in drinks)
                expected += sum(s.mineral_mg or 0 for s in supplements if s.mineral == name)
                assert getattr(day, name) == pytest.approx(expected), (day.date, name)
            assert day.fluid == sum(drink.volume_ml for drink in drinks)
            assert day.alcohol == sum(drink.alcoholic for drink in drinks)
            assert day.caffeine == sum(drink.caffeinated for drink in drinks)
        else:
            assert day.potassium is day.fluid is day.alcohol is None
        assert day.exercise_minutes == sum(s.duration_minutes for s in sessions)
        intensities = {s.intensity for s in sessions}
        assert day.exercise_intensity == (
            3 if "hard" in intensities else 2 if "moderate" in intensities else len(intensities)
        )
        counted = [
            cramp
            for cramp in Cramp.objects.filter(user=owner)
            if (cramp.night_of + timedelta(days=1) if cramp.night_of else cramp.local_date)
            == day.date
        ]
        assert day.cramps == len(counted)
        assert day.night_cramps == sum(cramp.night_of is not None for cramp in counted)


def test_a_days_record_for_the_statistics_holds_what_its_dict_holds():
    day = Day(
        date(2026, 3, 1),
        True,
        cramps=2,
        night_cramps=1,
        worst_severity=7,
        potassium=1.0,
        magnesium=2.0,
        calcium=3.0,
        sodium=4.0,
        fluid=5.0,
        exercise_minutes=6.0,
        exercise_intensity=2,
        alcohol=7.0,
        caffeine=8.0,
    )

    assert day.as_day_record() == build_report_record(day.as_record())
