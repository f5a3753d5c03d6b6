"""Issue 23: the report prints the interval its decision uses, in every row.

A seeded person whose habits and cramps persist for days (spells of low potassium, of little
fluid, of exercise and of cramp nights), 120 days. The decision ("stands out") reads the risk
ratio's interval widened over the circular shifts; the page's tables, the sentence of a
finding and the printable summary must print that same interval, never the narrower one that
assumes independent days.
"""

import json
import random
import re
from collections import Counter

import pytest
from django.urls import reverse

from reports import wording
from tests.reports.journal_data import fill_days

pytestmark = pytest.mark.django_db


def _persistent_specs(days=120, seed=23):
    rng = random.Random(seed)
    state = {"low": False, "dry": False, "moving": False, "spell": False}
    stay = {"low": 0.85, "dry": 0.8, "moving": 0.75, "spell": 0.85}
    start = {"low": 0.2, "dry": 0.2, "moving": 0.25, "spell": 0.1}
    specs = []
    for _ in range(days):
        for key in state:
            state[key] = rng.random() < (stay[key] if state[key] else start[key])
        cramp_chance = 0.55 if state["spell"] else 0.12
        if state["low"]:
            cramp_chance += 0.1
        specs.append(
            {
                "potassium": 1200.0 if state["low"] else 5200.0,
                "fluid": 900 if state["dry"] else 3800,
                "exercise": 40 if state["moving"] else 0,
                "cramp": rng.random() < cramp_chance,
            }
        )
    return specs


def _printed(page):
    """The risk-ratio intervals printed in the tables (the shares' ones end in "%")."""
    spans = re.findall(r'<span class="interval">\(([^)<]*)\)</span>', page)
    return Counter(span for span in spans if not span.endswith("%"))


def test_every_printed_interval_is_the_decisions(owner_client, owner):
    fill_days(owner, _persistent_specs())

    data = json.loads(owner_client.get(reverse("reports:report_json"), {"period": "all"}).content)
    rows = [r for r in data["associations"]["results"] if r["risk_ratio"] is not None]
    assert len(rows) >= 6
    decided = Counter(wording.interval(r["ci_low"], r["ci_high"], as_percent=False) for r in rows)

    page = owner_client.get(reverse("reports:index"), {"period": "all"}).content.decode()
    printed = _printed(page)

    assert printed == decided
    for row in rows:
        if row["flagged"]:
            short = f"{row['ci_low']:.1f}–{row['ci_high']:.1f}"
            assert f"95% interval {short}, allowing for habits" in page
            summary = owner_client.get(reverse("reports:summary"), {"period": "all"})
            assert f"95% interval {short})" in summary.content.decode()


def test_the_json_method_says_the_primary_family_is_one_sided(owner_client, owner):
    fill_days(owner, _persistent_specs(days=60))

    data = json.loads(owner_client.get(reverse("reports:report_json"), {"period": "all"}).content)

    test = data["associations"]["method"]["test"]
    assert "one-sided in the declared direction for the primary family" in test
    assert "two-sided for the exploratory comparisons" in test
    assert (
        "(the one printed, widened over the shifts) above 1"
        in (data["associations"]["method"]["stands_out"])
    )
