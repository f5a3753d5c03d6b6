"""Do self-experiments tell the truth? 1,000 simulated people per cell (issue 16).

Each simulated person runs the experiment as designed in experiments/analysis.py: ``pairs``
pairs of ``block_days``-day blocks, each pair's order drawn at random, analysed with the
exact one-sided randomisation test (a clear difference: p <= 0.05) and the pair-clustered
95% interval of the rate ratio.

The person (deliberately unkind to the method):

- Cramp nights come in spells: the spell model of experiments/analysis.py (a hidden calm /
  spell chain, spells 7 days long on average, covering a quarter of the days, a spell night 3
  times as likely to cramp), at ``--rate`` cramp nights a week on average (default 2).
- Cramps ease over the weeks whatever is done (a period effect, as in Frusso 1999): the
  nightly risk falls linearly from 1.2 to 0.8 times its average across the experiment.
- Habits persist from day to day. "as planned": the person does the tested thing on every
  test day and never on usual days. "habits persist": on test days they do it with
  probability 0.9 after a day they did it and 0.6 after a day they did not (about 86% of test
  days); on usual days they carry on with probability 0.5 after a day they did it and start
  with probability 0.03 (a habit spilling over the switch).
- A true effect multiplies the night's risk by ``effect`` on the days the thing is done
  (1: no effect; 0.5: a halving).

Columns: "clear" = the share of people told "a clear difference"; "covered" = the share whose
95% interval (when one exists) contains the true ratio of the planned comparison (1 with no
effect; the halving, 0.5, when everything goes as planned); "no CI" = people with no interval
(no cramp nights in a condition). Every tenth person is re-analysed with the plain-Python
functions of experiments/analysis.py and must agree exactly with the vectorised numbers.

Run: .venv/bin/python bench/simulate_experiments.py [--people 1000] [--rate 2] [--seed 16]
Needs numpy (requirements-dev.txt). Results are in bench/README.md.
"""

from __future__ import annotations

import argparse
import itertools
import math
import pathlib
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from experiments import analysis  # plain Python, no Django


def _adherence(rng, test_days: np.ndarray, persist: bool) -> np.ndarray:
    """Whether each person does the thing on each day (people x days)."""
    if not persist:
        return test_days.copy()
    people, days = test_days.shape
    done = np.zeros((people, days), dtype=bool)
    previous = test_days[:, 0]  # they start as planned
    for day in range(days):
        u = rng.random(people)
        on_test = np.where(previous, u < 0.9, u < 0.6)
        on_usual = np.where(previous, u < 0.5, u < 0.03)
        previous = np.where(test_days[:, day], on_test, on_usual)
        done[:, day] = previous
    return done


def _nights(rng, risk_factor: np.ndarray, rate: float) -> np.ndarray:
    """Cramp nights (people x days) under the spell model, risk multiplied per day."""
    people, days = risk_factor.shape
    calm, spell = analysis.night_risks(rate)
    leave = 1 / analysis.SPELL_DAYS
    enter = leave * analysis.SPELL_SHARE / (1 - analysis.SPELL_SHARE)
    in_spell = rng.random(people) < analysis.SPELL_SHARE
    nights = np.zeros((people, days), dtype=bool)
    for day in range(days):
        risk = np.where(in_spell, spell, calm) * risk_factor[:, day]
        nights[:, day] = rng.random(people) < np.minimum(risk, 1.0)
        u = rng.random(people)
        in_spell = np.where(in_spell, u >= leave, u < enter)
    return nights


