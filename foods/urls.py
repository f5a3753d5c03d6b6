from django.urls import path

from . import views

app_name = "foods"

urlpatterns = [
    path("", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/favourite/", views.favourite, name="favourite"),
    path("mine/", views.mine, name="mine"),
    path("mine/new/", views.create, name="create"),
    path("mine/<int:pk>/edit/", views.edit, name="edit"),
    path("mine/<int:pk>/delete/", views.delete, name="delete"),
]
