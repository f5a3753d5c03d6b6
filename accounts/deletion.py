"""Deleting an account: every row the person owns, their sessions and their login history.

Rows go by the database's cascades from the user (journal entries, meals and their items,
private foods with their portions, favourites, profile, a pending import, admin history):
tests/accounts/test_delete_account.py walks every model that points at the user, directly or
through another model, and fails if one of them would outlive the account.
"""

from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import transaction


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def sessions_of(user) -> list[str]:
    """The keys of every stored session signed in as ``user``, expired ones included.

    Django's session table has no user column, so each session is decoded: fine for this
    site's numbers of sessions, and only done when an account is deleted. Engines that keep
    sessions outside the database (cache only, signed cookies) cannot be listed; their
    sessions die with the user row, since no session can authenticate a deleted user.
    """
    store = _session_store()
    if not hasattr(store, "get_model_class"):
        return []
    user_pk = str(user.pk)
    keys = []
    for session in store.get_model_class().objects.iterator(chunk_size=2000):
        if str(session.get_decoded().get(SESSION_KEY)) == user_pk:
            keys.append(session.session_key)
    return keys


def end_sessions(user) -> int:
    """Signs the person out everywhere; returns how many sessions were ended."""
    store = _session_store()
    keys = sessions_of(user)
    for key in keys:
        store(session_key=key).delete()  # also clears a cached_db engine's cache
    return len(keys)


@transaction.atomic
def delete_account(user) -> None:
    """Removes the account and everything it owns. Cannot be undone."""
    end_sessions(user)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=user.email).delete()
    user.delete()
