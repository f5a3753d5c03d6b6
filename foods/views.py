"""Finding foods, and each person's private foods. Catalog curation lives in the admin."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from config.http import AuthenticatedHttpRequest

from .forms import AmountForm, FoodSearchForm, PersonalFoodForm
from .models import Favourite, Food, Portion
from .search import RESULT_LIMIT, find_foods


def _get_visible_food(request: AuthenticatedHttpRequest, pk: int) -> Food:
    """A food the person may see: an active catalog food or one of their own; else 404."""
    foods = Food.objects.visible_to(request.user).prefetch_related("portions")
    return get_object_or_404(foods, pk=pk)


def _get_own_food(request: AuthenticatedHttpRequest, pk: int) -> Food:
    return get_object_or_404(Food.objects.owned_by(request.user), pk=pk)


def _default_portions() -> Prefetch:
    """Prefetches each food's default portion into ``food.default_portions``."""
    defaults = Portion.objects.filter(is_default=True)
    return Prefetch("portions", queryset=defaults, to_attr="default_portions")


MAX_PAGE = 20  # "Show more" goes at most this many pages deep


@require_http_methods(["GET"])
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = FoodSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    try:
        page = min(max(int(request.GET.get("page", 1)), 1), MAX_PAGE)
    except ValueError:
        page = 1
    found = find_foods(request.user, query, offset=(page - 1) * RESULT_LIMIT)
    context = {
        "form": form,
        "query": query,
        "results": found.foods,
        "found": found,
        "next_page": page + 1,
    }
    template = "foods/search.html"
    if request.htmx:
        more = request.htmx.target == "more-results"
        template += "#more" if more else "#results"
    return render(request, template, context)


# The rows of a food's page: (label, key in Nutrients, unit).
NUTRIENT_ROWS = [
    ("Potassium", "potassium", "mg"),
    ("Magnesium", "magnesium", "mg"),
    ("Calcium", "calcium", "mg"),
    ("Sodium", "sodium", "mg"),
    ("Energy", "energy", "kcal"),
]


@require_http_methods(["GET"])
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A food's minerals per 100 g and per portion, and for any amount the person enters."""
    food = _get_visible_food(request, pk)
    portions = list(food.portions.all())
    default = next((portion for portion in portions if portion.is_default), None)
    amount_form = AmountForm(
        request.GET or None,
        portions=portions,
        metric=request.user.profile.units == "metric",
        initial={"quantity": 1},
    )
    amount = None
    if amount_form.is_bound and amount_form.is_valid():
        grams = amount_form.grams()
        amount = {"grams": grams, "values": food.nutrients_for(grams).rounded()}
    if request.htmx:
        context = {"food": food, "amount_form": amount_form, "amount": amount}
        return render(request, "foods/detail.html#amount", context)
    per_100g = food.nutrients_for(100).rounded()
    per_default = food.nutrients_for(default.grams).rounded() if default else None
    nutrient_rows = [
        {
            "label": label,
            "unit": unit,
            "per_100g": per_100g[key],
            "per_default": per_default[key] if per_default else None,
        }
        for label, key, unit in NUTRIENT_ROWS
    ]
    portion_rows = [
        {"portion": portion, "potassium": food.nutrients_for(portion.grams).rounded()["potassium"]}
        for portion in portions
    ]
    context = {
        "food": food,
        "is_favourite": Favourite.objects.filter(user=request.user, food=food).exists(),
        "default_portion": default,
        "nutrient_rows": nutrient_rows,
        "portion_rows": portion_rows,
        "amount_form": amount_form,
        "amount": amount,
        "amount_rows": NUTRIENT_ROWS,
    }
    return render(request, "foods/detail.html", context)


@require_http_methods(["GET"])
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    foods = Food.objects.owned_by(request.user).prefetch_related(_default_portions())
    return render(request, "foods/mine.html", {"foods": foods})


@require_http_methods(["GET", "POST"])
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    # "Add it as your own food" from a search that found nothing: the name typed there.
    initial = {"name": request.GET.get("name", "")[:200].strip()}
    form = PersonalFoodForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        food = form.save_for(request.user)
        messages.success(request, f"“{food.name}” is in your foods. Only you can see it.")
        return redirect("foods:detail", pk=food.pk)
    return render(request, "foods/edit.html", {"form": form, "food": None})


@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    food = _get_own_food(request, pk)
    form = PersonalFoodForm(request.POST or None, instance=food)
    if request.method == "POST" and form.is_valid():
        form.save_for(request.user)
        messages.success(request, f"“{food.name}” is saved.")
        return redirect("foods:detail", pk=food.pk)
    return render(request, "foods/edit.html", {"form": form, "food": food})


@require_http_methods(["GET", "POST"])
def delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    food = _get_own_food(request, pk)
    if request.method == "POST":
        name = food.name
        food.delete()
        messages.success(request, f"“{name}” is deleted.")
        return redirect("foods:mine")
    confirm = {
        "question": f"Delete “{food.name}”?",
        "explanation": "It disappears from your foods and from search. Meals you already "
        "logged keep the amounts they had.",
        "action": reverse("foods:delete", args=[food.pk]),
        "keep_url": reverse("foods:detail", args=[food.pk]),
    }
    return render(request, "confirm_delete.html", confirm)


@require_POST
def favourite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Marks a food as a favourite, or unmarks it (the form says which)."""
    food = _get_visible_food(request, pk)
    if request.POST.get("favourite") == "1":
        Favourite.objects.get_or_create(user=request.user, food=food)
        messages.success(request, f"“{food.name}” is in your favourites, one tap away on Today.")
    else:
        Favourite.objects.filter(user=request.user, food=food).delete()
        messages.success(request, f"“{food.name}” is no longer a favourite.")
    return redirect("foods:detail", pk=food.pk)
