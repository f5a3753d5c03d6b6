import pytest

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
