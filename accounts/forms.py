"""Forms own the validation: a form that fails saves nothing and says why, field by field."""

from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordChangeForm,
    SetPasswordForm,
)
from django.forms.renderers import BaseRenderer
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from education.links import learn_url

from .models import Profile, User, normalize_email_address, time_zone_names
from .signup import is_waiting_for_confirmation

OLDEST_BIRTH_YEAR_SPAN = 120
YOUNGEST_AGE = 13


@cache
def time_zone_choices() -> tuple[tuple[str, str], ...]:
    return tuple((name, name.replace("_", " ")) for name in time_zone_names())


PASSWORD_ADVICE = (
    "At least 12 characters, and not a common password. A few unrelated words make a strong "
    "password that is easy to remember."
)


# The mixin's base, for type checking: the forms it is mixed into.
if TYPE_CHECKING:
    _PasswordFormBase = SetPasswordForm
else:
    _PasswordFormBase = object


class NewPasswordMixin(_PasswordFormBase):
    """Friendly labels for choosing a new password, instead of Django's list of rules."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = PASSWORD_ADVICE
        self.fields["new_password2"].label = "New password again"
        self.fields["new_password2"].help_text = ""


class FriendlySetPasswordForm(NewPasswordMixin, SetPasswordForm):
    pass


class FriendlyPasswordChangeForm(NewPasswordMixin, PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password was entered incorrectly. Please try again.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"


class TimeZoneSelect(forms.Select):
    """The zone list's select, rendered once for each name, value and set of attributes and then
    reused: its ~600 options cost ten times the rest of a form to render, on every render."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        try:
            key = (name, value, tuple(final_attrs.items()), renderer)
            hash(key)
        except TypeError:  # a value or attribute that cannot be a key (a list): rendered as is
            return super().render(name, value, attrs, renderer)
        return _rendered_time_zone_select(*key)

    def use_required_attribute(self, initial: Any) -> bool:
        # Select gives `required` only to a list that starts with an empty placeholder, which it
        # finds out by reading the whole list again; this one starts with a zone.
        return False


@lru_cache(maxsize=256)
def _rendered_time_zone_select(
    name: str,
    value: Any,
    attrs: tuple[tuple[str, Any], ...],
    renderer: BaseRenderer | None,
) -> SafeString:
    return forms.Select(choices=time_zone_choices()).render(name, value, dict(attrs), renderer)


class TimeZoneField(forms.ChoiceField):
    """A select of IANA zone names."""

    widget = TimeZoneSelect

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", time_zone_choices)
        kwargs.setdefault("help_text", "Your entries are grouped by your local day in this zone.")
        super().__init__(**kwargs)


class SignupForm(BaseUserCreationForm[User]):
    time_zone = TimeZoneField(initial="UTC")

    class Meta:
        model = User
        fields = ("email",)
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # static/js/app.js preselects the browser's own zone in this field.
        self.fields["time_zone"].widget.attrs["data-browser-time-zone"] = ""
        self.fields[
            "password1"
        ].help_text = (
            "At least 12 characters. A few unrelated words make a strong, memorable password."
        )

    def clean_email(self) -> str:
        return normalize_email_address(self.cleaned_data["email"])

    def validate_unique(self) -> None:
        """Whether the address has an account is not the form's to say (accounts/signup.py)."""


class ProfileForm(forms.ModelForm):
    time_zone = TimeZoneField()

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "sex",
            "birth_year",
            "maternity",
            "time_zone",
            "units",
            "has_kidney_disease",
            "takes_diuretic",
            "has_heart_failure",
            "takes_statin",
            "uses_long_acting_inhaler",
            "takes_pril_or_sartan",
        ]
        widgets = {
            "sex": forms.RadioSelect,
            "units": forms.RadioSelect,
            "maternity": forms.RadioSelect,
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
        }
        help_texts = {
            "display_name": "How we greet you.",
            # As foods.reference_intakes picks them (the model's text says "the higher").
            "sex": "Reference intakes differ by sex. With “Prefer not to say” we use the "
            "values for men: the higher ones, except calcium from 51 to 70.",
        }

    # The kidney and diuretic questions link to who must be careful with potassium and
    # magnesium (the field template shows help text as HTML).
    CAREFUL_LINKS = ("has_kidney_disease", "takes_diuretic", "takes_pril_or_sartan")
    # The medicine questions link to the medicines that can bring on cramps.
    MEDICINE_LINKS = (
        "takes_diuretic",
        "takes_statin",
        "uses_long_acting_inhaler",
        "takes_pril_or_sartan",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.CAREFUL_LINKS:
            field = self.fields[name]
            field.help_text = format_html(
                '{} <a href="{}">Who must be careful with potassium and magnesium</a>',
                field.help_text,
                learn_url("careful"),
            )
        for name in self.MEDICINE_LINKS:
            field = self.fields[name]
            field.help_text = format_html(
                '{}{} <a href="{}">Medicines that can bring on cramps</a>',
                field.help_text,
                " ·" if name in self.CAREFUL_LINKS else "",
                learn_url("medicines"),
            )

    def clean_birth_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("birth_year")
        if year is None:
            return year
        this_year = timezone.localdate().year
        if year > this_year - YOUNGEST_AGE:
            raise forms.ValidationError(
                "Cramp Journal is for people aged %(age)d and over; check the year.",
                params={"age": YOUNGEST_AGE},
            )
        if year < this_year - OLDEST_BIRTH_YEAR_SPAN:
            raise forms.ValidationError(
                "Enter a birth year after %(year)d.",
                params={"year": this_year - OLDEST_BIRTH_YEAR_SPAN},
            )
        return year

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("sex") == Profile.Sex.MALE and cleaned.get("maternity"):
            self.add_error(
                "maternity",
                "Pregnancy and breastfeeding targets apply only with sex “Female” or "
                "“Prefer not to say”.",
            )
        return cleaned


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, labelled for email addresses instead of usernames."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "That email address and password do not match an account. Check both and try "
            "again; after %(limit)d failed tries we pause sign-in from this device for a while."
        ),
    }

    def confirm_login_allowed(self, user: AbstractBaseUser) -> None:
        if not user.is_active:
            raise forms.ValidationError(self.inactive_message(user), code="inactive")

    @staticmethod
    def inactive_message(user: AbstractBaseUser) -> str:
        if isinstance(user, User) and is_waiting_for_confirmation(user):
            return (
                "Confirm your email address first: open the link in the message we sent you "
                "when you signed up. No message? Sign up again with the same address for a "
                "new link."
            )
        return "This account is closed. Write to us if you think that is a mistake."

    def get_invalid_login_error(self) -> forms.ValidationError:
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT},
        )

    def clean_username(self) -> str:
        return normalize_email_address(self.cleaned_data["username"])


class DeleteAccountForm(forms.Form):
    """Deleting an account cannot be undone, so it takes the password, not just a click."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "That is not your password; nothing was deleted. Try again."
            )
        return password
