"""Randomised self-experiments (n-of-1 trials), in plain Python.

No Django imports and no third-party packages (only ``math``, ``random``, ``itertools``,
``dataclasses``), like ``reports/stats/``: the experiments app, the export and
``bench/simulate_experiments.py`` all use these functions, and the tests check them against
brute force and against statsmodels (a test-only dependency).

The design (issue 16)

- An experiment is ``pairs`` pairs of blocks of ``block_days`` days. In each pair one block is
  the thing tested ("test", condition A) and the other the person's usual routine ("usual",
  condition B), in an order drawn once, at the start, from a stored seed: "AB" (test first)
  or "BA". The same seed always gives the same order (:func:`draw_orders`).
- The first ``run_in_days`` days of every block are not counted: a run-in for things that act
  slowly (and wear off slowly). Every block then has the same number of counted days.
- Experiment days are calendar days in order, skipping paused days: a pause moves the rest
  of the plan later instead of shortening a block (:func:`experiment_dates`).
- Outcome, fixed before the start: cramp nights per block (primary; a night belongs to the
  evening it began, as everywhere in the journal) and the severity of those nights
  (secondary, shown, not tested).

The analysis (docs/experiments.md)

- Primary test: an exact randomisation test over every order the design could have drawn
  (``2 ** pairs``), on the difference in cramp nights between the test and the usual block
  of each pair, as randomised (intention to treat: whatever the adherence). Under "it makes
  no difference to me", each pair's two block counts would have been the same whichever order
  had been drawn, so swapping a pair's order only changes the sign of its difference; the
  p-value is the share of the ``2 ** pairs`` sign patterns whose total is as low as (or lower
  than) the observed one. One-sided, declared in the plan before the start: the question is
  "does it give me fewer cramp nights?". It rests on the random order alone, so it stays valid
  however much nights depend on one another (cramps come in spells, habits persist).
- A consequence to say out loud: the smallest p-value a design can give is ``1 / 2 ** pairs``.
  With 3 pairs it is 1/8 and with 4 pairs 1/16 (0.0625), both above 0.05: such a design can
  never show a clear difference, however lopsided the nights. 5 pairs (1/32) is the fewest
  that can (:func:`can_ever_be_clear`).
- The size of the effect: cramp nights per week in each condition and their ratio with a 95%
  interval (:func:`rate_ratio`; method in its docstring: log ratio, variance from how the
  pairs differ, t quantile with pairs - 1 degrees of freedom).
- Verdicts in plain words (:func:`verdict`), never "cured" or "proven".
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

__all__ = [
    "ALPHA",
    "BLOCK_DAYS_RANGE",
    "DEFAULT_BLOCK_DAYS",
    "DEFAULT_PAIRS",
    "PAIRS_RANGE",
    "RUN_IN_RANGE",
    "TEST",
    "USUAL",
    "Block",
    "Counting",
    "Design",
    "Detectable",
    "RateRatio",
    "Result",
    "analyse",
    "block_counts",
    "can_ever_be_clear",
    "count_pairs",
    "detectable_effect",
    "detection_power",
    "draw_orders",
    "experiment_dates",
    "randomisation_p",
    "rate_ratio",
    "sign_total_counts",
    "simulate_nights",
]

TEST = "test"
USUAL = "usual"

# The default plan (issue 23): 12 weeks of pairs of 3-night blocks, the first night of each
# block not counted (a change that acts into the next night then only touches uncounted
# nights), so 14 pairs.
DEFAULT_PAIRS = 14
DEFAULT_BLOCK_DAYS = 3
DEFAULT_RUN_IN_DAYS = 1
# Wide enough for every offered design up to 26 weeks (91 pairs of single nights) and for the
# plans of issue 16 (3 to 6 pairs of 5- to 14-day blocks) that people already started.
PAIRS_RANGE = (3, 91)
BLOCK_DAYS_RANGE = (1, 14)
RUN_IN_RANGE = (0, 3)
# A run-in leaves at least one counted night in every block.
MIN_COUNTED_DAYS = 1
# A block counts only when at most this share of its counted nights is unknown.
MAX_UNKNOWN_SHARE = 0.25
# A verdict needs the "Did you do it?" answer for more than this share of the days.
MIN_ANSWERED_SHARE = 0.5

# "A clear difference": the randomisation test's one-sided p-value is at most this.
ALPHA = 0.05


# --------------------------------------------------------------------------- the design


@dataclass(frozen=True)
class Block:
    """One block of the plan: which pair, which condition, and its experiment days.

    ``first_day`` and ``last_day`` are experiment-day indexes (0 is the first day of the
    experiment); ``first_counted`` is the first index after the run-in.
    """

    number: int
    pair: int
    condition: str
    first_day: int
    last_day: int
    first_counted: int

    @property
    def counted_days(self) -> range:
        return range(self.first_counted, self.last_day + 1)


@dataclass(frozen=True)
class Design:
    """The plan's numbers and its drawn order ("AB" = test block first, per pair)."""

    pairs: int = DEFAULT_PAIRS
    block_days: int = DEFAULT_BLOCK_DAYS
    run_in_days: int = 0
    orders: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_design(self.pairs, self.block_days, self.run_in_days)
        if self.orders and (
            len(self.orders) != self.pairs or any(o not in ("AB", "BA") for o in self.orders)
        ):
            raise ValueError("orders must be one 'AB' or 'BA' per pair")

    @classmethod
    def drawn(cls, pairs: int, block_days: int, run_in_days: int, seed: int) -> Design:
        return cls(pairs, block_days, run_in_days, draw_orders(seed, pairs))

    @property
    def total_days(self) -> int:
        return 2 * self.pairs * self.block_days

    @property
    def counted_days_per_block(self) -> int:
        return self.block_days - self.run_in_days

    @property
    def blocks(self) -> list[Block]:
        if not self.orders:
            raise ValueError("the order has not been drawn yet")
        blocks: list[Block] = []
        for pair, order in enumerate(self.orders):
            conditions = (TEST, USUAL) if order == "AB" else (USUAL, TEST)
            for condition in conditions:
                number = len(blocks)
                first = number * self.block_days
                blocks.append(
                    Block(
                        number=number,
                        pair=pair,
                        condition=condition,
                        first_day=first,
                        last_day=first + self.block_days - 1,
                        first_counted=first + self.run_in_days,
                    )
                )
        return blocks

    def block_on(self, day_index: int) -> Block | None:
        """The block an experiment day falls in, or None outside the plan."""
        if not 0 <= day_index < self.total_days:
            return None
        return self.block_of(day_index)

    def block_of(self, day_index: int) -> Block:
        """The block of a day known to be inside the plan (an index into its calendar)."""
        return self.blocks[day_index // self.block_days]


def check_design(pairs: int, block_days: int, run_in_days: int) -> None:
    """Raises ValueError for numbers outside the limits of issue 16."""
    low, high = PAIRS_RANGE
    if not low <= pairs <= high:
        raise ValueError(f"pairs must be {low} to {high}")
    low, high = BLOCK_DAYS_RANGE
    if not low <= block_days <= high:
        raise ValueError(f"blocks must last {low} to {high} days")
    low, high = RUN_IN_RANGE
    if not low <= run_in_days <= high or block_days - run_in_days < MIN_COUNTED_DAYS:
        raise ValueError(
            f"the run-in must be {low} to {high} days and leave {MIN_COUNTED_DAYS} counted days"
        )


def draw_orders(seed: int, pairs: int) -> tuple[str, ...]:
    """Each pair's order, "AB" (test first) or "BA", drawn from ``seed``: same seed, same order.

    ``random.Random(seed).random()`` is the one generator Python promises to reproduce across
    versions for an integer seed; each pair takes one draw, "AB" below one half.
    """
    rng = random.Random(seed)
    return tuple("AB" if rng.random() < 0.5 else "BA" for _ in range(pairs))


def experiment_dates(
    start: date, pauses: Iterable[tuple[date, date | None]], count: int
) -> list[date]:
    """The calendar dates of the first ``count`` experiment days: from ``start``, skipping
    paused days. A pause is ``(first paused day, last paused day)``; ``None`` as the last day
    is a pause still going on, after which there are no experiment days yet.
    """
    spans = sorted(pauses, key=lambda span: span[0])
    dates: list[date] = []
    day = start
    for first, last in spans:
        while day < first and len(dates) < count:
            dates.append(day)
            day += timedelta(days=1)
        if len(dates) >= count:
            return dates
        if last is None:
            return dates
        day = max(day, last + timedelta(days=1))
    while len(dates) < count:
        dates.append(day)
        day += timedelta(days=1)
    return dates


def block_counts(design: Design, cramp_days: Iterable[int]) -> list[tuple[int, int]]:
    """Per pair, (cramp nights in the test block, cramp nights in the usual block), counted
    days only. ``cramp_days`` are the experiment-day indexes whose night had a cramp."""
    nights = set(cramp_days)
    counts = [[0, 0] for _ in range(design.pairs)]
    for block in design.blocks:
        n = sum(1 for day in block.counted_days if day in nights)
        counts[block.pair][0 if block.condition == TEST else 1] = n
    return [(test, usual) for test, usual in counts]


@dataclass(frozen=True)
class Counting:
    """The pairs that count, from known nights only (issue 23).

    ``counts``: (test, usual) cramp nights of each pair that counts, in pair order;
    ``known``: their known counted nights (test, usual), summed; ``unknown_nights``: counted
    nights of the finished pairs that nobody can say anything about; ``dropped_pairs``:
    finished pairs left out because a block had more than a quarter of its counted nights
    unknown.
    """

    counts: list[tuple[int, int]]
    known: tuple[int, int]
    unknown_nights: int
    dropped_pairs: int


def count_pairs(
    design: Design,
    cramp_days: Iterable[int],
    known_days: Iterable[int] | None,
    complete: int,
) -> Counting:
    """The first ``complete`` pairs counted from known nights only.

    A night is known when a cramp was logged for it, "no cramps" was answered or its day was
    marked complete (``journal.nights``); an unknown night is never counted as cramp-free. A
    block with more than ``MAX_UNKNOWN_SHARE`` of its counted nights unknown does not count,
    and takes its pair with it (the pair is the unit the order was drawn for).
    ``known_days=None`` means every night is known (simulations).
    """
    nights = set(cramp_days)
    known = None if known_days is None else set(known_days) | nights
    per_pair: dict[int, dict[str, tuple[int, int]]] = {}
    unknown = 0
    for block in design.blocks:
        if block.pair >= complete:
            continue
        days = list(block.counted_days)
        known_here = [d for d in days if known is None or d in known]
        unknown += len(days) - len(known_here)
        cramps = sum(1 for d in known_here if d in nights)
        per_pair.setdefault(block.pair, {})[block.condition] = (cramps, len(known_here))
    counts: list[tuple[int, int]] = []
    known_test = known_usual = dropped = 0
    for pair in range(complete):
        (x, test_known), (y, usual_known) = per_pair[pair][TEST], per_pair[pair][USUAL]
        counted = design.counted_days_per_block
        if min(test_known, usual_known) < counted * (1 - MAX_UNKNOWN_SHARE):
            dropped += 1
            continue
        counts.append((x, y))
        known_test += test_known
        known_usual += usual_known
    return Counting(counts, (known_test, known_usual), unknown, dropped)


# --------------------------------------------------------------------------- the test


def randomisation_p(pairs: Sequence[tuple[int, int]]) -> float:
    """One-sided exact randomisation p-value for "fewer cramp nights in the test blocks".

    ``pairs`` holds, per counted pair, (test-block count, usual-block count). The statistic
    is the total of the differences ``test - usual`` (lower: fewer cramps while testing). The
    p-value is the share of the ``2 ** n`` orders the design could have drawn (each a sign
    pattern on the differences) whose total is at most the observed one; the observed order is
    one of them, so p >= 1 / 2 ** n. No pairs: p = 1.

    Computed exactly without listing the orders: the totals' distribution over all sign
    patterns is the convolution, pair by pair, of "+|d|" and "-|d|" (one pattern each), kept
    as a list of pattern counts indexed by total (dynamic programming, ``n * sum|d|`` steps);
    a zero difference doubles every count. Python integers throughout, so the counts and the
    ties are exact for any number of pairs.
    """
    differences = [test - usual for test, usual in pairs]
    if not differences:
        return 1.0
    observed = sum(differences)
    span = sum(abs(d) for d in differences)
    ways = sign_total_counts([abs(d) for d in differences])
    as_low = sum(ways[: observed + span + 1])
    return as_low / (1 << len(differences))


def sign_total_counts(sizes: Sequence[int]) -> list[int]:
    """How many of the ``2 ** len(sizes)`` sign patterns give each total of ``±size``: entry
    ``k`` counts the patterns whose total is ``k - sum(sizes)``."""
    ways = [1]
    doubling = 0
    for size in sizes:
        if size == 0:
            doubling += 1
            continue
        pad = [0] * (2 * size)
        ways = [a + b for a, b in zip(ways + pad, pad + ways, strict=True)]
    return [w << doubling for w in ways] if doubling else ways


def can_ever_be_clear(pairs: int, alpha: float = ALPHA) -> bool:
    """Whether ``pairs`` complete pairs can give p <= alpha at all (the smallest p is 1/2^n)."""
    return pairs > 0 and 1 / 2**pairs <= alpha


# --------------------------------------------------------------------------- the effect

# Two-sided 95% quantiles of Student's t, for 1 to 60 degrees of freedom (pairs - 1), the
# last one used beyond (slightly wider than the exact value: on the safe side);
# tests/experiments/test_analysis.py checks them against scipy.stats.t.ppf.
T_975 = (
    12.7062047362, 4.3026527297, 3.1824463053, 2.7764451052, 2.5705818356,
    2.4469118511, 2.3646242516, 2.3060041352, 2.2621571628, 2.2281388520,
    2.2009851601, 2.1788128297, 2.1603686565, 2.1447866879, 2.1314495456,
    2.1199052992, 2.1098155778, 2.1009220402, 2.0930240544, 2.0859634473,
    2.0796138447, 2.0738730679, 2.0686576104, 2.0638985616, 2.0595385528,
    2.0555294386, 2.0518305165, 2.0484071418, 2.0452296421, 2.0422724563,
    2.0395134464, 2.0369333435, 2.0345152974, 2.0322445093, 2.0301079283,
    2.0280940010, 2.0261924630, 2.0243941639, 2.0226909200, 2.0210753903,
    2.0195409704, 2.0180817028, 2.0166921992, 2.0153675744, 2.0141033889,
    2.0128955989, 2.0117405137, 2.0106347576, 2.0095752371, 2.0085591121,
    2.0075837703, 2.0066468051, 2.0057459953, 2.0048792882, 2.0040447833,
    2.0032407188, 2.0024654593, 2.0017174841, 2.0009953781, 2.0002978220,
)  # fmt: skip


@dataclass(frozen=True)
class RateRatio:
    """Cramp nights per week in each condition, their ratio (test / usual) and its interval.

    ``ratio`` is None when there were no cramp nights in the usual blocks; ``ci_low`` and
    ``ci_high`` are None when no interval can be computed (a zero total, or one pair); then
    ``reason`` says why.
    """

    test_per_week: float
    usual_per_week: float
    ratio: float | None
    ci_low: float | None
    ci_high: float | None
    reason: str = ""


TOO_FEW_FOR_INTERVAL = "too few pairs for an interval"


def rate_ratio(
    pairs: Sequence[tuple[int, int]],
    counted_days: int,
    known_nights: tuple[int, int] | None = None,
) -> RateRatio:
    """The ratio of cramp-night rates, test over usual, with a 95% interval.

    Method: with ``x_i`` and ``y_i`` the test and usual block counts of pair ``i`` (every block
    has the same counted days), the ratio is ``R = sum(x) / sum(y)``. The variance of
    ``log R`` comes from how the pairs differ (the delta method for a ratio estimator, with
    the pair as the unit, so nights within a block may depend on one another)::

        var(log R) = sum_i (x_i / mean(x) - y_i / mean(y)) ** 2 / (n (n - 1))

    and the interval is ``exp(log R ± t(0.975, n - 1) · sqrt(var))``. This is the
    cluster-robust ("sandwich") standard error of a Poisson regression of nightly counts on
    the condition, clustered by pair, with the usual ``n / (n - 1)`` small-sample factor; the
    golden test computes it that way with statsmodels. A zero total in either condition has
    no log ratio: no interval then, with a reason, rather than a made-up correction; nor has
    one pair, or pairs that all split in exactly the same proportion (no spread: "too few
    pairs for an interval", never an interval of zero width).

    ``known_nights`` (test, usual): the known counted nights behind each weekly rate, when
    some nights were unknown; by default every counted night of the pairs.
    """
    n = len(pairs)
    test_total = sum(x for x, _ in pairs)
    usual_total = sum(y for _, y in pairs)
    test_days, usual_days = known_nights or (n * counted_days, n * counted_days)
    test_rate = 7 * test_total / test_days if test_days else 0.0
    usual_rate = 7 * usual_total / usual_days if usual_days else 0.0
    if n == 0:
        return RateRatio(0.0, 0.0, None, None, None, "no complete pair of blocks to count yet")
    if usual_total == 0:
        return RateRatio(
            test_rate, usual_rate, None, None, None, "no cramp nights in the usual blocks"
        )
    ratio = test_total / usual_total
    if test_total == 0:
        return RateRatio(
            test_rate, usual_rate, 0.0, None, None, "no cramp nights in the test blocks"
        )
    if n < 2:
        return RateRatio(test_rate, usual_rate, ratio, None, None, TOO_FEW_FOR_INTERVAL)
    mean_x, mean_y = test_total / n, usual_total / n
    variance = sum((x / mean_x - y / mean_y) ** 2 for x, y in pairs) / (n * (n - 1))
    if variance <= 1e-12:
        # Every pair in exactly the same proportion: the pairs give no spread to measure,
        # and an interval of zero width ("0.5 (0.5-0.5)") would claim a certainty that
        # a handful of identical pairs cannot give.
        return RateRatio(test_rate, usual_rate, ratio, None, None, TOO_FEW_FOR_INTERVAL)
    t = T_975[min(n - 1, len(T_975)) - 1]
    half = t * math.sqrt(variance)
    log_ratio = math.log(ratio)
    return RateRatio(
        test_rate, usual_rate, ratio, math.exp(log_ratio - half), math.exp(log_ratio + half)
    )


# --------------------------------------------------------------------------- the verdict

CLEAR = "clear"
NOT_CLEAR = "not_clear"
TOO_EARLY = "too_early"
# Finished, but without what a verdict needs: the daily answers for most days, or enough
# pairs with known nights (issue 23).
NO_VERDICT = "no_verdict"


@dataclass(frozen=True)
class Result:
    """What an experiment showed, for the result page, the report and the export."""

    verdict: str
    headline: str
    explanation: str
    complete_pairs: int
    planned_pairs: int
    counts: list[tuple[int, int]]
    p_value: float | None
    effect: RateRatio
    test_severity: float | None = None
    usual_severity: float | None = None
    notes: list[str] = field(default_factory=list)
    unknown_nights: int = 0
    dropped_pairs: int = 0


def analyse(
    design: Design,
    cramp_days: Iterable[int],
    days_done: int,
    *,
    label: str,
    stopped_early: bool = False,
    severity_by_day: dict[int, int] | None = None,
    known_days: Iterable[int] | None = None,
    answered_days: int | None = None,
) -> Result:
    """The result of an experiment after ``days_done`` experiment days have passed.

    ``label`` names what was tested in the verdict ("stretching"). A pair is over once both
    its blocks are; it counts when its blocks' nights are known enough (:func:`count_pairs`;
    ``known_days``, None: all known). ``answered_days``: how many of the days over have a
    "Did you do it?" answer (None: all, for simulations). Verdicts:

    - "too early to say": the planned pairs are not all over, or the experiment was stopped
      early (stopping when the nights look good would make chance look like a result, so a
      stopped experiment shows its numbers but never a clear difference);
    - "no verdict": all over, but the daily answers are missing for most days, or fewer than
      half the pairs had their nights known: the numbers are shown, never a clear difference;
    - "fewer cramps while <label>: a clear difference": otherwise, when p <= ALPHA;
    - "no clear difference": otherwise, including designs that could never reach ALPHA.
    """
    nights = set(cramp_days)
    complete = min(days_done // (2 * design.block_days), design.pairs)
    counting = count_pairs(design, nights, known_days, complete)
    counts = counting.counts
    effect = rate_ratio(counts, design.counted_days_per_block, counting.known)
    p = randomisation_p(counts) if counts else None
    counted_pairs = set(range(complete))
    test_sev, usual_sev = _severities(design, counted_pairs, severity_by_day or {})
    notes: list[str] = []
    if counting.unknown_nights:
        notes.append(_unknown_note(counting))
    finished = complete == design.pairs and not stopped_early
    answered = days_done if answered_days is None else answered_days
    few_answers = answered <= MIN_ANSWERED_SHARE * min(days_done, design.total_days)
    few_known = len(counts) * 2 < design.pairs
    fewer = effect.test_per_week < effect.usual_per_week
    if not finished:
        verdict = TOO_EARLY
        headline = "Too early to say"
        if stopped_early:
            explanation = (
                f"The experiment was stopped early, after {complete} of {design.pairs} pairs "
                "of blocks. The numbers below are what those blocks showed; a stopped "
                "experiment cannot give a clear answer."
            )
        else:
            explanation = (
                f"{complete} of {design.pairs} pairs of blocks are over. The answer comes "
                "when all of them are."
            )
    elif few_answers:
        verdict = NO_VERDICT
        headline = "No verdict: most days have no answer to “Did you do it?”"
        explanation = (
            f"Only {answered} of {days_done} days have an answer. Without knowing what you "
            "did on most days the comparison cannot tell whether the change made any "
            "difference, so it gives no verdict. The numbers below are shown as they are."
        )
    elif few_known:
        verdict = NO_VERDICT
        headline = "No verdict: too many nights are unknown"
        explanation = (
            f"Only {len(counts)} of {design.pairs} pairs had their nights known well enough "
            "to count. A night with nothing logged is not counted as cramp-free, so there is "
            "not enough left to compare."
        )
    elif p is not None and p <= ALPHA and fewer:
        verdict = CLEAR
        headline = f"Fewer cramps while {label}: a clear difference"
        explanation = (
            f"Your cramp nights were lower in the {label} blocks, and chance alone (the "
            f"order drawn) would give a difference this large at most {_one_in(p)}. That is "
            "a clear difference for you, over these weeks; it is not a cure and says nothing "
            "about anyone else."
        )
    else:
        verdict = NOT_CLEAR
        headline = "No clear difference"
        if effect.usual_per_week == 0 and effect.test_per_week == 0:
            explanation = "There were no cramp nights in either condition: nothing to compare."
        elif fewer:
            explanation = (
                f"You had fewer cramp nights while {label}, but a difference this size could "
                "well come from chance in the order drawn."
            )
        else:
            explanation = f"You did not have fewer cramp nights while {label}."
        if not can_ever_be_clear(len(counts)):
            notes.append(
                f"With {len(counts)} pairs there are only {2 ** len(counts)} possible orders, "
                f"so even if every pair had favoured {label}, chance would still give that "
                f"{_one_in(1 / 2 ** len(counts))}: this plan could not show a clear "
                "difference on its own."
            )
    return Result(
        verdict=verdict,
        headline=headline,
        explanation=explanation,
        complete_pairs=complete,
        planned_pairs=design.pairs,
        counts=counts,
        p_value=p,
        effect=effect,
        test_severity=test_sev,
        usual_severity=usual_sev,
        notes=notes,
        unknown_nights=counting.unknown_nights,
        dropped_pairs=counting.dropped_pairs,
    )


def _unknown_note(counting: Counting) -> str:
    nights = counting.unknown_nights
    text = (
        f"{nights} counted night{'s' if nights != 1 else ''} had nothing logged (no cramp, "
        "no “no cramps”, day not marked complete): they are unknown, not cramp-free, and "
        "were not counted."
    )
    if counting.dropped_pairs:
        pairs = counting.dropped_pairs
        text += (
            f" {pairs} pair{'s' if pairs != 1 else ''} had a block with more than a quarter "
            "of its nights unknown and was left out."
        )
    return text


def _one_in(p: float) -> str:
    return f"1 time in {round(1 / p)}" if p > 0 else "never"


def _severities(
    design: Design, pairs: set[int], severity_by_day: dict[int, int]
) -> tuple[float | None, float | None]:
    """The average worst severity of the cramp nights in each condition (secondary outcome)."""
    values: dict[str, list[int]] = {TEST: [], USUAL: []}
    for block in design.blocks:
        if block.pair not in pairs:
            continue
        for day in block.counted_days:
            if day in severity_by_day:
                values[block.condition].append(severity_by_day[day])
    return (
        sum(values[TEST]) / len(values[TEST]) if values[TEST] else None,
        sum(values[USUAL]) / len(values[USUAL]) if values[USUAL] else None,
    )


# --------------------------------------------------------------------------- what it can find

# The model of a person's nights used before the start (and by bench/simulate_experiments.py):
# cramps come in spells. A hidden two-state chain (calm, spell) moves day to day; a spell
# lasts SPELL_DAYS on average and covers SPELL_SHARE of the days; a spell night is
# SPELL_RISK times as likely to bring a cramp as a calm one. The averages match the person's
# weekly rate.
SPELL_DAYS = 7.0
SPELL_SHARE = 0.25
SPELL_RISK = 3.0
MAX_NIGHT_RISK = 0.95


def night_risks(weekly_rate: float) -> tuple[float, float]:
    """Nightly cramp probability (calm, spell) that averages ``weekly_rate`` nights a week."""
    mean = min(weekly_rate / 7, MAX_NIGHT_RISK)
    calm = mean / (1 - SPELL_SHARE + SPELL_SHARE * SPELL_RISK)
    return calm, min(calm * SPELL_RISK, MAX_NIGHT_RISK)


def simulate_nights(
    rng: random.Random, days: int, weekly_rate: float, ratio_by_day: Sequence[float]
) -> list[int]:
    """One simulated person's cramp nights (day indexes) under the spell model; each night's
    risk is multiplied by ``ratio_by_day[day]`` (the effect of what they did that day)."""
    calm, spell = night_risks(weekly_rate)
    leave = 1 / SPELL_DAYS
    enter = leave * SPELL_SHARE / (1 - SPELL_SHARE)
    in_spell = rng.random() < SPELL_SHARE
    nights = []
    for day in range(days):
        risk = (spell if in_spell else calm) * ratio_by_day[day]
        if rng.random() < min(risk, 1.0):
            nights.append(day)
        in_spell = (rng.random() >= leave) if in_spell else (rng.random() < enter)
    return nights


@lru_cache(maxsize=512)
def detection_power(
    weekly_rate: float,
    pairs: int,
    block_days: int,
    run_in_days: int = 0,
    effect: float = 0.5,
    simulations: int = 400,
    seed: int = 16,
) -> float:
    """How often this plan would show ``effect`` (0.5: a halving of cramp nights) as a clear
    difference, for a person with ``weekly_rate`` cramp nights a week who follows the plan:
    the share of ``simulations`` simulated experiments (spell model above, fixed seed, so the
    same figure every time) whose randomisation test gives p <= ALPHA. Designs that can never
    reach ALPHA give 0 without simulating."""
    if not can_ever_be_clear(pairs) or weekly_rate <= 0:
        return 0.0
    rng = random.Random(seed)
    found = 0
    for _ in range(simulations):
        design = Design(pairs, block_days, run_in_days, draw_orders(rng.getrandbits(32), pairs))
        ratios = [1.0] * design.total_days
        for block in design.blocks:
            if block.condition == TEST:
                for day in range(block.first_day, block.last_day + 1):
                    ratios[day] = effect
        nights = simulate_nights(rng, design.total_days, weekly_rate, ratios)
        if randomisation_p(block_counts(design, nights)) <= ALPHA:
            found += 1
    return found / simulations


# --------------------------------------------------------------------------- the offered plans

# The designs offered (issue 23), by how the change acts: pairs of 3-night blocks whose first
# night is not counted (the default: a change that acts into the next night then touches only
# an uncounted night), and pairs of single nights, only for a change the person says cannot act
# into the next night. Key: (block_days, run_in_days).
BLOCKS = "blocks"
NIGHTS = "nights"
OFFERED_DESIGNS: dict[str, tuple[int, int]] = {BLOCKS: (3, 1), NIGHTS: (1, 0)}
WEEKS_OFFERED = (12, 16, 20, 26)
DEFAULT_WEEKS = 12
LONGEST_WEEKS = WEEKS_OFFERED[-1]
# Below this many cramp nights a week even the longest plan rarely finds a halving (see
# experiments/chances.py): no verdict-producing plan is offered, the open try is.
VERDICT_MIN_RATE = 4.0


def design_key(block_days: int, run_in_days: int) -> str | None:
    """Which offered design these numbers are, or None for a plan of issue 16's kind."""
    for key, numbers in OFFERED_DESIGNS.items():
        if numbers == (block_days, run_in_days):
            return key
    return None


def pairs_for(weeks: int, design: str) -> int:
    """The pairs an offered design fits into ``weeks`` weeks."""
    block_days, _ = OFFERED_DESIGNS[design]
    return weeks * 7 // (2 * block_days)


def weeks_of(pairs: int, block_days: int) -> int:
    return round(2 * pairs * block_days / 7)


def chance(design: str, weeks: int, weekly_rate: float, ratio: float = 0.5) -> float:
    """The share of simulated people told "a clear difference" (experiments/chances.py, from
    bench/simulate_experiments.py's harsh model), for an offered design and length, at
    ``weekly_rate`` cramp nights a week: linear between the simulated rates (1, 2, 4, 8),
    towards 0 below 1 a week for a true effect, the figure at 8 above it."""
    from .chances import CHANCES

    rates = sorted({rate for (d, w, rate, r) in CHANCES if (d, w, r) == (design, weeks, ratio)})
    if not rates:
        raise ValueError(f"no simulated chance for {design}, {weeks} weeks, ratio {ratio}")

    def at(rate: int) -> float:
        return CHANCES[(design, weeks, rate, ratio)]

    if weekly_rate >= rates[-1]:
        return at(rates[-1])
    if weekly_rate <= rates[0]:
        return at(rates[0]) if ratio == 1.0 else at(rates[0]) * max(weekly_rate, 0) / rates[0]
    for low, high in itertools.pairwise(rates):
        if low <= weekly_rate <= high:
            share = (weekly_rate - low) / (high - low)
            return at(low) + share * (at(high) - at(low))
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Detectable:
    """What a plan can find, said before the start.

    ``offer_verdict``: whether a verdict-producing plan is offered at all (a start button);
    when not, ``advice`` says what even six months would find and offers the open try.
    """

    weekly_rate: float
    power: float
    too_short: bool
    sentence: str
    advice: str = ""
    offer_verdict: bool = True


def _in_100(share: float) -> str:
    hundredths = round(share * 100)
    if hundredths < 1:
        return "less than 1 time in 100"
    return f"about {hundredths} time{'s' if hundredths != 1 else ''} in 100"


def _nights(weekly_rate: float) -> str:
    rounded = round(weekly_rate, 1)
    text = f"{rounded:g}"
    return f"{text} cramp night{'' if rounded == 1 else 's'} a week"


def plan_words(pairs: int, block_days: int, run_in_days: int) -> str:
    """ "12 weeks of pairs of 3-night blocks (14 pairs)", or the old plans' words."""
    key = design_key(block_days, run_in_days)
    if key == BLOCKS:
        what = "pairs of 3-night blocks, the first night of each not counted"
    elif key == NIGHTS:
        what = "pairs of single nights"
    else:
        return f"{pairs} pairs of {block_days}-day blocks"
    return f"{weeks_of(pairs, block_days)} weeks of {what} ({pairs} pairs)"


OPEN_TRY = (
    "You can instead try the change openly, every day, and watch your weekly rate of known "
    "cramp nights (the experiment page and the report show it week by week), or run an "
    "experiment later if your cramps become more frequent."
)


def detectable_effect(
    weekly_rate: float, pairs: int, block_days: int, run_in_days: int = 0
) -> Detectable:
    """The sentence shown before the start: how often this plan would find a halving (and a
    third fewer) of the person's own recent rate of known cramp nights, from the simulated
    table of experiments/chances.py; below VERDICT_MIN_RATE, what even the longest plan would
    find and the open try instead of a verdict-producing start."""
    if weekly_rate <= 0:
        return Detectable(
            0.0,
            0.0,
            True,
            "You have logged no cramp nights recently, so there is nothing for an experiment "
            "to reduce yet.",
            "Keep logging your cramps, and “no cramps” on good nights; once you have a few "
            "cramp nights a week an experiment can tell more.",
            offer_verdict=False,
        )
    key = design_key(block_days, run_in_days)
    weeks = weeks_of(pairs, block_days)
    if key is None or weeks not in WEEKS_OFFERED or pairs_for(weeks, key) != pairs:
        return Detectable(
            weekly_rate,
            0.0,
            True,
            f"This plan ({plan_words(pairs, block_days, run_in_days)}) is of an older kind "
            "whose chances were not simulated; short blocks find more.",
            "Change the plan to pairs of 3-night blocks before you start.",
            offer_verdict=False,
        )
    power = chance(key, weeks, weekly_rate)
    third = chance(key, weeks, weekly_rate, 0.67)
    sentence = (
        f"With your recent {_nights(weekly_rate)}, {plan_words(pairs, block_days, run_in_days)}"
        f" would find a halving of your cramp nights {_in_100(power)}, and a third fewer "
        f"{_in_100(third)}, if you keep to it most days."
    )
    longest = chance(key, LONGEST_WEEKS, weekly_rate)
    if weekly_rate < VERDICT_MIN_RATE:
        advice = (
            f"At your rate even {LONGEST_WEEKS} weeks (6 months) would find a halving only "
            f"{_in_100(longest)}: most likely the answer would be “no clear difference” "
            f"whether or not it helps. {OPEN_TRY}"
        )
        return Detectable(weekly_rate, power, True, sentence, advice, offer_verdict=False)
    advice = ""
    if weeks < LONGEST_WEEKS:
        advice = f"A longer plan finds more: {LONGEST_WEEKS} weeks {_in_100(longest)}."
    return Detectable(weekly_rate, power, power < 0.5, sentence, advice)
