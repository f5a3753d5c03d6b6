"""Amounts in the person's units in templates: ``{{ ml|volume:units }}``, ``{% amount %}``.

``units`` is the person's ``Profile.units`` ("metric" or "us"); the arithmetic is
``foods.units``. Pages pass it, or read ``request.user.profile.units``.
"""

from django import template

from foods import units as conversions

register = template.Library()


@register.filter
def volume(ml: float | None, system: str) -> str:
    """250 → "250 ml", or "8.5 fl oz" in US customary; empty when unknown."""
    return "" if ml is None else conversions.volume(ml, system)


@register.filter
def volume_number(ml: float | None, system: str) -> str:
    return "" if ml is None else conversions.volume_number(ml, system)


@register.filter
def mass(grams: float | None, system: str) -> str:
    return "" if grams is None else conversions.mass(grams, system)


@register.simple_tag
def amount(value: float | None, unit: str, system: str) -> str:
    """An amount stored in ``unit`` ("mg", "ml", "g") as the person reads it; "–" if unknown.

    Its spaces are non-breaking: in a narrow table column "20 fl oz" stays on one line."""
    return conversions.amount(value, unit, system).replace(" ", "\u00a0")


@register.simple_tag
def amount_number(value: float | None, unit: str, system: str) -> float | str:
    """Just the number, rounded, for a value in a progress bar or a chart's title."""
    if value is None:
        return ""
    return round(conversions.amount_number(value, unit, system), 1)


@register.filter
def display_unit(unit: str, system: str) -> str:
    return conversions.display_unit(unit, system)
