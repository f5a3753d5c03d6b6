import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import Profile, User
from accounts.signup import confirmation_token
from tests.factories import DEFAULT_PASSWORD

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


def confirmation_link(message) -> str:
    """The confirmation page's path, from the mail a new person receives."""
    (link,) = re.findall(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", message.body)
    return link


def confirm_by_mail(client, email="new.person@example.com"):
    """Follows the link of the last mail to ``email`` and presses its button."""
    message = [message for message in mail.outbox if message.to == [email]][-1]
    link = confirmation_link(message)
    assert client.get(link).status_code == 200  # opening it changes nothing yet
    return client.post(link)


@pytest.mark.django_db
def test_it_creates_the_account_with_profile_and_signs_in(client):
    response = client.post(reverse("signup"), signup_data())

    assert response.status_code == 302
    assert response.url == reverse("signup_sent")
    response = confirm_by_mail(client)
    assert response.status_code == 302
    assert response.url == reverse("profile")
    user = User.objects.get()
    assert user.email == "new.person@example.com"
    assert user.check_password(STRONG_PASSWORD)
    assert user.profile.time_zone == "Pacific/Auckland"
    assert client.get(reverse("account")).status_code == 200


@pytest.mark.django_db
def test_the_account_opens_only_once_the_address_is_confirmed(client):
    client.post(reverse("signup"), signup_data())

    user = User.objects.get()
    assert not user.is_active
    assert client.get(reverse("account")).status_code == 302, "not signed in yet"
    login = client.post(reverse("login"), {"username": user.email, "password": STRONG_PASSWORD})
    assert login.status_code == 200, "an unconfirmed account cannot sign in"
    (message,) = mail.outbox
    assert message.subject == "Confirm your email address for Cramp Journal"
    assert message.to == ["new.person@example.com"]

    confirm_by_mail(client)

    user.refresh_from_db()
    assert user.is_active
    assert client.get(reverse("account")).status_code == 200


@pytest.mark.django_db
def test_a_confirmation_link_works_once_and_only_as_signed(client):
    client.post(reverse("signup"), signup_data())
    link = confirmation_link(mail.outbox[0])
    assert client.post(link).status_code == 302
    client.post(reverse("logout"))

    used = client.post(link)
    assert used.status_code == 400
    assert "This link no longer works" in used.content.decode()
    assert client.get(reverse("account")).status_code == 302
    forged = link.replace(link.split("/")[-2][-6:], "AAAAAA")
    assert client.get(forged).status_code == 400


@pytest.mark.django_db
def test_a_confirmation_link_expires(client, settings):
    client.post(reverse("signup"), signup_data())
    link = confirmation_link(mail.outbox[0])
    settings.SIGNUP_CONFIRMATION_SECONDS = -1

    assert client.post(link).status_code == 400
    assert not User.objects.get().is_active


@pytest.mark.django_db
def test_signing_up_again_before_confirming_replaces_the_password_and_the_link(client):
    client.post(reverse("signup"), signup_data())
    first_link = confirmation_link(mail.outbox[0])
    newer = "another-violet-anchor-77"
    client.post(reverse("signup"), signup_data(password1=newer, password2=newer))

    assert client.post(first_link).status_code == 400
    confirm_by_mail(client)
    user = User.objects.get()
    assert user.is_active and user.check_password(newer)
    assert Profile.objects.count() == 1


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


def without_csrf(page: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value|x-csrftoken": )"?[^"]+"', "", page)


def test_sign_up_answers_the_same_for_an_address_with_an_account(owner):
    """Failed on de20a7f: the form said "An account with this email address already
    exists", so anyone could learn who keeps a cramp journal."""
    new, existing = Client(), Client()

    for_new = new.post(reverse("signup"), signup_data(email="someone.new@example.com"))
    for_existing = existing.post(reverse("signup"), signup_data(email="OWNER@example.com"))

    assert (for_new.status_code, for_new.url) == (302, reverse("signup_sent"))
    assert (for_existing.status_code, for_existing.url) == (302, reverse("signup_sent"))
    page_new = without_csrf(new.get(for_new.url).content.decode())
    assert page_new == without_csrf(existing.get(for_existing.url).content.decode())
    assert "Check your email" in page_new
    # Nothing about the account changed; its owner is told by mail instead.
    owner.refresh_from_db()
    assert owner.check_password(DEFAULT_PASSWORD)
    assert owner.is_active
    assert User.objects.filter(email="owner@example.com").count() == 1
    (to_owner,) = [message for message in mail.outbox if message.to == ["owner@example.com"]]
    assert to_owner.subject == "Someone tried to sign up with your address"
    assert "already has an account" in to_owner.body
    assert "http://testserver/accounts/login/" in to_owner.body
    assert "http://testserver/accounts/password/reset/" in to_owner.body
    assert "/accounts/signup/confirm/" not in to_owner.body
    assert to_owner.extra_headers["Auto-Submitted"] == "auto-generated"
    (to_new,) = [m for m in mail.outbox if m.to == ["someone.new@example.com"]]
    assert "/accounts/signup/confirm/" in to_new.body


def test_an_existing_account_cannot_be_taken_over_by_signing_up_again(client, owner):
    client.post(reverse("signup"), signup_data(email="owner@example.com"))

    token_for_owner = confirmation_token(owner)
    response = client.post(reverse("signup_confirm", kwargs={"token": token_for_owner}))

    assert response.status_code == 400, "a confirmed account has nothing to confirm"
    assert client.get(reverse("account")).status_code == 302


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


@pytest.mark.django_db
def test_logging_in_before_confirming_says_what_to_do(client):
    client.post(reverse("signup"), signup_data())

    right = client.post(
        reverse("login"), {"username": "new.person@example.com", "password": STRONG_PASSWORD}
    )
    wrong = client.post(
        reverse("login"), {"username": "new.person@example.com", "password": "not it at all"}
    )

    assert "Confirm your email address first" in right.content.decode()
    assert client.get(reverse("account")).status_code == 302
    # Without the password nobody learns that the address signed up.
    assert "Confirm your email address" not in wrong.content.decode()
    assert "do not match an account" in wrong.content.decode()


@pytest.mark.django_db
def test_sign_ups_never_confirmed_are_forgotten_once_their_link_expired(client, settings):
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    client.post(reverse("signup"), signup_data(email="late@example.com"))
    client.post(reverse("signup"), signup_data(email="recent@example.com"))
    confirmed = User.objects.create_user("confirmed@example.com", STRONG_PASSWORD)
    long_ago = timezone.now() - timedelta(seconds=settings.SIGNUP_CONFIRMATION_SECONDS + 60)
    User.objects.filter(email__in=["late@example.com", confirmed.email]).update(
        date_joined=long_ago
    )
    out = StringIO()

    call_command("forget_unconfirmed_signups", stdout=out)

    assert out.getvalue().strip() == "Forgot 1 unconfirmed sign-up."
    assert set(User.objects.values_list("email", flat=True)) == {
        "recent@example.com",
        "confirmed@example.com",
    }
    assert Profile.objects.count() == 2
