"""How often would a self-experiment tell the truth? Simulated people, a harsh model (issue 23).

For each design the design page offers, each length (12, 16, 20 and 26 weeks) and 1, 2, 4 and 8
cramp nights a week, ``--people`` simulated people (default 4,000 per cell) run the experiment
and are analysed exactly as experiments/analysis.py analyses a real one: the pairs' (test -
usual) cramp nights on counted nights, the exact one-sided sign-flip randomisation test, "a
clear difference" when p <= 0.05 with fewer cramp nights while testing. Printed: the share told
"clear" with no effect, with a rate ratio of 0.67 and with a halving (0.5).

The person is deliberately harsh, as the outside audit's was:

- Persistent spells: a hidden calm / spell chain, spells 10 days long on average covering 30%
  of the days, a spell night 3 times as likely to bring a cramp as a calm one (harsher than
  the spell model of analysis.py: 7 days, 25%).
- Drift: each person's risk drifts over the experiment by a factor ``exp(slope * (t - 1/2))``
  (t from 0 to 1), slope drawn from Normal(-0.4, 0.4): cramps mostly ease by themselves, some
  people get worse.
- 80% adherence with habits: on test days a person does the thing with probability 0.9 after
  a day they did it and 0.4 after a day they did not (80% of test days in the long run); on
  usual days they carry on with probability 0.3 after a day they did it and start with 0.02.
- Carry-over: where the design allows it, doing the thing acts on that night *and the next*
  (a change that acts into the next night). The 3-night-block design is always simulated with
  it (its first night, not counted, absorbs it); single nights are offered only when the
  person says the change cannot act into the next night, so they are simulated without it,
  and once more with it to show what it would cost.
- A true effect multiplies the night's risk by the ratio (1: no effect).
- Every night is known and every day answered (the analysis drops pairs with unknown nights,
  which only lowers these figures).

The p-values are exact (analysis.sign_total_counts), one per distinct (how many differences
of each size, observed total): many people share one. Every 50th person is re-analysed with
analysis.randomisation_p and must agree exactly.

Run: .venv/bin/python bench/simulate_experiments.py [--people 4000] [--seed 23] [--write]
``--write`` rewrites experiments/chances.py, the table the sentence before the start reads
(tests/experiments/test_chances.py re-runs a small seeded part of it and checks it). Needs
numpy (requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import time
from collections.abc import Iterable
from functools import cache

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from experiments import analysis  # noqa: E402 (plain Python, no Django)

SPELL_DAYS = 10.0
SPELL_SHARE = 0.30
SPELL_RISK = 3.0
DRIFT_MEAN, DRIFT_SD = -0.4, 0.4
TEST_KEEP, TEST_START = 0.9, 0.4
USUAL_KEEP, USUAL_START = 0.3, 0.02

RATES = (1, 2, 4, 8)
EFFECTS = (1.0, 0.67, 0.5)
WEEKS = (12, 16, 20, 26)
# design key: (block_days, run_in_days, carry-over simulated)
DESIGNS = {
    "blocks": (3, 1, True),
    "nights": (1, 0, False),
    "nights, if it carried over": (1, 0, True),
}
OFFERED = ("blocks", "nights")


def pairs_for(weeks: int, block_days: int) -> int:
    return weeks * 7 // (2 * block_days)


def _risks(rate: float) -> tuple[float, float]:
    """Nightly risks (calm, spell) whose average over the days is ``rate`` / 7, with no night
    above MAX_NIGHT_RISK (0.95): the spell risk is 3 times the calm one until it reaches the
    cap, then the calm risk makes up the rest. A rate above what the cap allows (about 6.65 a
    week) gets every night at the cap: "8 a week" is simulated as every night at 95%."""
    cap = analysis.MAX_NIGHT_RISK
    mean = min(rate / 7, cap)
    calm = mean / (1 - SPELL_SHARE + SPELL_SHARE * SPELL_RISK)
    if calm * SPELL_RISK <= cap:
        return calm, calm * SPELL_RISK
    calm = (mean - SPELL_SHARE * cap) / (1 - SPELL_SHARE)
    return min(calm, cap), cap


def _adherence(rng: np.random.Generator, test_days: np.ndarray) -> np.ndarray:
    people, days = test_days.shape
    done = np.zeros((people, days), dtype=bool)
    previous = rng.random(people) < 0.5
    for day in range(days):
        u = rng.random(people)
        on_test = np.where(previous, u < TEST_KEEP, u < TEST_START)
        on_usual = np.where(previous, u < USUAL_KEEP, u < USUAL_START)
        previous = np.where(test_days[:, day], on_test, on_usual)
        done[:, day] = previous
    return done


def _nights(rng: np.random.Generator, factor: np.ndarray, rate: float) -> np.ndarray:
    people, days = factor.shape
    calm, spell = _risks(rate)
    leave = 1 / SPELL_DAYS
    enter = leave * SPELL_SHARE / (1 - SPELL_SHARE)
    in_spell = rng.random(people) < SPELL_SHARE
    slope = rng.normal(DRIFT_MEAN, DRIFT_SD, people)
    nights = np.zeros((people, days), dtype=bool)
    for day in range(days):
        drift = np.exp(slope * (day / max(days - 1, 1) - 0.5))
        risk = np.where(in_spell, spell, calm) * drift * factor[:, day]
        nights[:, day] = rng.random(people) < np.minimum(risk, 1.0)
        u = rng.random(people)
        in_spell = np.where(in_spell, u >= leave, u < enter)
    return nights


@cache
def _p(sizes: tuple[int, ...], observed: int) -> float:
    """The exact p-value for differences of these sizes (one entry per size: how many)."""
    expanded = [size for size, count in enumerate(sizes) for _ in range(count)]
    span = sum(expanded)
    ways = analysis.sign_total_counts(expanded)
    return sum(ways[: observed + span + 1]) / 2 ** len(expanded)


def clear_share(
    rng: np.random.Generator,
    people: int,
    design: str,
    weeks: int,
    rate: float,
    effect: float,
) -> float:
    """The share of ``people`` simulated experiments told "a clear difference"."""
    block_days, run_in, carry = DESIGNS[design]
    pairs = pairs_for(weeks, block_days)
    test_first = rng.random((people, pairs)) < 0.5
    block_is_test = np.empty((people, 2 * pairs), dtype=bool)
    block_is_test[:, 0::2] = test_first
    block_is_test[:, 1::2] = ~test_first
    test_days = np.repeat(block_is_test, block_days, axis=1)
    done = _adherence(rng, test_days)
    acting = done.copy()
    if carry:
        acting[:, 1:] |= done[:, :-1]
    nights = _nights(rng, np.where(acting, effect, 1.0), rate)

    blocks = nights.reshape(people, 2 * pairs, block_days)[:, :, run_in:].sum(axis=2)
    first, second = blocks[:, 0::2], blocks[:, 1::2]
    test = np.where(test_first, first, second)
    usual = np.where(test_first, second, first)
    differences = test - usual
    observed = differences.sum(axis=1)
    counted = block_days - run_in
    sizes = np.stack([(np.abs(differences) == k).sum(axis=1) for k in range(counted + 1)], 1)
    p = np.array(
        [_p(tuple(int(v) for v in row), int(o)) for row, o in zip(sizes, observed, strict=True)]
    )
    for person in range(0, people, 50):
        counts = list(zip(test[person].tolist(), usual[person].tolist(), strict=True))
        assert analysis.randomisation_p(counts) == p[person]
    clear = (p <= analysis.ALPHA) & (test.sum(axis=1) < usual.sum(axis=1))
    return float(clear.mean())


def table(
    people: int,
    seed: int,
    designs: Iterable[str] = DESIGNS,
    weeks: Iterable[int] = WEEKS,
    rates: Iterable[float] = RATES,
    effects: Iterable[float] = EFFECTS,
) -> dict[tuple[str, int, float, float], float]:
    """Share told "clear" per (design, weeks, rate, effect); each cell its own seeded stream,
    so a cell's figure does not depend on which other cells are run."""
    shares = {}
    for d_index, design in enumerate(designs):
        for weeks_ in weeks:
            for rate in rates:
                for e_index, effect in enumerate(effects):
                    key = (design, weeks_, rate, effect)
                    cell_seed = [seed, d_index, weeks_, int(rate * 100), e_index]
                    rng = np.random.default_rng(cell_seed)
                    shares[key] = clear_share(rng, people, design, weeks_, rate, effect)
    return shares


