import datetime

from django.urls import path, register_converter

from . import app_shell
from .views import day, entries, factors, history, meals, recipes, usual


class IsoDateConverter:
    """A calendar date in the URL as YYYY-MM-DD."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as error:
            raise ValueError(str(error)) from None

    def to_url(self, value: datetime.date) -> str:
        return value.isoformat()


register_converter(IsoDateConverter, "isodate")

app_name = "journal"

urlpatterns = [
    path("today/", day.today, name="today"),
    # From the root, so the service worker's scope is the whole site.
    path("sw.js", app_shell.service_worker, name="service_worker"),
    path("manifest.webmanifest", app_shell.manifest, name="manifest"),
    path("offline/", app_shell.offline, name="offline"),
    path("journal/", history.history, name="history"),
    path("journal/<isodate:day>/", day.day_view, name="day"),
    path("journal/<isodate:day>/complete/", day.day_complete, name="day_complete"),
    path("journal/nights/<isodate:night>/", day.night_answer, name="night_answer"),
    path("journal/factors/", factors.factors, name="factors"),
    path("journal/factors/<int:pk>/delete/", factors.factor_delete, name="factor_delete"),
    path("journal/<isodate:day>/factors/<int:pk>/", factors.factor_mark, name="factor_mark"),
    path("journal/cramps/log/", entries.log_cramp, name="log_cramp"),
    path("journal/drinks/quick/", entries.quick_drink, name="quick_drink"),
    path("journal/food/add/", meals.add_food, name="add_food"),
    path("journal/food/basket/", meals.basket, name="basket"),
    path("journal/meals/<int:pk>/repeat/", meals.repeat_meal, name="repeat_meal"),
    path("journal/items/<int:pk>/again/", meals.add_again, name="add_again"),
    path("journal/favourites/<int:pk>/add/", meals.add_favourite, name="add_favourite"),
    path("journal/items/<int:pk>/amount/", meals.change_amount, name="change_amount"),
    path("journal/items/<int:pk>/delete/", meals.delete_item, name="delete_item"),
    path("journal/meals/<int:pk>/save-recipe/", recipes.save_meal, name="save_recipe"),
    path("journal/recipes/", recipes.recipes, name="recipes"),
    path("journal/recipes/<int:pk>/", recipes.recipe, name="recipe"),
    path("journal/recipes/<int:pk>/foods/", recipes.recipe_add_food, name="recipe_add_food"),
    path(
        "journal/recipes/foods/<int:pk>/remove/",
        recipes.recipe_remove_food,
        name="recipe_remove_food",
    ),
    path("journal/recipes/<int:pk>/delete/", recipes.recipe_delete, name="recipe_delete"),
    path("journal/recipes/<int:pk>/log/", recipes.log_recipe, name="log_recipe"),
    path("journal/usual/", usual.usual_list, name="usual"),
    path("journal/usual/took/", usual.took_usual, name="took_usual"),
    path("journal/usual/<int:pk>/", usual.usual_edit, name="usual_edit"),
    path("journal/usual/<int:pk>/delete/", usual.usual_delete, name="usual_delete"),
    path("journal/usual/<int:pk>/took/", usual.took_one, name="took_one"),
    path("journal/undo/", entries.undo, name="undo"),
    path("journal/<slug:kind>/new/", entries.create, name="create"),
    path("journal/<slug:kind>/<int:pk>/", entries.edit, name="edit"),
    path("journal/<slug:kind>/<int:pk>/delete/", entries.delete, name="delete"),
]
