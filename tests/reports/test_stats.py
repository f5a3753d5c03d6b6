"""Golden and behaviour tests for reports.stats (no database needed).

scipy and statsmodels are test-only dependencies (requirements-dev.txt): the module under test
must agree with them to 1e-9.
"""

import math
import random
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import fisher_exact, hypergeom, norm
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from reports import stats
from reports.stats import (
    DayRecord,
    association,
    benjamini_hochberg,
    build_report,
    fisher_exact_p,
    fisher_midp_p,
    risk_ratio,
    wilson_interval,
)
from tests.examples import examples

TOL = 1e-9
SMALL = 12  # every table with n1, n2 <= SMALL is checked


def small_tables():
    for n1 in range(SMALL + 1):
        for n2 in range(SMALL + 1):
            for a in range(n1 + 1):
                for b in range(n2 + 1):
                    yield a, n1, b, n2


def random_tables(count, seed, max_n=400):
    rng = random.Random(seed)
    for _ in range(count):
        n1, n2 = rng.randint(1, max_n), rng.randint(1, max_n)
        yield rng.randint(0, n1), n1, rng.randint(0, n2), n2


# --------------------------------------------------------------------------- Wilson


def test_wilson_matches_statsmodels_on_every_small_count():
    for n in range(1, 61):
        for successes in range(n + 1):
            for confidence in (0.95, 0.90, 0.99):
                expected = proportion_confint(successes, n, alpha=1 - confidence, method="wilson")
                got = wilson_interval(successes, n, confidence)
                assert got == pytest.approx(expected, abs=TOL), (successes, n, confidence)


