import pytest
from django.core.management import call_command

from tests.factories import UserFactory


@pytest.fixture
def owner(db):
    """The person whose data a test is about."""
    return UserFactory(email="owner@example.com", profile={"time_zone": "Europe/London"})


@pytest.fixture
def stranger(db):
    """Another signed-up person, who must never see or change the owner's data."""
    return UserFactory(email="stranger@example.com")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def stranger_client(client, stranger):
    client.force_login(stranger)
    return client


@pytest.fixture(scope="session")
def catalog_db(django_db_setup, django_db_blocker):
    """The full USDA catalog, loaded once for the session's tests that search or count it.

    Tests that use it must not change catalog rows (they run inside a transaction that is
    rolled back, so what they write disappears, but the loaded catalog stays).
    """
    with django_db_blocker.unblock():
        call_command("import_foods", verbosity=0)
    yield
    with django_db_blocker.unblock():
        from foods.models import Food

        Food.objects.catalog().delete()
