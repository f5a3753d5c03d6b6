"""Does the report's method tell the truth when habits persist? Simulated people, vectorised.

Issue 15, acceptance 1: with no true effect, at most 10% of people may see ANY primary finding
stand out, at 90 and at 180 days, with independent days and with strong persistence; a 2.5x
effect of low potassium (the day before) must stand out for at least 75% of people at 180
days, and the 90-day figure is reported.

The method simulated is the report's own: reports.permutation.shift_test (the circular-shift
test, every shift of at least 7 days), BH at q = 0.10 over the primary family, and
reports.permutation.stands_out (BH on the one-sided p-values, both groups of 10 days or
more, a 95% interval above 1). tests/reports/test_simulation.py checks, person by person,
that the decisions made here for whole arrays of people are the ones
reports.stats.build_report makes.

Each simulated person
---------------------

``days`` outcome days plus the day before the first (its intake is the first day's "day
before"). About 10% of days are not marked complete, at random: their intake and their
cramp outcome are unknown (never zero), as in the report; exercise is always known.

Intake, for the four primary factors (the report's exposure rules):

- potassium ~ Normal(3,603, 800) mg against a target of 3,400 mg, so 40% of days are low;
- magnesium and fluid log-normal, low when below the person's own median;
- exercise on about half the days ("any exercise").

Magnesium comes with potassium (their daily values correlate 0.7) and exercise days are drier
(exercise and fluid correlate -0.5), as in life; the overlap text of the report meets both.

Scenarios (``--scenarios``; the standard ones are all three):

- ``independent``: intake drawn afresh each day, cramps on 25% of days independently.
- ``moderate``: intake afresh each day; cramps a two-state Markov chain (a cramp day is three
  times as likely after a cramp day) - issue 5's scenario.
- ``persistent`` (strong persistence): every intake factor follows a latent AR(1) with
  day-to-day correlation 0.9 (a habit lasts about two to three weeks: the correlation halves
  in 6.6 days), and cramps come in spells - a hidden Markov state, spells of 14 days on
  average, 42 days between them, cramps on 55% of spell days and 15% of other days (25%
  overall).

Effect (b): each day's cramp chance is 2.5 times as high when the day before was low in
potassium, the baseline scaled down (by 1 / (0.6 + 0.4 x 2.5)) so that about 25% of days still
have a cramp. Nothing else has an effect.

Run: .venv/bin/python bench/simulate_reports.py [--users 1000] [--days 90 180]
     [--scenarios independent moderate persistent] [--seed 20261201]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reports.permutation import benjamini_hochberg_rows, shift_test, stands_out
from reports.stats import (
    DEFAULT_FDR_Q,
    MIN_ANALYSABLE_DAYS,
    MIN_CRAMP_DAYS,
    MIN_CRAMP_FREE_DAYS,
    benjamini_hochberg,
    fisher_exact_p,
)

POTASSIUM_TARGET = 3400.0
POTASSIUM_SD = 800.0
LOW_SHARE = 0.40
POTASSIUM_MEAN = POTASSIUM_TARGET + 0.2533 * POTASSIUM_SD  # P(value < target) = 0.40
EXERCISE_SHARE = 0.5
INCOMPLETE_SHARE = 0.10
CRAMP_SHARE = 0.25
EFFECT = 2.5
MULTIPLIER_MEAN_SHARE = LOW_SHARE  # the share of days whose next day carries the effect

PRIMARY = ("potassium", "magnesium", "fluid", "exercise")
SCENARIOS = ("independent", "moderate", "persistent")


@dataclass(frozen=True)
class Scenario:
    name: str
    intake_phi: float  # day-to-day correlation of each latent intake series
    cramp_model: str  # "independent", "markov" or "spells"


SCENARIO_SETTINGS = {
    "independent": Scenario("independent", 0.0, "independent"),
    "moderate": Scenario("moderate", 0.0, "markov"),
    "persistent": Scenario("persistent", 0.9, "spells"),
}

MARKOV_PERSISTENCE = 3.0  # P(cramp | cramp yesterday) / P(cramp | none yesterday)
SPELL_MEAN_DAYS = 14.0
GAP_MEAN_DAYS = 42.0
SPELL_CRAMP = 0.55
GAP_CRAMP = (CRAMP_SHARE - SPELL_CRAMP * 14 / 56) / (42 / 56)  # 0.15 x ... = 25% overall


def latent_ar1(rng: np.random.Generator, people: int, days: int, phi: float) -> np.ndarray:
    """Standard-normal AR(1) series, stationary from the first day."""
    noise = rng.standard_normal((people, days))
    if phi == 0:
        return noise
    out = np.empty_like(noise)
    out[:, 0] = noise[:, 0]
    scale = math.sqrt(1 - phi * phi)
    for t in range(1, days):
        out[:, t] = phi * out[:, t - 1] + scale * noise[:, t]
    return out


def simulate_intake(rng, people, days, phi):
    """(potassium, magnesium, fluid, exercise minutes), each (people, days)."""
    z_k = latent_ar1(rng, people, days, phi)
    z_mg = 0.7 * z_k + math.sqrt(1 - 0.49) * latent_ar1(rng, people, days, phi)
    z_ex = latent_ar1(rng, people, days, phi)
    z_fluid = -0.5 * z_ex + math.sqrt(1 - 0.25) * latent_ar1(rng, people, days, phi)
    potassium = POTASSIUM_MEAN + POTASSIUM_SD * z_k
    magnesium = np.exp(5.7 + 0.35 * z_mg)
    fluid = np.exp(7.6 + 0.3 * z_fluid)
    exercise = np.where(z_ex > 0, 15 + 60 * (1 - np.exp(-z_ex)), 0.0)  # half the days: none
    return potassium, magnesium, fluid, exercise


def simulate_cramps(rng, people, days, model, multiplier):
    """Cramp days (people, days) given each day's effect multiplier (1 without an effect)."""
    u = rng.random((people, days))
    if model == "independent":
        return u < np.minimum(CRAMP_SHARE * multiplier, 0.95)
    cramps = np.zeros((people, days), dtype=bool)
    if model == "markov":
        b0 = CRAMP_SHARE / (CRAMP_SHARE * MARKOV_PERSISTENCE + (1 - CRAMP_SHARE))
        yesterday = rng.random(people) < CRAMP_SHARE
        for t in range(days):
            base = np.where(yesterday, MARKOV_PERSISTENCE * b0, b0)
            cramps[:, t] = u[:, t] < np.minimum(base * multiplier[:, t], 0.95)
            yesterday = cramps[:, t]
        return cramps
    # Spells: a hidden on/off Markov chain with the given mean durations.
    in_spell = rng.random(people) < SPELL_MEAN_DAYS / (SPELL_MEAN_DAYS + GAP_MEAN_DAYS)
    switch = rng.random((people, days))
    for t in range(days):
        leave = np.where(in_spell, 1 / SPELL_MEAN_DAYS, 1 / GAP_MEAN_DAYS)
        in_spell = in_spell ^ (switch[:, t] < leave)
        base = np.where(in_spell, SPELL_CRAMP, GAP_CRAMP)
        cramps[:, t] = u[:, t] < np.minimum(base * multiplier[:, t], 0.95)
    return cramps


@dataclass
class People:
    """Everything the report reads, for many people: day 0 is the day before the period."""

    cramp: np.ndarray  # (people, days + 1)
    complete: np.ndarray
    potassium: np.ndarray
    magnesium: np.ndarray
    fluid: np.ndarray
    exercise: np.ndarray


def simulate_people(rng, people: int, days: int, scenario: Scenario, effect: float) -> People:
    total = days + 1
    potassium, magnesium, fluid, exercise = simulate_intake(rng, people, total, scenario.intake_phi)
    low_before = np.zeros((people, total), dtype=bool)
    low_before[:, 1:] = potassium[:, :-1] < POTASSIUM_TARGET
    # The effect follows what was eaten, logged or not (as in life).
    scale = 1.0 / ((1 - MULTIPLIER_MEAN_SHARE) + MULTIPLIER_MEAN_SHARE * effect)
    multiplier = np.where(low_before, effect, 1.0) * scale
    cramp = simulate_cramps(rng, people, total, scenario.cramp_model, multiplier)
    complete = rng.random((people, total)) >= INCOMPLETE_SHARE
    return People(cramp, complete, potassium, magnesium, fluid, exercise)


def primary_exposures(people: People):
    """The report's exposure rules, the day before: (exposed, known), each (people, 4, days)."""
    complete = people.complete
    nan = np.nan

    def own_median(values):
        return np.nanmedian(np.where(complete, values, nan), axis=1, keepdims=True)

    low = {
        "potassium": people.potassium < POTASSIUM_TARGET,
        "magnesium": people.magnesium < own_median(people.magnesium),
        "fluid": people.fluid < own_median(people.fluid),
        "exercise": people.exercise > 0,
    }
    known = {
        "potassium": complete,
        "magnesium": complete,
        "fluid": complete,
        "exercise": np.ones_like(complete),
    }
    # Outcome day t (1..days) reads the exposure of day t - 1.
    exposed = np.stack([low[f][:, :-1] for f in PRIMARY], axis=1)
    known_ = np.stack([known[f][:, :-1] for f in PRIMARY], axis=1)
    return exposed, known_


