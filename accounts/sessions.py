"""The session engine (``SESSION_ENGINE = "accounts.sessions"``): Django's database sessions,
each row marked with the person it is signed in as.

Django's own table has no user column: finding someone's sessions meant decoding every row,
which misses every session signed with a key that has since been rotated out. Here a person's
sessions are one indexed query, whatever key signed them.
"""

from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

if TYPE_CHECKING:
    from .models import Session, User


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls) -> "type[Session]":
        from .models import Session

        return Session

    def create_model_instance(self, data: dict[str, Any]) -> "Session":
        session = cast("Session", super().create_model_instance(data))
        session.user_id = signed_in_user_id(data)
        return session


def signed_in_user_id(data: dict[str, Any]) -> int | None:
    try:
        return int(data[SESSION_KEY])
    except (KeyError, TypeError, ValueError):
        return None


def end_sessions(user: "User", keep: str | None = None) -> int:
    """Signs the person out of every session but ``keep``; returns how many were ended."""
    from .models import Session

    keys = (
        Session.objects.filter(user=user)
        .exclude(session_key=keep)
        .values_list("session_key", flat=True)
    )
    ended = 0
    for key in list(keys):
        SessionStore(session_key=key).delete()
        ended += 1
    return ended
