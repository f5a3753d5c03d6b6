"""One form per kind of record in an export file: the forms own what a valid record is.

Each form checks one JSON object; ``check_record`` adds what JSON needs beyond a web form:
values of the wrong JSON type (a number where text belongs) and keys the schema does not know
are reported, never quietly converted or ignored. Errors come back as (field, reason) pairs;
the importer turns them into "cramps #3 (severity): reason".
"""

import datetime as dt
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any, TypeVar, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.forms import ProfileForm
from foods.models import Food, Portion
from journal.forms import EARLIEST_YEAR, clean_factor_name
from journal.models import (
    MAX_FACTOR_NAME,
    Cramp,
    Drink,
    Exercise,
    Meal,
    MealItem,
    NightAnswer,
    Recipe,
    RecipeItem,
    Supplement,
    UsualSupplement,
)

from .export import (
    CRAMP_FIELDS,
    DRINK_FIELDS,
    EXERCISE_FIELDS,
    FOOD_FIELDS,
    MEAL_FIELDS,
    MEAL_ITEM_FIELDS,
    PORTION_FIELDS,
    RECIPE_FIELDS,
    RECIPE_ITEM_FIELDS,
    SNAPSHOT_FIELDS,
    SUPPLEMENT_FIELDS,
    USUAL_SUPPLEMENT_FIELDS,
)

# A logged amount's nutrients (not per 100 g): generous, but not absurd.
SNAPSHOT_MAXIMUM = 1_000_000
# A meal item's fluid is at most its grams, which are at most 5 kg.
FLUID_MAXIMUM_ML = 5000


@dataclass(frozen=True)
class PrivateFoodRef:
    uid: uuid.UUID


@dataclass(frozen=True)
class CatalogFoodRef:
    source: str
    source_id: str


CATALOG_SOURCES = [value for value in Food.Source.values if value != Food.Source.PERSONAL]
FOOD_REFERENCE_HELP = (
    'must be null, {"private_food": "<id>"} or {"source": "usda-sr28", "source_id": "<number>"}'
)


class FoodReferenceField(forms.Field):
    """A food as the file names it: a private food by id, a catalog food by source id."""

    def to_python(self, value: Any) -> PrivateFoodRef | CatalogFoodRef | None:
        if value in (None, ""):
            return None
        if not isinstance(value, dict):
            raise forms.ValidationError(FOOD_REFERENCE_HELP)
        if set(value) == {"private_food"}:
            try:
                return PrivateFoodRef(uuid.UUID(str(value["private_food"])))
            except ValueError:
                raise forms.ValidationError("private_food must be an id (a UUID)") from None
        if set(value) == {"source", "source_id"}:
            source, source_id = value["source"], value["source_id"]
            if source not in CATALOG_SOURCES:
                raise forms.ValidationError(
                    "source must be one of %(sources)s",
                    params={"sources": ", ".join(CATALOG_SOURCES)},
                )
            if not isinstance(source_id, str) or not source_id.strip():
                raise forms.ValidationError("source_id must be the food's id at its source")
            return CatalogFoodRef(source, source_id.strip())
        raise forms.ValidationError(FOOD_REFERENCE_HELP)


def json_type_problem(field: forms.Field, value: Any) -> str | None:
    """Why a JSON value cannot be what the field wants, or None; null is left to the form."""
    if value is None or isinstance(field, FoodReferenceField):
        return None
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return None if isinstance(value, bool) else "must be true or false"
    if isinstance(field, forms.FloatField):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "must be a number"
    if isinstance(field, forms.IntegerField):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else "must be a whole number"
    if isinstance(field, forms.MultipleChoiceField):
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return None if ok else "must be a list of codes"
    return None if isinstance(value, str) else "must be text (a JSON string)"


# A record form: a plain form, or a model form for records that become rows.
RecordForm = TypeVar("RecordForm", bound=forms.Form | forms.ModelForm)


def check_record(
    form_class: type[RecordForm], record: Any, nested: Collection[str] = (), **kwargs: Any
) -> tuple[RecordForm | None, list[tuple[str | None, str]]]:
    """Validates one record; returns the form (or None) and a list of (field, reason)."""
    if not isinstance(record, dict):
        return None, [(None, "must be an object ({…})")]
    problems = [
        (key, "is not a field of this kind of record")
        for key in record
        if key not in form_class.base_fields and key not in nested
    ]
    type_problems = {}
    for name, field in form_class.base_fields.items():
        if name in record and (problem := json_type_problem(field, record[name])):
            type_problems[name] = problem
    # A value of the wrong type is reported as such and not handed to the form, whose
    # fields expect the strings a browser sends.
    data = {key: (None if key in type_problems else value) for key, value in record.items()}
    # mypy builds a class bound by a union as the union; it is the class given.
    form = cast(RecordForm, form_class(data, **kwargs))
    form.is_valid()
    for name, messages in form.errors.items():
        if name in type_problems:
            continue  # "must be a number" says it better than the form's "Enter a number."
        problems += [(None if name == "__all__" else name, str(message)) for message in messages]
    problems += type_problems.items()
    return (form if not problems else None), problems


class SnapshotMixin:
    """Nutrient amounts as logged: empty when unknown, never negative."""

    fields: dict[str, forms.Field]  # the form's, which this mixes into

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in SNAPSHOT_FIELDS:
            self.fields[name].validators += [
                MinValueValidator(0),
                MaxValueValidator(SNAPSHOT_MAXIMUM),
            ]


