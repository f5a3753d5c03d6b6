"""What the page says after a change, built from what was saved: "Cramp logged at 03:12.",
"250 ml water added.". The live region on the day page reads it out, and a plain form's
redirect shows it as a message.

One place for these words, so that a person's own units have one place to plug in
(``volume``), and Today, the redirect and the screen reader never word a change differently.
"""

from django.db import models
from django.utils import timezone

from accounts.models import User
from foods import units

from .models import Cramp, Drink, Meal, MealItem

ALREADY_SAVED = "Already saved."


def volume(ml: int, user: User) -> str:
    """A drink's volume as this person reads volumes (the metric millilitres it is kept in)."""
    return units.volume(ml, user.profile.units)


def described(entry: models.Model, user: User) -> str:
    """An entry in a few words, in the person's units: "8 fl oz water", not "237 ml water"."""
    if isinstance(entry, Drink):
        return f"{volume(entry.volume_ml, user)} {entry.get_kind_display().lower()}"
    return str(entry)


def added(row: models.Model) -> str:
    """A new entry, food or repeated meal, as saved."""
    if isinstance(row, Cramp):
        return f"Cramp logged at {timezone.localtime(row.occurred_at):%H:%M}."
    if isinstance(row, Drink):
        return f"{volume(row.volume_ml, row.user)} {row.get_kind_display().lower()} added."
    if isinstance(row, MealItem):
        return f"{row.food_name} added."
    if isinstance(row, Meal):
        return f"{row.get_kind_display()} repeated."
    return f"{str(row._meta.verbose_name).capitalize()} added."
