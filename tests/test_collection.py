"""tests/conftest.py marks the tests that cannot touch a database, which .ci/run then runs on
SQLite only. A test with the database must never be among them, or PostgreSQL would skip it."""

import pytest
from django.db import connection


def is_database_free(request) -> bool:
    return request.node.get_closest_marker("database_free") is not None


def test_a_test_with_the_db_fixture_runs_on_every_database(request, db):
    assert not is_database_free(request)


@pytest.mark.django_db
def test_a_test_with_the_django_db_mark_runs_on_every_database(request):
    assert not is_database_free(request)


@pytest.fixture
def through_another_fixture(transactional_db):
    return "rows"


def test_a_test_that_reaches_the_database_through_a_fixture_runs_on_every_database(
    request, through_another_fixture
):
    assert not is_database_free(request)


def test_a_test_without_the_database_is_database_free_and_cannot_query(request):
    assert is_database_free(request)
    # pytest-django refuses its queries: it could not depend on which database is configured.
    with pytest.raises(RuntimeError, match="Database access not allowed"):
        connection.cursor()
