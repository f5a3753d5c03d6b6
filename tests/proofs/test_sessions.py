"""Sessions: a new key at login, and an old key that no longer opens anything after logout or
after a password change. Each check replays the old cookie from a fresh client, as a thief
holding a copied cookie would."""

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD

NEW_PASSWORD = "a brand new passphrase for cramps"


def log_in(client, email, password=DEFAULT_PASSWORD):
    response = client.post(reverse("login"), {"username": email, "password": password})
    assert response.status_code == 302, "the login form did not accept the password"
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def with_cookie(session_key):
    """A fresh client that presents only this session cookie."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def opens_private_page(client):
    return client.get(reverse("journal:today")).status_code == 200


def test_the_session_key_changes_at_login(client, owner):
    session = client.session  # a visitor's session, with something in it
    session["seen_home_page"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    before = session.session_key

    after = log_in(client, owner.email)

    assert after != before
    assert not SessionStore().exists(before), "the visitor's key must not survive the login"
    assert opens_private_page(with_cookie(after))
    assert not opens_private_page(with_cookie(before))


def test_the_old_key_is_dead_after_logout(client, owner):
    key = log_in(client, owner.email)
    assert opens_private_page(with_cookie(key))

    assert client.post(reverse("logout")).status_code == 302

    assert not SessionStore().exists(key)
    stolen = with_cookie(key)
    assert not opens_private_page(stolen)
    assert stolen.get(reverse("journal:today")).url.startswith(reverse("login"))


def test_a_password_change_keeps_this_session_and_kills_the_others(owner):
    laptop, phone = Client(), Client()
    laptop_key = log_in(laptop, owner.email)
    phone_key = log_in(phone, owner.email)
    assert laptop_key != phone_key

    response = laptop.post(
        reverse("password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert opens_private_page(laptop), "the person who changed it stays signed in"
    assert not opens_private_page(phone), "the other device is signed out"
    assert not opens_private_page(with_cookie(phone_key))
    # The laptop's own key rotated too: its pre-change cookie opens nothing either.
    assert laptop.cookies[settings.SESSION_COOKIE_NAME].value != laptop_key
    assert not opens_private_page(with_cookie(laptop_key))


def test_a_session_cookie_from_before_a_password_reset_is_dead(client, owner):
    key = log_in(client, owner.email)
    owner.set_password(NEW_PASSWORD)  # what the reset form saves
    owner.save()

    assert not opens_private_page(with_cookie(key))


def test_a_made_up_session_key_opens_nothing(db):
    assert not opens_private_page(with_cookie("x" * 32))
