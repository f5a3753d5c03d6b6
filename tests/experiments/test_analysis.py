"""Golden tests of experiments/analysis.py: plain data in, checked against brute force,
statsmodels and scipy (test-only dependencies)."""

import itertools
import math
import random
from datetime import date, timedelta

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from experiments import analysis
from experiments.analysis import TEST, USUAL, Design


def _brute_force_p(design, calendar_counts):
    """Every order the design could have drawn, each scored from scratch on the block counts
    in calendar order: the share whose (test - usual) total is at most the observed one."""

    def total(orders):
        scored = Design(design.pairs, design.block_days, design.run_in_days, orders)
        return sum(
            (1 if block.condition == TEST else -1) * calendar_counts[block.number]
            for block in scored.blocks
        )

    observed = total(design.orders)
    every = list(itertools.product(("AB", "BA"), repeat=design.pairs))
    return sum(1 for orders in every if total(orders) <= observed) / len(every)


def _nights_from_counts(design, calendar_counts):
    """Cramp nights (experiment-day indexes) that give each block its count, counted days."""
    nights = []
    for block in design.blocks:
        nights.extend(list(block.counted_days)[: calendar_counts[block.number]])
    return nights


@given(
    pairs=st.integers(3, 6),
    block_days=st.integers(5, 14),
    run_in=st.integers(0, 1),
    seed=st.integers(0, 2**53),
    data=st.data(),
)
def test_the_p_value_equals_brute_force_enumeration(pairs, block_days, run_in, seed, data):
    design = Design.drawn(pairs, block_days, run_in, seed)
    counted = block_days - run_in
    calendar_counts = data.draw(
        st.lists(st.integers(0, counted), min_size=2 * pairs, max_size=2 * pairs)
    )
    counts = analysis.block_counts(design, _nights_from_counts(design, calendar_counts))
    assert analysis.randomisation_p(counts) == _brute_force_p(design, calendar_counts)


def test_the_p_value_of_known_cases():
    # Every pair lower while testing, no ties: only the drawn order is as extreme.
    assert analysis.randomisation_p([(0, 3), (1, 2), (0, 1), (2, 4)]) == 1 / 16
    assert analysis.randomisation_p([(0, 3), (1, 2), (0, 1), (2, 4), (1, 3), (0, 2)]) == 1 / 64
    # No difference anywhere: every order ties, p = 1.
    assert analysis.randomisation_p([(2, 2), (1, 1), (0, 0)]) == 1.0
    # More cramps while testing: the most extreme the other way, p = 1.
    assert analysis.randomisation_p([(3, 0), (2, 1), (4, 0)]) == 1.0
    assert analysis.randomisation_p([]) == 1.0


def test_three_and_four_pairs_can_never_be_clear_and_five_can():
    assert not analysis.can_ever_be_clear(3)
    assert not analysis.can_ever_be_clear(4)
    assert analysis.can_ever_be_clear(5)
    assert analysis.can_ever_be_clear(6)


def _statsmodels_interval(pairs, counted_days):
    """The same ratio and interval, computed independently: a Poisson regression of the block
    counts on the condition (offset: counted days), with statsmodels' cluster-robust
    covariance by pair, the n/(n-1) factor, and scipy's t quantile."""
    counts, is_test, groups = [], [], []
    for number, (test, usual) in enumerate(pairs):
        counts += [test, usual]
        is_test += [1, 0]
        groups += [number, number]
    exog = sm.add_constant(np.array(is_test, dtype=float))
    model = sm.GLM(
        np.array(counts, dtype=float),
        exog,
        family=sm.families.Poisson(),
        offset=np.log(np.full(len(counts), float(counted_days))),
    )
    fit = model.fit(
        cov_type="cluster", cov_kwds={"groups": np.array(groups), "use_correction": False}
    )
    n = len(pairs)
    se = math.sqrt(fit.cov_params()[1, 1] * n / (n - 1))
    t = stats.t.ppf(0.975, n - 1)
    beta = fit.params[1]
    return math.exp(beta), math.exp(beta - t * se), math.exp(beta + t * se)


