"""Entry forms. Times are entered in the person's own zone (the active time zone)."""

import datetime
import uuid

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from foods import units
from foods.forms import AmountForm
from foods.models import Food
from foods.nutrients import Nutrients

from . import days
from .models import (
    MAX_DAY_FACTORS,
    MAX_FACTOR_NAME,
    MAX_NOTE,
    Cramp,
    DayFactor,
    Drink,
    Exercise,
    Meal,
    MealItem,
    Supplement,
)
from .plausible import drink_question, food_question

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
        # The typed time and the instant it was read as (journal.days.moment_from_wall_clock).
        self.wall_clock: days.WallClockTime | None = None

    def to_python(self, value):
        """As Django's, but a time in the hour a clock change repeats or skips is read by the
        journal's rule (the first occurrence; moved forward by the gap) instead of refused."""
        self.wall_clock = None
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            typed = value
        else:
            try:
                typed = parse_datetime(str(value).strip())
            except ValueError:
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid"
                ) from None
            typed = typed or BaseTemporalField.to_python(self, str(value))
        if timezone.is_aware(typed):
            return typed
        if typed.year < EARLIEST_YEAR:
            raise forms.ValidationError(f"Enter a time after {EARLIEST_YEAR}.")
        if typed.year > timezone.now().year + 1:
            raise forms.ValidationError("That time is in the future.")
        self.wall_clock = days.moment_from_wall_clock(typed, timezone.get_current_timezone())
        return self.wall_clock.moment

    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return timezone.now()
        if moment > timezone.now() + datetime.timedelta(minutes=5):
            raise forms.ValidationError("That time is in the future.")
        if moment.year < EARLIEST_YEAR:
            raise forms.ValidationError(f"Enter a time after {EARLIEST_YEAR}.")
        return moment


# --- Messages in plain words ---------------------------------------------------------------

NUMBER_EXAMPLE = "Enter a number, like 1.5."
WHOLE_NUMBER_EXAMPLE = "Enter a whole number, like 30."
WHEN_EXAMPLE = "Enter a date and a time, like 2026-03-14 07:30."


def _number(value) -> str:
    return f"{value:,g}"


def _limits(form, name, field):
    """A number field's lowest and highest values: the form field's own, or the model's."""
    low, high = getattr(field, "min_value", None), getattr(field, "max_value", None)
    model = getattr(getattr(form, "_meta", None), "model", None)
    if name in form.declared_fields:  # the form's own field, perhaps in other units
        model = None
    try:
        validators = model._meta.get_field(name).validators if model else []
    except FieldDoesNotExist:
        validators = []
    for validator in validators:
        if isinstance(validator, MinValueValidator):
            low = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            high = validator.limit_value
    return low, high


def plain_messages(form, range_units: dict[str, str] | None = None) -> None:
    """Replaces Django's default messages ("This field is required.", "Ensure this value is
    less than or equal to 5000.") with plain ones that say what to enter.

    A browser's number box sends nothing at all for "abc", so for a number "required" says
    what a number looks like too. ``range_units`` names the unit a field's range is in.
    """
    range_units = range_units or {}
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.HiddenInput):
            continue
        messages = field.error_messages
        if isinstance(field, forms.IntegerField | forms.FloatField):
            # A FloatField is an IntegerField to Django: ask which it is the other way round.
            example = (
                NUMBER_EXAMPLE if isinstance(field, forms.FloatField) else WHOLE_NUMBER_EXAMPLE
            )
            messages["required"] = messages["invalid"] = example
            low, high = _limits(form, name, field)
            unit = f" {range_units[name]}" if name in range_units else ""
            if low is not None and high is not None:
                span = f"Enter a number from {_number(low)} to {_number(high)}{unit}."
                messages["min_value"] = messages["max_value"] = span
            elif low is not None:
                messages["min_value"] = f"Enter {_number(low)}{unit} or more."
            elif high is not None:
                messages["max_value"] = f"Enter {_number(high)}{unit} or less."
        elif isinstance(field, forms.DateTimeField):
            messages["invalid"] = WHEN_EXAMPLE
        elif isinstance(field, forms.ChoiceField):
            messages["required"] = "Choose one of these."
            messages["invalid_choice"] = "Choose one of the choices shown."
        elif isinstance(field, forms.CharField):
            messages["required"] = "Fill this in."
            if field.max_length:
                messages["max_length"] = f"Use at most {field.max_length:,} characters."


