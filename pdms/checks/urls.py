from django.urls import path

from . import views

urlpatterns = [
    path("", views.run, name="run"),
    path("distinct-people/", views.distinct_people, name="distinct_people"),
    path("reported/", views.reported, name="reported"),
    path("reported/<int:reported_id>/remove/", views.reported_remove, name="reported_remove"),
]
