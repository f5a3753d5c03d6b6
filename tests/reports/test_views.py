"""The reports page, the printable summary and the JSON view, as the signed-in owner sees them."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.serialize import SCHEMA_VERSION
from tests.factories import CrampFactory, UserFactory
from tests.reports.journal_data import ASSOCIATION_FIELDS, fill_journal


@pytest.fixture
def sixty_days(owner):
    fill_journal(owner, 60)
    return owner


def report_json(client, period="all"):
    response = client.get(reverse("reports:report_json"), {"period": period})
    assert response.status_code == 200
    return json.loads(response.content)


def test_it_flags_low_potassium_the_day_before_with_its_numbers(owner_client, sixty_days):
    response = owner_client.get(reverse("reports:index"), {"period": "all"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Cramps were more common after days low in potassium" in page
    assert "95% interval" in page
    assert "not proof that one causes the other" in page
    assert "What else could explain it" in page
    # The finding links to the Learn page about potassium in food.
    assert 'href="/learn/food-sources/#potassium"' in page
    flagged = [r for r in report_json(owner_client)["associations"]["results"] if r["flagged"]]
    assert [(r["factor"], r["window"]) for r in flagged] == [("potassium", "previous_day")]


def test_the_json_carries_every_association_field(owner_client, sixty_days):
    data = report_json(owner_client)

    assert data["schema_version"] == SCHEMA_VERSION
    assert data["sufficient"] is True and data["missing"] == []
    results = data["associations"]["results"]
    assert len(results) == 16
    for result in results:
        assert set(result) >= ASSOCIATION_FIELDS
    potassium = next(
        r for r in results if r["factor"] == "potassium" and r["window"] == "previous_day"
    )
    assert potassium["ci_low"] > 1 and potassium["risk_ratio"] > potassium["ci_low"]
    assert potassium["days_exposed"] + potassium["days_other"] == 59  # day 1 has no day before


def test_with_twenty_analysable_days_it_says_what_is_missing_not_numbers(owner_client, owner):
    fill_journal(owner, 20)

    page = owner_client.get(reverse("reports:index"), {"period": "all"}).content.decode()
    page = page.split('id="associations-title"')[1]

    assert "Patterns need more days" in page
    assert "8 more complete days logged (have 20 of 28)" in page
    for number_word in ("95% interval", "Stands out", "No clear link", "times as often"):
        assert number_word not in page
    data = report_json(owner_client)
    assert data["sufficient"] is False
    assert data["missing"][0] == "8 more complete days logged (have 20 of 28)"
    assert data["associations"]["results"] == []


def test_days_not_marked_complete_are_not_analysable(owner_client, owner):
    fill_journal(owner, 40, complete=False)

    data = report_json(owner_client)

    assert data["complete_days"] == 0
    assert data["sufficient"] is False
    assert all(row["mean_daily"] is None for row in data["intake"])
    assert data["cramps"]["total"] > 0  # cramps count whether or not the food log is complete


def test_nothing_logged_shows_an_empty_state(owner_client):
    page = owner_client.get(reverse("reports:index")).content.decode()

    assert "Nothing logged in this period yet" in page


def test_an_unknown_period_falls_back_to_the_default(owner_client, sixty_days):
    response = owner_client.get(reverse("reports:index"), {"period": "<script>"})

    assert response.status_code == 200
    assert response.context["report"].period.key == "year"
    assert b"<script>" not in response.content.split(b"</head>")[1].replace(b'<script src="', b"")


def test_the_period_never_starts_before_the_first_entry(owner_client, sixty_days):
    data = report_json(owner_client, period="year")

    assert data["period"]["days"] == 60
    assert data["period"]["starts_at_first_entry"] is True


def test_a_stranger_sees_only_their_own_report(stranger_client, sixty_days):
    data = report_json(stranger_client)
    page = stranger_client.get(reverse("reports:index"), {"period": "all"}).content.decode()

    assert data["cramps"]["total"] == 0 and data["logged_days"] == 0
    assert "Nothing logged in this period yet" in page
    summary = stranger_client.get(reverse("reports:summary")).content.decode()
    assert "owner@example.com" not in summary


def test_the_summary_is_printable_and_complete(owner_client, sixty_days):
    page = owner_client.get(reverse("reports:summary"), {"period": "all"}).content.decode()

    for part in ("Leg cramp summary", "Profile", "Cramps per week", "Daily intake", "Method"):
        assert part in page
    assert "reports.css" in page and "data-print" in page


def test_the_json_download_is_an_attachment(owner_client, sixty_days):
    response = owner_client.get(reverse("reports:report_json"), {"download": "1"})

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="cramp-report-')


@pytest.mark.parametrize("name", ["reports:index", "reports:summary", "reports:report_json"])
def test_the_reports_are_read_only(owner_client, name):
    assert owner_client.post(reverse(name)).status_code == 405


def queries_for_report(client, user, path):
    client.force_login(user)
    client.get(path)  # a first request warms what every request loads once (session, user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["reports:index", "reports:report_json", "reports:summary"])
def test_the_number_of_queries_does_not_grow_with_the_data(db, client, name):
    few = UserFactory(profile={"time_zone": "Europe/London"})
    many = UserFactory(profile={"time_zone": "Europe/London"})
    fill_journal(few, 3)
    fill_journal(many, 90)
    path = reverse(name) + "?period=all"

    counts = [queries_for_report(client, user, path) for user in (few, many)]

    assert counts[0] == counts[1]
    assert counts[1] <= 20


def test_with_kidney_disease_the_potassium_target_is_hidden(owner_client, owner):
    owner.profile.has_kidney_disease = True
    owner.profile.save(update_fields=["has_kidney_disease"])
    fill_journal(owner, 60)

    data = report_json(owner_client)
    page = owner_client.get(reverse("reports:index"), {"period": "all"}).content.decode()

    potassium = next(row for row in data["intake"] if row["nutrient"] == "potassium")
    assert potassium["target"] is None and potassium["days_on_target"] is None
    association = data["associations"]["results"][0]
    assert association["factor"] == "potassium"
    assert association["threshold_source"] == "own median"
    assert "the potassium target is not shown" in page


def test_a_diuretic_brings_a_caveat(owner_client, owner):
    owner.profile.takes_diuretic = True
    owner.profile.save(update_fields=["takes_diuretic"])
    fill_journal(owner, 30)

    page = owner_client.get(reverse("reports:index")).content.decode()

    assert "You take a diuretic" in page


def test_every_learn_link_on_the_report_opens_its_heading(client, owner_client, sixty_days):
    page = owner_client.get(reverse("reports:index"), {"period": "all"}).content.decode()
    links = set(re.findall(r'href="(/learn/[^"]*)"', page))

    assert "/learn/food-sources/#potassium" in links
    assert "/learn/see-a-clinician/" in links
    for link in links:
        path, _, anchor = link.partition("#")
        response = client.get(path)
        assert response.status_code == 200, link
        if anchor:
            assert f'id="{anchor}"' in response.content.decode(), link


URGENT_LINES = (
    "Call 999 / 911 or your local emergency number now",
    "Get seen today",
    "One calf that is swollen, warm or red",
    "Pain in the chest",
    "dark urine, the colour of cola",
)


def clinician_callout(page: str) -> str:
    start = page.index('<div class="clinician-callout">')
    return page[start : page.index("</aside>", start)]


@pytest.mark.parametrize("frequent", [True, False])
def test_the_clinician_callout_carries_the_emergency_and_same_day_lines(
    owner_client, owner, frequent
):
    fill_journal(owner, 30)
    if frequent:  # more than three a week: the "worth showing to a clinician" callout
        for day in range(14):
            CrampFactory(user=owner, occurred_at=timezone.now() - timedelta(days=day, hours=1))

    page = owner_client.get(reverse("reports:index")).content.decode()

    callout = clinician_callout(page.replace("&#x27;", "'"))
    assert ("Worth showing to a clinician" in callout) is frequent
    for line in URGENT_LINES:
        assert line in callout, line
