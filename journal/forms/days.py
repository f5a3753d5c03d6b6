"""The forms about days: the history's query, the person's own factors, the night question."""

import datetime

from django import forms

from ..days import EARLIEST_YEAR
from ..models import MAX_FACTOR_NAME


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

    def clean_until(self) -> datetime.date | None:
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

    def clean_name(self) -> str:
        """Tidied and checked as text; whether the person may add it, the service decides
        (``journal.services.add_factor``: one name once, at most MAX_DAY_FACTORS)."""
        return clean_factor_name(self.cleaned_data["name"])


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
