"""Does the report's method tell the truth? A simulation of users with and without an effect.

GUIDE.md section 6 and issue 5: users with no true effect must rarely be told of one (target:
at most 10% of users see ANY flagged association); users with a real effect should usually be
(target: at least 60% see it flagged). Beside each figure, the naive approach: "p < 0.05 on
each test", with no correction for the 16 tests (8 factors x 2 windows).

Simulated user: 90 complete days. Cramp days follow a two-state Markov chain (day-to-day
persistence: a cramp day is three times as likely after a cramp day), tuned so that about a
quarter of days have a cramp. Intake is drawn independently each day:

- potassium ~ Normal(3,603, 800) mg against a target of 3,400 mg, so about 40% of days are
  low (the target path of the exposure rule);
- magnesium, calcium, sodium, fluid: log-normal, split at the user's own median;
- exercise: none on half the days, else 15-75 minutes; alcohol: a drink on about 20% of
  days; caffeine: 0-4 drinks.

Scenario (a), no effect: cramps depend on nothing but the previous day's cramp.
Scenario (b), effect: the day's cramp probability is 2.5 times higher when the day before was
a low-potassium day (the baseline is lowered so that the cramp share stays about 25%).

Result (seed 20260521): (a) 6.4% of users see any flagged association (naive 41.1%), target
met; (b) 34.5% see potassium/previous day flagged (naive 63.6%), target of 60% MISSED. Why:
90 days give about 36 low-potassium and 53 other day pairs with cramp rates near 39% and 16%;
with one true effect among 16 tests, BH at q = 0.10 first needs p <= 0.10/16 = 0.006, which
Fisher's exact test reaches on tables this size only about a third of the time. With
``--days 180`` the figures are 10.0% and 74.8%. The simulation is deliberately not tuned.

Run: .venv/bin/python bench/simulate_reports.py [--users 1000] [--days 90] [--seed 20260521]
"""

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reports.stats import DayRecord, build_report

POTASSIUM_TARGET = 3400.0
POTASSIUM_MEAN = 3400.0 + 0.2533 * 800.0  # P(value < target) = 0.40
POTASSIUM_SD = 800.0
PERSISTENCE = 3.0  # P(cramp | cramp yesterday) / P(cramp | none yesterday), before any effect
CRAMP_SHARE = 0.25
EFFECT = 2.5
LOW_SHARE = 0.40
NAIVE_ALPHA = 0.05
START = date(2026, 1, 1)


def baseline_probabilities(effect: float) -> tuple[float, float]:
    """(P(cramp | no cramp yesterday), P(cramp | cramp yesterday)) before the effect.

    Yesterday's potassium is independent of yesterday's cramp (intake is drawn afresh each
    day), so the stationary cramp share is ``m · (π·b1 + (1-π)·b0)`` with ``m`` the mean
    multiplier ``(1 - 0.4) + 0.4 · effect``; solving for π = 0.25 with b1 = 3·b0.
    """
    multiplier = (1 - LOW_SHARE) + LOW_SHARE * effect
    b0 = CRAMP_SHARE / (multiplier * (CRAMP_SHARE * PERSISTENCE + (1 - CRAMP_SHARE)))
    return b0, PERSISTENCE * b0