@settings(max_examples=examples(300), deadline=None)
@given(st.integers(1, 100_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_matches_statsmodels_on_large_counts(case):
    successes, n = case
    expected = proportion_confint(successes, n, alpha=0.05, method="wilson")
    assert wilson_interval(successes, n) == pytest.approx(expected, abs=TOL)


def test_wilson_with_no_days_is_the_whole_unit_interval():
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_wilson_at_the_edges_is_exact_and_not_degenerate():
    low, high = wilson_interval(0, 7)
    assert low == 0.0 and 0 < high < 1
    low, high = wilson_interval(7, 7)
    assert high == 1.0 and 0 < low < 1


def test_wilson_rejects_impossible_counts():
    with pytest.raises(ValueError):
        wilson_interval(3, 2)


# --------------------------------------------------------------------------- Fisher


def scipy_fisher(a, n1, b, n2):
    return fisher_exact([[a, n1 - a], [b, n2 - b]], alternative="two-sided").pvalue


def assert_fisher_matches(a, n1, b, n2):
    expected = scipy_fisher(a, n1, b, n2)
    assert fisher_exact_p(a, n1, b, n2) == pytest.approx(expected, abs=TOL), (a, n1, b, n2)


def test_fisher_matches_scipy_on_every_table_up_to_12_per_group():
    checked = 0
    for a, n1, b, n2 in small_tables():
        assert_fisher_matches(a, n1, b, n2)
        checked += 1
    assert checked == sum((n1 + 1) * (n2 + 1) for n1 in range(13) for n2 in range(13))


def test_fisher_matches_scipy_on_random_larger_tables():
    for a, n1, b, n2 in random_tables(1500, seed=20260521):
        assert_fisher_matches(a, n1, b, n2)


def test_fisher_matches_scipy_on_report_sized_tables():
    """Tables shaped like a 90-day report (the simulation's size), all rows and columns."""
    for n1 in (30, 36, 45):
        n2 = 90 - n1
        for a in range(n1 + 1):
            for b in range(0, n2 + 1, 3):
                assert_fisher_matches(a, n1, b, n2)


def test_fisher_ties_follow_scipy():
    # Symmetric tables have exactly tied probabilities on both sides of the mode.
    for a, n1, b, n2 in [(2, 5, 3, 5), (0, 6, 6, 6), (1, 4, 3, 4), (4, 10, 6, 10)]:
        assert_fisher_matches(a, n1, b, n2)
    assert fisher_exact_p(3, 6, 3, 6) == 1.0


def test_fisher_with_an_empty_row_or_column_is_one():
    assert fisher_exact_p(0, 0, 3, 9) == 1.0
    assert fisher_exact_p(0, 9, 0, 9) == 1.0
    assert fisher_exact_p(9, 9, 4, 4) == 1.0


def test_fisher_known_value():
    # scipy's documented example: [[8, 2], [1, 5]] -> 0.0349650...
    assert fisher_exact_p(8, 10, 1, 6) == pytest.approx(0.034965034965034975, abs=1e-15)


# --------------------------------------------------------------------------- mid-p


def scipy_midp(a, n1, b, n2):
    """Lancaster's two-sided mid-p from scipy's hypergeometric pmf, summed independently.

    P(tables less likely than observed) + 1/2 P(tables as likely), with ties judged on the
    float pmf at a relative 1e-9 (exact ties in integers are float ties up to ~1e-15).
    """
    events, total = a + b, n1 + n2
    if n1 == 0 or n2 == 0 or events == 0 or events == total:
        return 1.0
    support = np.arange(max(0, events - n2), min(n1, events) + 1)
    pmf = hypergeom.pmf(support, total, n1, events)
    observed = pmf[a - support[0]]
    tied = np.abs(pmf - observed) <= 1e-9 * np.maximum(pmf, observed)
    less = (pmf < observed) & ~tied
    return min(float(pmf[less].sum() + pmf[tied].sum() / 2), 1.0)


def assert_midp_matches(a, n1, b, n2):
    expected = scipy_midp(a, n1, b, n2)
    assert fisher_midp_p(a, n1, b, n2) == pytest.approx(expected, abs=TOL), (a, n1, b, n2)


def test_midp_matches_scipy_on_every_table_up_to_12_per_group():
    checked = 0
    for a, n1, b, n2 in small_tables():
        assert_midp_matches(a, n1, b, n2)
        checked += 1
    assert checked == sum((n1 + 1) * (n2 + 1) for n1 in range(13) for n2 in range(13))


def test_midp_matches_scipy_on_random_larger_tables():
    for a, n1, b, n2 in random_tables(1500, seed=20260522):
        assert_midp_matches(a, n1, b, n2)


def test_midp_matches_scipy_on_report_sized_tables():
    for n1 in (30, 36, 45):
        n2 = 90 - n1
        for a in range(n1 + 1):
            for b in range(0, n2 + 1, 3):
                assert_midp_matches(a, n1, b, n2)


def test_midp_is_fisher_less_half_the_tied_probability():
    """Away from scipy's p = 1 rule at the mode, mid-p = Fisher's p - P(ties) / 2."""
    for a, n1, b, n2 in [*random_tables(300, seed=3, max_n=60), (2, 5, 3, 5), (1, 4, 3, 4)]:
        events, total = a + b, n1 + n2
        fisher = fisher_exact_p(a, n1, b, n2)
        if fisher == 1.0:
            continue
        pmf = hypergeom(total, n1, events)
        observed = pmf.pmf(a)
        support = range(max(0, events - n2), min(n1, events) + 1)
        ties = sum(p for x in support if abs((p := pmf.pmf(x)) - observed) <= 1e-9 * observed)
        assert fisher_midp_p(a, n1, b, n2) == pytest.approx(fisher - ties / 2, abs=TOL)
        assert fisher_midp_p(a, n1, b, n2) < fisher


def test_midp_with_zero_cells():
    # Empty row or column: only one table has these margins - no information, p = 1.
    assert fisher_midp_p(0, 0, 3, 9) == 1.0
    assert fisher_midp_p(0, 9, 0, 9) == 1.0
    assert fisher_midp_p(9, 9, 4, 4) == 1.0
    # A zero cell in an informative table is an ordinary table.
    for a, n1, b, n2 in [(0, 10, 6, 10), (0, 36, 14, 54), (12, 12, 0, 30), (5, 5, 0, 1)]:
        assert_midp_matches(a, n1, b, n2)
        assert 0.0 < fisher_midp_p(a, n1, b, n2) < fisher_exact_p(a, n1, b, n2)


def test_midp_known_value():
    # [[8, 2], [1, 5]]: Fisher 0.034965...; the observed table has probability 0.023601...
    # and no other table ties with it, so mid-p = 0.034965 - 0.023601 / 2.
    fisher = fisher_exact_p(8, 10, 1, 6)
    observed = math.comb(10, 8) * math.comb(6, 1) / math.comb(16, 9)
    assert fisher_midp_p(8, 10, 1, 6) == pytest.approx(fisher - observed / 2, abs=1e-15)


# --------------------------------------------------------------------------- risk ratio


def katz_reference(a, n1, b, n2, confidence=0.95):
    """Direct computation with scipy's normal quantile and the documented correction."""
    if min(a, n1 - a, b, n2 - b) == 0:
        a, b, n1, n2 = a + 0.5, b + 0.5, n1 + 1, n2 + 1
    log_rr = math.log((a / n1) / (b / n2))
    se = math.sqrt(1 / a - 1 / n1 + 1 / b - 1 / n2)
    z = norm.ppf(1 - (1 - confidence) / 2)
    return math.exp(log_rr), math.exp(log_rr - z * se), math.exp(log_rr + z * se)


def test_risk_ratio_matches_direct_scipy_computation_on_small_tables():
    for a, n1, b, n2 in small_tables():
        result = risk_ratio(a, n1, b, n2)
        if n1 == 0 or n2 == 0 or a + b == 0:
            assert result.ratio is None and result.reason
            continue
        expected = katz_reference(a, n1, b, n2)
        got = (result.ratio, result.ci_low, result.ci_high)
        assert got == pytest.approx(expected, rel=TOL, abs=TOL), (a, n1, b, n2)


def test_risk_ratio_matches_direct_scipy_computation_on_random_tables():
    for a, n1, b, n2 in random_tables(1500, seed=7):
        if a + b == 0:
            continue
        for confidence in (0.95, 0.90):
            result = risk_ratio(a, n1, b, n2, confidence)
            expected = katz_reference(a, n1, b, n2, confidence)
            assert (result.ratio, result.ci_low, result.ci_high) == pytest.approx(
                expected, rel=TOL, abs=TOL
            )


def test_risk_ratio_without_zero_cells_is_uncorrected():
    result = risk_ratio(10, 40, 5, 60)
    assert not result.corrected
    assert result.ratio == pytest.approx((10 / 40) / (5 / 60))


def test_risk_ratio_zero_cell_adds_half_to_every_cell():
    result = risk_ratio(0, 10, 4, 20)
    assert result.corrected
    assert result.ratio == pytest.approx((0.5 / 11) / (4.5 / 21))
    assert 0 < result.ci_low < result.ratio < result.ci_high


def test_risk_ratio_all_exposed_days_with_cramps_is_corrected_and_finite():
    result = risk_ratio(6, 6, 3, 20)
    assert result.corrected
    assert result.ratio == pytest.approx((6.5 / 7) / (3.5 / 21))
    assert math.isfinite(result.ci_high)


def test_risk_ratio_undefined_when_no_events_on_either_side():
    result = risk_ratio(0, 15, 0, 30)
    assert result.ratio is None and result.ci_low is None and result.ci_high is None
    assert not result.defined
    assert "no cramp days" in result.reason


def test_risk_ratio_undefined_when_one_side_has_no_days():
    result = risk_ratio(0, 0, 3, 30)
    assert result.ratio is None
    assert "no days" in result.reason


# --------------------------------------------------------------------------- BH


def assert_bh_matches(p_values, q):
    flagged, adjusted = benjamini_hochberg(p_values, q)
    reject, corrected, _, _ = multipletests(p_values, alpha=q, method="fdr_bh")
    assert flagged == [bool(x) for x in reject], p_values
    assert adjusted == pytest.approx(list(corrected), abs=TOL)


def test_bh_matches_statsmodels_on_random_families():
    rng = random.Random(99)
    for _ in range(2000):
        m = rng.randint(1, 40)
        kind = rng.random()
        if kind < 0.3:
            p_values = [rng.random() for _ in range(m)]
        elif kind < 0.6:  # mostly small, as with real effects
            p_values = [rng.random() ** 4 for _ in range(m)]
        else:  # discrete, with ties and exact ones, like Fisher p-values
            p_values = [rng.choice([1.0, 0.5, 0.2, 0.05, 0.01, 0.004, 0.0]) for _ in range(m)]
        assert_bh_matches(p_values, rng.choice([0.05, 0.10, 0.2]))


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=30), st.sampled_from([0.05, 0.1, 0.25]))
def test_bh_matches_statsmodels_property(p_values, q):
    assert_bh_matches(p_values, q)


