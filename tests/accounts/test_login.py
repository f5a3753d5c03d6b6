import pytest
from django.conf import settings
from django.test import Client
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


def made_up_emails(count):
    return [f"nobody{number}@example.com" for number in range(count)]


def test_failed_logins_with_made_up_emails_are_limited_per_address(client, owner, settings):
    """Failed on de20a7f: each made-up email was its own (email, address) pair, so one
    address could try without end, each try costing a password hash."""
    for email in made_up_emails(settings.LOGIN_FAILURES_PER_ADDRESS):
        assert log_in(client, email, "guess").status_code == 200

    refused = log_in(client, "one.more@example.com", "guess")

    assert refused.status_code == 429
    assert "Too many failed log-ins from your network" in refused.content.decode()
    assert int(refused["Retry-After"]) == settings.LOGIN_ADDRESS_WINDOW.total_seconds()
    # The real owner, from that address, waits too; from another address they sign in.
    assert log_in(client, owner.email, DEFAULT_PASSWORD).status_code == 429
    assert log_in(client, owner.email, DEFAULT_PASSWORD, address=PHONE_ADDRESS).status_code == 302


def test_the_count_is_kept_in_the_shared_cache_so_every_app_server_sees_it(client, db):
    from django.core.cache import cache

    from accounts.throttle import failures_from

    for email in made_up_emails(3):
        log_in(client, email, "guess")

    assert failures_from(HOME_ADDRESS) == 3
    assert cache.get(f"accounts:login-failures:{HOME_ADDRESS}") == 3


def test_a_forged_forwarded_header_buys_nothing_without_a_trusted_proxy(client, settings, db):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    for number, email in enumerate(made_up_emails(3)):
        client.post(
            reverse("login"),
            {"username": email, "password": "guess"},
            REMOTE_ADDR=HOME_ADDRESS,
            HTTP_X_FORWARDED_FOR=f"10.9.9.{number}",
            HTTP_X_REAL_IP=f"10.8.8.{number}",
        )

    assert log_in(client, "another@example.com", "guess").status_code == 429


def test_behind_a_trusted_proxy_x_real_ip_is_the_client(client, settings, db):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    proxy = "10.0.0.2"

    def through_proxy(client_address, email="guess@example.com"):
        return client.post(
            reverse("login"),
            {"username": email, "password": "guess"},
            REMOTE_ADDR=proxy,
            HTTP_X_REAL_IP=client_address,
        )

    for email in made_up_emails(3):
        through_proxy(HOME_ADDRESS, email)

    assert through_proxy(HOME_ADDRESS).status_code == 429
    assert through_proxy(PHONE_ADDRESS).status_code == 200  # another client, same proxy


def test_two_app_servers_sharing_redis_count_together(settings, db):
    """Two app servers are two processes with their own connections to the cache: failures
    made through one are counted by the other (the cache is Redis, as CACHE_URL sets it)."""
    import uuid

    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    from tests.reminders.conftest import REDIS_URL, redis_reachable

    if not redis_reachable():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    settings.LOGIN_FAILURES_PER_ADDRESS = 4
    prefix = f"cramp-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": REDIS_URL, "KEY_PREFIX": prefix},
    }  # fmt: skip
    server_a, server_b = Client(), Client()
    other_server_cache = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    try:
        for number, email in enumerate(made_up_emails(4)):
            log_in(server_a if number % 2 else server_b, email, "guess")

        assert other_server_cache.get(f"accounts:login-failures:{HOME_ADDRESS}") == 4
        assert log_in(server_a, "more@example.com", "guess").status_code == 429
        assert log_in(server_b, "more@example.com", "guess").status_code == 429
    finally:
        other_server_cache.delete(f"accounts:login-failures:{HOME_ADDRESS}")
        caches["default"].close()