def _without_blank_choice(field) -> None:
    """No "---------" radio button: a required choice starts with none of them ticked."""
    field.choices = [choice for choice in field.choices if choice[0]]


# --- Amounts that ask "Save anyway?" ---------------------------------------------------------


CHECK_AMOUNT = "Is this amount right? Save it anyway, or change it."


class ConfirmAmountMixin:
    """A form whose amount, when implausible (``journal.plausible``), is saved only once the
    person confirms. The confirm step's "Save anyway" button sends ``confirmed`` with the
    amount it confirms (grams or ml), so that a changed amount is asked about again; the
    form's request token stays the same, so the confirmed retry is still one entry."""

    confirm_question: str | None = None

    def confirmed_amount(self) -> float | None:
        try:
            return float(self.data.get("confirmed", ""))
        except (TypeError, ValueError):
            return None

    def ask_unless_confirmed(self, field: str, question: str | None, amount: float) -> None:
        """Unless ``amount`` was confirmed, the form is invalid: ``confirm_question`` is asked
        at the top of the form, and the amount's field is marked to check."""
        if question is None:
            return
        confirmed = self.confirmed_amount()
        if confirmed is not None and abs(confirmed - amount) < 0.5:
            return
        self.confirm_question = question
        self.confirm_amount = round(amount, 1)
        self.add_error(field, forms.ValidationError(CHECK_AMOUNT, code="confirm"))


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
        plain_messages(self, getattr(self, "range_units", None))

    def clean_occurred_at(self):
        """The time as typed, or the entry's own instant when the time shown was left as it
        was: then it keeps its seconds, and the second 01:30 of a night when clocks went back
        stays the second (the rule would read an unchanged 01:30 as the first)."""
        moment = self.cleaned_data.get("occurred_at")
        wall_clock = self.fields["occurred_at"].wall_clock
        if self.instance.pk and wall_clock is not None:
            shown = timezone.localtime(self.instance.occurred_at)
            if wall_clock.typed == shown.replace(tzinfo=None, second=0, microsecond=0):
                self.fields["occurred_at"].wall_clock = None
                return self.instance.occurred_at
        return moment

    @property
    def time_note(self) -> str | None:
        """What the time was stored as, when a clock change made the rule apply."""
        wall_clock = self.fields["occurred_at"].wall_clock
        return wall_clock.explanation if wall_clock else None

    @property
    def time_note_before_saving(self) -> str | None:
        """The same, for the form shown again with its errors (nothing saved yet)."""
        wall_clock = self.fields["occurred_at"].wall_clock
        return wall_clock.explanation_before_saving if wall_clock else None


class CrampForm(EntryForm):
    range_units = {"duration_minutes": "minutes"}
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_blank_choice(self.fields["kind"])
        self.fields["kind"].error_messages["required"] = "Choose which meal it was."
        if not self.instance.pk:
            self.initial.setdefault("kind", default_meal_kind(timezone.now()))

    class Meta:
        model = Meal
        fields = ["occurred_at", "kind", "note"]
        widgets = {
            "kind": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 2, "maxlength": MAX_NOTE}),
        }


MAX_DRINK_ML = 5000


