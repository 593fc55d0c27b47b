from django.urls import path

from . import views

urlpatterns = [
    path("", views.plans, name="plans"),
    path("add/", views.plan_add, name="plan_add"),
    path("<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("<int:plan_id>/ranking/", views.ranking, name="ranking"),
    path("<int:plan_id>/ranking/export/<str:form>/", views.ranking_export, name="ranking_export"),
]
