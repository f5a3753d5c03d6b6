"""A recipe's name and servings, a food added to it, and an item of the usual supplements."""

from typing import Any

from django import forms

from accounts.models import User
from foods import units
from foods.models import Food

from ..models import MAX_ITEM_GRAMS, Recipe, UsualSupplement
from .amounts import AddFoodForm
from .fields import plain_messages


class RecipeForm(forms.ModelForm[Recipe]):
    class Meta:
        model = Recipe
        fields = ["name", "servings"]
        labels = {"name": "Recipe name", "servings": "How many servings it makes"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_messages(self)
        self.fields["name"].error_messages["required"] = "Give the recipe a name."
        self.fields["servings"].widget.attrs["inputmode"] = "numeric"

    def clean_name(self) -> str:
        name = " ".join(str(self.cleaned_data["name"]).split())
        if not name:
            raise forms.ValidationError("Give the recipe a name.")
        return name


class RecipeFoodForm(AddFoodForm):
    """A food and its amount for the whole recipe. No meal and no day: a recipe is logged a
    serving at a time. Its amount is not asked about as a meal's is (a pot of soup for six
    is a lot of one food), only held to the meal item's limit per serving later."""

    def __init__(
        self, data: Any = None, *, user: User, food: Food | None = None, **kw: Any
    ) -> None:
        super().__init__(data, user=user, food=food, **kw)
        for name in ("meal_kind", "day", "request_token"):
            del self.fields[name]
        self.fields["quantity"].label = "Amount in the whole recipe"

    def clean(self) -> dict[str, Any]:
        cleaned = self.cleaned_data
        if self.errors or "quantity" not in cleaned or "unit" not in cleaned:
            return cleaned
        most = MAX_ITEM_GRAMS * 10
        if self.grams() > most:
            limit = units.mass(most, self.units_system)
            self.add_error("quantity", f"One food of a recipe can be at most {limit}.")
        return cleaned


class LogRecipeForm(forms.Form):
    """One tap on a recipe: today's meal of this time of day, or that meal of a past day when
    the tap came from that day's Add food page."""

    day = forms.DateField(widget=forms.HiddenInput, required=False)
    request_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    clean_day = AddFoodForm.clean_day


class UsualSupplementForm(forms.ModelForm[UsualSupplement]):
    range_units = {"potassium_mg": "mg", "magnesium_mg": "mg", "calcium_mg": "mg"}

    class Meta:
        model = UsualSupplement
        fields = ["name", "dose", "magnesium_mg", "potassium_mg", "calcium_mg", "medicine"]
        labels = {
            "name": "Supplement or medicine",
            "magnesium_mg": "Magnesium per dose (mg)",
            "potassium_mg": "Potassium per dose (mg)",
            "calcium_mg": "Calcium per dose (mg)",
            "medicine": "Is it a medicine?",
        }
        help_texts = {
            "magnesium_mg": "The elemental mineral per dose, as the label states it; empty if none."
        }
        widgets = {"medicine": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_messages(self, self.range_units)
        self.fields["name"].error_messages["required"] = "Say what you take, like magnesium."
        for name in self.range_units:
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "step": "any"})

    def clean_name(self) -> str:
        name = " ".join(str(self.cleaned_data["name"]).split())
        if not name:
            raise forms.ValidationError("Say what you take, like magnesium.")
        return name
