from django.urls import path

from . import views

urlpatterns = [
    path("", views.followups, name="list"),
    path("add/", views.followup_add, name="add"),
    path("<int:followup_id>/", views.followup_detail, name="detail"),
]
