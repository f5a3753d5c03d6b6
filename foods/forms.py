from collections.abc import Iterable
from typing import Any

from django import forms

from .models import NUTRIENT_FIELDS, Food, Person, Portion
from .nutrients import grams_of


class FoodSearchForm(forms.Form):
    q = forms.CharField(
        label="Search foods",
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "banana, lentils, milk…",
                "autocomplete": "off",
                "enterkeyhint": "search",
            }
        ),
    )


class PersonalFoodForm(forms.ModelForm[Food]):
    """A private food from a label: values as printed, per serving or per 100 g."""

    basis_grams = forms.FloatField(
        label="The values below are for",
        min_value=0.1,
        max_value=5000,
        initial=100,
        help_text="Grams (or ml) the label's values are for: 100, or one serving such as 355.",
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    portion_label = forms.CharField(
        label="Usual portion",
        max_length=120,
        required=False,
        help_text="Optional, e.g. “1 bottle”, offered first when you log this food.",
    )
    portion_grams = forms.FloatField(
        label="Grams (or ml) in that portion",
        min_value=0.1,
        max_value=5000,
        required=False,
        help_text="Empty: the amount the values are for.",
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )

    class Meta:
        model = Food
        fields = ["name", "food_group", *NUTRIENT_FIELDS]
        labels = {
            "food_group": "Kind of food",
            "potassium_mg": "Potassium (mg)",
            "magnesium_mg": "Magnesium (mg)",
            "calcium_mg": "Calcium (mg)",
            "sodium_mg": "Sodium (mg)",
            "energy_kcal": "Energy (kcal)",
            "water_g": "Water (g)",
        }
        help_texts = dict.fromkeys(NUTRIENT_FIELDS, "Leave empty if the label does not say.")
        widgets = {
            name: forms.NumberInput(attrs={"inputmode": "decimal", "step": "any", "min": 0})
            for name in NUTRIENT_FIELDS
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["food_group"].help_text = "Optional, e.g. “Sports drinks” or “Home recipes”."
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        if self.instance.pk:
            portion = self.instance.default_portion
            self.fields["basis_grams"].initial = 100
            if portion:
                self.fields["portion_label"].initial = portion.label
                self.fields["portion_grams"].initial = portion.grams

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        basis = cleaned.get("basis_grams")
        if not basis:
            return cleaned
        if all(cleaned.get(name) is None for name in NUTRIENT_FIELDS[:4]):
            raise forms.ValidationError(
                "Enter at least one of potassium, magnesium, calcium or sodium: without them "
                "the food adds nothing to your mineral totals."
            )
        factor = 100.0 / basis
        for name in NUTRIENT_FIELDS:
            value = cleaned.get(name)
            if value is not None:
                if value < 0:
                    self.add_error(name, "Enter zero or more.")
                    continue
                cleaned[name] = value * factor
        return cleaned

    def save_for(self, owner: Person) -> Food:
        food = self.save(commit=False)
        food.owner = owner
        food.source = Food.Source.PERSONAL
        food.save()
        label = self.cleaned_data.get("portion_label")
        grams = self.cleaned_data.get("portion_grams") or self.cleaned_data["basis_grams"]
        food.portions.all().delete()
        if label:
            Portion.objects.create(food=food, label=label, grams=grams, is_default=True)
        return food


class AmountForm(forms.Form):
    """An amount of one food: a number and a unit (grams, ounces or one of its portions)."""

    quantity = forms.FloatField(
        label="Amount",
        min_value=0.01,
        max_value=10_000,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    unit = forms.ChoiceField(label="Unit")

    def __init__(
        self,
        *args: Any,
        portions: Iterable[Portion] = (),
        metric: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.portions = {f"portion-{portion.pk}": portion for portion in portions}
        weights = [("g", "grams"), ("oz", "ounces")]
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ChoiceField)  # declared above
        unit_field.choices = [
            *[(key, str(portion)) for key, portion in self.portions.items()],
            *(weights if metric else weights[::-1]),
        ]

    def grams(self) -> float:
        """The amount in grams; call after is_valid()."""
        unit = self.cleaned_data["unit"]
        portion = self.portions.get(unit)
        if portion is not None:
            return grams_of(self.cleaned_data["quantity"], "portion", portion.grams)
        return grams_of(self.cleaned_data["quantity"], unit)
