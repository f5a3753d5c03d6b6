from django.urls import path

from . import views

app_name = "experiments"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.design, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/pause/", views.pause, name="pause"),
    path("<int:pk>/resume/", views.resume, name="resume"),
    path("<int:pk>/stop/", views.stop, name="stop"),
    path("<int:pk>/undo-stop/", views.undo_stop, name="undo_stop"),
    path("<int:pk>/try-openly/", views.try_openly, name="try_openly"),
    path("old-drafts/remove/", views.remove_old_drafts, name="remove_old_drafts"),
    path("<int:pk>/finish/", views.finish, name="finish"),
    path("<int:pk>/discard/", views.discard, name="discard"),
]
