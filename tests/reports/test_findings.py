"""Numbers and words agree (issue 15, acceptance 3 and 4): what stands out, how it is worded,
what is shown from small groups, what the gate says, and overlapping factors."""

import json
import random
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from reports import stats
from reports.stats import DayRecord, build_report
from tests.reports.journal_data import LOW_POTASSIUM_MG, fill_days

START = date(2025, 1, 1)


def report_json(client, period="all"):
    response = client.get(reverse("reports:report_json"), {"period": period})
    assert response.status_code == 200
    return json.loads(response.content)


def report_page(client, period="all"):
    response = client.get(reverse("reports:index"), {"period": period})
    assert response.status_code == 200
    return response.content.decode().split('id="associations-title"')[1]


def result(data, factor, window="previous_day"):
    return next(
        r
        for r in data["associations"]["results"]
        if r["factor"] == factor and r["window"] == window
    )


# --------------------------------------------------------------------------- pure rules


def simulated_person(rng, days, effect, persistence):
    """Days with runs of low potassium and of exercise (``persistence``: the chance a day
    repeats the day before) and cramps ``effect`` times as likely after a low day."""
    records, low, active, low_before = [], False, False, False
    for offset in range(days):
        if rng.random() >= persistence:
            low = rng.random() < 0.4
        if rng.random() >= persistence:
            active = rng.random() < 0.4
        chance = 0.15 * (effect if low_before else 1.0)
        records.append(
            DayRecord(
                date=START + timedelta(days=offset),
                cramp=rng.random() < min(chance, 0.95),
                complete=rng.random() < 0.9,
                potassium=1500.0 if low else 3500.0,
                magnesium=rng.gauss(320, 60),
                calcium=1000.0,
                sodium=2000.0,
                fluid=rng.gauss(2000, 400),
                exercise=30.0 if active else 0.0,
                alcohol=float(rng.random() < 0.2),
                caffeine=float(rng.randint(0, 3)),
            )
        )
        low_before = low
    return records


def test_nothing_stands_out_with_an_interval_that_includes_one_or_from_a_small_group():
    rng = random.Random(15)
    flagged = 0
    for person in range(150):
        days = rng.choice([45, 90, 180])
        records = simulated_person(
            rng, days, effect=rng.choice([1.0, 2.5, 4.0]), persistence=rng.choice([0.0, 0.8])
        )
        report = build_report(records, targets={"potassium": 2600})
        if not report.sufficient:
            continue
        for finding in report.flagged:
            flagged += 1
            assert finding.primary, (person, finding)
            assert finding.ci_low > 1, (person, finding)  # never an interval with 1 in it
            assert finding.association.exposed_days >= stats.MIN_GROUP_DAYS
            assert finding.association.other_days >= stats.MIN_GROUP_DAYS
        for row in report.results:
            if row.small_group:
                assert row.ratio is None and row.ci_low is None and not row.flagged
    assert flagged > 20  # the rule was exercised, not vacuously true


def test_an_exploratory_comparison_never_stands_out_however_strong():
    """A huge same-day effect is shown with its numbers but never flagged."""
    rng = random.Random(2)
    records = []
    for offset in range(150):
        low = rng.random() < 0.4
        records.append(
            DayRecord(
                date=START + timedelta(days=offset),
                cramp=rng.random() < (0.9 if low else 0.05),
                complete=True,
                potassium=1500.0 if low else 3500.0,
                magnesium=320.0,
                calcium=1000.0,
                sodium=2000.0,
                fluid=2000.0,
                exercise=0.0,
                alcohol=0.0,
                caffeine=1.0,
            )
        )
    report = build_report(records, targets={"potassium": 2600})
    same_day = report.result("potassium", "same_day")
    assert same_day.family == stats.EXPLORATORY
    assert same_day.ratio > 5 and same_day.ci_low > 1
    assert not same_day.flagged and same_day.adjusted_p is None


def test_the_family_is_declared_once_and_shown_on_the_page(owner_client, owner):
    fill_days(owner, [{"cramp": i % 3 == 0} for i in range(40)])

    page = report_page(owner_client)
    data = report_json(owner_client)

    assert stats.PRIMARY_FAMILY == (
        ("potassium", "previous_day"),
        ("magnesium", "previous_day"),
        ("fluid", "previous_day"),
        ("exercise", "previous_day"),
    )
    assert (
        "low potassium, low magnesium, little fluid and any exercise, each on the day before"
        in page
    )
    assert "Exploratory: not tested" in page
    families = {(r["factor"], r["window"]): r["family"] for r in data["associations"]["results"]}
    assert {key for key, family in families.items() if family == "primary"} == set(
        stats.PRIMARY_FAMILY
    )
    assert data["associations"]["primary_family"] == [
        {"factor": f, "window": w} for f, w in stats.PRIMARY_FAMILY
    ]


# --------------------------------------------------------------------------- on the page


def test_the_exercise_headline_names_its_rule(owner_client, owner):
    rng = random.Random(8)
    specs = []
    for _ in range(120):
        active = rng.random() < 0.4
        specs.append({"exercise": 20 if active else 0, "cramp_chance": 0.7 if active else 0.08})
    for spec in specs:
        spec["cramp"] = rng.random() < spec.pop("cramp_chance")
    fill_days(owner, specs)

    data = report_json(owner_client)
    page = report_page(owner_client)

    exercise = result(data, "exercise")
    assert exercise["flagged"] is True and exercise["threshold_source"] == "any"
    assert "Cramps were more common after days with any exercise" in page
    assert "more exercise than usual" not in page