def test_bh_step_up_flags_a_larger_p_when_a_later_rank_passes():
    # 0.03 fails its own rank (0.03 > 1/4 * 0.1), but 0.07 <= 4/4 * 0.1 passes, and the
    # step-up procedure flags everything up to the largest passing rank.
    flagged, _ = benjamini_hochberg([0.03, 0.04, 0.06, 0.07], q=0.1)
    assert flagged == [True, True, True, True]
    flagged, _ = benjamini_hochberg([0.03, 0.2, 0.3, 0.9], q=0.1)
    assert flagged == [False, False, False, False]


def test_bh_empty_family():
    assert benjamini_hochberg([]) == ([], [])


# --------------------------------------------------------------------------- association


def test_association_collects_everything():
    result = association(6, 20, 4, 40)
    assert (result.exposed_days, result.other_days) == (20, 40)
    assert result.exposed_rate == pytest.approx(0.3)
    assert result.other_rate == pytest.approx(0.1)
    assert result.exposed_interval == pytest.approx(proportion_confint(6, 20, method="wilson"))
    assert result.other_interval == pytest.approx(proportion_confint(4, 40, method="wilson"))
    assert result.risk_ratio == pytest.approx(3.0)
    assert result.p_value == pytest.approx(scipy_fisher(6, 20, 4, 40), abs=TOL)
    assert result.ci_low < 3.0 < result.ci_high


