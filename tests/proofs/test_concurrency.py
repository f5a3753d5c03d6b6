"""Many writers at once through the real views: nothing lost, nothing doubled, no error.

Eight threads, each with its own test client (signed in as the same person) and its own
database connection, post quick entries as fast as they can. On SQLite the test database is a
file in WAL mode (config/settings.py), so this runs on the same locking as the site: the busy
timeout and BEGIN IMMEDIATE must turn every collision into a short wait, never an error.
"""

import threading
import uuid

import pytest
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from journal.models import Cramp, Drink
from tests.factories import UserFactory

THREADS = 8
POSTS = 100

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def hammer(user, url, fields, posts=POSTS, token=None):
    """Posts ``fields`` ``posts`` times from each of THREADS threads, each post with a new
    request token (or all with ``token``); returns the status codes."""
    statuses = []
    errors = []
    ready = threading.Barrier(THREADS)

    def worker():
        try:
            client = Client()
            client.force_login(user)
            ready.wait()  # all threads start posting together
            for _ in range(posts):
                data = {"request_token": token or str(uuid.uuid4()), **fields}
                response = client.post(url, data, headers={"HX-Request": "true"})
                statuses.append(response.status_code)
        except Exception as error:  # reported by the test, with the others
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    assert errors == []
    return statuses


def test_eight_threads_logging_cramps_make_exactly_800_rows():
    user = UserFactory()

    statuses = hammer(user, reverse("journal:log_cramp"), {})

    assert statuses == [200] * THREADS * POSTS
    assert Cramp.objects.filter(user=user).count() == THREADS * POSTS


def test_eight_threads_adding_250_ml_make_exactly_200_litres():
    user = UserFactory()

    statuses = hammer(user, reverse("journal:quick_drink"), {"kind": "water", "volume_ml": "250"})

    assert statuses == [200] * THREADS * POSTS
    drinks = Drink.objects.filter(user=user)
    assert drinks.count() == THREADS * POSTS
    assert drinks.aggregate(total=Sum("volume_ml"))["total"] == 200_000


def test_a_token_sent_by_every_thread_at_once_makes_one_row():
    """The double-tap guard holds under a race: the same token from eight threads, one row."""
    user = UserFactory()
    water = {"kind": "water", "volume_ml": "250"}

    statuses = hammer(user, reverse("journal:quick_drink"), water, posts=1, token=str(uuid.uuid4()))

    assert statuses == [200] * THREADS
    assert Drink.objects.filter(user=user).count() == 1