def run_cell(rng, people, pairs, block_days, rate, effect, persist, run_in=0):
    days = 2 * pairs * block_days
    seeds = rng.integers(0, 2**53, size=people)
    orders = np.array([analysis.draw_orders(int(seed), pairs) for seed in seeds])
    test_first = orders == "AB"  # people x pairs
    # Per block, whether it is a test block: pair p's blocks are 2p and 2p + 1.
    block_is_test = np.empty((people, 2 * pairs), dtype=bool)
    block_is_test[:, 0::2] = test_first
    block_is_test[:, 1::2] = ~test_first
    test_days = np.repeat(block_is_test, block_days, axis=1)
    done = _adherence(rng, test_days, persist)
    trend = np.linspace(1.2, 0.8, days)[None, :]
    factor = trend * np.where(done, effect, 1.0)
    nights = _nights(rng, factor, rate)

    blocks = nights.reshape(people, 2 * pairs, block_days)[:, :, run_in:].sum(axis=2)
    first, second = blocks[:, 0::2], blocks[:, 1::2]
    test = np.where(test_first, first, second)
    usual = np.where(test_first, second, first)
    differences = test - usual
    signs = np.array(list(itertools.product((1, -1), repeat=pairs)))  # orders x pairs
    totals = differences @ signs.T
    observed = differences.sum(axis=1)
    p = (totals <= observed[:, None]).mean(axis=1)
    clear = (p <= analysis.ALPHA) & (test.sum(axis=1) < usual.sum(axis=1))

    # The ratio's interval, as in analysis.rate_ratio.
    x_total, y_total = test.sum(axis=1), usual.sum(axis=1)
    defined = (x_total > 0) & (y_total > 0)
    safe_x, safe_y = np.where(defined, x_total, 1), np.where(defined, y_total, 1)
    ratio = safe_x / safe_y
    mean_x, mean_y = safe_x / pairs, safe_y / pairs
    variance = ((test / mean_x[:, None] - usual / mean_y[:, None]) ** 2).sum(axis=1) / (
        pairs * (pairs - 1)
    )
    half = analysis.T_975[pairs - 2] * np.sqrt(variance)
    low, high = np.exp(np.log(ratio) - half), np.exp(np.log(ratio) + half)
    truth = effect if not persist or effect == 1.0 else None
    covered = None
    if truth is not None:
        covered = float(((low <= truth) & (truth <= high))[defined].mean())

    # Cross-check against the plain-Python analysis.
    counted = block_days - run_in
    for person in range(0, people, 10):
        counts = list(zip(test[person].tolist(), usual[person].tolist(), strict=True))
        assert analysis.randomisation_p(counts) == p[person]
        python = analysis.rate_ratio(counts, counted)
        if defined[person]:
            assert math.isclose(python.ci_low, low[person], rel_tol=1e-9)
            assert math.isclose(python.ci_high, high[person], rel_tol=1e-9)
        else:
            assert python.ci_low is None
    return {
        "clear": float(clear.mean()),
        "covered": covered,
        "no_ci": float((~defined).mean()),
        "nights_per_week": float(nights.sum(axis=1).mean() * 7 / days),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--pairs", type=int, nargs="+", default=[3, 4, 5, 6])
    parser.add_argument("--block-days", type=int, nargs="+", default=[7, 14])
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    started = time.perf_counter()
    print(
        f"{args.people} people per cell, {args.rate:g} cramp nights a week on average, "
        f"seed {args.seed}; clear = p <= {analysis.ALPHA} (one-sided exact randomisation test)"
    )
    header = (
        "pairs  days | no effect: clear covered no CI | halving, as planned: clear covered"
        " | halving, habits persist: clear | app's estimate"
    )
    print(header)
    for block_days in args.block_days:
        for pairs in args.pairs:
            null = run_cell(rng, args.people, pairs, block_days, args.rate, 1.0, True)
            planned = run_cell(rng, args.people, pairs, block_days, args.rate, 0.5, False)
            habits = run_cell(rng, args.people, pairs, block_days, args.rate, 0.5, True)
            app = analysis.detection_power(args.rate, pairs, block_days)
            print(
                f"{pairs:5d} {block_days:5d} | {null['clear']:16.1%} {null['covered']:7.1%}"
                f" {null['no_ci']:5.1%} | {planned['clear']:26.1%} {planned['covered']:7.1%}"
                f" | {habits['clear']:30.1%} | {app:14.1%}"
            )
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