@pytest.mark.parametrize(
    "pairs",
    [
        [(1, 3), (0, 2), (2, 2), (1, 4)],
        [(3, 2), (1, 1), (2, 5)],
        [(0, 1), (2, 6), (1, 3), (4, 3), (0, 2), (1, 1)],
        [(5, 5), (6, 7), (4, 6), (7, 5), (3, 4)],
    ],
)
def test_the_ratio_and_its_interval_match_an_independent_computation(pairs):
    effect = analysis.rate_ratio(pairs, counted_days=7)
    ratio, low, high = _statsmodels_interval(pairs, 7)
    assert effect.ratio == pytest.approx(ratio, rel=1e-6)
    assert effect.ci_low == pytest.approx(low, rel=1e-6)
    assert effect.ci_high == pytest.approx(high, rel=1e-6)
    assert effect.test_per_week == pytest.approx(sum(x for x, _ in pairs) / len(pairs))


def test_the_t_quantiles_match_scipy():
    for df, value in enumerate(analysis.T_975, start=1):
        assert value == pytest.approx(stats.t.ppf(0.975, df), abs=1e-9)


def test_the_ratio_says_why_it_has_no_interval():
    assert analysis.rate_ratio([(1, 0), (2, 0), (0, 0)], 7).ratio is None
    none_testing = analysis.rate_ratio([(0, 1), (0, 2), (0, 1)], 7)
    assert none_testing.ratio == 0.0
    assert none_testing.ci_low is None
    assert "test blocks" in none_testing.reason
    assert analysis.rate_ratio([], 7).reason


def test_the_same_seed_gives_the_same_order():
    first = analysis.draw_orders(123456789, 6)
    assert first == analysis.draw_orders(123456789, 6)
    # Fixed forever: an exported seed must redraw the order it drew (Python's promise for
    # random.Random(int).random()).
    assert analysis.draw_orders(16, 6) == ("AB", "AB", "AB", "AB", "AB", "BA")
    orders = {analysis.draw_orders(seed, 4) for seed in range(200)}
    assert len(orders) == 16  # every order of 4 pairs turns up


def test_each_pair_holds_one_block_of_each_condition():
    design = Design.drawn(5, 9, 2, seed=7)
    blocks = design.blocks
    assert len(blocks) == 10
    for pair in range(5):
        conditions = [b.condition for b in blocks if b.pair == pair]
        assert sorted(conditions) == [TEST, USUAL]
        order = design.orders[pair]
        assert conditions == ([TEST, USUAL] if order == "AB" else [USUAL, TEST])
    assert all(len(b.counted_days) == 7 for b in blocks)
    assert design.block_on(0).first_counted == 2
    assert design.block_on(design.total_days) is None


@pytest.mark.parametrize(
    ("pairs", "block_days", "run_in"),
    [(2, 7, 0), (92, 1, 0), (4, 0, 0), (4, 15, 0), (4, 3, 3), (4, 1, 1), (4, 7, 4)],
)
def test_it_refuses_designs_outside_the_limits(pairs, block_days, run_in):
    with pytest.raises(ValueError):
        Design(pairs, block_days, run_in)


def test_pauses_move_the_rest_of_the_plan_later():
    start = date(2026, 3, 2)
    dates = analysis.experiment_dates(start, [(date(2026, 3, 4), date(2026, 3, 6))], 5)
    assert dates == [date(2026, 3, d) for d in (2, 3, 7, 8, 9)]
    # A pause still going on: no experiment days after it yet.
    ongoing = analysis.experiment_dates(start, [(date(2026, 3, 4), None)], 5)
    assert ongoing == [date(2026, 3, 2), date(2026, 3, 3)]
    assert analysis.experiment_dates(start, [], 3) == [start + timedelta(days=i) for i in (0, 1, 2)]


