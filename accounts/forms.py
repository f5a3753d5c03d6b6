"""Forms own the validation: a form that fails saves nothing and says why, field by field."""

from functools import cache, lru_cache

from django import forms
from django.conf import settings
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordChangeForm,
    SetPasswordForm,
)
from django.utils import timezone
from django.utils.html import format_html

from education.links import learn_url

from .models import Profile, User, normalize_email_address, time_zone_names

OLDEST_BIRTH_YEAR_SPAN = 120
YOUNGEST_AGE = 13


@cache
def time_zone_choices() -> tuple[tuple[str, str], ...]:
    return tuple((name, name.replace("_", " ")) for name in time_zone_names())


PASSWORD_ADVICE = (
    "At least 12 characters, and not a common password. A few unrelated words make a strong "
    "password that is easy to remember."
)


class NewPasswordMixin:
    """Friendly labels for choosing a new password, instead of Django's list of rules."""

    def __init__(self, *args, **kwargs):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"


class TimeZoneSelect(forms.Select):
    """The zone list's select, rendered once for each name, value and set of attributes and then
    reused: its ~600 options cost ten times the rest of a form to render, on every render."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        try:
            key = (name, value, tuple(final_attrs.items()), renderer)
            hash(key)
        except TypeError:  # a value or attribute that cannot be a key (a list): rendered as is
            return super().render(name, value, attrs, renderer)
        return _rendered_time_zone_select(*key)

    def use_required_attribute(self, initial):
        # Select gives `required` only to a list that starts with an empty placeholder, which it
        # finds out by reading the whole list again; this one starts with a zone.
        return False


@lru_cache(maxsize=256)
def _rendered_time_zone_select(name, value, attrs, renderer):
    return forms.Select(choices=time_zone_choices()).render(name, value, dict(attrs), renderer)


class TimeZoneField(forms.ChoiceField):
    """A select of IANA zone names."""

    widget = TimeZoneSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", time_zone_choices)
        kwargs.setdefault("help_text", "Your entries are grouped by your local day in this zone.")
        super().__init__(**kwargs)


class SignupForm(BaseUserCreationForm):
    time_zone = TimeZoneField(initial="UTC")

    class Meta:
        model = User
        fields = ("email",)
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # static/js/app.js preselects the browser's own zone in this field.
        self.fields["time_zone"].widget.attrs["data-browser-time-zone"] = ""
        self.fields[
            "password1"
        ].help_text = (
            "At least 12 characters. A few unrelated words make a strong, memorable password."
        )

    def clean_email(self):
        email = normalize_email_address(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(
                "An account with this email address already exists. Log in, or reset the "
                "password if you have forgotten it."
            )
        return email

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            Profile.objects.create(user=user, time_zone=self.cleaned_data["time_zone"])
        return user


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
            "takes_statin",
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
    CAREFUL_LINKS = ("has_kidney_disease", "takes_diuretic")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.CAREFUL_LINKS:
            field = self.fields[name]
            field.help_text = format_html(
                '{} <a href="{}">Who must be careful with potassium and magnesium</a>',
                field.help_text,
                learn_url("careful"),
            )

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
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

    def clean(self):
        cleaned = super().clean()
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

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT},
        )

    def clean_username(self):
        return normalize_email_address(self.cleaned_data["username"])


class DeleteAccountForm(forms.Form):
    """Deleting an account cannot be undone, so it takes the password, not just a click."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "That is not your password; nothing was deleted. Try again."
            )
        return password
