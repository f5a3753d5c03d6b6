"""The entry forms: a cramp, a meal's time and kind, a drink, exercise, a supplement."""

import uuid
from typing import Any, TypeVar, cast

from django import forms
from django.utils import timezone

from foods import units

from ..days import WallClockTime
from ..meal_times import default_meal_kind
from ..models import MAX_DRINK_ML, MAX_NOTE, Cramp, Drink, Entry, Exercise, Meal, Supplement
from .fields import ConfirmAmountMixin, WhenField, plain_messages, without_blank_choice

AnEntry = TypeVar("AnEntry", bound=Entry)


class EntryForm(forms.ModelForm[AnEntry]):
    """What every entry form has: when, and the request token that stops double submits."""

    occurred_at = WhenField()
    request_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    range_units: dict[str, str] | None = None  # the unit of a number field's range

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("request_token", uuid.uuid4())
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0))
        elif self.instance.pk:
            self.initial["occurred_at"] = timezone.localtime(self.instance.occurred_at)
        plain_messages(self, self.range_units)

    @property
    def _wall_clock(self) -> WallClockTime | None:
        """The time as typed and the instant it was read as, when it was typed."""
        return cast(WhenField, self.fields["occurred_at"]).wall_clock

    def clean_occurred_at(self) -> Any:
        """The time as typed, or the entry's own instant when the time shown was left as it
        was: then it keeps its seconds, and the second 01:30 of a night when clocks went back
        stays the second (the rule would read an unchanged 01:30 as the first)."""
        moment = self.cleaned_data.get("occurred_at")
        wall_clock = self._wall_clock
        if self.instance.pk and wall_clock is not None:
            shown = timezone.localtime(self.instance.occurred_at)
            if wall_clock.typed == shown.replace(tzinfo=None, second=0, microsecond=0):
                cast(WhenField, self.fields["occurred_at"]).wall_clock = None
                return self.instance.occurred_at
        return moment

    @property
    def time_note(self) -> str | None:
        """What the time was stored as, when a clock change made the rule apply."""
        wall_clock = self._wall_clock
        return wall_clock.explanation if wall_clock else None

    @property
    def time_note_before_saving(self) -> str | None:
        """The same, for the form shown again with its errors (nothing saved yet)."""
        wall_clock = self._wall_clock
        return wall_clock.explanation_before_saving if wall_clock else None


class CrampForm(EntryForm[Cramp]):
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("muscle", "side", "situation", "relief_effect"):
            # RadioSelect shows the blank choice as "---------"; "not said" is simply none.
            without_blank_choice(self.fields[name])
        if self.instance.duration_seconds:
            self.initial["duration_minutes"] = round(self.instance.duration_seconds / 60, 1)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        minutes = cleaned.get("duration_minutes")
        self.instance.duration_seconds = round(minutes * 60) if minutes else None
        if cleaned.get("relief_effect") and not cleaned.get("relief"):
            self.add_error("relief_effect", "Tick what you tried, then how well it worked.")
        return cleaned


class MealForm(EntryForm[Meal]):
    """A meal's time and kind; its foods are added and removed one by one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        without_blank_choice(self.fields["kind"])
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


class DrinkForm(ConfirmAmountMixin, EntryForm[Drink]):
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

    def __init__(self, *args: Any, units_system: str = units.METRIC, **kwargs: Any) -> None:
        self.units_system = units_system
        us = units.is_us(units_system)
        self.range_units = {"volume_ml": units.volume_unit(units_system)}
        super().__init__(*args, **kwargs)
        # Any: the stubs type a number field's bounds as whole numbers; these are floats.
        volume: Any = self.fields["volume_ml"]
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


class ExerciseForm(EntryForm[Exercise]):
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, what in (("intensity", "how hard it was"), ("sweat", "how much you sweated")):
            without_blank_choice(self.fields[name])
            self.fields[name].error_messages["required"] = f"Choose {what}."
        self.fields["activity"].error_messages["required"] = "Say what you did, like walking."


class SupplementForm(EntryForm[Supplement]):
    range_units = {"mineral_mg": "mg"}

    class Meta:
        model = Supplement
        fields = ["occurred_at", "name", "mineral", "mineral_mg"]
        widgets = {"mineral": forms.RadioSelect}
        labels = {"name": "Supplement or medication", "mineral": "Does it supply a mineral?"}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("mineral") and cleaned.get("mineral_mg") is None:
            self.add_error("mineral_mg", "Enter how many mg of the mineral one dose gives.")
        if not cleaned.get("mineral") and cleaned.get("mineral_mg") is not None:
            # Refused rather than dropped: an amount with no mineral would silently vanish.
            self.add_error("mineral", "Choose the mineral these mg are of, or leave the mg empty.")
        return cleaned
