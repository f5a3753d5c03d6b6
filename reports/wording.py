"""The words of the report: factor names, windows, and what each finding can and cannot mean.

Kept apart from the arithmetic so that the page, the printable summary and the JSON say the
same thing. Wording rules (docs/reports.md, "Words"): "below the Adequate Intake", never
"deficient"; an association in one person's records, never a cause.
"""

from foods import units

from .stats import OWN, PREVIOUS_DAY, PRIMARY_FAMILY, SAME_DAY, FactorResult

NUTRIENT_LABELS = {
    "potassium": "Potassium",
    "magnesium": "Magnesium",
    "calcium": "Calcium",
    "sodium": "Sodium",
    "fluid": "Fluid",
}


def left_out_note(nutrient: str, days: int) -> str:
    """Why a nutrient's figures rest on fewer complete days than the others'."""
    plural = "" if days == 1 else "s"
    return (
        f"{NUTRIENT_LABELS[nutrient]}: {days} complete day{plural} left out, a food's value unknown"
    )


FACTOR_LABELS = {
    "potassium": "Low potassium",
    "magnesium": "Low magnesium",
    "calcium": "Low calcium",
    "sodium": "Low sodium",
    "fluid": "Little fluid",
    "exercise": "Any exercise",
    "alcohol": "Alcohol",
    "caffeine": "More caffeine",
}

WINDOW_LABELS = {
    SAME_DAY: "same day",
    PREVIOUS_DAY: "day before",
}
WINDOW_EXPLANATIONS = {
    SAME_DAY: "the same day",
    PREVIOUS_DAY: "the day before (for a night cramp, the day and evening before that night)",
}

# What else could lie behind each association: the confounders worth naming.
OTHER_EXPLANATIONS = {
    "potassium": (
        "Days low in potassium are often days with less fruit and vegetables, rushed meals "
        "or less to drink, and any of those, or a busy day itself, could be what matters."
    ),
    "magnesium": (
        "Magnesium comes with the same foods as potassium (beans, nuts, whole grains, greens), "
        "so a link with one often shows up with the other."
    ),
    "calcium": (
        "Calcium mostly comes from dairy and fortified foods: low days may simply be days of a "
        "different menu."
    ),
    "sodium": (
        "Salt tracks how much and what kind of food you ate, so low-sodium days are often "
        "lighter or home-cooked days."
    ),
    "fluid": (
        "Days with little to drink are often busy, hot or active days, and sweat, effort or "
        "short sleep could matter as much as the water."
    ),
    "exercise": (
        "Unusual effort, sweat loss and tiredness all come with exercise; a new or harder "
        "activity matters more than the minutes."
    ),
    "alcohol": (
        "Evenings with a drink are often later nights with different meals; alcohol also "
        "makes you pass more water."
    ),
    "caffeine": (
        "More coffee or tea often goes with shorter nights and busier days, which could matter "
        "more than the caffeine."
    ),
}

SAME_DAY_CAVEAT = (
    "Same-day comparisons are exploratory. Habits last for days: when low days come in runs, "
    "a link with the day before shows up on the same day too, so a same-day pattern is often "
    "the day before seen again. A cramp can also change what you eat, drink or do afterwards."
)


def primary_family_text() -> str:
    """The declared family in words, from reports.stats.PRIMARY_FAMILY itself."""
    names = [FACTOR_LABELS[factor].lower() for factor, _ in PRIMARY_FAMILY]
    windows = {window for _, window in PRIMARY_FAMILY}
    listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    if windows == {PREVIOUS_DAY}:
        return f"{listed}, each on the day before"
    return listed


EXPLORATORY_NOTE = (
    "These comparisons were not declared in advance, so none of them is tested and none can "
    "stand out: with this many, some would look striking by chance alone. They are here for "
    "you to look at, with their numbers and intervals, and perhaps to choose what to try next."
)

LESS_COMMON_NOTE = (
    "Less common is what your records show, not a promise of protection: it does not show "
    "that {subject} keep cramps away. Days like these may differ in other ways (what you did, "
    "how you slept, where you were), and a pattern in this direction is as likely to be "
    "chance as one in the other."
)


def _threshold(factor: str, threshold: float | None, system: str) -> str:
    """A threshold in the person's units: "2,600 mg", "2,200 ml" or "74 fl oz"."""
    unit = "ml" if factor == "fluid" else "mg"
    return units.amount(threshold, unit, system) if threshold is not None else ""


def exposure_phrase(
    factor: str, direction: str, threshold: float | None, source: str, system: str = units.METRIC
) -> str:
    """How "exposed" was decided, in words: "below your target of 2,600 mg"."""
    amount = _threshold(factor, threshold, system)
    if factor == "alcohol":
        return "any alcoholic drink"
    if factor == "exercise":
        if not threshold:
            return "any exercise"
        return f"more than your usual {threshold:,.0f} minutes of exercise"
    if factor == "caffeine":
        count = threshold or 0
        return f"more than your usual {count:,.0f} caffeinated drink{'s' if count != 1 else ''}"
    noun = NUTRIENT_LABELS[factor].lower()
    if source == "target":
        return f"{noun} below your daily target of {amount}"
    return f"{noun} below your usual (median) {amount}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def interval(low: float | None, high: float | None, as_percent: bool = True) -> str:
    if low is None or high is None:
        return "–"
    if as_percent:
        return f"{100 * low:.0f}–{100 * high:.0f}%"
    return f"{low:.2f}–{high:.2f}"


