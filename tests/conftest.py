import csv
import os
import uuid

import pytest
from django.core.management import call_command

import tests.examples  # noqa: F401  (loads the Hypothesis profile before any test)
from tests.browser.support import TOUR_CHECKS
from tests.factories import UserFactory

# PostgreSQL's test databases commit without waiting for the write-ahead log to reach the disk
# (libpq reads PGOPTIONS when it connects; the workers, live servers and commands the tests
# start inherit it). A test database is thrown away, so a commit lost to a crash costs
# nothing, and the wait was most of a migration's time: 23 s to 8 s for the test database of
# each worker. What a commit does and sees is unchanged; only its flush to disk is deferred.
os.environ.setdefault("PGOPTIONS", "-c synchronous_commit=off")

# What reaches the test database: pytest-django's database fixtures and marker (the live server
# needs the database too; the module-scoped catalog fixtures ask for django_db_setup). Without
# one of them pytest-django refuses every query, so a test that has none cannot use the
# database, whichever database is configured. (django_db_blocker is not a sign: pytest-django's
# own autouse fixtures ask for it in every test.)
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "django_db_setup",
        "live_server",
    }
)


def uses_database(item) -> bool:
    fixtures = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or not DATABASE_FIXTURES.isdisjoint(
        fixtures
    )


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items):
    # Before the other plugins, so that `-m "not database_free"` (.ci/run's PostgreSQL pass: the
    # tests that cannot touch a database ran already, on SQLite) reads the marker.
    for item in items:
        if not uses_database(item):
            item.add_marker(pytest.mark.database_free)
    return (yield)


# The page tour's tally (tests/browser/test_page_tour.py records each check). Here, not in
# tests/browser/conftest.py: with xdist the controller, which prints the summary, loads only
# this conftest; each worker sends its checks to it when it finishes.
def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["tour_checks"] = session.config.stash.get(TOUR_CHECKS, [])


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    checks = node.config.stash.setdefault(TOUR_CHECKS, [])
    checks.extend(tuple(check) for check in node.workeroutput.get("tour_checks", []))


def pytest_terminal_summary(terminalreporter, config):
    checks = config.stash.get(TOUR_CHECKS, [])
    if not checks:
        return
    pages = {(route_name, who) for route_name, who, _, _ in checks}
    viewports = {viewport for _, _, viewport, _ in checks}
    schemes = {scheme for _, _, _, scheme in checks}
    terminalreporter.write_line(
        f"Page tour: {len(pages)} pages x {len(viewports)} viewports x {len(schemes)} colour "
        f"schemes = {len(checks)} combinations checked (axe-core WCAG 2.2 AA, console, CSP)."
    )


@pytest.fixture(autouse=True)
def _own_cache_namespace(settings):
    """Each test sees only its own cache entries: counts kept there (failed logins per
    address) must not carry over from one test to another. A key prefix of its own rather
    than emptying the cache, which other test processes may share (Redis)."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": prefix} for name, config in settings.CACHES.items()
    }


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


def _load_catalog(django_db_blocker, data_dir=None, copy_file=None):
    """Loads catalog foods with the real import and removes them all again afterwards.

    Module-scoped users of this see the catalog for their module only: it is committed (the
    import runs outside the tests' transactions) and deleted when the module is done, so no
    other test meets it, whatever the order.

    With ``copy_file``, the rows the real import wrote are kept there, and a later load in
    this test run (in any worker) writes those same rows back instead of importing again:
    tests.catalog_copy says why that is the same catalog.
    """
    from tests import catalog_copy

    with django_db_blocker.unblock():
        if copy_file is None or not catalog_copy.restore(copy_file):
            call_command(
                "import_foods", verbosity=0, **({"data_dir": data_dir} if data_dir else {})
            )
            if copy_file is not None:
                catalog_copy.keep(copy_file)
    yield
    with django_db_blocker.unblock():
        _delete_catalog()


def _delete_catalog():
    from foods.models import Food, FoodWord, Portion

    catalog = Food.objects.catalog()
    # Raw deletes: nothing else points at catalog rows once the tests' transactions are
    # rolled back, and the collector would fetch every one of the ~80,000 rows first.
    FoodWord.objects.filter(food__in=catalog)._raw_delete(FoodWord.objects.db)
    Portion.objects.filter(food__in=catalog)._raw_delete(Portion.objects.db)
    catalog._raw_delete(Food.objects.db)


@pytest.fixture(scope="module")
def full_catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    """The full USDA catalog (8,790 foods), for the module's tests that import, count or rank it.

    Only these need it: everything else builds the few foods it needs with factories or uses
    ``sample_catalog``. Tests must not rely on changing catalog rows; what they write inside
    their own transaction is rolled back.
    """
    yield from _load_catalog(
        django_db_blocker, copy_file=catalog_copy_file(tmp_path_factory, "full")
    )


def catalog_copy_file(tmp_path_factory, name: str):
    """Where this test run keeps its copy of a catalog: in the folder that the xdist workers'
    own temporary folders share, so that one import serves every worker."""
    from django.db import connection

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    return root / f"catalog-{name}-{connection.vendor}.pickle"


@pytest.fixture(scope="module")
def sample_catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    """The featured foods of the real catalog and their portions (about 200 foods).

    Enough for whatever logs everyday foods by their USDA ids (the demo account's menus are
    all featured foods), at a fortieth of the full catalog's rows.
    """
    yield from _load_catalog(
        django_db_blocker, sample_catalog_files(tmp_path_factory.mktemp("sr28"))
    )


def sample_catalog_files(folder):
    """Writes the featured rows of the catalog's data files into ``folder``."""
    from foods.catalog_import import DATA_DIR, FOODS_FILE, PORTIONS_FILE

    with open(DATA_DIR / FOODS_FILE, newline="", encoding="utf-8") as handle:
        foods = list(csv.DictReader(handle))
    featured = [row for row in foods if row["featured"] == "1"]
    featured_ids = {row["ndb_no"] for row in featured}
    with open(DATA_DIR / PORTIONS_FILE, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        portions = [row for row in reader if row["ndb_no"] in featured_ids]
        portion_columns = reader.fieldnames
    _write_csv(folder / FOODS_FILE, list(foods[0]), featured)
    _write_csv(folder / PORTIONS_FILE, portion_columns, portions)
    return folder


def _write_csv(path, columns, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def seeded_demo(sample_catalog, django_db_blocker):
    """One seeding of the demo account's journal (seed_demo) for the module; its output."""
    from io import StringIO

    from accounts.models import User
    from demo.account import DEMO_EMAIL

    out = StringIO()
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=out)
    yield out.getvalue()
    with django_db_blocker.unblock():
        User.objects.filter(email=DEMO_EMAIL).delete()


@pytest.fixture
def demo(seeded_demo, db):
    """The demo account, with its seeded journal."""
    from accounts.models import User
    from demo.account import DEMO_EMAIL

    return User.objects.select_related("profile").get(email=DEMO_EMAIL)
