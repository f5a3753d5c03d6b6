"""Small things a new person noticed (issue 26): one tap, a 90-second cramp, the schema version
on "Your data"."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from journal.templatetags.journal import duration
from portability import SCHEMA_VERSION
from tests.factories import CrampFactory


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (45, "45 s"),
        (60, "1 min"),
        (90, "1 min 30 s"),
        (150, "2 min 30 s"),
        (600, "10 min"),
        (3600, "1 h"),
        (4800, "1 h 20 min"),
        (None, ""),
    ],
)
def test_a_cramps_length_is_shown_as_logged(seconds, shown):
    assert duration(seconds) == shown


def test_a_90_second_cramp_is_not_2_minutes_on_today(owner_client, owner):
    CrampFactory(user=owner, duration_seconds=90)

    html = owner_client.get(reverse("journal:today")).content.decode()

    assert "1 min 30 s" in html
    assert "· 2 min" not in html


def test_the_home_page_and_readme_say_one_tap(client):
    html = client.get(reverse("home")).content.decode()
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")

    for text in (html, readme):
        assert "one tap" in text
        assert "two taps" not in text


def test_your_data_names_the_schema_version_of_the_file(owner_client):
    html = owner_client.get(reverse("account_data")).content.decode()

    assert f"schema version {SCHEMA_VERSION})" in html
