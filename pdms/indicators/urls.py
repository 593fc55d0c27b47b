from django.urls import path

from . import views

urlpatterns = [
    path("<int:org_id>/<slug:key>/", views.drilldown, name="drilldown"),
]
