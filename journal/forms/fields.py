"""What the journal's forms share: a local time field, plain error messages, and amounts
that ask "Save anyway?" when implausible. Times are entered in the person's own zone (the
active time zone)."""

import datetime
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .. import days
from ..days import EARLIEST_YEAR
from ..errors import NeedsConfirmation

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def journal_day(day: datetime.date | None) -> datetime.date | None:
    """A form's day to log on: today or earlier (the person's), from EARLIEST_YEAR on."""
    if day and day > timezone.localdate():
        raise forms.ValidationError("That day has not come yet.")
    if day and day.year < EARLIEST_YEAR:
        raise forms.ValidationError(f"Enter a day after {EARLIEST_YEAR}.")
    return day


class WhenField(forms.DateTimeField):
    """A local date and time, not in the future (a few minutes of clock drift allowed).

    Left empty (as quick-entry buttons leave it), it means now.
    """

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "When")
        kwargs.setdefault("required", False)
        kwargs.setdefault("input_formats", [DATETIME_FORMAT, "%Y-%m-%d %H:%M"])
        super().__init__(**kwargs)
        # The typed time and the instant it was read as (journal.days.moment_from_wall_clock).
        self.wall_clock: days.WallClockTime | None = None

    def to_python(self, value: Any) -> datetime.datetime | None:
        """As Django's, but a time in the hour a clock change repeats or skips is read by the
        journal's rule (the first occurrence; moved forward by the gap) instead of refused."""
        self.wall_clock = None
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            typed: datetime.datetime | None = value
        else:
            try:
                typed = parse_datetime(str(value).strip())
            except ValueError:
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid"
                ) from None
            typed = typed or BaseTemporalField.to_python(self, str(value))
        if typed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if timezone.is_aware(typed):
            return typed
        if typed.year < EARLIEST_YEAR:
            raise forms.ValidationError(f"Enter a time after {EARLIEST_YEAR}.")
        if typed.year > timezone.now().year + 1:
            raise forms.ValidationError("That time is in the future.")
        self.wall_clock = days.moment_from_wall_clock(typed, timezone.get_current_timezone())
        return self.wall_clock.moment

    def has_changed(self, initial: Any, data: Any) -> bool:
        """As Django's, which reads the time again: the time read when cleaning is kept, so
        that ``form.changed_data`` after validation does not lose its clock-change note."""
        kept = self.wall_clock
        try:
            return super().has_changed(initial, data)
        finally:
            self.wall_clock = kept

    def clean(self, value: Any) -> datetime.datetime:
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


def _number(value: float) -> str:
    return f"{value:,g}"


def _limits(
    form: forms.BaseForm, name: str, field: forms.Field
) -> tuple[float | None, float | None]:
    """A number field's lowest and highest values: the form field's own, or the model's."""
    low, high = getattr(field, "min_value", None), getattr(field, "max_value", None)
    model = getattr(getattr(form, "_meta", None), "model", None)
    if name in getattr(form, "declared_fields", {}):  # the form's own, perhaps in other units
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


def plain_messages(form: forms.BaseForm, range_units: dict[str, str] | None = None) -> None:
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


def without_blank_choice(field: forms.Field) -> None:
    """No "---------" radio button: a required choice starts with none of them ticked."""
    choice_field = cast(forms.ChoiceField, field)
    choices = cast("list[tuple[Any, Any]]", choice_field.choices)
    choice_field.choices = [choice for choice in choices if choice[0]]


# --- Amounts that ask "Save anyway?" ---------------------------------------------------------


CHECK_AMOUNT = "Is this amount right? Save it anyway, or change it."


# The mixin is mixed into forms: to the type checker it is one.
if TYPE_CHECKING:
    _Form = forms.BaseForm
else:
    _Form = object


class ConfirmAmountMixin(_Form):
    """A form whose amount the journal's services may ask about before saving it
    (``journal.errors.NeedsConfirmation``, the rule in ``journal.plausible``). The confirm
    step's "Save anyway" button sends ``confirmed`` with the amount it confirms (grams or
    ml), which the view passes back to the service, so that a changed amount is asked about
    again; the form's request token stays the same, so the confirmed retry is still one
    entry."""

    confirm_question: str | None = None

    def confirmed_amount(self) -> float | None:
        try:
            return float(self.data.get("confirmed", ""))
        except (TypeError, ValueError):
            return None

    def ask(self, field: str, question: NeedsConfirmation) -> None:
        """The service's question at the top of the form, and the amount's field marked to
        check: the form is shown again, nothing saved."""
        self.confirm_question = question.question
        self.confirm_amount = question.amount
        self.add_error(field, forms.ValidationError(CHECK_AMOUNT, code="confirm"))