def _write_module(shares: dict[tuple[str, int, float, float], float], people: int, seed: int):
    lines = [
        '"""What an experiment can find: the table the sentence before the start reads.',
        "",
        "Generated by bench/simulate_experiments.py --write (do not edit by hand): the share of",
        f"{people:,} simulated people per cell told \u201ca clear difference\u201d, under the",
        "harsh model described there (persistent spells, drift, 80% adherence, carry-over where",
        f"the design allows it), seed {seed}. Keys: (design, weeks, cramp nights a week, true",
        "rate ratio).",
        '"""',
        "",
        f"PEOPLE = {people}",
        f"SEED = {seed}",
        "",
        "CHANCES: dict[tuple[str, int, int, float], float] = {",
    ]
    for (design, weeks, rate, effect), share in shares.items():
        if design in OFFERED:
            lines.append(f"    ({design!r}, {weeks}, {int(rate)}, {effect}): {share:.3f},")
    lines.append("}")
    path = ROOT / "experiments" / "chances.py"
    path.write_text("\n".join(lines) + "\n")
    subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(path)], check=False)
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    shares = table(args.people, args.seed)
    print(
        f"{args.people} people per cell, seed {args.seed}: % told a clear difference "
        f"(p <= {analysis.ALPHA}, one-sided exact test); columns: cramp nights a week"
    )
    print()
    print("| design | weeks | pairs | true ratio | 1 a week | 2 a week | 4 a week | 8 a week |")
    print("|---|---|---|---|---|---|---|---|")
    for design, (block_days, _, _) in DESIGNS.items():
        for weeks in WEEKS:
            for effect in EFFECTS:
                cells = " | ".join(f"{shares[(design, weeks, rate, effect)]:.1%}" for rate in RATES)
                pairs = pairs_for(weeks, block_days)
                print(f"| {design} | {weeks} | {pairs} | {effect:g} | {cells} |")
    print(f"\n({time.perf_counter() - started:.1f} s)")
    if args.write:
        _write_module(shares, args.people, args.seed)


if __name__ == "__main__":
    main()
