"""The offline page the service worker keeps (issue 26): public, the same for everyone."""

from django.urls import reverse


def test_the_offline_page_is_public_and_points_to_today(client, db):
    response = client.get(reverse("journal:offline"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "You are offline" in html
    assert reverse("journal:today") in html


def test_the_worker_keeps_the_offline_page_without_cookies(client, db):
    script = client.get(reverse("journal:service_worker")).content.decode()

    assert f'const OFFLINE = "{reverse("journal:offline")}";' in script
    assert 'new Request(OFFLINE, { credentials: "omit" })' in script
    assert 'request.mode === "navigate"' in script
