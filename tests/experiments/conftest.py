import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def _owners_zone():
    """The owner's zone (tests/conftest.py) in the test process too, as the middleware makes
    it in requests: "today" is then the same day for the test and the view at any hour (in
    summer, London's date runs an hour ahead of UTC's)."""
    with timezone.override("Europe/London"):
        yield
