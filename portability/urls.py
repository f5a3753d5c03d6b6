"""Your data: downloads, and the import with its preview."""

from django.urls import path

from . import views

urlpatterns = [
    path("accounts/data/", views.your_data, name="account_data"),
    path("accounts/data/export.json", views.export_json, name="export_json"),
    path("accounts/data/export.zip", views.export_csv, name="export_csv"),
    path("accounts/data/import/", views.import_data, name="import_data"),
    path("accounts/data/import/preview/", views.import_preview, name="import_preview"),
]
