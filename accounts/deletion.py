"""Deleting an account: every row the person owns, their sessions and their login history.

Rows go by the database's cascades from the user (journal entries, meals and their items,
private foods with their portions, favourites, profile, a pending import, sessions, admin
history): tests/accounts/test_delete_account.py walks every model that points at the user,
directly or through another model, and fails if one of them would outlive the account.
The admin log's entries *about* the person (a curator who edited the account) stay, as the
record of what staff did, with the address scrubbed from them.
"""

import re

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from .models import User
from .sessions import end_sessions


def forget_in_admin_log(user: User) -> int:
    """Removes the person's address from the admin log's entries that name them; returns how
    many entries were scrubbed."""
    email = user.email
    stand_in = f"deleted account #{user.pk}"
    user_type = ContentType.objects.get_for_model(user)
    about_them = Q(content_type=user_type, object_id=str(user.pk))
    naming_them = about_them | Q(object_repr__icontains=email) | Q(change_message__icontains=email)
    entries = list(LogEntry.objects.filter(naming_them).exclude(user=user))  # theirs cascade
    for entry in entries:
        is_about_them = entry.content_type_id == user_type.pk and entry.object_id == str(user.pk)
        entry.object_repr = (
            stand_in if is_about_them else _without(entry.object_repr, email, stand_in)
        )
        entry.change_message = _without(entry.change_message, email, stand_in)
        entry.save(update_fields=["object_repr", "change_message"])
    return len(entries)


def _without(text: str, email: str, stand_in: str) -> str:
    """``text`` with every spelling (case) of ``email`` replaced by ``stand_in``."""
    return re.sub(re.escape(email), lambda _: stand_in, text, flags=re.IGNORECASE)


@transaction.atomic
def delete_account(user: User) -> None:
    """Removes the account and everything it owns. Cannot be undone."""
    end_sessions(user)
    forget_in_admin_log(user)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=user.email).delete()
    user.delete()
