from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("set/", views.set_day, name="set"),
    path("remove/", views.remove_day, name="remove"),
]
