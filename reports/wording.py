"""The words of the report: factor names, windows, and what each finding can and cannot mean.

Kept apart from the arithmetic so that the page, the printable summary and the JSON say the
same thing. Wording rules (GUIDE.md sections 5 and 6): "below the Adequate Intake", never
"deficient"; an association in one person's records, never a cause.
"""

from .stats import PREVIOUS_DAY, SAME_DAY

NUTRIENT_LABELS = {
    "potassium": "Potassium",
    "magnesium": "Magnesium",
    "calcium": "Calcium",
    "sodium": "Sodium",
    "fluid": "Fluid",
}

FACTOR_LABELS = {
    "potassium": "Low potassium",
    "magnesium": "Low magnesium",
    "calcium": "Low calcium",
    "sodium": "Low sodium",
    "fluid": "Little fluid",
    "exercise": "More exercise",
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
    "On the same day the order is unclear: a cramp can change what you eat, drink or do afterwards."
)


def exposure_phrase(factor: str, direction: str, threshold: float | None, source: str) -> str:
    """How "exposed" was decided, in words: "below your target of 2,600 mg"."""
    unit = "ml" if factor == "fluid" else "mg"
    amount = f"{threshold:,.0f} {unit}" if threshold is not None else ""
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
FREQUENT_PER_WEEK = 3.0
SEVERE_FROM = 8

NOT_A_CAUSE = (
    "This is a pattern in your own records, not proof that one causes the other. "
    "Both could follow from something else, and a pattern from a few months of one "
    "person's days can be chance."
)


def finding_headline(factor: str, window: str, risk_ratio: float | None) -> str:
    """ "Cramps were more common after days low in potassium", in plain words."""
    more = risk_ratio is None or risk_ratio >= 1
    change = "more" if more else "less"
    subject = {
        "potassium": "days low in potassium",
        "magnesium": "days low in magnesium",
        "calcium": "days low in calcium",
        "sodium": "days low in sodium",
        "fluid": "days with little to drink",
        "exercise": "days with more exercise than usual",
        "alcohol": "days with alcohol",
        "caffeine": "days with more caffeinated drinks than usual",
    }[factor]
    when = "after" if window == PREVIOUS_DAY else "on"
    return f"Cramps were {change} common {when} {subject}"


def times(value: float | None) -> str:
    """A risk ratio for people: "2.9 times"."""
    if value is None:
        return "–"
    return f"{value:.1f} times" if value < 10 else f"{value:.0f} times"
