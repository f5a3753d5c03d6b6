"""Golden tests for reports/permutation.py: the circular-shift test against a brute-force
enumeration of every shift, and the Mantel-Haenszel ratio against statsmodels (issue 15,
acceptance 2). No database needed."""

import math
import random
from datetime import date, timedelta

import numpy as np
import pytest
from statsmodels.stats.contingency_tables import StratifiedTable

from reports import permutation, stats
from reports.permutation import (
    MIN_SHIFT,
    benjamini_hochberg_rows,
    circular_correlation,
    shift_test,
)
from reports.stats import DayRecord, build_report, mantel_haenszel_rr, risk_ratio

TOL = 1e-12


def brute_force(outcome, outcome_known, exposed, exposure_known, min_shift=MIN_SHIFT):
    """Every shift enumerated by hand: pair outcome day t with exposure day (t + k) mod n,
    keep the pairs with both halves known, count, and compare |z| with the observed one."""
    n = len(outcome)

    def counts(k):
        a = n1 = b = n2 = 0
        for t in range(n):
            s = (t + k) % n
            if not (outcome_known[t] and exposure_known[s]):
                continue
            if exposed[s]:
                n1 += 1
                a += bool(outcome[t])
            else:
                n2 += 1
                b += bool(outcome[t])
        return a, n1, b, n2

    def z(a, n1, b, n2):
        if n1 == 0 or n2 == 0:
            return 0.0
        pooled = (a + b) / (n1 + n2)
        if pooled in (0.0, 1.0):
            return 0.0
        return (a / n1 - b / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))

    observed = counts(0)
    z0 = z(*observed)
    shifts = range(min_shift, n - min_shift + 1)
    as_extreme = sum(1 for k in shifts if abs(z(*counts(k))) >= abs(z0) - 1e-9)
    as_high = sum(1 for k in shifts if z(*counts(k)) >= z0 - 1e-9)
    p_two = (1 + as_extreme) / (1 + len(shifts))
    p_greater = (1 + as_high) / (1 + len(shifts))
    return observed, (p_greater, p_two), [counts(k) for k in shifts]


def random_series(rng, n, missing=0.15, persistence=0.0):
    """Outcome and exposure 0/1 series, with runs when ``persistence`` > 0, and days missing."""

    def chain(share):
        values, current = [], rng.random() < share
        for _ in range(n):
            if rng.random() >= persistence:
                current = rng.random() < share
            values.append(current)
        return values

    outcome = chain(0.3)
    exposed = chain(0.4)
    outcome_known = [rng.random() >= missing for _ in range(n)]
    exposure_known = [rng.random() >= missing for _ in range(n)]
    return outcome, outcome_known, exposed, exposure_known


def test_circular_correlation_is_the_sum_over_every_rotation():
    rng = random.Random(1)
    for n in (1, 2, 5, 16, 31, 100):
        u = [rng.random() < 0.5 for _ in range(n)]
        v = [rng.random() < 0.5 for _ in range(n)]
        expected = [sum(u[t] * v[(t + k) % n] for t in range(n)) for k in range(n)]
        assert circular_correlation(u, v).tolist() == expected


@pytest.mark.parametrize("seed", range(40))
def test_the_p_value_matches_a_brute_force_enumeration_of_the_shifts(seed):
    rng = random.Random(seed)
    n = rng.randint(15, 45)
    series = random_series(rng, n, missing=rng.choice([0.0, 0.1, 0.3]), persistence=0.6)

    observed, p, _ = brute_force(*series)
    got = shift_test(*series)

    assert (
        int(got.exposed_cramps),
        int(got.exposed_days),
        int(got.other_cramps),
        int(got.other_days),
    ) == observed
    if observed[1] and observed[3]:
        assert float(got.p_value) == pytest.approx(p[0], abs=TOL)
        assert float(got.p_two_sided) == pytest.approx(p[1], abs=TOL)
    else:
        assert math.isnan(float(got.p_value)) and math.isnan(float(got.p_two_sided))
    assert got.shifts == n - 2 * MIN_SHIFT + 1


def test_the_interval_is_never_narrower_than_the_independent_days_one():
    rng = random.Random(7)
    for _ in range(30):
        series = random_series(rng, 60, missing=0.1, persistence=0.8)
        got = shift_test(*series)
        observed, _, shifted = brute_force(*series)
        katz = risk_ratio(*observed)
        if not katz.defined or katz.corrected:
            continue
        assert float(got.ratio) == pytest.approx(katz.ratio, rel=1e-12)
        assert float(got.ci_low) <= katz.ci_low + 1e-12
        assert float(got.ci_high) >= katz.ci_high - 1e-12
        # The spread over the shifts, by hand.
        logs = []
        for a, n1, b, n2 in shifted:
            rr = risk_ratio(a, n1, b, n2)
            if rr.defined:
                add = 0.5 if rr.corrected else 0.0
                logs.append(
                    math.log((a + add) / (n1 + 2 * add)) - math.log((b + add) / (n2 + 2 * add))
                )
        spread = float(np.std(logs, ddof=1))
        katz_se = (math.log(katz.ci_high) - math.log(katz.ratio)) / permutation.CONFIDENCE_Z
        assert float(got.se_log_ratio) == pytest.approx(max(spread, katz_se), rel=1e-9)


