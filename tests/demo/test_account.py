"""The demo account itself (its journal is seeded by journal's seed_demo command)."""

import pytest
from django.urls import reverse

from accounts.models import User
from demo.account import DEMO_EMAIL, DEMO_PASSWORD, ensure_demo_user


@pytest.mark.django_db
def test_the_demo_account_can_log_in(client):
    ensure_demo_user()

    response = client.post(reverse("login"), {"username": DEMO_EMAIL, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert client.get(reverse("account")).status_code == 200


@pytest.mark.django_db
def test_ensuring_again_is_safe_and_restores_the_password():
    _, created = ensure_demo_user()
    user = User.objects.get(email=DEMO_EMAIL)
    user.set_password("changed by a visitor!")
    user.save()

    _, created_again = ensure_demo_user()

    assert (created, created_again) == (True, False)
    assert User.objects.filter(email=DEMO_EMAIL).count() == 1
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)
