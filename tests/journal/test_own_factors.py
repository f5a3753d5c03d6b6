"""Your own factors (issue 15): defined by the person, one tap a day on Today, in history,
in the export and import, and in the report's exploratory comparisons."""

import json
import random
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal.models import MAX_DAY_FACTORS, DayFactor, DayFactorMark
from portability.export import export_user
from portability.importing import import_document, plan_import
from tests.factories import UserFactory
from tests.reports.journal_data import fill_days

HTMX = {"HX-Request": "true"}


def today():
    return timezone.localdate()


def define(client, name):
    return client.post(reverse("journal:factors"), {"name": name})


def mark(client, factor, day, on=True, **headers):
    url = reverse("journal:factor_mark", kwargs={"day": day, "pk": factor.pk})
    return client.post(url, {"on": "1" if on else "0"}, headers=headers)


@pytest.fixture
def slept(owner):
    return DayFactor.objects.create(user=owner, name="Slept badly")


def test_a_person_defines_factors_and_sees_them_on_today(owner_client, owner):
    assert define(owner_client, "  Slept   badly ").status_code == 302
    assert define(owner_client, "Stood all day").status_code == 302

    assert list(DayFactor.objects.filter(user=owner).values_list("name", flat=True)) == [
        "Slept badly",
        "Stood all day",
    ]
    page = owner_client.get(reverse("journal:today")).content.decode()
    assert 'aria-pressed="false">Slept badly</button>' in page
    assert 'aria-pressed="false">Stood all day</button>' in page


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * 61, "Ensure this value has at most 60 characters"),
        ("bad\x00name", "Null characters are not allowed."),
        ("tab\tname", "Use letters, numbers and punctuation only."),
        ("SLEPT BADLY", "You already have a factor with that name."),
    ],
)
def test_a_bad_name_is_refused_with_a_reason_and_saves_nothing(owner_client, slept, name, message):
    response = define(owner_client, name)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert DayFactor.objects.count() == 1


def test_at_most_twelve_factors(owner_client, owner):
    for index in range(MAX_DAY_FACTORS):
        DayFactor.objects.create(user=owner, name=f"Factor {index}")

    response = define(owner_client, "One more")

    assert response.status_code == 422
    assert "up to 12 factors" in response.content.decode()


def test_one_tap_marks_the_day_and_another_unmarks_it(owner_client, owner, slept):
    response = mark(owner_client, slept, today(), **HTMX)

    assert response.status_code == 200
    assert 'aria-pressed="true">✓ Slept badly</button>' in response.content.decode()
    assert DayFactorMark.objects.filter(user=owner, factor=slept, date=today()).count() == 1
    mark(owner_client, slept, today(), **HTMX)  # a double tap changes nothing
    assert DayFactorMark.objects.filter(factor=slept).count() == 1

    response = mark(owner_client, slept, today(), on=False)

    assert response.status_code == 302
    assert not DayFactorMark.objects.filter(factor=slept).exists()


def test_a_past_day_can_be_marked_but_not_a_future_one(owner_client, slept):
    yesterday = today() - timedelta(days=1)
    assert mark(owner_client, slept, yesterday).status_code == 302
    assert mark(owner_client, slept, today() + timedelta(days=1)).status_code == 404
    assert list(DayFactorMark.objects.values_list("date", flat=True)) == [yesterday]


def test_a_stranger_can_neither_mark_nor_delete_someone_elses_factor(stranger_client, slept):
    assert mark(stranger_client, slept, today()).status_code == 404
    delete = reverse("journal:factor_delete", kwargs={"pk": slept.pk})
    assert stranger_client.post(delete).status_code == 404
    assert DayFactor.objects.filter(pk=slept.pk).exists()
    assert not DayFactorMark.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(db, slept):
    client = Client()
    for response in (
        client.get(reverse("journal:factors")),
        client.post(reverse("journal:factors"), {"name": "x"}),
        mark(client, slept, today()),
    ):
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
    assert DayFactor.objects.count() == 1 and not DayFactorMark.objects.exists()