def test_a_batch_of_people_gives_the_same_answers_as_one_at_a_time():
    rng = random.Random(3)
    people = [random_series(rng, 50, missing=0.1, persistence=0.5) for _ in range(12)]
    batch = shift_test(*(np.array([person[i] for person in people]) for i in range(4)))
    for index, person in enumerate(people):
        alone = shift_test(*person)
        names = ("exposed_cramps", "exposed_days", "p_value", "p_two_sided", "ratio", "ci_low")
        for name in names:
            np.testing.assert_allclose(
                getattr(batch, name)[index], getattr(alone, name), rtol=1e-12
            )


def test_the_smallest_p_is_one_over_the_shifts_plus_one():
    n = 60
    outcome = [t % 2 == 0 for t in range(n)]
    exposed = [(t + 1) % 2 == 0 for t in range(n)]  # the day before, every other day
    known = [True] * n
    got = shift_test(outcome, known, exposed, known)
    # Odd shifts line the two up as well as the observed one does: half the shifts tie.
    assert float(got.p_value) > permutation.smallest_p(n)
    assert permutation.smallest_p(n) == 1 / (n - 2 * MIN_SHIFT + 2)


def test_too_short_a_series_cannot_be_tested():
    got = shift_test([True, False] * 6, [True] * 12, [False, True] * 6, [True] * 12)
    assert got.shifts == 0
    assert math.isnan(float(got.p_value))  # not testable, so never in a family


def test_row_wise_benjamini_hochberg_matches_the_plain_one():
    rng = np.random.default_rng(11)
    p = rng.uniform(0, 0.2, size=(500, 4))
    p[rng.uniform(size=p.shape) < 0.1] = np.nan
    rows = benjamini_hochberg_rows(p, 0.10)
    for row, flags in zip(p, rows, strict=True):
        family = [value for value in row if np.isfinite(value)]
        expected, _ = stats.benjamini_hochberg(family, q=0.10)
        assert [
            bool(f) for f, value in zip(flags, row, strict=True) if np.isfinite(value)
        ] == expected
        assert not any(f for f, value in zip(flags, row, strict=True) if not np.isfinite(value))


# --------------------------------------------------------------------------- Mantel-Haenszel


def as_tables(strata):
    return [np.array([[a, n1 - a], [b, n2 - b]]) for a, n1, b, n2 in strata]


@pytest.mark.parametrize("seed", range(30))
def test_mantel_haenszel_ratio_matches_statsmodels(seed):
    rng = random.Random(seed)
    strata = []
    for _ in range(rng.randint(1, 5)):
        n1, n2 = rng.randint(1, 60), rng.randint(1, 60)
        strata.append((rng.randint(0, n1), n1, rng.randint(0, n2), n2))
    ours = mantel_haenszel_rr(strata)
    table = StratifiedTable(as_tables(strata))
    if ours.ratio is None:
        assert not math.isfinite(table.riskratio_pooled) or table.riskratio_pooled == 0
    else:
        assert ours.ratio == pytest.approx(table.riskratio_pooled, rel=1e-12)


def test_mantel_haenszel_with_one_stratum_is_the_plain_ratio_and_katz_interval():
    a, n1, b, n2 = 12, 30, 7, 45
    pooled = mantel_haenszel_rr([(a, n1, b, n2)])
    plain = risk_ratio(a, n1, b, n2)
    assert pooled.ratio == pytest.approx(plain.ratio, rel=1e-12)
    z = permutation.CONFIDENCE_Z
    assert math.exp(math.log(pooled.ratio) + z * pooled.se_log) == pytest.approx(
        plain.ci_high, rel=1e-9
    )


def test_mantel_haenszel_greenland_robins_variance_by_hand():
    strata = [(8, 20, 4, 30), (15, 25, 10, 40)]
    num = sum(a * n2 / (n1 + n2) for a, n1, b, n2 in strata)
    den = sum(b * n1 / (n1 + n2) for a, n1, b, n2 in strata)
    var = sum(
        (n1 * n2 * (a + b) - a * b * (n1 + n2)) / (n1 + n2) ** 2 for a, n1, b, n2 in strata
    ) / (num * den)
    got = mantel_haenszel_rr(strata)
    assert got.ratio == pytest.approx(num / den, rel=1e-12)
    assert got.se_log == pytest.approx(math.sqrt(var), rel=1e-12)


def test_mantel_haenszel_without_events_is_undefined():
    assert mantel_haenszel_rr([(0, 10, 0, 10)]).ratio is None
    assert mantel_haenszel_rr([]).ratio is None


# --------------------------------------------------------------------------- in the report


