"""The request a view receives once the middleware has run (``MIDDLEWARE`` in settings).

For type checking only: ``accounts.middleware.HtmxMiddleware`` sets ``request.htmx``, and
``LoginRequiredMiddleware`` lets a view without ``@login_not_required`` run only for a person
who is signed in, so its ``request.user`` is a ``User``, never the anonymous visitor.
"""

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from accounts.models import User


class HtmxHttpRequest(HttpRequest):
    """Any request, a visitor's included (views marked ``@login_not_required``)."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """A request to a private view: someone is signed in."""

    user: "User"
