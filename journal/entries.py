"""The kinds of entry the journal edits the same way: model, form, labels. One table, so that
views, URLs and templates do not repeat themselves for each kind."""

from dataclasses import dataclass

from .forms import CrampForm, DrinkForm, ExerciseForm, MealForm, SupplementForm
from .models import Cramp, Drink, Exercise, Meal, Supplement


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type
    form: type
    label: str
    verb: str  # for headings: "Log a cramp"
    # Meals are made by adding foods (add_food), not through a blank form.
    creatable: bool = True


KINDS = {
    kind.slug: kind
    for kind in [
        Kind("cramp", Cramp, CrampForm, "Cramp", "Log a cramp"),
        Kind("drink", Drink, DrinkForm, "Drink", "Add a drink"),
        Kind("exercise", Exercise, ExerciseForm, "Exercise", "Add exercise"),
        Kind("supplement", Supplement, SupplementForm, "Supplement", "Add a supplement"),
        Kind("meal", Meal, MealForm, "Meal", "Add food", creatable=False),
    ]
}
