"""The kinds of entry the journal edits the same way: model, form, labels. One table, so that
views, URLs and templates do not repeat themselves for each kind."""

from dataclasses import dataclass

from .forms import CrampForm, DrinkForm, ExerciseForm, SupplementForm
from .models import Cramp, Drink, Exercise, Meal, Supplement


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type
    form: type | None  # None: not edited through a plain form (meals are built from foods)
    label: str
    verb: str  # for headings: "Log a cramp"


KINDS = {
    kind.slug: kind
    for kind in [
        Kind("cramp", Cramp, CrampForm, "Cramp", "Log a cramp"),
        Kind("drink", Drink, DrinkForm, "Drink", "Add a drink"),
        Kind("exercise", Exercise, ExerciseForm, "Exercise", "Add exercise"),
        Kind("supplement", Supplement, SupplementForm, "Supplement", "Add a supplement"),
        Kind("meal", Meal, None, "Meal", "Add food"),
    ]
}
EDITABLE = [slug for slug, kind in KINDS.items() if kind.form]
