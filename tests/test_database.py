"""The SQLite settings really reach the connection (a misplaced OPTIONS key does nothing)."""

import pytest
from django.db import connection, transaction

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite pragmas; PostgreSQL needs none of these"
)


def pragma(name):
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_foreign_keys():
    assert pragma("journal_mode") == "wal"
    assert pragma("busy_timeout") == 20_000
    assert pragma("foreign_keys") == 1
    assert pragma("synchronous") == 1  # NORMAL: safe with WAL, far fewer fsyncs


@pytest.mark.django_db(transaction=True)
def test_sqlite_transactions_take_the_write_lock_up_front():
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record), transaction.atomic():
        connection.cursor().execute("SELECT 1")

    assert statements[0] == "BEGIN IMMEDIATE"
