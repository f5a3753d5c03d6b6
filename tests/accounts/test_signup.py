import pytest
from django.urls import reverse

from accounts.models import Profile, User

STRONG_PASSWORD = "violet-anchor-meadow-42"


def signup_data(**overrides):
    data = {
        "email": "New.Person@Example.com",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        "time_zone": "Pacific/Auckland",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_it_creates_the_account_with_profile_and_signs_in(client):
    response = client.post(reverse("signup"), signup_data())

    assert response.status_code == 302
    assert response.url == reverse("profile")
    user = User.objects.get()
    assert user.email == "new.person@example.com"
    assert user.check_password(STRONG_PASSWORD)
    assert user.profile.time_zone == "Pacific/Auckland"
    assert client.get(reverse("account")).status_code == 200


@pytest.mark.django_db
def test_the_form_offers_time_zones_with_utc_until_the_browser_picks(client):
    response = client.get(reverse("signup"))
    html = response.content.decode()
    assert "data-browser-time-zone" in html
    assert '<option value="Pacific/Auckland">Pacific/Auckland</option>' in html
    assert '<option value="UTC" selected>UTC</option>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"password1": "short", "password2": "short"}, "password2", "at least 12 characters"),
        (
            {"password1": "password1234", "password2": "password1234"},
            "password2",
            "too common",
        ),
        ({"password2": "something-else-entirely"}, "password2", "didn’t match"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "Select a valid choice"),
    ],
)
def test_it_rejects_bad_input_with_a_clear_message(client, overrides, field, message):
    response = client.post(reverse("signup"), signup_data(**overrides))

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert not User.objects.exists()
    assert not Profile.objects.exists()


def test_it_refuses_a_second_account_for_the_same_email_in_any_case(client, owner):
    response = client.post(reverse("signup"), signup_data(email="OWNER@example.com"))

    assert response.status_code == 200
    assert "already exists" in " ".join(response.context["form"].errors["email"])
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_it_accepts_a_64_character_passphrase(client):
    passphrase = "correct horse battery staple " * 2 + "lantern"
    passphrase = passphrase[:64]
    assert len(passphrase) == 64

    response = client.post(
        reverse("signup"), signup_data(password1=passphrase, password2=passphrase)
    )

    assert response.status_code == 302
    assert User.objects.get().check_password(passphrase)


@pytest.mark.django_db
def test_it_rejects_a_password_of_megabytes(client):
    huge = "x" * 129 + "Yz!"
    response = client.post(reverse("signup"), signup_data(password1=huge, password2=huge))

    assert response.status_code == 200
    assert "too long" in " ".join(response.context["form"].errors["password2"])
    assert not User.objects.exists()


def test_signed_in_people_are_sent_home_from_signup(owner_client):
    response = owner_client.get(reverse("signup"))
    assert response.status_code == 302
    assert response.url == reverse("home")
