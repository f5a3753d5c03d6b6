"""Issue 23: the exact sign-flip randomisation test by convolution, and the rules that keep a
result honest (known nights only, the daily answers, no interval of zero width)."""

import itertools
import math
import random

import pytest

from experiments import analysis
from experiments.analysis import TEST, Design


def _brute_force(pairs):
    """Every sign pattern listed: the share whose total is at most the observed one."""
    differences = [x - y for x, y in pairs]
    observed = sum(differences)
    every = list(itertools.product((1, -1), repeat=len(differences)))
    as_low = sum(
        1
        for signs in every
        if sum(s * d for s, d in zip(signs, differences, strict=True)) <= observed
    )
    return as_low / len(every)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 11, 13, 16])
def test_the_convolution_equals_brute_force_enumeration(n):
    rng = random.Random(2300 + n)
    for _ in range(6 if n < 16 else 2):
        pairs = [(rng.randint(0, 3), rng.randint(0, 3)) for _ in range(n)]
        assert analysis.randomisation_p(pairs) == _brute_force(pairs)


def test_long_blocks_with_large_counts_equal_brute_force_too():
    rng = random.Random(23)
    pairs = [(rng.randint(0, 14), rng.randint(0, 14)) for _ in range(12)]
    assert analysis.randomisation_p(pairs) == _brute_force(pairs)


@pytest.mark.parametrize("n", [20, 30, 42, 60])
def test_every_pair_favouring_the_test_gives_the_smallest_p(n):
    assert analysis.randomisation_p([(0, 1)] * n) == 1 / 2**n
    assert analysis.randomisation_p([(1, 0)] * n) == 1.0


@pytest.mark.parametrize(("n", "favour"), [(20, 14), (30, 21), (42, 28), (42, 21), (50, 36)])
def test_unit_differences_follow_the_binomial_closed_form(n, favour):
    """With every difference ±1, the total is n - 2j for j minus signs, so the p-value is
    P(Binomial(n, 1/2) >= favour)."""
    pairs = [(0, 1)] * favour + [(1, 0)] * (n - favour)
    expected = sum(math.comb(n, j) for j in range(favour, n + 1)) / 2**n
    assert analysis.randomisation_p(pairs) == pytest.approx(expected, rel=1e-12)


def test_pairs_with_no_difference_change_nothing():
    base = [(0, 2), (1, 0), (0, 1), (2, 3)]
    assert analysis.randomisation_p(base + [(1, 1)] * 10) == analysis.randomisation_p(base)


def test_the_counts_of_sign_totals_add_up_to_every_pattern():
    ways = analysis.sign_total_counts([1, 2, 0, 3])
    assert sum(ways) == 2**4
    # ±1 ±2 ±3: totals -6 to 6 in steps of 2, 0 twice (1 + 2 - 3 and -1 - 2 + 3); the
    # zero doubles each.
    assert ways == [2, 0, 2, 0, 2, 0, 4, 0, 2, 0, 2, 0, 2]


def test_a_zero_width_interval_is_never_given():
    effect = analysis.rate_ratio([(1, 2), (1, 2), (1, 2), (1, 2)], 7)
    assert effect.ratio == 0.5
    assert effect.ci_low is None and effect.ci_high is None
    assert effect.reason == "too few pairs for an interval"
    assert analysis.rate_ratio([(1, 2)], 7).reason == "too few pairs for an interval"


def _design(pairs=6, block_days=3, run_in=1, seed=7):
    return Design.drawn(pairs, block_days, run_in, seed)


def test_unknown_nights_are_never_counted_as_cramp_free():
    design = _design()
    usual = [d for b in design.blocks if b.condition != TEST for d in b.counted_days]
    # Cramps on every usual night, nothing known in the test blocks.
    counting = analysis.count_pairs(design, usual, known_days=usual, complete=design.pairs)
    assert counting.counts == []
    assert counting.dropped_pairs == design.pairs
    assert counting.unknown_nights == design.pairs * design.counted_days_per_block
    result = analysis.analyse(
        design, usual, design.total_days, label="stretching", known_days=usual
    )
    assert result.verdict == analysis.NO_VERDICT
    assert result.p_value is None
    assert "unknown, not cramp-free" in result.notes[0]


def test_a_long_block_with_a_quarter_unknown_still_counts_and_more_does_not():
    design = Design.drawn(5, 8, 0, 3)
    every = set(range(design.total_days))
    first = design.blocks[0]
    quarter = set(range(first.first_day, first.first_day + 2))  # 2 of 8 unknown
    counting = analysis.count_pairs(design, [], every - quarter, complete=5)
    assert len(counting.counts) == 5 and counting.unknown_nights == 2
    three = set(range(first.first_day, first.first_day + 3))
    counting = analysis.count_pairs(design, [], every - three, complete=5)
    assert len(counting.counts) == 4 and counting.dropped_pairs == 1


def test_no_verdict_without_the_daily_answers_for_most_days():
    design = _design()
    usual = [d for b in design.blocks if b.condition != TEST for d in b.counted_days]
    days = design.total_days
    kwargs = {"label": "stretching", "known_days": None}
    clear = analysis.analyse(design, usual, days, answered_days=days // 2 + 1, **kwargs)
    assert clear.verdict == analysis.CLEAR
    silent = analysis.analyse(design, usual, days, answered_days=days // 2, **kwargs)
    assert silent.verdict == analysis.NO_VERDICT
    assert "clear difference" not in silent.headline
