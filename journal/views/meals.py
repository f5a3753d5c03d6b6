"""Foods into meals: search and add, one tap on a favourite or a recent food, a meal again, a
logged food's amount changed or removed."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from config.http import AuthenticatedHttpRequest
from foods.meal_match import match_meal
from foods.models import Favourite
from foods.search import RESULT_LIMIT, find_foods

from .. import services
from ..basket import STEPS, Basket, default_time, line_for, read_basket
from ..basket import add_food as add_to_basket
from ..errors import NeedsConfirmation, Refused
from ..forms import AddFoodForm, ChangeAmountForm
from ..forms.basket import BasketForm
from ..habits import usual_now
from ..meal_times import default_meal_kind
from ..models import Meal, MealItem
from .base import day_param, day_url, get_meal_item, not_found_as_404, posted_token
from .respond import added, after_change

MAX_PAGE = 20  # "Show more" goes at most this many pages deep


def recent_food_ids(user: Any) -> set[int]:
    """Foods the person logged in the last weeks: offered first in search when they match."""
    since = timezone.now() - datetime.timedelta(days=45)
    recent = MealItem.objects.filter(user=user, meal__occurred_at__gte=since)
    return set(recent.exclude(food=None).values_list("food_id", flat=True).distinct()[:200])


def _page(request: AuthenticatedHttpRequest) -> int:
    try:
        return min(max(int(request.GET.get("page", 1)), 1), MAX_PAGE)
    except ValueError:
        return 1


def search_context(request: AuthenticatedHttpRequest, query: str) -> dict[str, Any]:
    """One page of search results for Add food, the person's recent foods first."""
    if not query:
        return {"query": query, "results": [], "found": None}
    page = _page(request)
    found = find_foods(
        request.user,
        query,
        offset=(page - 1) * RESULT_LIMIT,
        preferred=recent_food_ids(request.user),
    )
    return {"query": query, "results": found.foods, "found": found, "next_page": page + 1}


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
        initial: dict[str, Any] = {"day": day_param(request)}
        for name in ("quantity", "unit"):  # "Log this" on a food's page: its calculator's amount
            if request.GET.get(name):
                initial[name] = request.GET[name][:40]
        form = AddFoodForm(user=request.user, food=food, initial=initial)
        status = 200
    query = request.GET.get("q", "")[:100] if not form.food_obj else ""
    day = form.cleaned_data.get("day") if form.is_bound and form.is_valid() else None
    day = day or day_param(request)
    context = {"form": form, "food": form.food_obj, "day": day, **search_context(request, query)}
    if request.htmx and request.method == "GET" and request.htmx.target == "food-picker":
        return render(request, "journal/add_food.html#picker", context)
    if request.htmx and request.method == "GET" and request.htmx.target == "more-results":
        return render(request, "journal/add_food.html#results", context)
    if not form.food_obj:
        context |= _basket_page(request, Basket(), BasketForm(initial={"day": day}), day)
    return render(request, "journal/add_food.html", context, status=status)


def _basket_page(
    request: AuthenticatedHttpRequest,
    basket: Basket,
    form: BasketForm,
    day: datetime.date | None,
) -> dict[str, Any]:
    """What the basket and the top of Add food show."""
    today = day is None or day == timezone.localdate()
    kind = str(form["meal_kind"].value() or form.initial.get("meal_kind"))
    if kind not in Meal.Kind.values:
        kind = default_meal_kind(timezone.now())
    if not form.is_bound:
        when = default_time(kind, day or timezone.localdate(), timezone.now())
        form.initial.setdefault("time", when)
    return {
        "basket": basket,
        "basket_form": form,
        "steps": STEPS,
        "totals": _totals(basket) if basket.lines else None,
        "fluid_ml": basket.fluid_ml(),
        "usual": usual_now(request.user) if today and not request.htmx else None,
        "day": day,
    }


MINERAL_LABELS = [("K", "potassium"), ("Mg", "magnesium"), ("Ca", "calcium"), ("Na", "sodium")]


