"""Signed links in reminders: "No cramps" for one night, and unsubscribing from one reminder.

Each link carries only what it may change (a person, a night or a kind of reminder), signed
with the site's secret and a salt of its own, so a check-in link cannot unsubscribe and an
unsubscribe link cannot answer a night.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Kind

CHECK_IN_SALT = "reminders.no-cramps"
UNSUBSCRIBE_SALT = "reminders.unsubscribe"
# A morning link answers for last night while it is still "last night": a day and a half.
CHECK_IN_MAX_AGE = datetime.timedelta(hours=36)
# Unsubscribing must keep working from an old email.
UNSUBSCRIBE_MAX_AGE = datetime.timedelta(days=400)


class LinkInvalid(Exception):
    """The link was altered or is not one of ours."""


class LinkExpired(Exception):
    """The link was ours but is too old."""


@dataclass(frozen=True)
class CheckIn:
    user_id: int
    night: datetime.date
    source: str


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    kind: str


def absolute(path: str) -> str:
    site: str = settings.SITE_URL
    return site.rstrip("/") + path


def check_in_token(user_id: int, night: datetime.date, source: str) -> str:
    return signing.dumps({"u": user_id, "n": night.isoformat(), "s": source}, salt=CHECK_IN_SALT)


def check_in_url(user_id: int, night: datetime.date, source: str) -> str:
    token = check_in_token(user_id, night, source)
    return absolute(reverse("reminders:check_in", kwargs={"token": token}))


def read_check_in(token: str) -> CheckIn:
    data = _load(token, CHECK_IN_SALT, CHECK_IN_MAX_AGE)
    try:
        return CheckIn(int(data["u"]), datetime.date.fromisoformat(data["n"]), str(data["s"]))
    except (KeyError, TypeError, ValueError) as error:
        raise LinkInvalid from error


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id, kind)
    return absolute(reverse("reminders:unsubscribe", kwargs={"token": token}))


def read_unsubscribe(token: str) -> Unsubscribe:
    data = _load(token, UNSUBSCRIBE_SALT, UNSUBSCRIBE_MAX_AGE)
    try:
        kind = str(data["k"])
        if kind not in Kind.values:
            raise ValueError(kind)
        return Unsubscribe(int(data["u"]), kind)
    except (KeyError, TypeError, ValueError) as error:
        raise LinkInvalid from error


def _load(token: str, salt: str, max_age: datetime.timedelta) -> dict[str, Any]:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    if not isinstance(data, dict):
        raise LinkInvalid
    return data