def simulate_user(rng: random.Random, days: int, effect: float) -> list[DayRecord]:
    b0, b1 = baseline_probabilities(effect)
    cramp_yesterday = rng.random() < CRAMP_SHARE
    low_potassium_yesterday = rng.random() < LOW_SHARE  # the (unrecorded) day before day 1
    records = []
    for offset in range(days):
        probability = b1 if cramp_yesterday else b0
        if low_potassium_yesterday:
            probability *= effect
        cramp = rng.random() < probability
        potassium = rng.gauss(POTASSIUM_MEAN, POTASSIUM_SD)
        records.append(
            DayRecord(
                date=START + timedelta(days=offset),
                cramp=cramp,
                complete=True,
                potassium=potassium,
                magnesium=rng.lognormvariate(5.7, 0.35),
                calcium=rng.lognormvariate(6.8, 0.35),
                sodium=rng.lognormvariate(7.9, 0.3),
                fluid=rng.lognormvariate(7.6, 0.3),
                exercise=0.0 if rng.random() < 0.5 else float(rng.randint(15, 75)),
                alcohol=1.0 if rng.random() < 0.2 else 0.0,
                caffeine=float(rng.randint(0, 4)),
            )
        )
        cramp_yesterday = cramp
        low_potassium_yesterday = potassium < POTASSIUM_TARGET
    return records


def run_scenario(rng: random.Random, users: int, days: int, effect: float) -> dict:
    target = ("potassium", "previous_day")
    totals = dict.fromkeys(
        (
            "any_flagged",
            "any_naive",
            "target_flagged",
            "target_naive",
            "other_flagged",
            "other_naive",
            "insufficient",
        ),
        0,
    )
    tests = naive_hits = cramp_days = day_count = 0
    for _ in range(users):
        records = simulate_user(rng, days, effect)
        cramp_days += sum(r.cramp for r in records)
        day_count += len(records)
        report = build_report(records, targets={"potassium": POTASSIUM_TARGET})
        if not report.sufficient:
            totals["insufficient"] += 1
            continue
        flagged = {(r.factor, r.window) for r in report.results if r.flagged}
        naive = {
            (r.factor, r.window)
            for r in report.results
            if r.association.testable and r.association.p_value < NAIVE_ALPHA
        }
        tests += sum(r.association.testable for r in report.results)
        naive_hits += len(naive)
        totals["any_flagged"] += bool(flagged)
        totals["any_naive"] += bool(naive)
        totals["target_flagged"] += target in flagged
        totals["target_naive"] += target in naive
        totals["other_flagged"] += bool(flagged - {target})
        totals["other_naive"] += bool(naive - {target})
    totals["cramp_share"] = cramp_days / day_count
    totals["per_test_naive_rate"] = naive_hits / tests if tests else float("nan")
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=20260521)
    args = parser.parse_args()

    started = time.perf_counter()
    null = run_scenario(random.Random(args.seed), args.users, args.days, effect=1.0)
    effect = run_scenario(random.Random(args.seed + 1), args.users, args.days, effect=EFFECT)
    elapsed = time.perf_counter() - started

    def share(count: int) -> str:
        return f"{100 * count / args.users:5.1f}%"

    print(
        f"{args.users} simulated users x {args.days} complete days, seed {args.seed}; "
        f"BH at q = 0.10 over 16 tests vs naive p < {NAIVE_ALPHA} on each"
    )
    print(
        f"cramp share: (a) {null['cramp_share']:.3f}, (b) {effect['cramp_share']:.3f}; "
        f"users below the data gate: (a) {null['insufficient']}, (b) {effect['insufficient']}"
    )
    print()
    rows = [
        ("(a) no effect: users with ANY flagged association", "<= 10%", "any"),
        ("(b) effect: users with potassium/previous day flagged", ">= 60%", "target"),
        ("(b) effect: users with any OTHER (false) association", "", "other"),
    ]
    print(f"{'measure':<58} {'target':>7} {'BH q=0.10':>10} {'naive':>8}")
    print("-" * 86)
    for label, goal, key in rows:
        data = null if key == "any" else effect
        print(
            f"{label:<58} {goal:>7} {share(data[key + '_flagged']):>10} "
            f"{share(data[key + '_naive']):>8}"
        )
    print("-" * 86)
    print(
        f"per-test naive false-positive rate under (a): {100 * null['per_test_naive_rate']:.1f}% "
        f"(Fisher's test is conservative on small tables)"
    )
    print(f"run time: {elapsed:.1f} s")


if __name__ == "__main__":
    main()
