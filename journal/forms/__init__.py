"""The journal's forms: they validate what a person sends, in plain words, and nothing more.

The journal's rules live below them (``journal.days``, ``journal.meal_times``) and in
``journal.services``, which the views call with the cleaned values; a service's question about
an implausible amount (``journal.errors.NeedsConfirmation``) comes back to the form, which
shows it (``ConfirmAmountMixin.ask``). By concept: shared ``fields``, the ``entries``, food
``amounts``, and ``days``.
"""

# Rules the forms check against, also read here by older callers (portability's importer,
# experiments' import, tests); their home is journal.days and journal.meal_times.
from ..days import EARLIEST_YEAR
from ..meal_times import default_meal_kind
from .amounts import AddFoodForm, ChangeAmountForm, FoodAmountForm
from .days import DayFactorForm, HistoryForm, NightAnswerForm, clean_factor_name
from .entries import CrampForm, DrinkForm, EntryForm, ExerciseForm, MealForm, SupplementForm
from .fields import ConfirmAmountMixin, WhenField, plain_messages
from .recipes import LogRecipeForm, RecipeFoodForm, RecipeForm, UsualSupplementForm

__all__ = [
    "EARLIEST_YEAR",
    "AddFoodForm",
    "ChangeAmountForm",
    "ConfirmAmountMixin",
    "CrampForm",
    "DayFactorForm",
    "DrinkForm",
    "EntryForm",
    "ExerciseForm",
    "FoodAmountForm",
    "HistoryForm",
    "LogRecipeForm",
    "MealForm",
    "NightAnswerForm",
    "RecipeFoodForm",
    "RecipeForm",
    "SupplementForm",
    "UsualSupplementForm",
    "WhenField",
    "clean_factor_name",
    "default_meal_kind",
    "plain_messages",
]
