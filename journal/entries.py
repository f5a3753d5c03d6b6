"""The kinds of entry the journal edits the same way: model, form, labels. One table, so that
views, URLs and templates do not repeat themselves for each kind."""

from dataclasses import dataclass
from datetime import time
from typing import Any

from .forms import CrampForm, DrinkForm, EntryForm, ExerciseForm, MealForm, SupplementForm
from .models import Cramp, Drink, Entry, Exercise, Meal, Supplement


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type[Entry]
    form: type[EntryForm[Any]]
    label: str
    verb: str  # for headings: "Log a cramp"
    # Meals are made by adding foods (add_food), not through a blank form.
    creatable: bool = True
    # The local time an entry added afterwards to a past day is first set to (the person can
    # change it): a time of day when people usually drink, exercise or take a tablet.
    catch_up_at: time = time(12, 0)


# A cramp added afterwards to a past day is a cramp of the night that ended that morning:
# 03:00 on the day is on the day's page (entries are listed by local_date) and in the night
# of the evening before (night_of, journal/days.py), which is the night the reports count on
# that same day (a night cramp counts on the day its night ends, reports/series.py).
# 23:00 would be the night that ends on the next day, and counted there.
CATCH_UP_CRAMP_AT = time(3, 0)


KINDS = {
    kind.slug: kind
    for kind in [
        Kind("cramp", Cramp, CrampForm, "Cramp", "Log a cramp", catch_up_at=CATCH_UP_CRAMP_AT),
        Kind("drink", Drink, DrinkForm, "Drink", "Add a drink"),
        Kind(
            "exercise", Exercise, ExerciseForm, "Exercise", "Add exercise", catch_up_at=time(18, 0)
        ),
        Kind("supplement", Supplement, SupplementForm, "Supplement", "Add a supplement"),
        Kind("meal", Meal, MealForm, "Meal", "Add food", creatable=False),
    ]
}
