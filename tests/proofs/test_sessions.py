"""Sessions: a new key at login, and an old key that no longer opens anything after logout or
after a password change. Each check replays the old cookie from a fresh client, as a thief
holding a copied cookie would. A person's sessions are found and deleted whatever key signed
them: at a password change elsewhere, "sign out on every device" and account deletion."""

import secrets

from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import Session
from accounts.sessions import SessionStore
from tests.factories import DEFAULT_PASSWORD
from tests.test_settings import run_manage

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

    # Deleted at once, not only refused when someone next presents it.
    assert not Session.objects.filter(session_key=key).exists()
    assert not opens_private_page(with_cookie(key))


def test_a_made_up_session_key_opens_nothing(db):
    assert not opens_private_page(with_cookie("x" * 32))


def sessions_of(user) -> set[str]:
    return set(Session.objects.filter(user=user).values_list("session_key", flat=True))


def change_password(client):
    return client.post(
        reverse("password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )


def test_each_stored_session_names_its_user(owner, stranger):
    owner_key, stranger_key = log_in(Client(), owner.email), log_in(Client(), stranger.email)

    assert sessions_of(owner) == {owner_key}
    assert sessions_of(stranger) == {stranger_key}


def test_a_password_change_deletes_the_other_sessions_not_just_refuses_them(owner, stranger):
    """Failed on de20a7f: the other devices' sessions stayed stored until they expired."""
    laptop = Client()
    log_in(laptop, owner.email)
    phone_key = log_in(Client(), owner.email)
    stranger_key = log_in(Client(), stranger.email)

    assert change_password(laptop).status_code == 302

    assert sessions_of(owner) == {laptop.cookies[settings.SESSION_COOKIE_NAME].value}
    assert not SessionStore().exists(phone_key)
    assert sessions_of(stranger) == {stranger_key}


def test_sessions_signed_with_a_rotated_key_still_open_and_are_still_found(owner, settings):
    old_key = settings.SECRET_KEY
    key_a = log_in(Client(), owner.email)
    settings.SECRET_KEY = "a-new-secret-key-" + secrets.token_urlsafe(40)
    settings.SECRET_KEY_FALLBACKS = [old_key]
    key_b = log_in(Client(), owner.email)
    assert opens_private_page(with_cookie(key_a)), "the fallback key still opens it"

    response = with_cookie(key_b).post(reverse("sign_out_everywhere"))

    assert response.status_code == 302
    assert sessions_of(owner) == set()
    assert not opens_private_page(with_cookie(key_a))
    assert not opens_private_page(with_cookie(key_b))


def test_sessions_signed_with_a_key_dropped_since_are_deleted_too(owner, settings):
    """Failed on de20a7f: finding someone's sessions meant decoding every stored session,
    and one signed with a key no longer configured decodes to nothing: it was never found."""
    stale_key = log_in(Client(), owner.email)
    settings.SECRET_KEY = "a-new-secret-key-" + secrets.token_urlsafe(40)
    settings.SECRET_KEY_FALLBACKS = []
    device = Client()
    log_in(device, owner.email)

    device.post(reverse("delete_account"), {"password": DEFAULT_PASSWORD})

    assert not Session.objects.filter(session_key=stale_key).exists()
    assert Session.objects.filter(user__isnull=False).count() == 0


def test_sign_out_on_every_device_ends_this_one_too_and_only_this_persons(owner, stranger):
    here = Client()
    log_in(here, owner.email)
    elsewhere = log_in(Client(), owner.email)
    stranger_key = log_in(Client(), stranger.email)

    response = here.post(reverse("sign_out_everywhere"))

    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    page = here.get(response.url).content.decode()
    assert "Signed out on every device (2 sessions)." in page
    assert not opens_private_page(here)
    assert not opens_private_page(with_cookie(elsewhere))
    assert opens_private_page(with_cookie(stranger_key))


def test_old_keys_come_from_the_environment():
    new, old = secrets.token_urlsafe(64), secrets.token_urlsafe(64)
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)",
        SECRET_KEY=new,
        SECRET_KEY_FALLBACKS=f"{old},{old[::-1]}",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(str([old, old[::-1]]))