def decide(people: People, q: float = DEFAULT_FDR_Q):
    """For each person: sufficient (the gate), and the four primary decisions (people, 4)."""
    outcome = people.cramp[:, 1:]
    outcome_known = people.complete[:, 1:]
    exposed, known = primary_exposures(people)
    result = shift_test(outcome[:, None, :], outcome_known[:, None, :], exposed, known)
    analysable = outcome_known.sum(axis=1)
    cramp_days = (outcome & outcome_known).sum(axis=1)
    sufficient = (
        (analysable >= MIN_ANALYSABLE_DAYS)
        & (cramp_days >= MIN_CRAMP_DAYS)
        & (analysable - cramp_days >= MIN_CRAMP_FREE_DAYS)
    )
    flagged_by_bh = benjamini_hochberg_rows(result.p_value, q)
    flagged = stands_out(result, flagged_by_bh) & sufficient[:, None]
    return sufficient, flagged, result


def fisher_over_four(result, sufficient, q: float = DEFAULT_FDR_Q) -> np.ndarray:
    """For contrast: Fisher's exact test on the same four counts, BH over four (what the
    permutation replaces; it treats days as independent)."""
    people = result.exposed_days.shape[0]
    flags = np.zeros((people, len(PRIMARY)), dtype=bool)
    for person in range(people):
        if not sufficient[person]:
            continue
        p_values, columns = [], []
        for j in range(len(PRIMARY)):
            counts = (
                int(result.exposed_cramps[person, j]),
                int(result.exposed_days[person, j]),
                int(result.other_cramps[person, j]),
                int(result.other_days[person, j]),
            )
            if counts[1] and counts[3]:
                p_values.append(fisher_exact_p(*counts))
                columns.append(j)
        for j, flag in zip(columns, benjamini_hochberg(p_values, q=q)[0], strict=True):
            flags[person, j] = flag
    return flags


def run_cell(seed: int, users: int, days: int, scenario: str, effect: float, fisher: bool):
    rng = np.random.default_rng(seed)
    people = simulate_people(rng, users, days, SCENARIO_SETTINGS[scenario], effect)
    sufficient, flagged, result = decide(people)
    more = result.ratio > 1
    figures = {
        "any": flagged.any(axis=1).mean(),
        "potassium": (flagged[:, 0] & more[:, 0]).mean(),
        "other": flagged[:, 1:].any(axis=1).mean(),
        "magnesium": flagged[:, 1].mean(),
        "insufficient": 1 - sufficient.mean(),
        "cramp_share": people.cramp[:, 1:].mean(),
    }
    if fisher:
        fisher_flags = fisher_over_four(result, sufficient)
        figures["fisher_any"] = fisher_flags.any(axis=1).mean()
        figures["fisher_potassium"] = (fisher_flags[:, 0] & more[:, 0]).mean()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--days", type=int, nargs="+", default=[90, 180])
    parser.add_argument("--scenarios", nargs="+", choices=SCENARIOS, default=list(SCENARIOS))
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument(
        "--no-fisher", action="store_true", help="skip the Fisher-over-four contrast column"
    )
    args = parser.parse_args()

    def pct(value: float) -> str:
        return f"{100 * value:.1f}%"

    print(
        f"{args.users} simulated people per cell, seed {args.seed}; the report's method: "
        "circular shifts >= 7 days, one-sided (more cramps), BH q = 0.10 over the 4 primary "
        "comparisons; stands out = BH + groups >= 10 days + 95% interval above 1"
    )
    header = (
        "| scenario | days | no effect: any primary finding stands out | 2.5x effect: low "
        "potassium stands out | 2.5x effect: another primary finding stands out | "
        "of which magnesium | Fisher (two-sided), BH over 4, no effect | the same, 2.5x |"
    )
    print(header)
    print("|" + "---|" * 8)
    for scenario in args.scenarios:
        for days in args.days:
            started = time.perf_counter()
            cell_seed = args.seed + 1000 * SCENARIOS.index(scenario) + days
            null = run_cell(cell_seed, args.users, days, scenario, 1.0, not args.no_fisher)
            effect = run_cell(cell_seed + 1, args.users, days, scenario, EFFECT, not args.no_fisher)
            elapsed = time.perf_counter() - started
            fisher = (
                f"{pct(null['fisher_any'])} | {pct(effect['fisher_potassium'])}"
                if not args.no_fisher
                else "– | –"
            )
            print(
                f"| {scenario} | {days} | {pct(null['any'])} | {pct(effect['potassium'])} | "
                f"{pct(effect['other'])} | {pct(effect['magnesium'])} | {fisher} |"
                f"  <!-- cramp share {null['cramp_share']:.3f}/{effect['cramp_share']:.3f}, "
                f"below the gate {pct(null['insufficient'])}/{pct(effect['insufficient'])}, "
                f"{elapsed:.1f} s -->",
                flush=True,
            )


if __name__ == "__main__":
    main()
