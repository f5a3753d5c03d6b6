"""What every journal view shares: the signed-in person's rows, the days in its URLs, and the
journal's domain errors as HTTP answers."""

from __future__ import annotations

import datetime
import functools
import uuid
from collections.abc import Callable
from typing import Concatenate, ParamSpec

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from config.http import AuthenticatedHttpRequest

from ..days import EARLIEST_YEAR, moment_from_wall_clock
from ..entries import KINDS, Kind
from ..errors import NotFound
from ..models import Entry, MealItem

Params = ParamSpec("Params")


def not_found_as_404(
    view: Callable[Concatenate[AuthenticatedHttpRequest, Params], HttpResponse],
) -> Callable[Concatenate[AuthenticatedHttpRequest, Params], HttpResponse]:
    """The view, with ``journal.errors.NotFound`` from a service answered as a 404."""

    @functools.wraps(view)
    def answered(
        request: AuthenticatedHttpRequest, *args: Params.args, **kwargs: Params.kwargs
    ) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(str(error)) from None

    return answered


def get_kind(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404("No such kind of entry.") from None


def get_entry(request: AuthenticatedHttpRequest, kind: Kind, pk: int) -> Entry:
    """The signed-in person's entry of this kind, or 404 for anyone else's."""
    return get_object_or_404(kind.model.objects.for_user(request.user), pk=pk)


def get_meal_item(request: AuthenticatedHttpRequest, pk: int) -> MealItem:
    items = MealItem.objects.select_related("meal").filter(user=request.user)
    return get_object_or_404(items, pk=pk)


def local_today() -> datetime.date:
    return timezone.localdate()


def day_url(day: datetime.date) -> str:
    if day == local_today():
        return reverse("journal:today")
    return reverse("journal:day", kwargs={"day": day})


def day_param(request: AuthenticatedHttpRequest) -> datetime.date | None:
    """The past day named by ?day=YYYY-MM-DD, or None for today (and for anything invalid)."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return None
    return day if day.year >= EARLIEST_YEAR and day < local_today() else None


def night_param(request: AuthenticatedHttpRequest) -> datetime.date | None:
    """The ended night named by ?night=YYYY-MM-DD (its evening), or None: a cramp logged for it
    starts at its catch-up time on the morning the night ended, if that is not in the future."""
    try:
        night = datetime.date.fromisoformat(request.GET.get("night", ""))
    except ValueError:
        return None
    if night.year < EARLIEST_YEAR or night >= local_today():
        return None
    morning = catch_up_time(KINDS["cramp"], night + datetime.timedelta(days=1))
    return night if morning <= timezone.now() else None


def catch_up_time(kind: Kind, day: datetime.date) -> datetime.datetime:
    """When an entry added afterwards to the past ``day`` is first taken to have happened:
    the kind's usual time that day (a cramp: that day's night), in the person's zone."""
    wall_clock = datetime.datetime.combine(day, kind.catch_up_at)
    return moment_from_wall_clock(wall_clock, timezone.get_current_timezone()).moment


def posted_token(request: AuthenticatedHttpRequest) -> uuid.UUID | None:
    """The request token a one-tap button posts, or None when it sent none (or nonsense)."""
    try:
        return uuid.UUID(request.POST.get("request_token", ""))
    except ValueError:
        return None