def _nights_for(design, test_count, usual_count):
    calendar = [test_count if b.condition == TEST else usual_count for b in design.blocks]
    return _nights_from_counts(design, calendar)


def test_a_finished_experiment_with_clearly_fewer_cramps_says_so():
    design = Design.drawn(6, 7, 0, seed=3)
    result = analysis.analyse(
        design, _nights_for(design, 0, 3), design.total_days, label="stretching"
    )
    assert result.verdict == analysis.CLEAR
    assert result.headline == "Fewer cramps while stretching: a clear difference"
    assert result.p_value == 1 / 64
    assert result.effect.test_per_week == 0


def test_four_pairs_never_say_clear_and_say_why():
    design = Design.drawn(4, 7, 0, seed=3)
    result = analysis.analyse(
        design, _nights_for(design, 0, 4), design.total_days, label="stretching"
    )
    assert result.verdict == analysis.NOT_CLEAR
    assert result.headline == "No clear difference"
    assert "1 time in 16" in result.notes[0]


def test_an_unfinished_or_stopped_experiment_is_too_early_to_say():
    design = Design.drawn(6, 7, 0, seed=3)
    nights = _nights_for(design, 0, 3)
    running = analysis.analyse(design, nights, 30, label="stretching")
    assert running.verdict == analysis.TOO_EARLY
    assert running.complete_pairs == 2
    stopped = analysis.analyse(
        design, nights, design.total_days, label="stretching", stopped_early=True
    )
    assert stopped.verdict == analysis.TOO_EARLY
    assert "stopped early" in stopped.explanation


def test_no_verdict_claims_a_cure_or_proof():
    rng = random.Random(5)
    for _ in range(200):
        design = Design.drawn(rng.randint(3, 6), 7, 0, rng.getrandbits(32))
        nights = rng.sample(range(design.total_days), rng.randint(0, design.total_days // 2))
        result = analysis.analyse(design, nights, design.total_days, label="stretching")
        words = " ".join([result.headline, result.explanation, *result.notes]).lower()
        assert "cure" not in words.replace("not a cure", "")
        assert "proven" not in words and "proof" not in words


def test_the_secondary_outcome_is_the_severity_of_cramp_nights_per_condition():
    design = Design(3, 7, 0, ("AB", "AB", "AB"))
    result = analysis.analyse(
        design, [0, 7, 8], design.total_days, label="x", severity_by_day={0: 2, 7: 6, 8: 8}
    )
    assert result.test_severity == 2
    assert result.usual_severity == 7


def test_the_detectable_effect_sentence_uses_the_persons_rate():
    frequent = analysis.detectable_effect(5.0, 14, 3, 1)
    assert frequent.sentence.startswith(
        "With your recent 5 cramp nights a week, 12 weeks of pairs of 3-night blocks, the "
        "first night of each not counted (14 pairs) would find a halving"
    )
    assert frequent.offer_verdict
    assert frequent.advice.startswith("A longer plan finds more: 26 weeks about")
    old = analysis.detectable_effect(5.0, 4, 7)
    assert not old.offer_verdict
    assert "Change the plan to pairs of 3-night blocks" in old.advice


def test_below_four_cramp_nights_a_week_no_verdict_is_offered_and_six_months_are_named():
    rare = analysis.detectable_effect(2.0, 14, 3, 1)
    assert not rare.offer_verdict
    six_months = round(100 * analysis.chance("blocks", 26, 2.0))
    assert f"even 26 weeks (6 months) would find a halving only about {six_months} times" in (
        rare.advice
    )
    assert "try the change openly" in rare.advice
    assert not analysis.detectable_effect(0.0, 14, 3, 1).offer_verdict


def test_the_power_with_no_true_effect_stays_near_the_level():
    # The same simulation with no effect: the share "found" is the false-positive rate.
    assert analysis.detection_power(3.0, 6, 7, effect=1.0, simulations=400) <= 0.08
