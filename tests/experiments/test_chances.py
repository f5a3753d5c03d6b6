"""Issue 23, acceptance 4: the sentence before the start matches the bench's simulation.

experiments/chances.py is written by bench/simulate_experiments.py --write (4,000 simulated
people per cell). Here a small seeded re-run of the bench (1,000 people, another seed, the
default plan: 12 weeks of pairs of 3-night blocks, a halving) must agree with the committed
table within 5 points, and the sentence must say the table's figure, for 1, 2, 4 and 8 cramp
nights a week. A few seconds of CPU.
"""

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from experiments import analysis
from experiments.chances import CHANCES

BENCH = Path(__file__).resolve().parents[2] / "bench" / "simulate_experiments.py"
RATES = (1, 2, 4, 8)


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("simulate_experiments", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("simulate_experiments", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rerun(bench):
    return bench.table(1000, 2301, designs=["blocks"], weeks=[12], rates=RATES, effects=[0.5])


@pytest.mark.parametrize("rate", RATES)
def test_the_committed_table_matches_a_fresh_run_of_the_bench(rerun, rate):
    assert abs(CHANCES[("blocks", 12, rate, 0.5)] - rerun[("blocks", 12, rate, 0.5)]) <= 0.05


@pytest.mark.parametrize("rate", RATES)
def test_the_sentence_before_the_start_says_the_benchs_figure(rerun, rate):
    sentence = analysis.detectable_effect(float(rate), 14, 3, 1).sentence
    said = int(re.search(r"find a halving of your cramp nights about (\d+) times", sentence)[1])
    assert abs(said / 100 - rerun[("blocks", 12, rate, 0.5)]) <= 0.05


def test_no_offered_design_calls_no_effect_clear_more_than_5_percent_of_the_time():
    no_effect = {key: share for key, share in CHANCES.items() if key[3] == 1.0}
    assert no_effect and max(no_effect.values()) <= 0.05
