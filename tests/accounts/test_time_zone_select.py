"""The time-zone select is rendered once and reused, and reads exactly as Django's own Select."""

import pytest
from django import forms

from accounts.forms import ProfileForm, SignupForm, TimeZoneSelect, time_zone_choices


def as_django_renders_it(bound_field) -> str:
    """The same field through Django's plain Select, rendered from scratch."""
    field = bound_field.field
    plain = forms.Select(choices=time_zone_choices(), attrs=field.widget.attrs)
    return bound_field.as_widget(widget=plain)


@pytest.mark.parametrize(
    "form",
    [
        pytest.param(lambda: SignupForm(), id="sign-up, unbound"),
        pytest.param(lambda: SignupForm(data={"time_zone": "Europe/Paris"}), id="sign-up, chosen"),
        pytest.param(lambda: SignupForm(data={"time_zone": "Mars/Olympus"}), id="sign-up, refused"),
        pytest.param(lambda: ProfileForm(data={"time_zone": "America/New_York"}), id="profile"),
    ],
)
def test_the_reused_select_is_the_one_django_would_render(form):
    bound = form()
    if bound.is_bound:
        bound.is_valid()  # a refused zone gives the select aria-invalid

    first, again = str(bound["time_zone"]), str(bound["time_zone"])

    assert isinstance(bound.fields["time_zone"].widget, TimeZoneSelect)
    assert first == again == as_django_renders_it(bound["time_zone"])
    assert first.count("<option") == len(time_zone_choices()) > 500


def test_the_chosen_zone_is_the_selected_option():
    html = str(SignupForm(data={"time_zone": "Europe/Paris"})["time_zone"])

    assert '<option value="Europe/Paris" selected>Europe/Paris</option>' in html
    assert html.count(" selected") == 1
