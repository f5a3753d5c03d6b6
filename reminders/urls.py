from django.urls import path

from journal.urls import IsoDateConverter  # noqa: F401  (registers the "isodate" converter)

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.reminder_settings, name="settings"),
    path("push/subscribe/", views.push_subscribe, name="push_subscribe"),
    path("push/unsubscribe/", views.push_unsubscribe, name="push_unsubscribe"),
    path("check-in/<str:token>/", views.check_in, name="check_in"),
    path("night/<isodate:night>/cramp/", views.had_cramp, name="had_cramp"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
