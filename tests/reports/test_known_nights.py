"""Reports count only known nights as cramp-free, say how many were unknown, and give a rate
per week (and the clinician callout) only on enough days of records (issues 14 and 17)."""

import json
from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from journal.models import DayStatus, NightAnswer
from reports.report import RATE_FROM_DAYS, build_personal_report, period_for
from reports.serialize import report_as_dict
from tests.factories import CrampFactory

TODAY = date(2026, 3, 30)


def at(user, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=user.profile.zone)


def night_cramp(user, night: date, severity: int = 5):
    """A cramp at 03:00 on the morning the night of ``night`` ended."""
    return CrampFactory(
        user=user, occurred_at=at(user, night + timedelta(days=1), 3), severity=severity
    )


def report(user, today=TODAY, key="30"):
    return build_personal_report(user, period_for(user, key, today))


def test_unknown_nights_are_left_out_and_counted(owner):
    # 30 days, 1 to 30 March (a cramp on the night of 28 February starts the journal).
    first = date(2026, 3, 1)
    night_cramp(owner, first - timedelta(days=1))  # ends on 1 March: that night is known
    for offset in (4, 9):  # two more nights with a cramp
        night_cramp(owner, first + timedelta(days=offset))
    for offset in (1, 2, 3):  # three nights answered "no cramps"
        NightAnswer.objects.create(user=owner, night=first + timedelta(days=offset))
    for offset in range(20, 30):  # ten days marked complete: their nights are known
        DayStatus.objects.create(
            user=owner, date=first + timedelta(days=offset), food_log_complete=True
        )
    # A daytime cramp on a day whose night is unknown: the day counts, its night does not.
    CrampFactory(user=owner, occurred_at=at(owner, first + timedelta(days=15), 14))

    result = report(owner)

    nights = result.cramps.nights
    assert result.period.days == nights.nights == 30
    # Known: 3 with a cramp, 3 answered, 10 ending on a complete day (one of which, the night
    # of 19 March, ends on the 20th).
    assert (nights.with_cramp, nights.known, nights.cramp_free, nights.unknown) == (3, 16, 13, 14)
    # The rate counts the 16 known days and the day with a daytime cramp: 4 cramps in 17 days.
    assert result.cramps.rate_days == 17
    assert result.cramps.per_week == 7 * 4 / 17


def test_the_page_and_json_say_how_many_nights_were_unknown(owner_client, owner):
    today = timezone.localdate(timezone.now(), owner.profile.zone)
    first = today - timedelta(days=29)
    DayStatus.objects.create(user=owner, date=first, food_log_complete=True)  # starts the journal
    for offset in range(1, 18):
        NightAnswer.objects.create(user=owner, night=first + timedelta(days=offset))

    page = owner_client.get(reverse("reports:index"), {"period": "30"}).content.decode()
    data = json.loads(owner_client.get(reverse("reports:report_json"), {"period": "30"}).content)

    # Known: the night ending on the complete first day and the 17 answered ones (the last of
    # which ends on day 19). Days 20 to 30 end unknown nights: 12 of 30.
    assert (
        "12 of 30 nights unknown: no cramp logged, no “no cramps” answer, day not marked complete"
        in page
    )
    assert data["schema_version"] == 3
    assert data["cramps"]["nights"] == {
        "nights": 30,
        "known": 18,
        "with_cramp": 0,
        "cramp_free": 18,
        "unknown": 12,
    }
    assert data["cramps"]["rate_days"] == 18
    assert data["cramps"]["per_week"] == 0
    assert data["cramps"]["worth_a_clinician"] is False


def test_a_no_cramps_answer_can_start_the_journal(owner):
    NightAnswer.objects.create(user=owner, night=TODAY - timedelta(days=1))

    result = report(owner, key="all")

    assert result.period.first == TODAY
    assert (result.cramps.nights.known, result.cramps.nights.cramp_free) == (1, 1)


def test_a_new_person_with_one_night_sees_counts_not_a_rate_nor_the_callout(owner_client, owner):
    """Issue 14, acceptance 8: three cramps in one night gave "Per week 21.0" and "Worth
    showing to a clinician"."""
    now = timezone.now()
    for minutes in (90, 60, 30):
        CrampFactory(user=owner, occurred_at=now - timedelta(minutes=minutes), severity=6)

    page = owner_client.get(reverse("reports:index")).content.decode()
    data = json.loads(owner_client.get(reverse("reports:report_json")).content)

    assert data["cramps"]["total"] == 3
    assert data["cramps"]["per_week"] is None
    assert data["cramps"]["worth_a_clinician"] is False
    assert "21.0" not in page
    assert f"A weekly rate needs {RATE_FROM_DAYS} days of records" in page
    assert "Worth showing to a clinician" not in page
    summary = owner_client.get(reverse("reports:summary")).content.decode()
    assert "21.0" not in summary and "A weekly rate needs" in summary


def test_a_severe_cramp_is_worth_a_clinician_from_the_first_night(owner_client, owner):
    CrampFactory(user=owner, occurred_at=timezone.now() - timedelta(minutes=30), severity=8)

    page = owner_client.get(reverse("reports:index")).content.decode()

    assert "Worth showing to a clinician" in page
    assert "At least one was rated 8 of 10." in page
    assert "cramps a week" not in page


def test_the_rate_comes_with_fourteen_days_of_records(owner):
    first = TODAY - timedelta(days=RATE_FROM_DAYS - 1)
    # Four cramps a night on every night: frequent, once there is a rate.
    for offset in range(RATE_FROM_DAYS):
        for minute in range(4):
            CrampFactory(
                user=owner, occurred_at=at(owner, first + timedelta(days=offset), 2, minute)
            )

    thirteen = report(owner, today=TODAY - timedelta(days=1))
    fourteen = report(owner)

    assert thirteen.cramps.rate_days == RATE_FROM_DAYS - 1
    assert thirteen.cramps.per_week is None and not thirteen.cramps.worth_a_clinician
    assert fourteen.cramps.rate_days == RATE_FROM_DAYS
    assert fourteen.cramps.per_week == 28
    assert fourteen.cramps.worth_a_clinician
    assert report_as_dict(fourteen)["cramps"]["per_week"] == 28


def test_a_long_period_of_silence_gives_no_rate(owner):
    """Thirty days spanned, but only two with records (the mornings of 1 and 30 March): a
    rate over 30 days would read the silent nights as cramp-free."""
    night_cramp(owner, TODAY - timedelta(days=30))
    night_cramp(owner, TODAY - timedelta(days=1))

    result = report(owner)

    assert result.period.days == 30
    assert result.cramps.rate_days == 2
    assert result.cramps.per_week is None
    assert result.cramps.nights.unknown == 28
