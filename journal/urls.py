import datetime

from django.urls import path, register_converter

from . import app_shell, views


class IsoDateConverter:
    """A calendar date in the URL as YYYY-MM-DD."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as error:
            raise ValueError(str(error)) from None

    def to_url(self, value):
        return value.isoformat()


register_converter(IsoDateConverter, "isodate")

app_name = "journal"

urlpatterns = [
    path("today/", views.today, name="today"),
    # From the root, so the service worker's scope is the whole site.
    path("sw.js", app_shell.service_worker, name="service_worker"),
    path("manifest.webmanifest", app_shell.manifest, name="manifest"),
    path("journal/", views.history, name="history"),
    path("journal/<isodate:day>/", views.day_view, name="day"),
    path("journal/<isodate:day>/complete/", views.day_complete, name="day_complete"),
    path("journal/nights/<isodate:night>/", views.night_answer, name="night_answer"),
    path("journal/factors/", views.factors, name="factors"),
    path("journal/factors/<int:pk>/delete/", views.factor_delete, name="factor_delete"),
    path("journal/<isodate:day>/factors/<int:pk>/", views.factor_mark, name="factor_mark"),
    path("journal/cramps/log/", views.log_cramp, name="log_cramp"),
    path("journal/drinks/quick/", views.quick_drink, name="quick_drink"),
    path("journal/food/add/", views.add_food, name="add_food"),
    path("journal/meals/<int:pk>/repeat/", views.repeat_meal, name="repeat_meal"),
    path("journal/items/<int:pk>/again/", views.add_again, name="add_again"),
    path("journal/favourites/<int:pk>/add/", views.add_favourite, name="add_favourite"),
    path("journal/items/<int:pk>/amount/", views.change_amount, name="change_amount"),
    path("journal/items/<int:pk>/delete/", views.delete_item, name="delete_item"),
    path("journal/undo/", views.undo, name="undo"),
    path("journal/<slug:kind>/new/", views.create, name="create"),
    path("journal/<slug:kind>/<int:pk>/", views.edit, name="edit"),
    path("journal/<slug:kind>/<int:pk>/delete/", views.delete, name="delete"),
]
