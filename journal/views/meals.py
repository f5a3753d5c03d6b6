"""Foods into meals: search and add, one tap on a favourite or a recent food, a meal again, a
logged food's amount changed or removed."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST

from config.http import AuthenticatedHttpRequest
from foods.models import Favourite
from foods.search import search_foods

from .. import services
from ..errors import NeedsConfirmation
from ..forms import AddFoodForm, ChangeAmountForm
from ..models import Meal
from .base import day_param, day_url, get_meal_item, not_found_as_404, posted_token
from .respond import added, after_change


@require_http_methods(["GET", "POST"])
@not_found_as_404
def add_food(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Search, pick, say how much: the food goes into this meal of the day."""
    if request.method == "POST":
        form = AddFoodForm(request.POST, user=request.user)
        if form.is_valid() and form.food_obj is not None:
            data = form.cleaned_data
            try:
                written = services.log_food(
                    request.user,
                    form.food_obj,
                    form.grams(),
                    form.amount_label(),
                    data["meal_kind"],
                    day=data.get("day"),
                    token=data.get("request_token"),
                    confirmed=form.confirmed_amount(),
                )
            except NeedsConfirmation as question:
                form.ask("quantity", question)
            else:
                item, message = added(written)
                return after_change(request, item.meal.local_date, message)
        status = 422
    else:
        food = AddFoodForm.find_food(request.user, request.GET.get("food"))
        form = AddFoodForm(user=request.user, food=food, initial={"day": day_param(request)})
        status = 200
    query = request.GET.get("q", "")[:100]
    results = search_foods(request.user, query) if query and not form.food_obj else []
    day = form.cleaned_data.get("day") if form.is_bound and form.is_valid() else None
    context = {
        "form": form,
        "food": form.food_obj,
        "query": query,
        "results": results,
        "day": day or day_param(request),
    }
    template = "journal/add_food.html"
    if request.htmx and request.method == "GET" and request.htmx.target == "food-picker":
        template += "#picker"
    return render(request, template, context, status=status)


@require_POST
def add_favourite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One tap on a favourite: one default portion (or 100 g) in the meal of this time of day."""
    favourite = get_object_or_404(
        Favourite.objects.select_related("food"), pk=pk, user=request.user
    )
    written = services.log_favourite(request.user, favourite, posted_token(request))
    item, message = added(written)
    return after_change(request, item.meal.local_date, message)


@require_POST
def add_again(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One tap on a recent food: the same amount again, in the meal of this time of day."""
    source = get_meal_item(request, pk)
    written = services.log_again(request.user, source, posted_token(request))
    item, message = added(written)
    return after_change(request, item.meal.local_date, message)


@require_POST
def repeat_meal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A past meal again, now: same foods, same amounts, nutrients as logged."""
    meal = get_object_or_404(Meal.objects.for_user(request.user), pk=pk)
    copy, message = added(services.repeat_meal(request.user, meal, posted_token(request)))
    return after_change(request, copy.local_date, message)


@require_http_methods(["GET", "POST"])
def change_amount(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A logged food's amount, changed in place: its nutrients are rescaled from its own."""
    item = get_meal_item(request, pk)
    form = ChangeAmountForm(request.POST or None, item=item, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_amount(item, form.grams(), form.amount_label(), form.confirmed_amount())
        except NeedsConfirmation as question:
            form.ask("quantity", question)
        else:
            message = f"{item.food_name}: {item.amount_label}."
            return after_change(request, item.meal.local_date, message)
    status = 422 if form.errors else 200
    template = "journal/change_amount.html" + ("#amount-form" if request.htmx else "")
    context: dict[str, Any] = {
        "form": form,
        "item": item,
        "day_url": day_url(item.meal.local_date),
    }
    return render(request, template, context, status=status)


@require_POST
def delete_item(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_meal_item(request, pk)
    request.session["journal_undo"] = services.remove_item(item)
    message = f"{item.food_name} removed."
    return after_change(request, item.meal.local_date, message, focus={"focus_undo": True})
