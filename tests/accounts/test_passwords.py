import re

from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD

NEW_PASSWORD = "tangerine-orbit-velvet-9"


def test_password_change_needs_the_current_password(owner_client, owner):
    response = owner_client.post(
        reverse("password_change"),
        {"old_password": "a guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "incorrectly" in " ".join(response.context["form"].errors["old_password"])
    owner.refresh_from_db()
    assert owner.check_password(DEFAULT_PASSWORD)


def test_password_change_keeps_this_session_and_ends_the_others(owner, client):
    other_device = Client()
    other_device.force_login(owner)
    client.force_login(owner)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    assert client.get(reverse("account")).status_code == 200
    assert other_device.get(reverse("account")).status_code == 302


def test_password_reset_link_works_end_to_end(client, owner):
    response = client.post(reverse("password_reset"), {"email": "OWNER@example.com"})
    assert response.status_code == 302

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]

    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("password_reset_complete")

    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    # The link works once.
    assert "no longer works" in client.get(link, follow=True).content.decode()
    assert SESSION_KEY not in client.session


def test_password_reset_does_not_reveal_whether_an_account_exists(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []
