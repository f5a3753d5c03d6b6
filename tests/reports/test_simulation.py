"""The simulation (bench/simulate_reports.py) decides for whole arrays of people at once; these
tests check, person by person, that its decisions are the report's own
(reports.stats.build_report), so that its table describes the method people see."""

import importlib.util
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from reports.stats import PRIMARY_FAMILY, DayRecord, build_report

BENCH = Path(__file__).resolve().parents[2] / "bench" / "simulate_reports.py"


@pytest.fixture(scope="module")
def simulation():
    spec = importlib.util.spec_from_file_location("simulate_reports", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("simulate_reports", module)
    spec.loader.exec_module(module)
    return module


def records_of(people, person):
    start = date(2026, 1, 1)
    return [
        DayRecord(
            date=start + timedelta(days=t),
            cramp=bool(people.cramp[person, t]),
            complete=bool(people.complete[person, t]),
            potassium=float(people.potassium[person, t]),
            magnesium=float(people.magnesium[person, t]),
            calcium=1000.0,
            sodium=2000.0,
            fluid=float(people.fluid[person, t]),
            exercise=float(people.exercise[person, t]),
            alcohol=0.0,
            caffeine=1.0,
        )
        for t in range(people.cramp.shape[1])
    ], start + timedelta(days=1)


@pytest.mark.parametrize("scenario", ["independent", "moderate", "persistent"])
@pytest.mark.parametrize("effect", [1.0, 2.5])
def test_the_simulation_decides_as_the_report_does(simulation, scenario, effect):
    rng = np.random.default_rng(99)
    people = simulation.simulate_people(
        rng, 25, 120, simulation.SCENARIO_SETTINGS[scenario], effect
    )
    sufficient, flagged, result = simulation.decide(people)
    for person in range(25):
        records, first = records_of(people, person)
        report = build_report(
            records, targets={"potassium": simulation.POTASSIUM_TARGET}, first_outcome_day=first
        )
        assert report.sufficient == bool(sufficient[person])
        if not report.sufficient:
            continue
        for column, (factor, window) in enumerate(PRIMARY_FAMILY):
            row = report.result(factor, window)
            assert row.association.exposed_days == int(result.exposed_days[person, column])
            assert row.association.exposed_days_with_cramp == int(
                result.exposed_cramps[person, column]
            )
            assert row.p_value == pytest.approx(float(result.p_value[person, column]))
            assert row.flagged == bool(flagged[person, column]), (person, factor)


def test_the_scenarios_have_the_cramp_share_they_say(simulation):
    for scenario in ("independent", "moderate", "persistent"):
        for effect in (1.0, 2.5):
            rng = np.random.default_rng(5)
            people = simulation.simulate_people(
                rng, 400, 180, simulation.SCENARIO_SETTINGS[scenario], effect
            )
            assert people.cramp.mean() == pytest.approx(0.25, abs=0.02), (scenario, effect)
            assert people.complete.mean() == pytest.approx(0.9, abs=0.01)


def test_strong_persistence_persists(simulation):
    rng = np.random.default_rng(6)
    people = simulation.simulate_people(
        rng, 400, 180, simulation.SCENARIO_SETTINGS["persistent"], 1.0
    )
    low = people.potassium < simulation.POTASSIUM_TARGET
    # A low day is followed by a low day far more often than by chance (40%).
    assert (low[:, 1:] & low[:, :-1]).sum() / low[:, :-1].sum() > 0.75
    cramp = people.cramp
    assert (cramp[:, 1:] & cramp[:, :-1]).sum() / cramp[:, :-1].sum() > 0.35


@pytest.mark.parametrize("scenario", ["independent", "persistent"])
@pytest.mark.parametrize("days", [90, 180])
def test_with_no_effect_at_most_one_person_in_ten_sees_a_finding(simulation, scenario, days):
    """Issue 15, acceptance 1, on 1,000 people of a fixed seed (the README's table has more)."""
    rng = np.random.default_rng(1500 + days)
    people = simulation.simulate_people(
        rng, 1000, days, simulation.SCENARIO_SETTINGS[scenario], 1.0
    )
    _, flagged, _ = simulation.decide(people)
    assert flagged.any(axis=1).mean() <= 0.10


@pytest.mark.parametrize("effect", [1.0, 2.5])
def test_the_ratio_interval_holds_under_strong_persistence(simulation, effect):
    rng = np.random.default_rng(42)
    people = simulation.simulate_people(
        rng, 1000, 180, simulation.SCENARIO_SETTINGS["persistent"], effect
    )
    _, _, result = simulation.decide(people)
    potassium = (result.ci_low[:, 0] <= effect) & (effect <= result.ci_high[:, 0])
    assert potassium.mean() >= 0.93
