"""Queries whose SQL is built once: a person's rows over a range of days, asked again and
again with other values.

A five-year report spent about 5 ms of its Python time (a tenth) building the same six
grouped querysets (each with eight filtered aggregates) and compiling them to the same SQL,
every time (issue 25). :class:`CompiledRows` builds its queryset once per database, with
stand-in values for the person and the days, and then runs that SQL with each call's values
in the stand-ins' places: the same SQL and the same parameters the queryset would give, on a
plain cursor, the rows as the driver returns them (as ``journal.intake.rows``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet

# No person has a negative key, and no journal goes back to 1801: a parameter equal to a
# stand-in can only be the stand-in.
STAND_IN_USER = -1_000_003
STAND_IN_FIRST_DAY = date(1801, 1, 1)

# The SQL, its parameters with the stand-ins, and where each stand-in is: (position in the
# parameters, index among the call's values).
Compiled = tuple[str, list[Any], list[tuple[int, int]]]


class CompiledRows:
    """The rows of ``build(user_id, *days)``, a ``values_list`` queryset of ``model`` whose
    only values that change between calls are the person's key and the days (each day a
    DateField lookup's value). Tests: tests/journal/test_compiled_rows.py."""

    def __init__(self, model: type[Model], build: Callable[..., QuerySet[Any, Any]]) -> None:
        self.model = model
        self.build = build
        self._compiled: dict[tuple[str, str, int], Compiled] = {}

    def __call__(self, user_id: int, *days: date) -> list[tuple[Any, ...]]:
        connection, sql, params = self.statement(user_id, *days)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched: list[tuple[Any, ...]] = cursor.fetchall()
            return fetched

    def statement(self, user_id: int, *days: date) -> tuple[BaseDatabaseWrapper, str, list[Any]]:
        """The connection, the SQL and the parameters of one call."""
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        key = (alias, connection.vendor, len(days))
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(connection, len(days))
        sql, template, places = compiled
        values = [user_id, *(connection.ops.adapt_datefield_value(day) for day in days)]
        params = list(template)
        for position, index in places:
            params[position] = values[index]
        return connection, sql, params

    def _compile(self, connection: BaseDatabaseWrapper, day_count: int) -> Compiled:
        days = [STAND_IN_FIRST_DAY + timedelta(days=i) for i in range(day_count)]
        stand_ins = [STAND_IN_USER, *(connection.ops.adapt_datefield_value(day) for day in days)]
        sql, params = self.build(STAND_IN_USER, *days).query.sql_with_params()
        places = [
            (position, stand_ins.index(value))
            for position, value in enumerate(params)
            if _is_stand_in(value, stand_ins)
        ]
        if {index for _, index in places} != set(range(len(stand_ins))):
            # A value went into the SQL some other way: replaying it would be wrong.
            raise ValueError(f"{self.model.__name__}: a value is missing from the parameters")
        return sql, list(params), places


def _is_stand_in(value: Any, stand_ins: list[Any]) -> bool:
    # By type too: True == 1, and a count's parameter must never be taken for a stand-in.
    return any(type(value) is type(stand_in) and value == stand_in for stand_in in stand_ins)


def rows_of_each(calls: list[tuple[CompiledRows, tuple[Any, ...]]]) -> list[list[tuple[Any, ...]]]:
    """The rows of several small queries, each ``(query, (user_id, *days))``: on PostgreSQL
    sent together and read in turn (psycopg's pipeline mode), one round trip instead of one
    each; elsewhere one after the other. The same queries either way, each run and counted
    on its own."""
    statements = [query.statement(*values) for query, values in calls]
    connections_used = {id(connection) for connection, _, _ in statements}
    if len(connections_used) != 1 or statements[0][0].vendor != "postgresql":
        return [query(*values) for query, values in calls]
    connection = statements[0][0]
    connection.ensure_connection()
    if not _pipeline_supported(connection):
        return [query(*values) for query, values in calls]
    cursors = []
    try:
        with connection.connection.pipeline():
            for _, sql, params in statements:
                cursor = connection.cursor()
                cursors.append(cursor)
                cursor.execute(sql, params)
            return [cursor.fetchall() for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()


def _pipeline_supported(connection: BaseDatabaseWrapper) -> bool:
    """psycopg 3 with a libpq of version 14 or later (psycopg-binary brings its own); not
    psycopg 2, nor psycopg 3 built against an older system libpq."""
    if not hasattr(connection.connection, "pipeline"):  # psycopg 2
        return False
    import psycopg

    return bool(psycopg.Pipeline.is_supported())