def test_association_with_an_empty_side():
    result = association(0, 0, 5, 30)
    assert result.exposed_rate is None
    assert result.exposed_interval == (0.0, 1.0)
    assert result.risk_ratio is None
    assert result.p_value == 1.0
    assert not result.testable


# --------------------------------------------------------------------------- report

START = date(2026, 1, 1)
NEUTRAL = {
    "potassium": 3000.0,
    "magnesium": 300.0,
    "calcium": 900.0,
    "sodium": 2000.0,
    "fluid": 2000.0,
    "exercise": 20.0,
    "alcohol": 0.0,
    "caffeine": 2.0,
}


def make_days(count, cramp_every=3, complete=True, **overrides):
    days = []
    for offset in range(count):
        values = dict(NEUTRAL)
        values.update(overrides)
        days.append(
            DayRecord(
                date=START + timedelta(days=offset),
                cramp=offset % cramp_every == 0,
                complete=complete,
                **values,
            )
        )
    return days


def test_gate_with_20_analysable_days_reports_what_is_missing_not_numbers():
    report = build_report(make_days(20))
    assert not report.sufficient
    assert report.results == ()
    assert report.analysable_days == 20
    missing = {shortfall.what: (shortfall.have, shortfall.need) for shortfall in report.missing}
    assert missing == {"analysable_days": (20, 28)}
    assert report.missing[0].message == "8 more complete days logged (have 20 of 28)"


