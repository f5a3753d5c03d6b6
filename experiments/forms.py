"""The experiment forms: they own every check, so a view only assigns and saves."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms

from accounts.models import Profile

from . import analysis
from .interventions import INTERVENTIONS, OWN
from .models import Experiment


class ExperimentForm(forms.ModelForm[Experiment]):
    """Designing (or re-planning, before the start) an experiment (issue 23).

    The person picks what to test, how it is compared and for how long; the form turns that
    into the plan's numbers (pairs, block days, run-in): pairs of 3-night blocks whose first
    night is not counted, or pairs of single nights only for a change that cannot act into
    the next night; a slow change (magnesium) or the person's choice is an open try, watched
    week by week, with no verdict.
    """

    mode = forms.TypedChoiceField(
        label="How to try it",
        choices=Experiment.Mode.choices,
        initial=Experiment.Mode.RANDOMISED,
        widget=forms.RadioSelect,
        help_text="A randomised experiment switches the change on and off in an order drawn "
        "at random, and can tell you whether it made a difference for you. An open try only "
        "shows your weekly rate of cramp nights while you do it.",
    )
    design = forms.ChoiceField(
        label="Blocks",
        choices=[
            (analysis.BLOCKS, "Pairs of 3-night blocks, the first night of each not counted"),
            (analysis.NIGHTS, "Pairs of single nights"),
        ],
        initial=analysis.BLOCKS,
        widget=forms.RadioSelect,
        help_text="Cramps come in spells: two short blocks side by side sit in the same spell, "
        "so the spell cancels out. Not counting the first night of each block leaves room for "
        "a change that acts into the next night.",
    )
    no_carry_over = forms.BooleanField(
        label="It cannot act into the next night",
        required=False,
        help_text="Needed for single nights: its effect is gone by the following evening.",
    )
    weeks = forms.TypedChoiceField(
        label="How long",
        coerce=int,
        choices=[(w, f"{w} weeks") for w in analysis.WEEKS_OFFERED],
        initial=analysis.DEFAULT_WEEKS,
    )
    clinician_agreed = forms.BooleanField(
        label="I have talked this through with my clinician",
        required=False,
        help_text="Needed for a supplement, for “Something else”, and for potassium or "
        "magnesium if you have kidney disease, heart failure or take a diuretic.",
    )
    fluid_limit = forms.ChoiceField(
        label="Has a clinician told you to limit how much you drink?",
        choices=[("no", "No"), ("yes", "Yes")],
        required=False,
        widget=forms.RadioSelect,
        help_text="For example with heart failure, on kidney dialysis or with low blood sodium.",
    )

    class Meta:
        model = Experiment
        fields = ["intervention", "description", "mode"]
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
        instance = self.instance
        if instance.pk:
            key = analysis.design_key(instance.block_days, instance.run_in_days)
            self.initial.setdefault("design", key or analysis.BLOCKS)
            self.initial.setdefault("no_carry_over", key == analysis.NIGHTS)
            weeks = analysis.weeks_of(instance.pairs, instance.block_days)
            if instance.is_open:
                weeks = instance.pairs * 2 * instance.block_days // 7
            if weeks in analysis.WEEKS_OFFERED:
                self.initial.setdefault("weeks", weeks)

    def needs_clinician(self, key: str) -> bool:
        """Supplements and "Something else" always; a potassium or magnesium change also for
        kidney disease, heart failure or a diuretic (the profile's flags)."""
        item = INTERVENTIONS.get(key)
        if item is None:
            return False
        profile = self.profile
        flagged = bool(
            profile
            and (profile.has_kidney_disease or profile.takes_diuretic or profile.has_heart_failure)
        )
        return item.needs_clinician or (flagged and bool(item.mineral))

    def clean_description(self) -> str:
        return " ".join(self.cleaned_data.get("description", "").split())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        key = data.get("intervention")
        item = INTERVENTIONS.get(key or "")
        if key == OWN and not data.get("description"):
            self.add_error("description", "Describe what you want to test.")
        elif key and key != OWN:
            data["description"] = ""
        if key and self.needs_clinician(key) and not data.get("clinician_agreed"):
            self.add_error(
                "clinician_agreed",
                "Please talk with your clinician first, then tick this box."
                + (
                    " A prescribed medicine is never stopped or changed as an experiment."
                    if key == OWN
                    else ""
                ),
            )
        if item is not None and item.fluid:
            told = data.get("fluid_limit")
            heart = bool(self.profile and self.profile.has_heart_failure)
            if not told:
                self.add_error("fluid_limit", "Please answer this before testing extra fluid.")
            elif told == "yes" or heart:
                self.add_error(
                    "fluid_limit",
                    "Then this experiment is not for you: keep to the fluid limit your "
                    "clinician gave you, and ask them before drinking more.",
                )
        mode = data.get("mode") or Experiment.Mode.RANDOMISED
        if item is not None and item.slow:
            mode = Experiment.Mode.OPEN  # weeks to act and to wear off: no randomised verdict
        data["mode"] = mode
        design = data.get("design") or analysis.BLOCKS
        weeks = data.get("weeks")
        nights = mode == Experiment.Mode.RANDOMISED and design == analysis.NIGHTS
        if nights and not data.get("no_carry_over"):
            self.add_error(
                "no_carry_over",
                "Single nights only work for a change that cannot act into the next "
                "night; otherwise choose 3-night blocks.",
            )
        if weeks is not None:
            plan = self.instance
            if mode == Experiment.Mode.OPEN:
                # An open try: weeks of 7-day "blocks", every one a test week, none counted
                # against another.
                plan.pairs, plan.block_days, plan.run_in_days = weeks // 2, 7, 0
            else:
                block_days, run_in = analysis.OFFERED_DESIGNS[design]
                plan.pairs = analysis.pairs_for(weeks, design)
                plan.block_days, plan.run_in_days = block_days, run_in
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
