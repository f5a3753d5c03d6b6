"""Entry forms. Times are entered in the person's own zone (the active time zone)."""

import datetime
import uuid

from django import forms
from django.utils import timezone

from foods.forms import AmountForm
from foods.models import Food

from .models import (
    MAX_DAY_FACTORS,
    MAX_FACTOR_NAME,
    MAX_NOTE,
    Cramp,
    DayFactor,
    Drink,
    Exercise,
    Meal,
    Supplement,
)

EARLIEST_YEAR = 2000
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class WhenField(forms.DateTimeField):
    """A local date and time, not in the future (a few minutes of clock drift allowed).

    Left empty (as quick-entry buttons leave it), it means now.
    """

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "When")
        kwargs.setdefault("required", False)
        kwargs.setdefault("input_formats", [DATETIME_FORMAT, "%Y-%m-%d %H:%M"])
        super().__init__(**kwargs)

    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return timezone.now()
        if moment > timezone.now() + datetime.timedelta(minutes=5):
            raise forms.ValidationError("That time is in the future.")
        if moment.year < EARLIEST_YEAR:
            raise forms.ValidationError(f"Enter a time after {EARLIEST_YEAR}.")
        return moment


class EntryForm(forms.ModelForm):
    """What every entry form has: when, and the request token that stops double submits."""

    occurred_at = WhenField()
    request_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("request_token", uuid.uuid4())
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0))
        elif self.instance.pk:
            self.initial["occurred_at"] = timezone.localtime(self.instance.occurred_at)


class CrampForm(EntryForm):
    duration_minutes = forms.FloatField(
        label="How long (minutes)",
        required=False,
        min_value=0.1,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
        help_text="Half a minute is 0.5.",
    )
    relief = forms.MultipleChoiceField(
        label="What did you try?",
        choices=Cramp.Relief.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Cramp
        fields = ["occurred_at", "muscle", "side", "severity", "situation", "relief",
                  "relief_effect", "note"]  # fmt: skip
        widgets = {
            "muscle": forms.RadioSelect,
            "side": forms.RadioSelect,
            "situation": forms.RadioSelect,
            "relief_effect": forms.RadioSelect,
            "severity": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 10}),
            "note": forms.Textarea(attrs={"rows": 2, "maxlength": MAX_NOTE}),
        }
        labels = {"severity": "How bad (1 to 10)"}

    field_order = ["occurred_at", "muscle", "side", "severity", "duration_minutes", "situation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("muscle", "side", "situation", "relief_effect"):
            # RadioSelect shows the blank choice as "---------"; "not said" is simply none.
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        if self.instance.duration_seconds:
            self.initial["duration_minutes"] = round(self.instance.duration_seconds / 60, 1)

    def clean(self):
        cleaned = super().clean()
        minutes = cleaned.get("duration_minutes")
        self.instance.duration_seconds = round(minutes * 60) if minutes else None
        if cleaned.get("relief_effect") and not cleaned.get("relief"):
            self.add_error("relief_effect", "Tick what you tried, then how well it worked.")
        return cleaned


class MealForm(EntryForm):
    """A meal's time and kind; its foods are added and removed one by one."""

    class Meta:
        model = Meal
        fields = ["occurred_at", "kind", "note"]
        widgets = {
            "kind": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 2, "maxlength": MAX_NOTE}),
        }


class DrinkForm(EntryForm):
    class Meta:
        model = Drink
        fields = ["occurred_at", "kind", "volume_ml"]
        widgets = {
            "kind": forms.RadioSelect,
            "volume_ml": forms.NumberInput(attrs={"inputmode": "numeric", "step": 50}),
        }


class ExerciseForm(EntryForm):
    class Meta:
        model = Exercise
        fields = ["occurred_at", "activity", "duration_minutes", "intensity", "sweat"]
        widgets = {
            "intensity": forms.RadioSelect,
            "sweat": forms.RadioSelect,
            "duration_minutes": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "activity": forms.TextInput(attrs={"placeholder": "walking, cycling, swimming…"}),
        }
        labels = {"duration_minutes": "How long (minutes)"}


class SupplementForm(EntryForm):
    class Meta:
        model = Supplement
        fields = ["occurred_at", "name", "mineral", "mineral_mg"]
        widgets = {"mineral": forms.RadioSelect}
        labels = {"name": "Supplement or medication", "mineral": "Does it supply a mineral?"}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mineral") and cleaned.get("mineral_mg") is None:
            self.add_error("mineral_mg", "Enter how many mg of the mineral one dose gives.")
        if not cleaned.get("mineral") and cleaned.get("mineral_mg") is not None:
            # Refused rather than dropped: an amount with no mineral would silently vanish.
            self.add_error("mineral", "Choose the mineral these mg are of, or leave the mg empty.")
        return cleaned


# When a meal added afterwards to a past day is taken to have happened, local time.
USUAL_MEAL_TIMES = {
    Meal.Kind.BREAKFAST: (8, 0),
    Meal.Kind.LUNCH: (12, 30),
    Meal.Kind.DINNER: (19, 0),
    Meal.Kind.SNACK: (15, 30),
}


