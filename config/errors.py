"""The server's error page, which tells a passing database outage from a bug.

When the database restarts or is briefly unreachable, every request fails with the driver's
OperationalError or InterfaceError. That is not a bug in the page: it says "try again in a
moment" with status 503 and Retry-After, so people (and htmx, which shows "Not saved. Try
again." for any failed write) know to retry. Anything else is the ordinary 500 page.

Like Django's own server_error, the page is rendered without the request: the context
processors read the database, which is what just failed.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 5


def database_unavailable(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    if database_unavailable(sys.exc_info()[1]):
        page = loader.get_template("503.html").render()
        response = HttpResponse(page, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())
