"""Every per-person query of Today and the report reads that person's rows through an index
that starts with the person (issue 25): at 100,000 people a sequential scan of the meal items
took 1.8 s. On PostgreSQL only, with sequential scans priced out (``enable_seqscan`` off), so
the planner shows the plan a large table would get even on this small test database."""

import json
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from reports.report import build_personal_report, period_for
from tests.factories import (
    CrampFactory,
    DrinkFactory,
    ExerciseFactory,
    MealFactory,
    MealItemFactory,
    SupplementFactory,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's query plans"
)

LONDON = ZoneInfo("Europe/London")
# The tables that grow with the number of people.
PEOPLE_TABLES = {
    "journal_meal",
    "journal_mealitem",
    "journal_drink",
    "journal_cramp",
    "journal_exercise",
    "journal_supplement",
    "journal_daystatus",
    "journal_dayfactor",
    "journal_dayfactormark",
    "journal_nightanswer",
    "foods_favourite",
    "accounts_user",
    "accounts_profile",
    "django_session",
}


# The columns an index condition must name for the rows it finds to be one person's: the
# person's own key, or the ids of rows already found by it (a meal's items, a session).
PERSONS_KEYS = re.compile(r"\b(user_id|owner_id|id|meal_id|factor_id|session_key)\b")


def nodes(plan: dict) -> list[dict]:
    found = [plan]
    for child in plan.get("Plans", []):
        found += nodes(child)
    return found


def scans(sql: str) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        (plan,) = cursor.fetchone()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return [node for node in nodes(plan[0]["Plan"]) if "Relation Name" in node]


def index_condition(node: dict) -> str:
    """The condition the rows of a scan were found by in an index: its own ``Index Cond``, or
    for a bitmap heap scan (the planner's choice for a few rows) those of the bitmap index
    scans under it, which is where the index was read."""
    if "Index Cond" in node:
        return node["Index Cond"]
    return " ".join(
        child.get("Index Cond", "")
        for child in nodes(node)[1:]
        if child["Node Type"] == "Bitmap Index Scan"
    )


def check_plans(queries: list[dict]) -> list[str]:
    """What is wrong with these queries' plans: a sequential scan of a people's table, or
    meal items read other than through their owner and day."""
    problems = []
    for query in queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        for node in scans(sql):
            table = node["Relation Name"]
            if table in PEOPLE_TABLES and node["Node Type"] == "Seq Scan":
                problems.append(f"Seq Scan on {table}: {sql[:300]}")
            # An index walked from end to end (to read rows in its order) reads everyone's.
            if table in PEOPLE_TABLES and "Index Name" in node and "Index Cond" not in node:
                problems.append(f"whole index {node['Index Name']} on {table}: {sql[:300]}")
            # So does one found by everyone's days or moments, the person filtered after.
            elif (
                table in PEOPLE_TABLES
                and node["Node Type"] != "Seq Scan"
                and not PERSONS_KEYS.search(index_condition(node))
            ):
                problems.append(f"{table} read by no person's key: {node}")
            if table == "journal_mealitem" and "GROUP BY" in sql and "local_date" in sql:
                condition = index_condition(node)
                if "user_id" not in condition or "local_date" not in condition:
                    problems.append(f"meal items not read by owner and day: {node}")
    return problems


def fill(user) -> None:
    for offset in range(1, 15):
        day = date.today() - timedelta(days=offset)
        meal = MealFactory(user=user, occurred_at=datetime.combine(day, time(8), tzinfo=LONDON))
        MealItemFactory(meal=meal)
        MealItemFactory(meal=meal, food_name="Milk")
        DrinkFactory(user=user, occurred_at=datetime.combine(day, time(10), tzinfo=LONDON))
        ExerciseFactory(user=user, occurred_at=datetime.combine(day, time(17), tzinfo=LONDON))
        SupplementFactory(user=user, occurred_at=datetime.combine(day, time(21), tzinfo=LONDON))
        CrampFactory(user=user, occurred_at=datetime.combine(day, time(3), tzinfo=LONDON))


def todays_queries(client) -> list[dict]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("journal:today")).status_code == 200
        past = date.today() - timedelta(days=3)
        assert client.get(reverse("journal:day", kwargs={"day": past})).status_code == 200
    return captured.captured_queries


def reports_queries(user) -> list[dict]:
    user = User.objects.select_related("profile").get(pk=user.pk)
    with CaptureQueriesContext(connection) as captured:
        for name in ("90", "year", "all"):
            build_personal_report(user, period_for(user, name, date.today()))
    return captured.captured_queries


@pytest.fixture
def only_the_day_index_starts_with_the_owner(db):
    """The unique (owner, request token) index also starts with the owner. On this small,
    never-analysed table the planner estimates one row through either index and draws between
    equal costs (CI once took the token index and filtered the days); at scale a day range is
    selective and the (owner, day) index wins. The question here is whether that index serves
    these queries, so its rival goes for the test (undone with the test's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE journal_mealitem DROP CONSTRAINT mealitem_one_per_request")


@pytest.mark.usefixtures("only_the_day_index_starts_with_the_owner")
def test_todays_and_a_past_days_queries_read_the_persons_rows_through_an_index(
    owner, stranger, owner_client
):
    fill(owner)
    fill(stranger)

    assert check_plans(todays_queries(owner_client)) == []


@pytest.mark.usefixtures("only_the_day_index_starts_with_the_owner")
def test_the_reports_queries_read_the_persons_rows_through_an_index(owner, stranger):
    fill(owner)
    fill(stranger)

    assert check_plans(reports_queries(owner)) == []


def test_the_check_fails_without_the_meal_items_owner_and_day_index(owner, owner_client):
    fill(owner)
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute("DROP INDEX mealitem_user_day")

    problems = check_plans(reports_queries(owner)) + check_plans(todays_queries(owner_client))

    assert any("meal items not read by owner and day" in problem for problem in problems)


def test_a_bitmap_heap_scan_is_judged_by_the_index_scan_under_it():
    # The plan CI met once for Today's recent foods: the rows found through the (owner, day)
    # index by a bitmap, the condition on the child, only a recheck on the heap scan.
    heap = {
        "Node Type": "Bitmap Heap Scan",
        "Relation Name": "journal_mealitem",
        "Recheck Cond": "((user_id = 7) AND (local_date >= '2026-10-22'::date))",
        "Plans": [
            {
                "Node Type": "Bitmap Index Scan",
                "Index Name": "mealitem_user_day",
                "Index Cond": "((user_id = 7) AND (local_date >= '2026-10-22'::date))",
            }
        ],
    }
    assert "user_id" in index_condition(heap) and "local_date" in index_condition(heap)
    heap["Plans"][0]["Index Cond"] = "(meal_id = 3)"
    assert "user_id" not in index_condition(heap)


def test_rows_found_by_everyones_moments_are_not_one_persons():
    # The plan a one-column index of every entry's moment invited for one person's latest
    # entries: walk the crowd's newest first, filtering out everyone else.
    walk = {
        "Node Type": "Index Scan",
        "Relation Name": "journal_drink",
        "Index Name": "journal_drink_occurred_at_5901f8b7",
        "Index Cond": "(occurred_at >= '2026-09-07 00:00:00+00'::timestamp with time zone)",
        "Filter": "(user_id = 7)",
    }
    assert not PERSONS_KEYS.search(index_condition(walk))
    walk["Index Cond"] = "((user_id = 7) AND (local_date >= '2026-09-07'::date))"
    assert PERSONS_KEYS.search(index_condition(walk))
