from django.urls import path

from . import views

urlpatterns = [
    path("", views.run, name="run"),
    path("reported/", views.reported, name="reported"),
    path("reported/<int:reported_id>/remove/", views.reported_remove, name="reported_remove"),
]
