from django import forms

from .periods import DEFAULT_PERIOD, PERIODS


class PeriodForm(forms.Form):
    """The report's query string: which period. Anything else falls back to the default."""

    period = forms.ChoiceField(
        label="Period",
        required=False,
        choices=[(key, label) for key, (label, _) in PERIODS.items()],
    )

    def period_key(self) -> str:
        if self.is_valid() and self.cleaned_data["period"]:
            return str(self.cleaned_data["period"])
        return DEFAULT_PERIOD
