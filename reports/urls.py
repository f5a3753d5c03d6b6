from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path

app_name = "reports"


def _on_first_request(name: str) -> Callable[..., HttpResponse]:
    """``reports.views.<name>``, imported by the first request that needs it rather than with
    the URL configuration: the report's statistics load numpy, which a web worker that never
    builds a report should not carry (issue 25: about 20 MiB each). The views keep their own
    decorators; none is public, so the login middleware guards them as any other view."""

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from . import views

        response: HttpResponse = getattr(views, name)(request, *args, **kwargs)
        return response

    view.__name__ = view.__qualname__ = name
    view.__module__ = f"{__package__}.views"
    return view


urlpatterns = [
    path("", _on_first_request("index"), name="index"),
    path("summary/", _on_first_request("summary"), name="summary"),
    path("report.json", _on_first_request("report_json"), name="report_json"),
]
