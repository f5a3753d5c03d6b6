"""Fisher's test sums its tables' weights by a recurrence: the same exact integers as the
binomials, so the same p-values to the last bit (the scipy agreement is in test_stats.py)."""

import math
import random

from reports.stats import _table_weights, fisher_exact_p


def binomial_weights(n1, n2, events):
    low, high = max(0, events - n2), min(n1, events)
    return [math.comb(n1, x) * math.comb(n2, events - x) for x in range(low, high + 1)]


def fisher_by_binomials(a, n1, b, n2):
    """The test as first written: each table's weight from two binomials."""
    events, total = a + b, n1 + n2
    if n1 == 0 or n2 == 0 or events == 0 or events == total:
        return 1.0
    weights = dict(
        zip(
            range(max(0, events - n2), min(n1, events) + 1),
            binomial_weights(n1, n2, events),
            strict=True,
        )
    )
    mode = (events + 1) * (n1 + 1) // (total + 2)
    observed, at_mode = weights[a], weights[mode]
    if abs(observed - at_mode) * 10**14 <= max(observed, at_mode):
        return 1.0
    threshold = observed * (10**14 + 1)
    tail = sum(w for w in weights.values() if w * 10**14 <= threshold)
    return min(tail / math.comb(total, events), 1.0)


def test_the_recurrence_gives_the_binomial_weights_exactly():
    for n1, n2, events in [
        (0, 5, 3),
        (5, 0, 3),
        (7, 9, 16),
        (1, 1, 1),
        (389, 369, 248),
        (1826, 40, 700),
    ]:
        low, high = max(0, events - n2), min(n1, events)
        assert list(_table_weights(n1, n2, events, low, high)) == binomial_weights(n1, n2, events)


def test_fisher_is_unchanged_on_every_table_up_to_20_per_group():
    for n1 in range(21):
        for n2 in range(21):
            for a in range(n1 + 1):
                for b in range(n2 + 1):
                    assert fisher_exact_p(a, n1, b, n2) == fisher_by_binomials(a, n1, b, n2)


def test_fisher_is_unchanged_on_five_year_sized_tables():
    rng = random.Random(20261130)
    for _ in range(300):
        n1, n2 = rng.randint(1, 1826), rng.randint(1, 1826)
        a, b = rng.randint(0, n1), rng.randint(0, n2)
        assert fisher_exact_p(a, n1, b, n2) == fisher_by_binomials(a, n1, b, n2), (a, n1, b, n2)
