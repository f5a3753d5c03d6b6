"""Amounts in the person's own units: metric (g, ml) or US customary (oz, fl oz).

Plain Python, no Django. Everything is stored in metric (grams, millilitres, milligrams);
this module only converts what a person reads or types, so that the journal, the reports and
the summary show an amount the same way. Milligrams of a mineral stay milligrams in both
systems: food labels in the US give minerals in mg too.

Constants are exact by definition (the international avoirdupois ounce and the US fluid
ounce, 1/128 of a US gallon of 231 cubic inches):

- 1 oz = 28.349523125 g
- 1 US fl oz = 29.5735295625 ml
"""

from .nutrients import GRAMS_PER_OUNCE, round_amount

METRIC = "metric"
US = "us"
ML_PER_FL_OZ = 29.5735295625


def is_us(system: str) -> bool:
    return system == US


def fl_oz_from_ml(ml: float) -> float:
    return ml / ML_PER_FL_OZ


def ml_from_fl_oz(fl_oz: float) -> float:
    return fl_oz * ML_PER_FL_OZ


def oz_from_grams(grams: float) -> float:
    return grams / GRAMS_PER_OUNCE


def grams_from_oz(oz: float) -> float:
    return oz * GRAMS_PER_OUNCE


def _number(value: float, decimals: int = 0) -> str:
    """1,234 or 5.3: thousands separated, at most ``decimals`` places, no trailing zeros."""
    if decimals == 0:
        return f"{round_amount(value):,}"
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def volume_number(ml: float, system: str) -> str:
    """A volume's number in the person's units, without the unit: "250" or "8.5"."""
    if is_us(system):
        fl_oz = fl_oz_from_ml(ml)
        return _number(fl_oz, 1 if fl_oz < 10 else 0)
    return _number(ml)


def volume_unit(system: str) -> str:
    return "fl oz" if is_us(system) else "ml"


def volume(ml: float, system: str) -> str:
    """A volume as the person reads it: "250 ml" or "8.5 fl oz"."""
    return f"{volume_number(ml, system)} {volume_unit(system)}"


def mass(grams: float, system: str) -> str:
    """A weight of food as the person reads it: "150 g", "11.8 kg", "5.3 oz", "26 lb"."""
    if is_us(system):
        oz = oz_from_grams(grams)
        if oz >= 32:
            return f"{_number(oz / 16, 1)} lb"
        return f"{_number(oz, 1)} oz"
    if grams >= 1000:
        return f"{_number(grams / 1000, 1)} kg"
    return f"{_number(grams, 1 if grams < 10 else 0)} g"


def amount(value: float | None, unit: str, system: str) -> str:
    """Any amount the app shows, by its stored unit ("mg", "ml" or "g"); "–" when unknown."""
    if value is None:
        return "–"
    if unit == "ml":
        return volume(value, system)
    if unit == "g":
        return mass(value, system)
    return f"{_number(value)} {unit}"


def amount_number(value: float, unit: str, system: str) -> float:
    """The number of an amount in the person's units, for charts and bars: ml as fl oz, g as
    oz in US customary; mg as it is."""
    if is_us(system) and unit == "ml":
        return fl_oz_from_ml(value)
    if is_us(system) and unit == "g":
        return oz_from_grams(value)
    return value


def display_unit(unit: str, system: str) -> str:
    """The unit an amount stored in ``unit`` is shown in."""
    if is_us(system):
        return {"ml": "fl oz", "g": "oz"}.get(unit, unit)
    return unit


# The quick water buttons: a glass and a bottle, in round numbers of each system's units.
QUICK_WATER = {METRIC: (250.0, 500.0), US: (8 * ML_PER_FL_OZ, 16 * ML_PER_FL_OZ)}


def quick_water_ml(system: str) -> list[int]:
    """The quick water buttons' volumes in whole ml (8 fl oz is stored as 237 ml)."""
    return [round_amount(ml) for ml in QUICK_WATER[US if is_us(system) else METRIC]]
