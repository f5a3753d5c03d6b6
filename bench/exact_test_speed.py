"""How long the exact randomisation test and a whole analysis take, by number of pairs.

Issue 23 asks for 14 to 42 pairs to be instant (42 pairs under 50 ms). The p-value is
computed by convolution (experiments/analysis.py, ``randomisation_p``); listing the 2^42
orders would take days. Each figure is the median of ``--repeats`` runs on random 3-night
blocks (first night not counted: counts 0 to 2) with every night known.

Run: .venv/bin/python bench/exact_test_speed.py [--repeats 50]
"""

from __future__ import annotations

import argparse
import pathlib
import random
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from experiments import analysis  # plain Python, no Django


def _time(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(23)
    print(f"{'pairs':>5} {'p-value ms':>11} {'analyse ms':>11}")
    for pairs in (14, 28, 42, 91):
        design = analysis.Design.drawn(pairs, 3, 1, rng.getrandbits(32))
        nights = [d for d in range(design.total_days) if rng.random() < 0.5]
        counts = analysis.block_counts(design, nights)
        p_ms = _time(lambda c=counts: analysis.randomisation_p(c), args.repeats)
        a_ms = _time(
            lambda d=design, n=nights: analysis.analyse(
                d, n, d.total_days, label="stretching", known_days=range(d.total_days)
            ),
            args.repeats,
        )
        print(f"{pairs:>5} {p_ms:>11.3f} {a_ms:>11.3f}")


if __name__ == "__main__":
    main()
