"""A complete day with an item whose mineral is unknown is left out for that mineral only.

Before, the report added the known items and took the unknown one as 0: a person whose
imported meals had no values showed 250 mg potassium a day. Now that day's potassium is
unknown (None), the potassium averages and comparisons leave it out, the other minerals and
fluid keep it, and the report says how many days were left out.
"""

import html
from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from journal.models import DayStatus
from portability.importing import import_document
from reports.series import daily_series
from tests.factories import DrinkFactory, MealFactory, MealItemFactory, UserFactory


@pytest.fixture
def four_complete_days(owner):
    """Four complete days, each with a banana and 500 ml water; on three of them another
    food without a potassium value."""
    today = timezone.localdate()
    days = [today - timedelta(days=offset) for offset in range(4, 0, -1)]
    for index, day in enumerate(days):
        when = timezone.make_aware(datetime.combine(day, time(12)))
        meal = MealFactory(user=owner, occurred_at=when)
        MealItemFactory(meal=meal)
        if index:
            MealItemFactory(meal=meal, food_name="Imported stew", potassium_mg=None)
        DrinkFactory(user=owner, occurred_at=when, volume_ml=500)
        DayStatus.objects.create(user=owner, date=day, food_log_complete=True)
    return days


def test_the_series_leaves_the_unknown_mineral_out_of_those_days_only(owner, four_complete_days):
    first, last = four_complete_days[0], four_complete_days[-1]
    days = daily_series(owner, first, last).days

    assert [day.potassium for day in days] == [pytest.approx(422.44), None, None, None]
    assert all(day.complete for day in days)
    assert all(day.magnesium == pytest.approx(31.86 * 2) for day in days[1:])
    assert all(day.fluid == 500.0 for day in days)


def test_the_report_says_how_many_days_were_left_out_for_the_mineral(
    owner_client, four_complete_days
):
    response = owner_client.get(reverse("reports:index"), {"period": "30"})

    assert response.status_code == 200
    rows = {row.nutrient: row for row in response.context["report"].intake}
    assert (rows["potassium"].complete_days, rows["potassium"].left_out) == (1, 3)
    assert rows["potassium"].mean == pytest.approx(422.44)  # not (422 + 3 × 422) / 4 as 0s
    assert (rows["magnesium"].complete_days, rows["magnesium"].left_out) == (4, 0)
    assert (rows["fluid"].complete_days, rows["fluid"].left_out) == (4, 0)
    page = html.unescape(" ".join(response.content.decode().split()))
    assert "Potassium: 3 complete days left out, a food's value unknown" in page
    assert "Magnesium: " not in page.split("intake-left-out", 1)[-1].split("</ul>", 1)[0]


def test_the_summary_json_and_command_say_it_too(owner_client, owner, four_complete_days):
    summary = owner_client.get(reverse("reports:summary"), {"period": "30"})
    assert "Potassium: 3 complete days left out" in " ".join(summary.content.decode().split())

    data = owner_client.get(reverse("reports:report_json"), {"period": "30"}).json()
    potassium = next(row for row in data["intake"] if row["nutrient"] == "potassium")
    assert (potassium["complete_days"], potassium["complete_days_left_out"]) == (1, 3)

    out = StringIO()
    call_command("cramp_report", "--user", owner.email, "--period", "30", stdout=out)
    assert "Potassium: 3 complete days left out, a food's value unknown" in out.getvalue()


def test_an_incomplete_day_with_an_unknown_value_is_simply_incomplete(owner):
    day = timezone.localdate() - timedelta(days=1)
    when = timezone.now() - timedelta(days=1)
    MealItemFactory(meal=MealFactory(user=owner, occurred_at=when), potassium_mg=None)

    series_day = daily_series(owner, day, day).days[0]

    assert not series_day.complete
    assert series_day.potassium is None and series_day.magnesium is None


# --- Issue 23: an imported drink naming a catalog food this site lacks ----------------------


def _drink_file(**values):
    return {
        "schema_version": 2,
        "drinks": [
            {
                "id": "5f1d1b0c-3c7a-4f59-9d3e-2a1a6f3b9c23",
                "occurred_at": "2026-03-13T19:05:00+00:00",
                "kind": "juice",
                "volume_ml": 330,
                "caffeinated": False,
                "alcoholic": False,
                "food": {"source": "usda-sr28", "source_id": "99999"},
                **values,
            }
        ],
        "days": [{"date": "2026-03-13", "food_log_complete": True}],
    }


def test_an_imported_drink_with_an_unknown_food_leaves_its_minerals_unknown(db):
    person = UserFactory()
    DrinkFactory(user=person, occurred_at=datetime(2026, 3, 13, 12, tzinfo=UTC))

    plan = import_document(person, _drink_file())

    assert plan.errors == [] and plan.missing_catalog_foods == 1
    day = daily_series(person, date(2026, 3, 13), date(2026, 3, 13)).days[0]
    assert day.complete
    for mineral in ("potassium", "magnesium", "calcium", "sodium"):
        assert getattr(day, mineral) is None, mineral  # unknown, never 0 mg
    assert day.fluid == 330 + 250  # the volume is known


def test_an_imported_drink_with_an_unknown_food_keeps_the_values_it_gives(db):
    person = UserFactory()

    import_document(person, _drink_file(magnesium_mg=30.0))

    day = daily_series(person, date(2026, 3, 13), date(2026, 3, 13)).days[0]
    assert day.magnesium == pytest.approx(30.0)
    assert day.potassium is None and day.sodium is None and day.calcium is None
