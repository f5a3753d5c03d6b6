"""Which test should the report use? The alternatives to Fisher's test on the simulated users.

Issue 5's investigation, reproducible. Same users as bench/issue5_simulation.py (same seeds,
same simulation), and for each user the same 16 comparisons (8 factors x 2 windows) and BH at
q = 0.10 over all 16; only the per-comparison p-value changes:

- fisher: Fisher's two-sided exact test (the report's test, reports.stats.fisher_exact_p);
- midp: Lancaster's two-sided mid-p (reports.stats.fisher_midp_p);
- fisher_1s, midp_1s: one-sided in the pre-specified risk direction (exposed days have more
  cramps), exact and mid-p;
- pooled_z: the pooled two-proportion z test (Pearson's chi-squared without continuity
  correction), asymptotic, two-sided;
- heyse: Fisher's p-values with Heyse's (2011) discrete BH in place of BH (it uses each
  table's exact null distribution of attainable p-values) - a change of the multiplicity
  procedure, not of the test;
- boschloo, barnard (``--unconditional``, slow): scipy's exact unconditional tests, two-sided
  (Barnard with the pooled z statistic).

(a) = users with no effect shown ANY association; (b) = users with the 2.5x effect shown
potassium/previous day. ``--null-seeds N`` adds N more no-effect runs of ``--users`` users
with other seeds and prints the pooled (a), to see past one run's Monte Carlo error (about
+-1 point at 1,000 users).

Needs scipy (requirements-dev.txt). Run:
    .venv/bin/python bench/compare_tests.py [--days 90 180] [--null-seeds 4] [--unconditional]
"""

import argparse
import math
import random
import sys
import warnings
from functools import cache
from pathlib import Path
from statistics import NormalDist

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from issue5_simulation import EFFECT, POTASSIUM_TARGET, simulate_user
from scipy.stats import barnard_exact, boschloo_exact, hypergeom

from reports.stats import benjamini_hochberg, build_report, fisher_exact_p, fisher_midp_p

TARGET = ("potassium", "previous_day")
Q = 0.10


def one_sided(a, n1, b, n2, mid=False):
    """P(exposed cramp count >= a) given the margins (mid: the observed table counts half)."""
    events, total = a + b, n1 + n2
    if n1 == 0 or n2 == 0 or events == 0 or events == total:
        return 1.0
    support = range(a, min(n1, events) + 1)
    weights = [math.comb(n1, x) * math.comb(n2, events - x) for x in support]
    upper = sum(weights) - (weights[0] / 2 if mid else 0)
    return min(upper / math.comb(total, events), 1.0)


def pooled_z(a, n1, b, n2):
    events, total = a + b, n1 + n2
    if n1 == 0 or n2 == 0 or events == 0 or events == total:
        return 1.0
    pooled = events / total
    z = (a / n1 - b / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return 2 * NormalDist().cdf(-abs(z))


@cache
def unconditional(table):
    a, n1, b, n2 = table
    cells = [[a, n1 - a], [b, n2 - b]]
    if n1 == 0 or n2 == 0 or a + b in (0, n1 + n2):
        return 1.0, 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        boschloo = boschloo_exact(cells, alternative="two-sided").pvalue
        barnard = barnard_exact(cells, alternative="two-sided", pooled=True).pvalue
    return min(boschloo, 1.0), min(barnard, 1.0)


TESTS = {
    "fisher": fisher_exact_p,
    "midp": fisher_midp_p,
    "fisher_1s": one_sided,
    "midp_1s": lambda *t: one_sided(*t, mid=True),
    "pooled_z": pooled_z,
    "boschloo": lambda *t: unconditional(t)[0],
    "barnard": lambda *t: unconditional(t)[1],
}


@cache
def fisher_null_support(n1, n2, events):
    """Fisher's two-sided p of every table with these margins, and its probability."""
    total = n1 + n2
    xs = np.arange(max(0, events - n2), min(n1, events) + 1)
    pmf = hypergeom.pmf(xs, total, n1, events)
    p = np.array([pmf[pmf <= value * (1 + 1e-7)].sum() for value in pmf])
    return np.minimum(p, 1.0), pmf


def heyse(tables):
    """Heyse (2011) discrete BH on Fisher's p-values: flags, in input order."""
    p_values = [fisher_exact_p(*t) for t in tables]
    supports = [fisher_null_support(t[1], t[3], t[0] + t[2]) for t in tables]
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [1.0] * m
    running = 1.0
    for rank in range(m - 1, -1, -1):
        t = p_values[order[rank]]
        expected = sum(pmf[p <= t * (1 + 1e-9)].sum() for p, pmf in supports)
        running = min(running, expected / (rank + 1))
        adjusted[order[rank]] = running
    return [value <= Q for value in adjusted]


def simulate(seed, users, days, effect):
    """Per user: [(factor, window), (a, n1, b, n2)] for every testable comparison."""
    rng = random.Random(seed)
    out = []
    for _ in range(users):
        report = build_report(simulate_user(rng, days, effect), targets={"potassium": 3400.0})
        out.append(
            [
                (
                    (r.factor, r.window),
                    (
                        r.association.exposed_days_with_cramp,
                        r.association.exposed_days,
                        r.association.other_days_with_cramp,
                        r.association.other_days,
                    ),
                )
                for r in report.results
                if report.sufficient and r.association.testable
            ]
        )
    return out


def flagged(user, method):
    if not user:
        return set()
    tables = [t for _, t in user]
    if method == "heyse":
        flags = heyse(tables)
    else:
        flags, _ = benjamini_hochberg([TESTS[method](*t) for t in tables], q=Q)
    return {key for (key, _), flag in zip(user, flags, strict=True) if flag}


def main():
    assert POTASSIUM_TARGET == 3400.0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--days", type=int, nargs="+", default=[90])
    parser.add_argument("--seed", type=int, default=20260521)
    parser.add_argument("--null-seeds", type=int, default=0)
    parser.add_argument("--unconditional", action="store_true")
    args = parser.parse_args()
    methods = ["fisher", "midp", "fisher_1s", "midp_1s", "pooled_z", "heyse"]
    if args.unconditional:
        methods += ["boschloo", "barnard"]
    for days in args.days:
        null = simulate(args.seed, args.users, days, 1.0)
        effect = simulate(args.seed + 1, args.users, days, EFFECT)
        extra = [
            simulate(args.seed + 1000 * i, args.users, days, 1.0)
            for i in range(1, 1 + args.null_seeds)
        ]
        print(f"\n{days} days, {args.users} users per scenario, seed {args.seed}")
        header = f"{'method':<10} {'(a) any':>8} {'(b) target':>11} {'(b) other':>10}"
        if extra:
            header += f" {'(a) pooled over ' + str(len(extra) + 1) + ' seeds':>26}"
        print(header)
        for method in methods:
            a = sum(bool(flagged(u, method)) for u in null)
            decisions = [flagged(u, method) for u in effect]
            b = sum(TARGET in d for d in decisions)
            other = sum(bool(d - {TARGET}) for d in decisions)
            line = (
                f"{method:<10} {100 * a / args.users:7.1f}% {100 * b / args.users:10.1f}% "
                f"{100 * other / args.users:9.1f}%"
            )
            if extra:
                hits = a + sum(bool(flagged(u, method)) for run in extra for u in run)
                n = args.users * (len(extra) + 1)
                line += f" {100 * hits / n:25.2f}%"
            print(line, flush=True)


if __name__ == "__main__":
    main()
