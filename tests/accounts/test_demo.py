from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import DEMO_EMAIL, DEMO_PASSWORD
from accounts.models import User


def run_seed_demo():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_creates_an_account_that_can_log_in(client):
    output = run_seed_demo()

    assert DEMO_EMAIL in output
    assert DEMO_PASSWORD in output
    response = client.post(reverse("login"), {"username": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("account")).status_code == 200


@pytest.mark.django_db
def test_seed_demo_is_safe_to_run_again_and_restores_the_password():
    run_seed_demo()
    user = User.objects.get(email=DEMO_EMAIL)
    user.set_password("changed by a visitor!")
    user.save()

    output = run_seed_demo()

    assert "Refreshed" in output
    assert User.objects.filter(email=DEMO_EMAIL).count() == 1
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)
