"""Is one amount a plausible serving? Plain Python: the rule that asks "Save anyway?".

A typo ("99" bananas for "1", 5000 ml for 500) should not quietly become a week of
potassium. One logged amount is implausible when it alone weighs more than
``MAX_PLAUSIBLE_GRAMS`` (a very large meal), a drink holds more than ``MAX_PLAUSIBLE_ML``, or
it carries more than ``TARGET_MULTIPLE`` times the person's daily target of a mineral
(targets from ``foods.reference_intakes``). It is then saved only when the person confirms.
These are our own plain thresholds for catching slips, not health limits.
"""

from collections.abc import Mapping

from foods import units
from foods.nutrients import MINERALS, Nutrients, round_amount
from foods.reference_intakes import Target

MAX_PLAUSIBLE_GRAMS = 2000.0
MAX_PLAUSIBLE_ML = 2000.0
TARGET_MULTIPLE = 3.0


def _worst_mineral(
    nutrients: Nutrients, targets: Mapping[str, Target]
) -> tuple[str, float, float] | None:
    """The mineral furthest past its target multiple: (name, mg, times the target)."""
    worst = None
    for name in MINERALS:
        value = getattr(nutrients, name)
        target = targets.get(name)
        if value is None or target is None or not target.amount:
            continue
        times = value / target.amount
        if times > TARGET_MULTIPLE and (worst is None or times > worst[2]):
            worst = (name, value, times)
    return worst


def _times(times: float) -> str:
    return f"{round_amount(times):,}" if times >= 2 else f"{times:.1f}"


def _past_target(mineral: tuple[str, float, float]) -> str:
    """ "4,182 mg potassium, about 12 times your day's target"."""
    name, mg, times = mineral
    return f"{round_amount(mg):,} mg {name}, about {_times(times)} times your day's target"


def food_question(
    described: str, grams: float, nutrients: Nutrients, targets: Mapping[str, Target], system: str
) -> str | None:
    """The question to ask before saving ``grams`` of a food, or None when it is plausible:
    "99 bananas is 11.8 kg and 41,822 mg potassium, about 12 times your day's target.
    Save anyway?"."""
    mineral = _worst_mineral(nutrients, targets)
    if grams <= MAX_PLAUSIBLE_GRAMS and mineral is None:
        return None
    text = f"{described} is {units.mass(grams, system)}"
    if mineral is not None:
        text += f" and {_past_target(mineral)}"
    elif grams > MAX_PLAUSIBLE_GRAMS:
        text += ", more than a large meal"
    return text + ". Save anyway?"


def drink_question(
    ml: float, nutrients: Nutrients, targets: Mapping[str, Target], system: str
) -> str | None:
    """The question to ask before saving one drink of ``ml``, or None when it is plausible."""
    mineral = _worst_mineral(nutrients, targets)
    if ml <= MAX_PLAUSIBLE_ML and mineral is None:
        return None
    text = f"{units.volume(ml, system)} is a lot for one drink"
    if mineral is not None:
        text += f", with {_past_target(mineral)}"
    return text + ". Save anyway?"
