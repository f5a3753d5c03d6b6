"""A copy of the rows the real catalog import wrote, written back for the next module.

The full catalog's import takes 3 to 5 s of a test worker's processor, and five test modules
load it, on both databases. Its rows depend only on the data files, which no test changes: the
first load in a test run imports for real and keeps the raw rows of the three catalog tables
(as the database returns them, before any field conversion) in a file; every later load writes
those rows back, ids included, in a fraction of a second, then does what the import does
after writing: the id sequences move past the rows (PostgreSQL), and the planner's statistics
are refreshed. tests/foods/test_import.py checks the import itself on its own calls.
"""

import os
import pickle
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, transaction

from foods.catalog_import import refresh_planner_statistics
from foods.models import Food, FoodWord, Portion

# Parents first: rows are written back in this order.
CATALOG_MODELS = (Food, Portion, FoodWord)


def _catalog_rows(model) -> tuple[list[str], list[tuple]]:
    """The catalog's rows of one table, as the database driver returns them."""
    queryset = model.objects.all()
    if model is Food:
        queryset = queryset.filter(owner__isnull=True)
    else:
        queryset = queryset.filter(food__owner__isnull=True)
    fields = model._meta.concrete_fields
    sql, params = queryset.values_list(*(f.attname for f in fields)).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [field.column for field in fields], cursor.fetchall()


def keep(path: Path) -> None:
    """Writes the catalog now in the database to ``path`` (atomically: workers may race)."""
    copy = {model._meta.db_table: _catalog_rows(model) for model in CATALOG_MODELS}
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.write_bytes(pickle.dumps(copy, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(partial, path)


def restore(path: Path) -> bool:
    """Writes the kept catalog back; False when there is none to write yet."""
    if not path.is_file():
        return False
    copy = pickle.loads(path.read_bytes())
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for model in CATALOG_MODELS:
            table = model._meta.db_table
            columns, rows = copy[table]
            names = ", ".join(quote(column) for column in columns)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as writer:
                    for row in rows:
                        writer.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
        for statement in connection.ops.sequence_reset_sql(no_style(), list(CATALOG_MODELS)):
            cursor.execute(statement)
    refresh_planner_statistics()
    return True