# The Learn page (education/links.py key) that explains each factor.
LEARN_TOPICS = {
    "potassium": "potassium",
    "magnesium": "magnesium",
    "calcium": "calcium",
    "sodium": "sodium",
    "fluid": "fluid",
    "exercise": "exercise",
    "alcohol": "alcohol",
    "caffeine": "caffeine",
}
LEARN_TOPIC_LABELS = {
    "potassium": "Foods rich in potassium",
    "magnesium": "Magnesium and your muscles",
    "calcium": "Calcium and your muscles",
    "sodium": "Sodium and your muscles",
    "fluid": "Drinking through the day",
    "exercise": "Overuse and tired muscles",
    "alcohol": "Alcohol and cramps",
    "caffeine": "Caffeine and cramps",
}

# Past these, a period's cramps are worth a clinician's look (our own plain thresholds, shown
# to the person as such, not a diagnosis): several a week, or any rated 8 or more of 10.
# "Very painful" cramps are a reason to book an appointment (clinical-notes.txt, "Soon"); the
# journal records no red flags (those are acted on at once, see education/red_flags.html),
# so a severity of 8 or more is the one sign of a severe cramp it has. The weekly rate needs
# reports.report.RATE_FROM_DAYS days of records first.
FREQUENT_PER_WEEK = 3.0
SEVERE_FROM = 8


def unknown_nights(unknown: int, nights: int) -> str:
    """ "12 of 30 nights unknown: ...", or "" when every night is known."""
    if not unknown:
        return ""
    noun = "night" if nights == 1 else "nights"
    return (
        f"{unknown} of {nights} {noun} unknown: no cramp logged, no “no cramps” answer, "
        "day not marked complete. They are left out, not counted as cramp-free."
    )


NOT_A_CAUSE = (
    "This is a pattern in your own records, not proof that one causes the other. "
    "Both could follow from something else, and a pattern from a few months of one "
    "person's days can be chance."
)


def rule_subject(
    factor: str, threshold: float | None, source: str, system: str = units.METRIC
) -> str:
    """The days a comparison is about, with its rule: "days low in potassium (under your
    daily target of 2,600 mg)", "days with any exercise"."""
    amount = _threshold(factor, threshold, system)
    if factor in NUTRIENT_LABELS:
        if source == "target":
            rule = f"under your daily target of {amount}"
        else:
            rule = f"under your usual (median) {amount}"
        if factor == "fluid":
            return f"days with little to drink ({rule})"
        return f"days low in {factor} ({rule})"
    if factor == "exercise":
        return "days with any exercise"
    if factor == "alcohol":
        return "days with any alcoholic drink"
    count = threshold or 0
    return (
        f"days with more than your usual {count:,.0f} caffeinated drink{'s' if count != 1 else ''}"
    )


# Short names for the days of each factor, for the overlap sentences.
DAY_NAMES = {
    "potassium": "low-potassium days",
    "magnesium": "low-magnesium days",
    "calcium": "low-calcium days",
    "sodium": "low-sodium days",
    "fluid": "low-fluid days",
    "exercise": "exercise days",
    "alcohol": "days with alcohol",
    "caffeine": "days with more caffeine",
}


def finding_headline(
    factor: str,
    window: str,
    risk_ratio: float | None,
    threshold: float | None = None,
    source: str = "target",
    system: str = units.METRIC,
) -> str:
    """ "Cramps were more common after days low in potassium (under your daily target of
    2,600 mg)": the direction, the window and the rule, in plain words."""
    more = risk_ratio is None or risk_ratio >= 1
    change = "more" if more else "less"
    when = "after" if window == PREVIOUS_DAY else "on"
    return f"Cramps were {change} common {when} {rule_subject(factor, threshold, source, system)}"


def less_common_note(subject: str) -> str:
    """The note under a "less common" finding; ``subject`` from :func:`rule_subject`."""
    return LESS_COMMON_NOTE.format(subject=subject.split(" (")[0])


def overlap_sentence(
    factor: str, other: str, shared: int, days: int, rest: int, rest_days: int
) -> str:
    """ "Most of your low-fluid days were also exercise days: 59 of 72 (82%), against 30 of
    100 (30%) of your other days." """
    share = f"{100 * shared / days:.0f}%" if days else "–"
    rest_share = f"{100 * rest / rest_days:.0f}%" if rest_days else "–"
    return (
        f"Most of your {DAY_NAMES[factor]} were also {DAY_NAMES[other]}: {shared} of {days} "
        f"({share}), against {rest} of {rest_days} ({rest_share}) of your other days. The two "
        f"are largely one story, so here is the comparison within each group of days."
    )


def times(value: float | None) -> str:
    """A risk ratio for people: "2.9 times"."""
    if value is None:
        return "–"
    return f"{value:.1f} times" if value < 10 else f"{value:.0f} times"


def label_of(result: FactorResult) -> str:
    """A comparison's factor for people: "Low potassium", or an own factor's name."""
    if result.factor == OWN:
        return result.name[:1].upper() + result.name[1:]
    return FACTOR_LABELS[result.factor]


def exposure_of(result: FactorResult, system: str = units.METRIC) -> str:
    """How "exposed" was decided, for any comparison (see :func:`exposure_phrase`)."""
    if result.factor == OWN:
        return f"days you marked “{result.name}” (your own factor)"
    return exposure_phrase(
        result.factor, result.direction, result.threshold, result.threshold_source, system
    )