def _totals(current: Basket) -> list[tuple[str, int | None, bool]]:
    """The basket's minerals: label, whole mg, and whether it is a lower bound (a food with
    that mineral unknown: "at least")."""
    sums = current.nutrients()
    rounded = sums.rounded()
    return [(label, rounded[key], key in sums.unknown) for label, key in MINERAL_LABELS]


@require_POST
@not_found_as_404
def basket(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The meal basket: add a food, set an amount, fill it from typed words, or save it.

    Every change posts the whole basket and gets it back with its totals (htmx swaps it in
    place; without JavaScript the page comes back). Saving logs every food in one go."""
    form = BasketForm(request.POST)
    current = read_basket(request.user, request.POST)
    valid = form.is_valid()
    day = form.cleaned_data.get("day") if valid else None
    post = request.POST
    status = 200
    if "add" in post:
        food = AddFoodForm.find_food(request.user, post["add"])
        if food is not None:
            add_to_basket(current, food)
    elif "remove" in post:
        index = _index(post["remove"], len(current.lines))
        if index is not None:
            current.lines.pop(index)
    elif "step" in post:
        index_text, _, quantity = post["step"].partition(":")
        index = _index(index_text, len(current.lines))
        if index is not None and quantity in {str(step[0]) for step in STEPS}:
            line = current.lines[index]
            line.qty, line.unit, line.error = float(quantity), line.default_unit, ""
    elif "parse" in post and valid:
        _fill_from_text(request, current, form.cleaned_data["text"])
    elif "save" in post:
        saved = _save(request, form, current, valid)
        if saved is not None:
            return saved
        status = 422
    form = _refreshed(form, current, day)
    context = _basket_page(request, current, form, day)
    if request.htmx:
        return render(request, "journal/add_food.html#basket", context, status=status)
    return render(request, "journal/add_food.html", {"food": None, **context}, status=status)


def _index(text: str, count: int) -> int | None:
    return int(text) if text.isdigit() and int(text) < count else None


def _fill_from_text(request: AuthenticatedHttpRequest, current: Basket, text: str) -> None:
    for match in match_meal(request.user, text, preferred=recent_food_ids(request.user)):
        if match.food is None:
            current.unmatched.append(match.phrase.text)
            continue
        current.lines.append(line_for(match.food, match.grams, match.portion, match.portions))
        if match.corrected:
            current.notes.append(f"“{match.phrase.text}”: showing {match.food.name}")


def _save(
    request: AuthenticatedHttpRequest, form: BasketForm, current: Basket, valid: bool
) -> HttpResponse | None:
    """Logs the basket's foods as one meal; None when something must be corrected first."""
    if current.missing:
        form.add_error(None, current.errors[0])
    if not valid or current.errors:
        return None
    if not current.lines:
        form.add_error(None, "Add at least one food to the meal.")
        return None
    data = form.cleaned_data
    try:
        written = services.log_meal(
            request.user,
            current.items(),
            data["meal_kind"],
            day=data.get("day"),
            at=data.get("time"),
            token=data.get("request_token"),
        )
    except Refused as refused:
        form.add_error(None, str(refused))
        return None
    meal = written.row
    count = len(current.lines)
    message = f"{meal.get_kind_display()}: {count} food{'' if count == 1 else 's'} logged."
    messages.success(request, message)
    url = day_url(meal.local_date)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _refreshed(form: BasketForm, current: Basket, day: datetime.date | None) -> BasketForm:
    """The basket's fields to show again: the typed text cleared once read, and the time of
    a newly chosen meal kind set to that meal's usual time."""
    data = QueryDict(mutable=True)
    data.update(form.data)
    if "parse" in form.data and not form.errors:
        data["text"] = ""
    kind = data.get("meal_kind", "")
    if kind in Meal.Kind.values and kind != data.get("prev_kind"):
        when = default_time(kind, day or timezone.localdate(), timezone.now())
        data["time"] = when.strftime("%H:%M")
        data["prev_kind"] = kind
    refreshed = BasketForm(data)
    refreshed.is_valid()
    for error in form.non_field_errors():
        refreshed.add_error(None, error)
    return refreshed


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
