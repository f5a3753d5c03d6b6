"""Walks the project's URLconf and builds URLs for tests, from the registry in url_registry."""

import functools
import hashlib
import sysconfig
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class Pattern:
    name: str | None  # "namespace:name" as reverse() takes it; None for an unnamed pattern
    route: str  # the full pattern text, for messages
    namespace: str | None
    arguments: tuple[str, ...]  # the names of the URL's keyword arguments


def iter_patterns(resolver=None, namespace=None, prefix="", arguments=()):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            full_namespace = ":".join(part for part in (namespace, inner) if part) or None
            inner_arguments = arguments + tuple(entry.pattern.regex.groupindex)
            yield from iter_patterns(
                entry, full_namespace, prefix + str(entry.pattern), inner_arguments
            )
        elif isinstance(entry, URLPattern):
            full_name = ":".join(p for p in (namespace, entry.name) if p) if entry.name else None
            own_arguments = arguments + tuple(entry.pattern.regex.groupindex)
            yield Pattern(full_name, prefix + str(entry.pattern), namespace, own_arguments)


def url_for(route, owner):
    """The route's URL for the owner's object, after creating what the page needs."""
    if route.setup:
        route.setup(owner)
    url = reverse(route.name, kwargs=route.kwargs(owner) if route.kwargs else None)
    return f"{url}?{route.query}" if route.query else url


@functools.cache
def project_models():
    """The models of our own apps (not Django's or third parties'), for before/after checks."""
    base = str(settings.BASE_DIR)
    # The virtualenv usually lives inside the project folder (.venv/): its packages are not ours.
    installed = sysconfig.get_paths()["purelib"]
    return tuple(
        model
        for model in apps.get_models()
        if model._meta.app_config.path.startswith(base)
        and not model._meta.app_config.path.startswith(installed)
    )


# The shared food catalog (tens of thousands of rows once loaded) is compared by fingerprint;
# reading and sorting it in Python for every "nothing changed" proof was most of the run.
CATALOG_MODELS = ("foods.Food", "foods.Portion", "foods.FoodWord")


# Sessions are the browser's, not stored data: a GET may start one (a password reset link
# keeps its token there), as it did when they lived in Django's own table.
NOT_STORED_DATA = ("accounts.Session",)


def snapshot_rows():
    """Every row of every project model, to prove that a request changed nothing.

    People's own tables are read in full, so a failing comparison shows the changed row; the
    shared catalog is summed up by ``table_fingerprint``, which changes as surely. The rows
    are read with plain SQL, every column as stored: the proofs take thousands of snapshots,
    and building the same ORM queries again each time was most of their cost.
    """
    snapshot = {}
    with connection.cursor() as cursor:
        for model, sql in _snapshot_queries(connection.vendor):
            if sql is None:
                snapshot[model._meta.label] = table_fingerprint(model)
            else:
                cursor.execute(sql)
                snapshot[model._meta.label] = sorted(cursor.fetchall(), key=repr)
    return snapshot


@functools.cache
def _snapshot_queries(vendor: str) -> tuple:
    """(model, the SQL that reads all its rows) for each model a snapshot covers; None as the
    SQL for the catalog's, which are fingerprinted. One list per database vendor."""
    quote = connection.ops.quote_name
    queries = []
    for model in project_models():
        label = model._meta.label
        if label in NOT_STORED_DATA:
            continue
        if label in CATALOG_MODELS:
            queries.append((model, None))
            continue
        columns = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
        queries.append((model, f"SELECT {columns} FROM {quote(model._meta.db_table)}"))
    return tuple(queries)


def table_fingerprint(model) -> tuple[int, int | None, str]:
    """(rows, highest id, digest of every value of every row in id order), computed in SQL.

    The digest covers every column, so a changed value, a removed or added row and a moved
    portion all change it; the database does the reading and joining, Python only hashes
    the one string it returns (SQLite has no md5 of its own).
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk = quote(model._meta.pk.column)
    columns = [quote(field.column) for field in model._meta.concrete_fields]
    if connection.vendor == "postgresql":
        row_text = " || '|' || ".join(f"quote_nullable({c})" for c in columns)
        digest = f"md5(string_agg({row_text}, E'\\n' ORDER BY {pk}))"
        sql = f"SELECT count(*), max({pk}), {digest} FROM {table}"
    else:
        row_text = " || '|' || ".join(f"quote({c})" for c in columns)
        sql = (
            f"SELECT count(*), max({pk}), group_concat(row_text, char(10)) "
            f"FROM (SELECT {pk}, {row_text} AS row_text FROM {table} ORDER BY {pk})"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows, highest_id, values = cursor.fetchone()
    if connection.vendor != "postgresql":
        values = hashlib.md5((values or "").encode(), usedforsecurity=False).hexdigest()
    return rows, highest_id, values or ""
