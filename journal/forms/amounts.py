"""An amount of a food: added to a meal (``AddFoodForm``) or changed on a logged item
(``ChangeAmountForm``), in the person's units, asked about when implausible."""

import datetime
import uuid
from typing import Any

from django import forms
from django.utils import timezone

from accounts.models import User
from foods import units
from foods.forms import AmountForm
from foods.models import Food

from ..meal_times import default_meal_kind
from ..models import MAX_ITEM_GRAMS, Meal, MealItem
from .fields import ConfirmAmountMixin, journal_day, plain_messages


class FoodAmountForm(ConfirmAmountMixin, AmountForm):
    """An amount of one food in the person's units, asked about when implausible."""

    def __init__(self, data: Any = None, *, user: User, food: Food | None, **kwargs: Any) -> None:
        self.user = user
        self.units_system = user.profile.units
        portions = list(food.portions.all()) if food else []
        metric = not units.is_us(self.units_system)
        super().__init__(data, portions=portions, metric=metric, **kwargs)
        plain_messages(self)

    def check_size(self) -> None:
        """One food at most ``MAX_ITEM_GRAMS`` at a time (the meal item's own limit and the
        export format's); whether a smaller amount is plausible is the service's question."""
        if self.errors or "quantity" not in self.cleaned_data or "unit" not in self.cleaned_data:
            return
        if self.grams() > MAX_ITEM_GRAMS:
            most = units.mass(MAX_ITEM_GRAMS, self.units_system)
            self.add_error(
                "quantity", f"One food can be at most {most} at a time; add the rest as another."
            )

    def amount_label(self) -> str:
        quantity = self.cleaned_data["quantity"]
        unit = self.cleaned_data["unit"]
        number = f"{quantity:g}"
        portion = self.portions.get(unit)
        if portion is not None:
            return portion.label if quantity == 1 else f"{number} × {portion.label}"
        return f"{number} {unit}"


class AddFoodForm(FoodAmountForm):
    """A food from the catalog (or the person's own), an amount, and the meal it belongs to.

    The food comes first: its portions are the units the amount may be in, so the form finds
    the food (among those the person may see) before the fields are checked.
    """

    food = forms.IntegerField(widget=forms.HiddenInput)
    meal_kind = forms.ChoiceField(label="Meal", choices=Meal.Kind.choices)
    # Empty: today. A past day's page adds to that day's meals.
    day = forms.DateField(widget=forms.HiddenInput, required=False)
    request_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, data: Any = None, *, user: User, food: Food | None = None, **kwargs: Any
    ) -> None:
        if data is not None:
            food = self.find_food(user, data.get("food"))
        self.food_obj = food
        super().__init__(data, user=user, food=food, **kwargs)
        self.fields["meal_kind"].widget = forms.RadioSelect(choices=Meal.Kind.choices)
        if not self.is_bound:
            self.initial.setdefault("quantity", 1)
            self.initial.setdefault("meal_kind", default_meal_kind(timezone.now()))
            self.initial.setdefault("request_token", uuid.uuid4())
            if food:
                self.initial.setdefault("food", food.pk)

    @staticmethod
    def find_food(user: User, pk: Any) -> Food | None:
        """The food of that id among those the person may see, or None."""
        try:
            food_id = int(pk)
        except (TypeError, ValueError):
            return None
        visible = Food.objects.visible_to(user).prefetch_related("portions")
        return visible.filter(pk=food_id).first()

    def clean_day(self) -> datetime.date | None:
        return journal_day(self.cleaned_data.get("day"))

    def clean_food(self) -> Food:
        if self.food_obj is None:
            raise forms.ValidationError("Pick a food from the search first.")
        return self.food_obj

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.food_obj is not None:
            self.check_size()
        return cleaned


def _tidy(value: float) -> float | int:
    """One decimal at most, and none for a whole number: 118, not 118.0."""
    rounded = round(value, 1)
    return int(rounded) if rounded.is_integer() else rounded


class ChangeAmountForm(FoodAmountForm):
    """A new amount for a logged meal item, in its food's portions, grams or ounces.

    The item keeps the nutrients it had when logged: they are rescaled from its own stored
    values (see ``MealItem.rescale``), not read again from the catalog.
    """

    def __init__(self, data: Any = None, *, item: MealItem, user: User, **kwargs: Any) -> None:
        self.item = item
        super().__init__(data, user=user, food=item.food, **kwargs)
        self.fields["quantity"].label = "New amount"
        if not self.is_bound:
            self.initial.update(self._current_amount())

    def _current_amount(self) -> dict[str, Any]:
        """The item's amount as the form's fields: its portion when its label names one,
        else its weight in the person's units."""
        label = self.item.amount_label
        for key, portion in self.portions.items():
            if label == portion.label:
                return {"quantity": 1, "unit": key}
            count, _, rest = label.partition(" × ")
            if rest == portion.label:
                try:
                    return {"quantity": float(count), "unit": key}
                except ValueError:
                    break
        if units.is_us(self.units_system):
            return {"quantity": _tidy(units.oz_from_grams(self.item.grams)), "unit": "oz"}
        return {"quantity": _tidy(self.item.grams), "unit": "g"}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        self.check_size()
        return cleaned
