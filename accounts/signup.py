"""Signing up without telling anyone whether an address has an account.

Every valid sign-up gets the same answer ("check your email") and one message to the address:
a new address gets a link that confirms it, and the account opens only once it is confirmed;
an address that already has an account gets a note saying someone tried to sign up with it.
Both are sent at once, in the request, as Django's password reset sends its mail.

An account waits for its confirmation inactive and never signed in. Signing up again before
confirming replaces its password and zone and sends a new link: the address's owner always
ends up with the password they chose last, and the earlier link stops working.
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Profile, User

logger = logging.getLogger(__name__)

CONFIRMATION_SALT = "accounts.signup.confirm"


@transaction.atomic
def sign_up(email: str, password: str, time_zone: str, absolute: Callable[[str], str]) -> None:
    """Registers a sign-up for ``email`` and mails its owner; ``absolute(path)`` makes a
    path of the site into the full address a mail can link to."""
    existing = User.objects.filter(email=email).select_for_update().first()
    if existing is not None and not is_waiting_for_confirmation(existing):
        make_password(password)  # the same work as a new account: no answer comes sooner
        links = {"login": absolute(reverse("login")), "reset": absolute(reverse("password_reset"))}
        _mail(email, "someone_tried", {"email": email, **links})
        return
    user = existing or User(email=email, is_active=False)
    user.set_password(password)
    user.date_joined = timezone.now()  # the newest link's day: forget_unconfirmed counts from it
    user.save()
    Profile.objects.update_or_create(user=user, defaults={"time_zone": time_zone})
    link = absolute(reverse("signup_confirm", kwargs={"token": confirmation_token(user)}))
    _mail(email, "confirm", {"email": email, "link": link})


def forget_unconfirmed() -> int:
    """Deletes the sign-ups whose links have all expired unconfirmed; returns how many.

    Nobody confirmed that the address is theirs, so it is not kept."""
    expired = timezone.now() - timedelta(seconds=settings.SIGNUP_CONFIRMATION_SECONDS)
    stale = User.objects.filter(is_active=False, last_login=None, date_joined__lt=expired)
    _, deleted = stale.delete()
    return deleted.get(User._meta.label, 0)


def is_waiting_for_confirmation(user: User) -> bool:
    return not user.is_active and user.last_login is None


def confirmation_token(user: User) -> str:
    """A signed token for this account as it is now: it expires, and it stops working once
    the account is confirmed or its password replaced by a later sign-up."""
    return signing.dumps([user.pk, _state_of(user)], salt=CONFIRMATION_SALT)


def account_to_confirm(token: str) -> User | None:
    """The account a token confirms, or None for a token that is forged, expired or used."""
    try:
        user_id, state = signing.loads(
            token, salt=CONFIRMATION_SALT, max_age=settings.SIGNUP_CONFIRMATION_SECONDS
        )
    except (signing.BadSignature, TypeError, ValueError):
        return None
    user = User.objects.filter(pk=user_id).first() if isinstance(user_id, int) else None
    if user is None or not is_waiting_for_confirmation(user):
        return None
    if not isinstance(state, str) or not constant_time_compare(state, _state_of(user)):
        return None
    return user


def confirm(user: User) -> None:
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True


def _state_of(user: User) -> str:
    return salted_hmac(CONFIRMATION_SALT, f"{user.password}{user.is_active}").hexdigest()[:20]


def _mail(email: str, name: str, context: dict[str, str]) -> None:
    subject = render_to_string(f"accounts/email/{name}_subject.txt", context).strip()
    body = render_to_string(f"accounts/email/{name}.txt", context)
    message = EmailMessage(subject, body, to=[email], headers={"Auto-Submitted": "auto-generated"})
    try:
        message.send()
    except Exception:  # the answer stays the same; the person can sign up again
        logger.exception("Could not send the sign-up email to %s", email)