def test_the_report_uses_the_shift_test_on_calendar_days_with_gaps_unknown():
    """A small journal with incomplete days and a missing date: the report's p-value for each
    comparison is the brute-force one over the calendar days, missing days never zero."""
    rng = random.Random(21)
    start = date(2026, 3, 1)
    records = []
    for offset in range(50):
        if offset == 20:
            continue  # a date with no record at all
        records.append(
            DayRecord(
                date=start + timedelta(days=offset),
                cramp=rng.random() < 0.35,
                complete=rng.random() < 0.85,
                potassium=rng.choice([1500.0, 3500.0]),
                magnesium=300.0,
                calcium=900.0,
                sodium=2000.0,
                fluid=rng.choice([1200.0, 2500.0]),
                exercise=rng.choice([0.0, 30.0]),
                alcohol=0.0,
                caffeine=1.0,
            )
        )
    report = build_report(records, targets={"potassium": 2600, "fluid": 2000})
    by_date = {r.date: r for r in records}
    dates = [start + timedelta(days=t) for t in range(50)]
    outcome_known = [d in by_date and by_date[d].complete for d in dates]
    outcome = [k and by_date[d].cramp for d, k in zip(dates, outcome_known, strict=True)]
    for factor, threshold, intake in (("potassium", 2600, True), ("exercise", 0, False)):
        for window, lag in (("same_day", 0), ("previous_day", 1)):
            source = [by_date.get(d - timedelta(days=lag)) for d in dates]
            known = [s is not None and (s.complete or not intake) for s in source]
            value = [getattr(s, factor) if s is not None else None for s in source]
            if factor == "exercise":
                exposed = [k and v > threshold for k, v in zip(known, value, strict=True)]
            else:
                exposed = [k and v < threshold for k, v in zip(known, value, strict=True)]
            observed, p, _ = brute_force(outcome, outcome_known, exposed, known)
            result = report.result(factor, window)
            assoc = result.association
            assert (
                assoc.exposed_days_with_cramp,
                assoc.exposed_days,
                assoc.other_days_with_cramp,
                assoc.other_days,
            ) == observed
            # Primary comparisons are one-sided (declared direction), exploratory two-sided.
            expected = p[0] if result.primary else p[1]
            assert result.p_value == pytest.approx(expected, abs=TOL)


# --------------------------------------------------------------------------- overlaps


def overlapping_days(days=150, seed=3, dry_if_active=0.85, dry_if_not=0.1):
    """Exercise on 40% of days; dry days mostly exercise days; cramps after dry days."""
    rng = random.Random(seed)
    records, dry_before = [], False
    for offset in range(days):
        active = rng.random() < 0.4
        dry = rng.random() < (dry_if_active if active else dry_if_not)
        records.append(
            DayRecord(
                date=date(2026, 1, 1) + timedelta(days=offset),
                cramp=rng.random() < (0.6 if dry_before else 0.08),
                complete=rng.random() < 0.95,
                potassium=3500.0,
                magnesium=400.0,
                calcium=1000.0,
                sodium=2000.0,
                fluid=900.0 if dry else 3000.0,
                exercise=40.0 if active else 0.0,
                alcohol=0.0,
                caffeine=1.0,
            )
        )
        dry_before = dry
    return records


def test_an_overlap_is_reported_with_its_strata_and_mantel_haenszel_ratio():
    records = overlapping_days()
    report = build_report(records, targets={"potassium": 2600, "fluid": 2000})

    assert report.result("fluid", "previous_day").flagged
    (overlap,) = [o for o in report.overlaps if o.factor == "fluid"]
    assert overlap.other == "exercise"
    assert overlap.shared / overlap.factor_days > 0.5
    # The strata, counted by hand over the same pairs.
    by_date = {r.date: r for r in records}
    strata = {True: [0, 0, 0, 0], False: [0, 0, 0, 0]}
    for day in records:
        before = by_date.get(day.date - timedelta(days=1))
        if not day.complete or before is None or not before.complete:
            continue
        side = 0 if before.fluid < 2000 else 2
        counts = strata[before.exercise > 0]
        counts[side + 1] += 1
        counts[side] += day.cramp
    got = {
        s.other_present: [
            s.association.exposed_days_with_cramp,
            s.association.exposed_days,
            s.association.other_days_with_cramp,
            s.association.other_days,
        ]
        for s in overlap.strata
    }
    assert got == strata
    assert overlap.shared == strata[True][1]
    expected = mantel_haenszel_rr([tuple(strata[True]), tuple(strata[False])])
    assert overlap.ratio == pytest.approx(expected.ratio, rel=1e-12)
    table = StratifiedTable(as_tables([strata[True], strata[False]]))
    assert overlap.ratio == pytest.approx(table.riskratio_pooled, rel=1e-12)
    # The interval is never narrower than Greenland-Robins' (independent days).
    z = permutation.CONFIDENCE_Z
    assert overlap.ci_low <= math.exp(math.log(expected.ratio) - z * expected.se_log) + 1e-12
    assert overlap.ci_high >= math.exp(math.log(expected.ratio) + z * expected.se_log) - 1e-12


def test_factors_that_do_not_share_their_days_are_not_called_an_overlap():
    records = overlapping_days(dry_if_active=0.3, dry_if_not=0.3)  # dry days anywhere
    report = build_report(records, targets={"potassium": 2600, "fluid": 2000})
    assert report.result("fluid", "previous_day").flagged
    assert not [o for o in report.overlaps if {o.factor, o.other} == {"fluid", "exercise"}]
