import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD

HOME_ADDRESS = "203.0.113.7"
PHONE_ADDRESS = "198.51.100.20"


def log_in(client, email, password, address=HOME_ADDRESS):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def is_signed_in(client):
    return client.get(reverse("account")).status_code == 200


def test_it_logs_in_with_email_in_any_case(client, owner):
    response = log_in(client, "Owner@Example.COM", DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse(settings.LOGIN_REDIRECT_URL)
    assert is_signed_in(client)


def test_it_rejects_a_wrong_password_with_a_clear_message(client, owner):
    response = log_in(client, owner.email, "not my password at all")

    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert not is_signed_in(client)


def test_it_rotates_the_session_key_at_login(client, owner):
    client.get(reverse("login"))
    client.session.save()
    key_before = client.session.session_key

    log_in(client, owner.email, DEFAULT_PASSWORD)

    assert client.session.session_key != key_before


def test_logout_is_post_only_and_ends_the_session(owner_client):
    assert owner_client.get(reverse("logout")).status_code == 405
    assert is_signed_in(owner_client)

    response = owner_client.post(reverse("logout"))

    assert response.status_code == 302
    assert not is_signed_in(owner_client)


def test_five_wrong_passwords_lock_that_address_out_with_a_clear_message(client, owner):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(client, owner.email, "wrong password, again")

    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in paused for 15 minutes" in page
    assert "5 failed log-in attempts" in page

    # Even the right password is refused from that address until the pause ends.
    response = log_in(client, owner.email, DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert not is_signed_in(client)


def test_the_owner_can_still_sign_in_from_another_address(client, owner):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, owner.email, "wrong password, again")

    response = log_in(client, owner.email, DEFAULT_PASSWORD, address=PHONE_ADDRESS)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_email_spelling_does_not_buy_extra_attempts(client, owner):
    spellings = ["owner@example.com", "OWNER@example.com", "Owner@Example.com"]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(client, spellings[attempt % 3], "wrong password, again")

    assert response.status_code == 429


@pytest.mark.django_db
def test_a_locked_out_pair_does_not_lock_other_accounts(client, owner, stranger):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, owner.email, "wrong password, again")

    response = log_in(client, stranger.email, DEFAULT_PASSWORD)

    assert response.status_code == 302


def test_behind_a_proxy_the_forwarded_client_address_is_counted(client, owner, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": owner.email, "password": "wrong password, again"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, {HOME_ADDRESS}",
        )

    other_client_same_proxy = client.post(
        reverse("login"),
        {"username": owner.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=PHONE_ADDRESS,
    )

    assert other_client_same_proxy.status_code == 302