class EntryRecordForm(forms.ModelForm):
    """What every entry has: its id, its moment (with a UTC offset) and its local day."""

    id = forms.UUIDField()
    occurred_at = forms.DateTimeField()
    local_date = forms.DateField(required=False)

    def clean_occurred_at(self) -> dt.datetime:
        moment = self.cleaned_data["occurred_at"]
        raw = self.data.get("occurred_at")
        if isinstance(raw, str) and (parsed := parse_datetime(raw)) and parsed.tzinfo is None:
            raise forms.ValidationError(
                "give the offset from UTC, as in 2026-03-14T02:30:00+01:00 (or Z for UTC)"
            )
        if moment > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError("is in the future")
        if moment.year < EARLIEST_YEAR:
            raise forms.ValidationError(f"must be after {EARLIEST_YEAR}")
        return moment

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        moment, day = cleaned.get("occurred_at"), cleaned.get("local_date")
        # Every zone is within 14 hours of UTC: the local day is the UTC date or a neighbour.
        if moment and day and abs((day - moment.astimezone(UTC).date()).days) > 1:
            self.add_error("local_date", "is not the date of occurred_at in any time zone")
        return cleaned


class CrampRecordForm(EntryRecordForm):
    night_of = forms.DateField(required=False)
    relief = forms.MultipleChoiceField(choices=Cramp.Relief.choices, required=False)

    class Meta:
        model = Cramp
        fields = CRAMP_FIELDS

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        day, night = cleaned.get("local_date"), cleaned.get("night_of")
        if day and night and night not in (day, day - timedelta(days=1)):
            self.add_error("night_of", "must be local_date or the day before it")
        if len(set(cleaned.get("relief") or [])) != len(cleaned.get("relief") or []):
            self.add_error("relief", "lists a code twice")
        return cleaned


class MealRecordForm(EntryRecordForm):
    class Meta:
        model = Meal
        fields = MEAL_FIELDS


class MealItemRecordForm(SnapshotMixin, forms.ModelForm):
    food = FoodReferenceField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fluid_ml"].validators += [
            MinValueValidator(0),
            MaxValueValidator(FLUID_MAXIMUM_ML),
        ]

    class Meta:
        model = MealItem
        fields = MEAL_ITEM_FIELDS


class DrinkRecordForm(SnapshotMixin, EntryRecordForm):
    food = FoodReferenceField(required=False)

    class Meta:
        model = Drink
        fields = DRINK_FIELDS


class ExerciseRecordForm(EntryRecordForm):
    class Meta:
        model = Exercise
        fields = EXERCISE_FIELDS


class SupplementRecordForm(EntryRecordForm):
    class Meta:
        model = Supplement
        fields = SUPPLEMENT_FIELDS

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("mineral_mg") is not None and not cleaned.get("mineral"):
            self.add_error("mineral_mg", "is set but mineral is empty")
        return cleaned


class RecipeRecordForm(forms.ModelForm):
    """A recipe; its ``items`` are checked one by one (``RecipeItemRecordForm``)."""

    id = forms.UUIDField()

    class Meta:
        model = Recipe
        fields = RECIPE_FIELDS


class RecipeItemRecordForm(SnapshotMixin, forms.ModelForm):
    food = FoodReferenceField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fluid_ml"].validators += [
            MinValueValidator(0),
            MaxValueValidator(FLUID_MAXIMUM_ML * 10),
        ]

    class Meta:
        model = RecipeItem
        fields = RECIPE_ITEM_FIELDS


class UsualSupplementRecordForm(forms.ModelForm):
    id = forms.UUIDField()

    class Meta:
        model = UsualSupplement
        fields = USUAL_SUPPLEMENT_FIELDS


class PrivateFoodRecordForm(forms.ModelForm):
    id = forms.UUIDField()

    class Meta:
        model = Food
        fields = FOOD_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("instance", Food(source=Food.Source.PERSONAL))
        super().__init__(*args, **kwargs)


class PortionRecordForm(forms.ModelForm):
    class Meta:
        model = Portion
        fields = PORTION_FIELDS


class FavouriteRecordForm(forms.Form):
    food = FoodReferenceField()


class DayFactorRecordForm(forms.Form):
    """One of the person's own factors; its ``days`` (a list of dates) are checked apart."""

    name = forms.CharField(max_length=MAX_FACTOR_NAME)

    def clean_name(self) -> str:
        return clean_factor_name(self.cleaned_data["name"])


class NightAnswerRecordForm(forms.Form):
    """A "no cramps" answer for the night that began on ``night``."""

    night = forms.DateField()
    source = forms.ChoiceField(choices=NightAnswer.Source.choices, required=False)

    def clean_source(self) -> str:
        return self.cleaned_data["source"] or NightAnswer.Source.TODAY


class DayRecordForm(forms.Form):
    """A day status, bounded as the journal bounds days (from 2000 to today): a day of year 1
    or 9999 would be refused by every page, and broke the person's reports."""

    date = forms.DateField()
    food_log_complete = forms.BooleanField(required=False)

    def __init__(self, *args: Any, latest: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The last day the file may name: the person's today, plus a day for a file written
        # in a zone already on tomorrow (as for marked days).
        self.latest = latest or timezone.localdate() + timedelta(days=1)

    def clean_date(self) -> dt.date:
        return check_journal_day(self.cleaned_data["date"], self.latest)


def check_journal_day(day: dt.date, latest: dt.date) -> dt.date:
    """``day`` if the journal could have it, from 2000 to ``latest``; else a form error."""
    if day.year < EARLIEST_YEAR or day > latest:
        raise forms.ValidationError(f"must be from {EARLIEST_YEAR} to today")
    return day


class ProfileRecordForm(ProfileForm):
    """The profile form people use, so an import can set nothing the page would refuse."""
