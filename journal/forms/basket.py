"""The meal basket's own fields: which meal, when, which day, and a meal typed in words.

Its lines (a food and an amount each) are read by ``journal.basket.read_basket``."""

import datetime
import uuid
from typing import Any

from django import forms
from django.utils import timezone

from ..meal_times import default_meal_kind
from ..models import Meal
from .fields import journal_day, plain_messages

MAX_MEAL_TEXT = 1000


class BasketForm(forms.Form):
    text = forms.CharField(
        label="Type your meal",
        required=False,
        max_length=MAX_MEAL_TEXT,
        widget=forms.Textarea(
            attrs={
                "rows": 2,
                "placeholder": "2 eggs, a banana and a cup of coffee with milk",
                "autocomplete": "off",
                "enterkeyhint": "done",
            }
        ),
        help_text="Amounts and foods, separated by commas or “and”.",
    )
    meal_kind = forms.ChoiceField(label="Meal", choices=Meal.Kind.choices)
    # The meal kind the time was last set for: a new kind brings its own usual time.
    prev_kind = forms.CharField(widget=forms.HiddenInput, required=False)
    time = forms.TimeField(
        label="Time",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    day = forms.DateField(widget=forms.HiddenInput, required=False)
    request_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_messages(self)
        if not self.is_bound:
            kind = default_meal_kind(timezone.now())
            self.initial.setdefault("meal_kind", kind)
            self.initial.setdefault("prev_kind", kind)
            self.initial.setdefault("request_token", uuid.uuid4())

    def clean_day(self) -> datetime.date | None:
        return journal_day(self.cleaned_data.get("day"))