def default_meal_kind(moment) -> str:
    """The meal people most likely mean at this local time of day."""
    hour = timezone.localtime(moment).hour
    if 5 <= hour < 11:
        return Meal.Kind.BREAKFAST
    if 11 <= hour < 15:
        return Meal.Kind.LUNCH
    if 17 <= hour < 22:
        return Meal.Kind.DINNER
    return Meal.Kind.SNACK


class AddFoodForm(AmountForm):
    """A food from the catalog (or the person's own), an amount, and the meal it belongs to.

    The food comes first: its portions are the units the amount may be in, so the form finds
    the food (among those the person may see) before the fields are checked.
    """

    food = forms.IntegerField(widget=forms.HiddenInput)
    meal_kind = forms.ChoiceField(label="Meal", choices=Meal.Kind.choices)
    # Empty: today. A past day's page adds to that day's meals.
    day = forms.DateField(widget=forms.HiddenInput, required=False)
    request_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *, user, food=None, **kwargs):
        if data is not None:
            food = self._find_food(user, data.get("food"))
        self.food_obj = food
        portions = list(food.portions.all()) if food else []
        metric = user.profile.units == "metric"
        super().__init__(data, portions=portions, metric=metric, **kwargs)
        self.fields["meal_kind"].widget = forms.RadioSelect(choices=Meal.Kind.choices)
        if not self.is_bound:
            self.initial.setdefault("quantity", 1)
            self.initial.setdefault("meal_kind", default_meal_kind(timezone.now()))
            self.initial.setdefault("request_token", uuid.uuid4())
            if food:
                self.initial.setdefault("food", food.pk)

    @staticmethod
    def _find_food(user, pk):
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            return None
        visible = Food.objects.visible_to(user).prefetch_related("portions")
        return visible.filter(pk=pk).first()

    def clean_day(self):
        day = self.cleaned_data.get("day")
        if day and day > timezone.localdate():
            raise forms.ValidationError("That day has not come yet.")
        if day and day.year < EARLIEST_YEAR:
            raise forms.ValidationError(f"Enter a day after {EARLIEST_YEAR}.")
        return day

    def clean_food(self):
        if self.food_obj is None:
            raise forms.ValidationError("Pick a food from the search first.")
        return self.food_obj

    def amount_label(self) -> str:
        quantity = self.cleaned_data["quantity"]
        unit = self.cleaned_data["unit"]
        number = f"{quantity:g}"
        portion = self.portions.get(unit)
        if portion is not None:
            return portion.label if quantity == 1 else f"{number} × {portion.label}"
        return f"{number} {unit}"


class HistoryForm(forms.Form):
    """The history's query string: up to which day, and which kind of entry."""

    until = forms.DateField(
        label="Jump to",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    kind = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "Everything"),
            ("cramp", "Cramps"),
            ("meal", "Meals"),
            ("drink", "Drinks"),
            ("exercise", "Exercise"),
            ("supplement", "Supplements"),
        ],
    )

    def clean_until(self):
        until = self.cleaned_data.get("until")
        if until is not None and until.year < EARLIEST_YEAR:
            raise forms.ValidationError(f"The journal starts in {EARLIEST_YEAR}.")
        return until


def clean_factor_name(value: str) -> str:
    """A factor's name with its spaces tidied; refused if empty or with control characters."""
    name = " ".join(value.split())
    if not name:
        raise forms.ValidationError("Give the factor a name.")
    if any(ord(character) < 32 or ord(character) == 127 for character in value):
        raise forms.ValidationError("Use letters, numbers and punctuation only.")
    return name


class DayFactorForm(forms.Form):
    """A name for one of the person's own yes/no day factors."""

    name = forms.CharField(
        label="A new factor",
        max_length=MAX_FACTOR_NAME,
        help_text='Something that is there on some days and not others: "slept badly", '
        '"stood all day", "a hot day", "new medicine".',
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_name(self):
        name = clean_factor_name(self.cleaned_data["name"])
        existing = DayFactor.objects.filter(user=self.user)
        if existing.filter(name__iexact=name).exists():
            raise forms.ValidationError("You already have a factor with that name.")
        if existing.count() >= MAX_DAY_FACTORS:
            raise forms.ValidationError(
                f"You can have up to {MAX_DAY_FACTORS} factors; delete one to add another."
            )
        return name


class NightAnswerForm(forms.Form):
    """Today's one-tap answer to "Any cramps last night?": "no cramps", or taking it back.
    ("Yes" is a link to the cramp form, not an answer stored here.)"""

    NO_CRAMPS, UNDO = "no", "undo"
    answer = forms.ChoiceField(
        choices=[(NO_CRAMPS, "No cramps"), (UNDO, "Undo")],
        error_messages={
            "required": "Choose “No cramps” or “Undo”.",
            "invalid_choice": "Choose “No cramps” or “Undo”.",
        },
    )
