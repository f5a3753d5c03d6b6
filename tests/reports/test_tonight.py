"""The report counts what people logged (issue 26): a new person logs 4 cramps today, 3 of
them this evening. The evening's cramps belong to the night that ends tomorrow, which is right
for the statistics, but the report shows all 4, says why 3 count tomorrow, and rates all 4."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse

from reports.report import build_personal_report, period_for
from tests.factories import CrampFactory, UserFactory

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=datetime.UTC)


@pytest.fixture
def new_person():
    person = UserFactory(profile={"time_zone": "UTC"})
    today = datetime.datetime.now(datetime.UTC).date()
    CrampFactory(user=person, occurred_at=at(today, 10), severity=3)
    CrampFactory(user=person, occurred_at=at(today, 19), severity=7)
    CrampFactory(user=person, occurred_at=at(today, 20, 30), severity=5)
    CrampFactory(user=person, occurred_at=at(today, 22), severity=None)
    return person, today


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u2019", "'").split())


def test_the_report_holds_every_cramp_logged(new_person):
    person, today = new_person

    for key in ("30", "all"):
        cramps = build_personal_report(person, period_for(person, key, today)).cramps

        assert cramps.logged == 4, key
        assert cramps.tonight == 3
        assert cramps.total == 1  # the statistics count today's day and night only
        assert dict(cramps.severity_bands) == {
            "Mild (1-3)": 1,
            "Moderate (4-6)": 1,
            "Severe (7-10)": 1,
        }
        assert cramps.severity_unknown == 1
        assert cramps.worst == 7


def test_yesterdays_evening_counts_today_and_is_not_counted_twice(new_person):
    person, today = new_person
    CrampFactory(user=person, occurred_at=at(today - datetime.timedelta(days=1), 23), severity=2)

    cramps = build_personal_report(person, period_for(person, "all", today)).cramps

    assert (cramps.total, cramps.tonight, cramps.logged) == (2, 3, 5)


@pytest.mark.parametrize("period", ["30", "all"])
@pytest.mark.parametrize("url_name", ["reports:index", "reports:summary"])
def test_the_page_shows_4_and_explains_the_evening(client, new_person, url_name, period):
    person, _ = new_person
    client.force_login(person)

    html = client.get(reverse(url_name), {"period": period}).content.decode()

    text = text_of(html)
    assert "Cramps 4 " in text
    assert "3 of these 4 cramps were logged this evening: they count in tomorrow's night" in text
    severity = text_of(html[html.index("<caption>How bad they were") :].split("</table>")[0])
    assert "Mild (1-3) 1 Moderate (4-6) 1 Severe (7-10) 1 Not rated 1" in severity


def test_the_json_gives_both_counts(client, new_person):
    person, _ = new_person
    client.force_login(person)

    cramps = client.get(reverse("reports:report_json"), {"period": "all"}).json()["cramps"]

    assert (cramps["total"], cramps["logged_this_evening"], cramps["logged"]) == (1, 3, 4)


def test_the_weekly_rate_note_has_its_space(client, new_person):
    person, _ = new_person
    client.force_login(person)

    text = text_of(client.get(reverse("reports:index")).content.decode())

    assert "Per week – A weekly rate needs" in text


def test_a_single_evening_cramp_reads_well(client):
    person = UserFactory(profile={"time_zone": "UTC"})
    today = datetime.datetime.now(datetime.UTC).date()
    CrampFactory(user=person, occurred_at=at(today, 21), severity=8)
    client.force_login(person)

    text = text_of(client.get(reverse("reports:index")).content.decode())

    assert "This cramp was logged this evening: it counts in tomorrow's night" in text
    assert "Worth showing to a clinician" in text  # an 8 of 10 is severe, even tonight