def test_gate_needs_five_cramp_days_and_five_cramp_free_days():
    no_cramps = [DayRecord(**{**d.__dict__, "cramp": False}) for d in make_days(40)]
    report = build_report(no_cramps)
    assert not report.sufficient
    assert {s.what: (s.have, s.need) for s in report.missing} == {"cramp_days": (0, 5)}
    all_cramps = [DayRecord(**{**d.__dict__, "cramp": True}) for d in make_days(40)]
    report = build_report(all_cramps)
    assert {s.what: (s.have, s.need) for s in report.missing} == {"cramp_free_days": (0, 5)}


def test_gate_counts_only_complete_days():
    days = make_days(25) + [
        DayRecord(**{**d.__dict__, "date": d.date + timedelta(days=25), "complete": False})
        for d in make_days(10)
    ]
    report = build_report(days)
    assert not report.sufficient
    assert report.analysable_days == 25


def test_gate_passes_at_28_days():
    report = build_report(make_days(28))
    assert report.sufficient
    assert len(report.results) == len(stats.FACTORS) * len(stats.WINDOWS) == 16


def test_incomplete_days_are_excluded_from_intake_not_counted_as_zero():
    complete = make_days(40)
    # Ten incomplete days with nothing logged: if they counted as zero, they would all be
    # "low potassium" days with a cramp.
    incomplete = [
        DayRecord(date=START + timedelta(days=100 + i), cramp=True, complete=False, potassium=0.0)
        for i in range(10)
    ]
    report = build_report(complete + incomplete, targets={"potassium": 3400})
    result = report.result("potassium", "same_day").association
    assert result.exposed_days + result.other_days == 40
    assert result.exposed_days == 40  # 3000 < 3400 on every complete day
    assert result.exposed_days_with_cramp == sum(d.cramp for d in complete)
    assert report.analysable_days == 40


def test_incomplete_day_is_not_used_as_previous_day_exposure():
    days = make_days(40)
    days[10] = DayRecord(**{**days[10].__dict__, "complete": False, "potassium": 0.0})
    report = build_report(days)
    same = report.result("potassium", "same_day").association
    previous = report.result("potassium", "previous_day").association
    assert same.exposed_days + same.other_days == 39
    # 39 complete outcome days, minus the first (no day before) and day 11 (day before
    # incomplete) -> 37 pairs.
    assert previous.exposed_days + previous.other_days == 37


def test_previous_day_window_pairs_night_cramp_with_the_day_before_its_evening():
    """A cramp at 03:00 on the 15th is dated the 14th (the evening its night began).

    Same day = the 14th's intake; previous day = the 13th's intake.
    """
    days = []
    for offset in range(40):
        day = START + timedelta(days=offset)
        days.append(
            DayRecord(
                date=day,
                cramp=day.day in (14, 2, 6, 9, 20, 24),  # the night cramp is on the 14th
                complete=True,
                **{**NEUTRAL, "potassium": 1000.0 if day.day == 13 else 3000.0},
            )
        )
    report = build_report(days, targets={"potassium": 2000})
    same = report.result("potassium", "same_day").association
    previous = report.result("potassium", "previous_day").association
    # 40 days from 1 January: the only low day is 13 January.
    assert same.exposed_days == 1 and same.exposed_days_with_cramp == 0
    assert previous.exposed_days == 1 and previous.exposed_days_with_cramp == 1


def test_exposure_rules_targets_medians_and_alcohol():
    days = []
    for offset in range(40):
        values = dict(NEUTRAL)
        values["magnesium"] = float(offset)  # median 19.5: 0..19 are low
        values["exercise"] = float(offset)  # any exercise: 1..39 (issue 15: the rule is "any")
        values["alcohol"] = 1.0 if offset % 4 == 0 else 0.0
        days.append(
            DayRecord(
                date=START + timedelta(days=offset), cramp=offset % 3 == 0, complete=True, **values
            )
        )
    report = build_report(days, targets={"potassium": 2500})
    magnesium = report.result("magnesium", "same_day")
    assert (magnesium.direction, magnesium.threshold_source) == ("low", "own median")
    assert magnesium.association.exposed_days == 20
    exercise = report.result("exercise", "same_day")
    assert exercise.direction == "high" and exercise.threshold_source == "any"
    assert exercise.association.exposed_days == 39
    alcohol = report.result("alcohol", "same_day")
    assert alcohol.threshold_source == "any" and alcohol.association.exposed_days == 10
    potassium = report.result("potassium", "same_day")
    assert potassium.threshold_source == "target"
    assert potassium.association.exposed_days == 0  # 3000 is not below 2500
    assert not potassium.association.testable
    assert potassium.flagged is False and potassium.adjusted_p is None