def test_a_less_common_result_is_shown_as_what_it_is_and_promises_no_protection(
    owner_client, owner
):
    """The primary family is tested in its declared direction (more cramps), so fewer cramps
    after exercise days is never a finding: the table says what it is, without a promise."""
    rng = random.Random(4)
    specs = []
    for _ in range(150):
        active = rng.random() < 0.5
        specs.append(
            {"exercise": 30 if active else 0, "cramp": rng.random() < (0.05 if active else 0.6)}
        )
    fill_days(owner, specs)

    data = report_json(owner_client)
    page = report_page(owner_client)

    exercise = result(data, "exercise")
    assert exercise["flagged"] is False and exercise["ci_high"] < 1
    assert "Cramps were less common after days with any exercise" not in page
    assert "Less often: not what was tested" in page
    assert "not a promise of protection" in page
    for promise in ("protects", "prevents cramps", "helps prevent"):
        assert promise not in page


def test_no_ratio_is_shown_from_a_group_under_ten_days(owner_client, owner):
    # Six low-potassium days, each followed by a cramp; the other days rarely are.
    specs = [{"potassium": 3600.0, "cramp": i % 9 == 0} for i in range(60)]
    for index in (5, 15, 25, 35, 45, 55):
        specs[index] = {"potassium": LOW_POTASSIUM_MG, "cramp": True}
    fill_days(owner, specs)

    data = report_json(owner_client)
    page = report_page(owner_client)

    potassium = result(data, "potassium")
    assert potassium["days_exposed"] == 6
    assert potassium["counts_only"] is True
    assert potassium["risk_ratio"] is None and potassium["ci_low"] is None
    assert potassium["flagged"] is False
    assert "counts only: a group under 10 days" in page
    # The counts are there; no "times as often" comes from them.
    assert "6 of 6" in page
    assert not re.search(r"\d times as often", page)


def test_the_same_day_caveat_gives_persisting_habits_as_the_reason(owner_client, owner):
    fill_days(owner, [{"cramp": i % 3 == 0} for i in range(40)])

    page = report_page(owner_client)

    assert "Habits last for days" in page
    assert "a same-day pattern is often the day before seen again" in page


def test_low_fluid_days_that_are_mostly_exercise_days_are_explained(owner_client, owner):
    """Acceptance 4: told so with figures, and the comparison within each group of days."""
    rng = random.Random(11)
    specs = []
    for _ in range(180):
        active = rng.random() < 0.4
        dry = rng.random() < (0.85 if active else 0.1)
        specs.append(
            {
                "exercise": 45 if active else 0,
                "fluid": 900 if dry else 4000,  # around any adult's fluid target
                "cramp": rng.random() < (0.6 if dry else 0.08),
            }
        )
    fill_days(owner, specs)

    data = report_json(owner_client)
    page = report_page(owner_client)

    fluid = result(data, "fluid")
    assert fluid["flagged"] is True
    overlap = next(o for o in data["associations"]["overlaps"] if o["factor"] == "fluid")
    assert overlap["other"] == "exercise"
    assert overlap["shared_days"] > overlap["factor_days"] / 2
    strata = overlap["strata"]
    assert [s["other_present"] for s in strata] == [True, False]
    assert sum(s["days_exposed"] for s in strata) == overlap["factor_days"]
    assert overlap["mantel_haenszel_ratio"] > 1
    sentence = (
        f"Most of your low-fluid days were also exercise days: {overlap['shared_days']} of "
        f"{overlap['factor_days']}"
    )
    assert sentence in page
    assert "Within exercise days (the day before)" in page
    assert "Within the other days (not exercise days)" in page
    assert "Mantel–Haenszel" in page


# --------------------------------------------------------------------------- the gate


def test_the_gate_with_no_cramps_at_all_says_so(owner_client, owner):
    fill_days(owner, [{} for _ in range(40)])

    data = report_json(owner_client)

    assert data["missing"] == [
        "No cramp logged on a complete day: a comparison needs at least 5 complete days "
        "with a cramp. If you have had none, there is nothing to explain"
    ]


def test_the_gate_with_cramps_only_on_incomplete_days_says_where_they_are(owner_client, owner):
    specs = [{} for _ in range(40)] + [{"cramp": True, "complete": False} for _ in range(6)]
    fill_days(owner, specs)

    data = report_json(owner_client)

    # The night cramps count on the morning after; the last one's morning may not have come.
    (message,) = data["missing"]
    assert message.startswith("5 more complete days with a cramp (have 0 of 5; ")
    assert "other days with a cramp do not have their food log marked complete" in message


def test_the_gate_with_no_complete_days_says_so(owner_client, owner):
    fill_days(owner, [{"cramp": i % 3 == 0, "complete": False} for i in range(40)])

    data = report_json(owner_client)
    page = report_page(owner_client)

    assert data["missing"][0].startswith("No day has its food log marked complete yet")
    assert "No day has its food log marked complete yet" in page


def test_the_gate_with_no_cramp_free_days_says_so(owner_client, owner):
    fill_days(owner, [{"cramp": True} for _ in range(40)])

    data = report_json(owner_client)

    # Night cramps count on the morning after, so the period's first day has none.
    assert data["missing"] == ["4 more complete days without a cramp (have 1 of 5)"]
    every_day = [
        DayRecord(date=START + timedelta(days=i), cramp=True, complete=True) for i in range(40)
    ]
    (shortfall,) = build_report(every_day).missing
    assert shortfall.message == (
        "Every complete day had a cramp: a comparison needs at least 5 complete days without one"
    )


@pytest.mark.parametrize(
    ("have", "expected"),
    [
        (0, "No day has its food log marked complete yet"),
        (20, "8 more complete days logged (have 20 of 28)"),
    ],
)
def test_the_complete_days_message(have, expected):
    assert stats.Shortfall("analysable_days", have, 28).message.startswith(expected)
