"""Sodium's Adequate Intake is not an amount to reach (issue 26): a day is measured against the
level worth staying below, on Today's bar and in the report's days on target."""

import pytest

from foods.reference_intakes import daily_targets
from journal.totals import Progress
from reports.report import _count_on_target, on_target

SODIUM = daily_targets(sex="female", age=40)["sodium"]
POTASSIUM = daily_targets(sex="female", age=40)["potassium"]


def test_a_low_sodium_day_is_on_target():
    assert SODIUM.is_ceiling and SODIUM.goal == 2300
    assert on_target(600, SODIUM)
    assert on_target(2300, SODIUM)
    assert not on_target(2301, SODIUM)
    assert _count_on_target([600, 1400, 2300, 3000], SODIUM) == 3


def test_potassium_is_still_an_amount_to_reach():
    assert not POTASSIUM.is_ceiling and POTASSIUM.goal == POTASSIUM.amount
    assert not on_target(POTASSIUM.amount - 1, POTASSIUM)
    assert _count_on_target([POTASSIUM.amount - 1, POTASSIUM.amount], POTASSIUM) == 1


def test_the_sodium_bar_fills_towards_the_upper_level():
    bar = Progress("Sodium", 1150, SODIUM, False)

    assert bar.percent == 50
    assert not bar.over_limit


@pytest.mark.django_db
def test_the_report_counts_sodium_days_at_or_below_the_upper_level(owner_client, owner):
    import re
    from html import unescape

    from django.urls import reverse

    from tests.reports.journal_data import fill_journal

    fill_journal(owner, 20)

    html = owner_client.get(reverse("reports:index"), {"period": "30"}).content.decode()
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())

    assert re.search(
        r"Sodium average [\d,]+ mg a day, at or below 2,300 mg on \d+ of \d+ days", text
    )
    assert "at most 2,300 mg an upper level, not an amount to reach" in text
