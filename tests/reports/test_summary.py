"""The clinician summary's contents (issue 15): medicines and supplements, muscles and sides,
cramp nights per week over the last 12 weeks, and the tested findings with their intervals.
Its page count is checked in Chromium (tests/browser/test_summary_pages.py)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from journal.models import Cramp
from tests.factories import SupplementFactory, UsualSupplementFactory
from tests.reports.journal_data import fill_journal


def summary(client, period="all"):
    response = client.get(reverse("reports:summary"), {"period": period})
    assert response.status_code == 200
    return response


def test_the_summary_lists_medicines_and_supplements_with_their_days(owner_client, owner):
    fill_journal(owner, 40)
    for back in (1, 2, 2, 5):  # twice on one day: still one day
        SupplementFactory(
            user=owner, name="Magnesium  citrate", occurred_at=timezone.now() - timedelta(back)
        )
    SupplementFactory(
        user=owner, name="Amlodipine", mineral="", mineral_mg=None, occurred_at=timezone.now()
    )

    page = summary(owner_client).content.decode()

    assert (
        "<strong>Medicines and supplements logged:</strong> Magnesium citrate (magnesium 200 mg, "
        "3 days); Amlodipine (1 day)." in page
    )


def test_the_summary_counts_cramp_nights_per_week_for_twelve_weeks(owner_client, owner):
    fill_journal(owner, 120)

    response = summary(owner_client)
    nights = response.context["nights_by_week"]

    assert len(nights) == 12
    last_week = nights[-1][0]
    first_day = last_week - timedelta(weeks=11)
    expected = {
        cramp.night_of + timedelta(days=1)
        for cramp in Cramp.objects.filter(user=owner, night_of__isnull=False)
        if cramp.night_of + timedelta(days=1) >= first_day
    }
    assert sum(count for _, count, _ in nights) == len(expected)
    # Every day is marked complete, so every night is known.
    assert [unknown for _, _, unknown in nights] == [0] * 12
    assert "Cramps per week: nights with a cramp, last 12 weeks" in response.content.decode()


def test_the_summary_shows_muscles_sides_and_the_tested_findings(owner_client, owner):
    fill_journal(owner, 60)

    page = summary(owner_client).content.decode()

    assert "Muscles and sides" in page
    assert "left " in page.split("Muscles and sides")[1].split("</table>")[0]
    assert (
        "Declared in advance: low potassium, low magnesium, little fluid and any exercise" in page
    )
    assert "Standing out: cramps were more common after days low in potassium" in page
    assert "95% interval" in page
    # The exploratory comparisons stay on the report page; the summary says so.
    assert "Exploratory comparisons (not tested)" not in page
    assert "12 further comparisons" in page


def test_the_summary_lists_the_usual_supplements_and_medicines_with_their_dose(
    owner_client, owner, stranger
):
    fill_journal(owner, 10)
    assert (
        "<strong>Usually takes:</strong> no usual list kept."
        in summary(owner_client).content.decode()
    )
    UsualSupplementFactory(user=owner, name="Magnesium citrate", dose="2 tablets")
    UsualSupplementFactory(user=owner, name="Furosemide", dose="40 mg", medicine="diuretic")
    UsualSupplementFactory(user=stranger, name="Atorvastatin")

    page = summary(owner_client).content.decode()

    assert (
        "<strong>Usually takes:</strong> Magnesium citrate, 2 tablets; "
        "Furosemide, 40 mg (diuretic)." in page
    )
    assert "Atorvastatin" not in page
