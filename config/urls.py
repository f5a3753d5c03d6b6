from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("portability.urls")),
    path("", include("journal.urls")),
    path("foods/", include("foods.urls")),
    path("learn/", include("education.urls")),
    path("reports/", include("reports.urls")),
    path("experiments/", include("experiments.urls")),
    path("reminders/", include("reminders.urls")),
    path("admin/", admin.site.urls),
]

# A database that is briefly unreachable answers 503 "try again", not 500 (config/errors.py).
handler500 = "config.errors.server_error"