def test_deleting_a_factor_deletes_its_marks(owner_client, slept):
    mark(owner_client, slept, today())

    response = owner_client.post(reverse("journal:factor_delete", kwargs={"pk": slept.pk}))

    assert response.status_code == 302
    assert not DayFactor.objects.exists() and not DayFactorMark.objects.exists()


def test_history_shows_the_marked_factors(owner_client, owner, slept):
    mark(owner_client, slept, today())

    page = owner_client.get(reverse("journal:history")).content.decode()

    assert "Your factors: Slept badly" in page


# --------------------------------------------------------------------------- export/import


def test_export_and_import_carry_the_factors_and_their_days(owner_client, owner, slept):
    mark(owner_client, slept, today())
    mark(owner_client, slept, today() - timedelta(days=3))
    DayFactor.objects.create(user=owner, name="Stood all day")
    document = json.loads(json.dumps(export_user(owner)))

    assert document["day_factors"] == [
        {
            "name": "Slept badly",
            "days": [(today() - timedelta(days=3)).isoformat(), today().isoformat()],
        },
        {"name": "Stood all day", "days": []},
    ]
    newcomer = UserFactory(email="newcomer@example.com")
    DayFactor.objects.create(user=newcomer, name="slept BADLY")  # matched, ignoring case
    plan = import_document(newcomer, document)

    assert plan.errors == []
    assert plan.counts()["day_factors"] == {"add": 1, "skip": 1}
    assert plan.counts()["day_factor_marks"] == {"add": 2, "skip": 0}
    assert DayFactorMark.objects.filter(user=newcomer, factor__name="slept BADLY").count() == 2
    again = plan_import(newcomer, document)
    assert again.counts()["day_factor_marks"] == {"add": 0, "skip": 2}


@pytest.mark.parametrize(
    ("records", "error"),
    [
        ("nope", "day_factors: must be a list of records"),
        ([{"name": ""}], "day_factors #1 (name): This field is required."),
        ([{"name": "ok", "days": "2026-01-01"}], "day_factors #1 (days): must be a list of dates"),
        ([{"name": "ok", "days": ["yesterday"]}], "day_factors #1 (days #1): must be a date"),
        ([{"name": "ok", "days": ["1999-12-31"]}], "day_factors #1 (days #1): must be from 2000"),
        ([{"name": "ok", "colour": "red"}], "day_factors #1 (colour): is not a field"),
        ([{"name": "a"}, {"name": "A"}], "day_factors #2 (name): is the same as day_factors #1"),
        ([{"name": f"f{i}"} for i in range(13)], "at most 12 factors"),
    ],
)
def test_a_bad_day_factor_record_is_reported_and_nothing_is_saved(owner, records, error):
    plan = import_document(owner, {"schema_version": 1, "day_factors": records})

    assert any(message.startswith(error) or error in message for message in plan.errors), plan
    assert not DayFactor.objects.exists()


# --------------------------------------------------------------------------- the report


def test_own_factors_join_the_exploratory_comparisons_never_the_tested(owner_client, owner):
    rng = random.Random(3)
    fill_days(owner, [{"cramp": rng.random() < 0.3} for _ in range(60)])
    slept = DayFactor.objects.create(user=owner, name="Slept badly")
    for offset in range(0, 60, 3):
        DayFactorMark.objects.create(user=owner, factor=slept, date=today() - timedelta(offset))

    data = json.loads(owner_client.get(reverse("reports:report_json"), {"period": "all"}).content)
    page = owner_client.get(reverse("reports:index"), {"period": "all"}).content.decode()

    own = [r for r in data["associations"]["results"] if r["factor"] == "own"]
    assert [(r["name"], r["window"]) for r in own] == [
        ("Slept badly", "same_day"),
        ("Slept badly", "previous_day"),
    ]
    assert all(r["family"] == "exploratory" and r["flagged"] is False for r in own)
    assert all(r["adjusted_p_value"] is None for r in own)
    same_day = own[0]
    assert same_day["days_exposed"] == 20  # every third day, all of them complete
    exploratory = page.split('id="exploratory-title"')[1]
    assert "Slept badly, same day" in exploratory
    assert "Days you marked “Slept badly” (your own factor)" in exploratory
