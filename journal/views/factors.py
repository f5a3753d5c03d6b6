"""The person's own yes/no day factors: defined, deleted, and marked on a day."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from config.http import AuthenticatedHttpRequest

from .. import services
from ..errors import Refused
from ..forms import DayFactorForm
from ..models import DayFactor
from .base import day_url, not_found_as_404
from .day_context import own_factors


@require_http_methods(["GET", "POST"])
def factors(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Define your own yes/no day factors, see them, delete them."""
    form = DayFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"]
        try:
            services.add_factor(request.user, name)
        except Refused as refusal:
            form.add_error("name", str(refusal))
        else:
            messages.success(request, f"“{name}” added: tap it on Today.")
            return redirect("journal:factors")
    own = DayFactor.objects.filter(user=request.user).annotate(days=Count("marks"))
    status = 422 if request.method == "POST" else 200
    return render(request, "journal/factors.html", {"form": form, "factors": own}, status=status)


@require_POST
def factor_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    factor = get_object_or_404(DayFactor, pk=pk, user=request.user)
    services.delete_factor(factor)
    messages.success(request, f"“{factor.name}” deleted, with the days it was marked.")
    return redirect("journal:factors")


@require_POST
@not_found_as_404
def factor_mark(request: AuthenticatedHttpRequest, day: datetime.date, pk: int) -> HttpResponse:
    """Marks (``on=1``) or unmarks (``on=0``) one of your factors on a day."""
    services.check_day(day)
    factor = get_object_or_404(DayFactor, pk=pk, user=request.user)
    services.mark_factor(request.user, factor, day, on=request.POST.get("on") == "1")
    if request.htmx:
        context = {"day": day, "own_factors": own_factors(request.user, day)}
        return render(request, "journal/day.html#own-factors", context)
    return redirect(day_url(day))
