"""The experiment forms: they own every check, so a view only assigns and saves."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms

from accounts.models import Profile

from . import analysis
from .interventions import INTERVENTIONS, OWN
from .models import Experiment


def _range_choices(low: int, high: int, unit: str) -> list[tuple[int, str]]:
    return [(n, f"{n} {unit}") for n in range(low, high + 1)]


class ExperimentForm(forms.ModelForm[Experiment]):
    """Designing (or re-planning, before the start) an experiment."""

    pairs = forms.TypedChoiceField(
        label="Pairs of blocks",
        coerce=int,
        choices=_range_choices(*analysis.PAIRS_RANGE, "pairs"),
        initial=analysis.DEFAULT_PAIRS,
        help_text="Each pair is one block of the thing you test and one of your usual "
        "routine, in an order drawn at random when you start.",
    )
    block_days = forms.TypedChoiceField(
        label="Days in each block",
        coerce=int,
        choices=_range_choices(*analysis.BLOCK_DAYS_RANGE, "days"),
        initial=analysis.DEFAULT_BLOCK_DAYS,
    )
    run_in_days = forms.TypedChoiceField(
        label="Run-in days at the start of each block, not counted",
        coerce=int,
        choices=[(0, "None")]
        + [(n, f"{n} day{'s' if n > 1 else ''}") for n in range(1, analysis.RUN_IN_RANGE[1] + 1)],
        initial=0,
        help_text="For things that take a few days to act or to wear off.",
    )
    clinician_agreed = forms.BooleanField(
        label="I have talked this through with my clinician",
        required=False,
        help_text="Needed for a supplement, and for potassium or magnesium if you have kidney "
        "disease or take a diuretic.",
    )

    class Meta:
        model = Experiment
        fields = ["intervention", "description", "pairs", "block_days", "run_in_days"]
        widgets = {"intervention": forms.RadioSelect}
        help_texts = {
            "description": "Only for “Something else”: one change you can switch on and off, "
            "such as “warm bath before bed”."
        }

    def __init__(self, *args: Any, profile: Profile | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.profile = profile
        intervention = self.fields["intervention"]
        assert isinstance(intervention, forms.ChoiceField)
        intervention.choices = [(key, item.label) for key, item in INTERVENTIONS.items()]

    def needs_clinician(self, key: str) -> bool:
        """Supplements always; a potassium or magnesium change also for kidney disease or a
        diuretic (the profile's flags)."""
        item = INTERVENTIONS.get(key)
        if item is None:
            return False
        flagged = bool(
            self.profile and (self.profile.has_kidney_disease or self.profile.takes_diuretic)
        )
        return item.needs_clinician or (flagged and bool(item.mineral))

    def clean_description(self) -> str:
        return " ".join(self.cleaned_data.get("description", "").split())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        key = data.get("intervention")
        if key == OWN and not data.get("description"):
            self.add_error("description", "Describe what you want to test.")
        elif key and key != OWN:
            data["description"] = ""
        if key and self.needs_clinician(key) and not data.get("clinician_agreed"):
            self.add_error(
                "clinician_agreed",
                "Please talk with your clinician first, then tick this box.",
            )
        pairs, days, run_in = (data.get(k) for k in ("pairs", "block_days", "run_in_days"))
        if pairs is not None and days is not None and run_in is not None:
            try:
                analysis.check_design(pairs, days, run_in)
            except ValueError:
                self.add_error(
                    "run_in_days",
                    f"Leave at least {analysis.MIN_COUNTED_DAYS} counted days in each block.",
                )
        return data


class AnswerForm(forms.Form):
    """ "Did you do it today?": one tap. ``day`` must be a day of the experiment, not later
    than today."""

    day = forms.DateField(widget=forms.HiddenInput)
    did_it = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda value: value == "yes"
    )
    back = forms.ChoiceField(
        choices=[("today", "Today"), ("experiment", "Experiment")],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(
        self,
        *args: Any,
        dates: Iterable[date] = (),
        today: date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.dates = set(dates)
        self.today = today

    def clean_day(self) -> date:
        day = self.cleaned_data["day"]
        if self.today and day > self.today:
            raise forms.ValidationError("That day has not come yet.")
        if day not in self.dates:
            raise forms.ValidationError("That day is not a day of this experiment.")
        return day
