"""Recipes: a meal kept as one, or built food by food; edited, deleted, and a serving logged
in one tap."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from config.http import AuthenticatedHttpRequest
from foods.search import search_foods

from .. import services
from ..errors import Refused
from ..forms import LogRecipeForm, RecipeFoodForm, RecipeForm
from ..models import Meal, Recipe, RecipeItem
from .base import not_found_as_404
from .respond import after_change


def _recipe(request: AuthenticatedHttpRequest, pk: int) -> Recipe:
    return get_object_or_404(Recipe.objects.for_user(request.user), pk=pk)


def recipes_of(user: Any) -> list[Recipe]:
    """The person's recipes with their foods, for the lists (two queries)."""
    return list(Recipe.objects.for_user(user).prefetch_related("items"))


@require_http_methods(["GET", "POST"])
def recipes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Your recipes, and a new one by name and servings (its foods are added next)."""
    form = RecipeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recipe = services.create_recipe(request.user, data["name"], data["servings"])
        messages.success(request, f"“{recipe.name}” made: now add its foods.")
        return redirect("journal:recipe", pk=recipe.pk)
    status = 422 if form.errors else 200
    context = {"form": form, "recipes": recipes_of(request.user)}
    return render(request, "journal/recipes.html", context, status=status)


@require_http_methods(["GET", "POST"])
def save_meal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A logged meal kept as a recipe, named and divided into servings."""
    meal = get_object_or_404(Meal.objects.for_user(request.user).prefetch_related("items"), pk=pk)
    initial = {"name": f"{meal.get_kind_display()} of {meal.local_date:%-d %B}", "servings": 1}
    form = RecipeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recipe = services.save_meal_as_recipe(
                request.user, meal, data["name"], data["servings"]
            )
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Saved as the recipe “{recipe.name}”.")
            return redirect("journal:recipe", pk=recipe.pk)
    status = 422 if form.errors else 200
    context = {"form": form, "meal": meal}
    return render(request, "journal/recipe_save.html", context, status=status)


@require_http_methods(["GET", "POST"])
def recipe(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A recipe: its name and servings edited, its foods listed, a food searched and added."""
    recipe = _recipe(request, pk)
    form = RecipeForm(request.POST or None, instance=recipe)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.change_recipe(recipe, data["name"], data["servings"])
        messages.success(request, f"“{recipe.name}” saved.")
        return redirect("journal:recipe", pk=recipe.pk)
    if form.errors:  # the stored values for the rest of the page, not the refused ones
        recipe.refresh_from_db()
    food_form = None
    food = RecipeFoodForm.find_food(request.user, request.GET.get("food"))
    if food is not None:
        food_form = RecipeFoodForm(user=request.user, food=food)
    query = request.GET.get("q", "")[:100].strip()
    context = {
        "recipe": recipe,
        "items": list(recipe.items.all()),
        "form": form,
        "food_form": food_form,
        "query": query,
        "results": search_foods(request.user, query) if query and food is None else [],
    }
    return render(request, "journal/recipe.html", context, status=422 if form.errors else 200)


@require_POST
def recipe_add_food(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    recipe = _recipe(request, pk)
    form = RecipeFoodForm(request.POST, user=request.user)
    if form.is_valid() and form.food_obj is not None:
        try:
            services.add_recipe_food(recipe, form.food_obj, form.grams(), form.amount_label())
        except Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"{form.food_obj.name} added to “{recipe.name}”.")
        return redirect("journal:recipe", pk=recipe.pk)
    context = {
        "recipe": recipe,
        "items": list(recipe.items.all()),
        "form": RecipeForm(instance=recipe),
        "food_form": form,
        "query": "",
        "results": [],
    }
    return render(request, "journal/recipe.html", context, status=422)


@require_POST
def recipe_remove_food(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    items = RecipeItem.objects.select_related("recipe").filter(recipe__user=request.user)
    item = get_object_or_404(items, pk=pk)
    services.remove_recipe_food(item)
    messages.success(request, f"{item.food_name} taken out of “{item.recipe.name}”.")
    return redirect("journal:recipe", pk=item.recipe_id)


@require_http_methods(["GET", "POST"])
def recipe_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    recipe = _recipe(request, pk)
    if request.method == "GET":
        confirm = {
            "question": f"Delete the recipe “{recipe.name}”?",
            "explanation": "Meals you logged from it keep their foods.",
            "action": reverse("journal:recipe_delete", args=[recipe.pk]),
            "keep_url": reverse("journal:recipe", args=[recipe.pk]),
        }
        return render(request, "confirm_delete.html", confirm)
    services.delete_recipe(recipe)
    messages.success(request, f"Recipe “{recipe.name}” deleted.")
    return redirect("journal:recipes")


@require_POST
@not_found_as_404
def log_recipe(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One tap: a serving of the recipe in the meal of this time of day, today's or, from a
    past day's Add food, that day's."""
    recipe = _recipe(request, pk)
    form = LogRecipeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That day cannot be added to; nothing was logged.")
        return redirect("journal:add_food")
    data = form.cleaned_data
    try:
        written = services.log_recipe(request.user, recipe, data["request_token"], data["day"])
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("journal:recipe", pk=recipe.pk)
    name = f"A serving of {recipe.name}" if recipe.servings > 1 else recipe.name
    message = f"{name} added." if written.created else None
    return after_change(request, written.row.meal.local_date, message)