def test_report_accepts_dicts_with_unit_suffixed_names():
    rows = [
        {
            "date": START + timedelta(days=i),
            "cramp": i % 3 == 0,
            "complete": True,
            "potassium_mg": 2000.0 + 50 * i,
            "fluid_ml": 1500.0,
            "exercise_minutes": 0,
            "alcohol_drinks": 0,
            "caffeinated_drinks": 1,
        }
        for i in range(30)
    ]
    report = build_report(rows)
    assert report.sufficient
    assert report.result("potassium", "same_day").association.exposed_days == 15


def test_a_strong_effect_is_flagged_and_bh_covers_the_primary_family_only():
    """Issue 15: only the four primary comparisons are tested (BH over them alone); a strong
    day-before effect stands out, and its same-day shadow is exploratory, never flagged."""
    rng = random.Random(5)
    days = []
    low_before = False
    for offset in range(120):
        low = rng.random() < 0.4
        days.append(
            DayRecord(
                date=START + timedelta(days=offset),
                cramp=(low_before and rng.random() < 0.8)
                or (not low_before and rng.random() < 0.05),
                complete=True,
                **{**NEUTRAL, "potassium": 1500.0 if low else 4000.0},
            )
        )
        low_before = low
    report = build_report(days, targets={"potassium": 2600})
    flagged = {(r.factor, r.window) for r in report.flagged}
    assert flagged == {("potassium", "previous_day")}
    testable = [r for r in report.results if r.adjusted_p is not None]
    assert {(r.factor, r.window) for r in testable} <= set(stats.PRIMARY_FAMILY)
    for result in report.results:
        if result.adjusted_p is None:
            assert result.family == stats.EXPLORATORY or not result.association.testable
    expected_flags, expected_adjusted = benjamini_hochberg([r.p_value for r in testable], q=0.10)
    assert [r.adjusted_p for r in testable] == expected_adjusted
    # Standing out needs BH, and more: both groups of 10 days or more, an interval above 1.
    for result, passed in zip(testable, expected_flags, strict=True):
        assert result.flagged <= passed
    potassium = report.result("potassium", "previous_day")
    assert potassium.ci_low > 1


def test_duplicate_dates_are_an_error():
    days = make_days(30)
    with pytest.raises(ValueError):
        build_report([*days, days[0]])


def test_module_has_no_django_imports():
    import ast
    import importlib
    import inspect
    import pkgutil

    # reports.stats is a package of one concept a module (issue 21): every module of it is
    # read, and each may import the others.
    own = {module.name for module in pkgutil.iter_modules(stats.__path__)}
    modules = [stats, *(importlib.import_module(f"reports.stats.{name}") for name in own)]
    imported = set()
    for node in (node for m in modules for node in ast.walk(ast.parse(inspect.getsource(m)))):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            # "from . import permutation" names the module it imports
            imported.add((node.module or node.names[0].name).split(".")[0])
    assert imported - own <= {
        "__future__",
        "math",
        "statistics",
        "collections",
        "dataclasses",
        "datetime",
        "typing",
        "permutation",  # reports/permutation.py: numpy only, checked below
        "numpy",  # the day series as arrays (issue 15); still no Django
    }


def test_the_permutation_module_has_no_django_imports():
    import ast
    import inspect

    from reports import permutation

    tree = ast.parse(inspect.getsource(permutation))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"__future__", "dataclasses", "numpy", "stats"}