class DrinkForm(ConfirmAmountMixin, EntryForm):
    """A drink's kind and volume, typed in the person's units (ml, or fl oz in US customary)
    and stored in ml. Quick buttons post ml whatever the units: they build the form metric."""

    volume_ml = forms.FloatField(
        label="How much (ml)",
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )

    class Meta:
        model = Drink
        fields = ["occurred_at", "kind", "volume_ml"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, units_system=units.METRIC, **kwargs):
        self.units_system = units_system
        us = units.is_us(units_system)
        self.range_units = {"volume_ml": units.volume_unit(units_system)}
        super().__init__(*args, **kwargs)
        volume = self.fields["volume_ml"]
        if us:
            volume.label = "How much (fl oz)"
            volume.min_value, volume.max_value = 0.1, 169
            volume.help_text = "A cup is 8 fl oz."
        else:
            volume.min_value, volume.max_value = 1, MAX_DRINK_ML
            volume.help_text = "A glass is about 250 ml."
        plain_messages(self, self.range_units)
        if self.instance.pk and us:
            self.initial["volume_ml"] = units.volume_number(self.instance.volume_ml, units_system)

    def clean_volume_ml(self) -> int:
        typed = self.cleaned_data["volume_ml"]
        ml = units.ml_from_fl_oz(typed) if units.is_us(self.units_system) else typed
        ml = round(ml)
        if not 1 <= ml <= MAX_DRINK_ML:
            raise forms.ValidationError(self.fields["volume_ml"].error_messages["max_value"])
        return ml

    def clean(self):
        cleaned = super().clean()
        ml = cleaned.get("volume_ml")
        unchanged = self.instance.pk is not None and ml == self.instance.volume_ml
        if ml is not None and "volume_ml" not in self.errors and not unchanged:
            empty = Nutrients(*([None] * 6))
            self.ask_unless_confirmed(
                "volume_ml", drink_question(ml, empty, {}, self.units_system), ml
            )
        return cleaned


class ExerciseForm(EntryForm):
    range_units = {"duration_minutes": "minutes"}

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, what in (("intensity", "how hard it was"), ("sweat", "how much you sweated")):
            _without_blank_choice(self.fields[name])
            self.fields[name].error_messages["required"] = f"Choose {what}."
        self.fields["activity"].error_messages["required"] = "Say what you did, like walking."


class SupplementForm(EntryForm):
    range_units = {"mineral_mg": "mg"}

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


MAX_ITEM_GRAMS = 5000.0


def _targets(user):
    from .totals import targets_for  # the totals read the journal; forms sit below them

    return targets_for(user.profile, timezone.localdate())


class FoodAmountForm(ConfirmAmountMixin, AmountForm):
    """An amount of one food in the person's units, asked about when implausible."""

    def __init__(self, data=None, *, user, food, **kwargs):
        self.user = user
        self.units_system = user.profile.units
        portions = list(food.portions.all()) if food else []
        metric = not units.is_us(self.units_system)
        super().__init__(data, portions=portions, metric=metric, **kwargs)
        plain_messages(self)

    def described(self) -> str:
        return f"{self.amount_label()} {self.food_name().lower()}"

    def food_name(self) -> str:
        raise NotImplementedError

    def nutrients_of(self, grams: float) -> Nutrients:
        raise NotImplementedError

    def check_plausible(self) -> None:
        if self.errors or "quantity" not in self.cleaned_data or "unit" not in self.cleaned_data:
            return
        grams = self.grams()
        if grams > MAX_ITEM_GRAMS:
            # The meal item's own limit (and the export format's): more is never one serving.
            most = units.mass(MAX_ITEM_GRAMS, self.units_system)
            self.add_error(
                "quantity", f"One food can be at most {most} at a time; add the rest as another."
            )
            return
        question = food_question(
            self.described(),
            grams,
            self.nutrients_of(grams),
            _targets(self.user),
            self.units_system,
        )
        self.ask_unless_confirmed("quantity", question, grams)

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

    def __init__(self, data=None, *, user, food=None, **kwargs):
        if data is not None:
            food = self._find_food(user, data.get("food"))
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

    def food_name(self) -> str:
        return self.food_obj.name if self.food_obj else ""

    def nutrients_of(self, grams: float) -> Nutrients:
        return self.food_obj.nutrients_for(grams)

    def clean(self):
        cleaned = super().clean()
        if self.food_obj is not None:
            self.check_plausible()
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

    def __init__(self, data=None, *, item: MealItem, user, **kwargs):
        self.item = item
        super().__init__(data, user=user, food=item.food, **kwargs)
        self.fields["quantity"].label = "New amount"
        if not self.is_bound:
            self.initial.update(self._current_amount())

    def _current_amount(self) -> dict:
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

    def food_name(self) -> str:
        return self.item.food_name

    def nutrients_of(self, grams: float) -> Nutrients:
        return self.item.nutrients().scaled(grams / self.item.grams)

    def clean(self):
        cleaned = super().clean()
        self.check_plausible()
        return cleaned


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
