from django.urls import path

from . import views

urlpatterns = [
    path("", views.search, name="search"),
    path("organizations/", views.org_options, name="org_options"),
    path("register/", views.register, name="register"),
    path("incoming/", views.incoming, name="incoming"),
    path("<int:member_id>/", views.detail, name="detail"),
    path("<int:member_id>/citizen-id/", views.citizen_id, name="citizen_id"),
    path("<int:member_id>/edit/", views.edit, name="edit"),
    path("<int:member_id>/recognize/", views.recognize, name="recognize"),
    path("<int:member_id>/transfer/", views.transfer, name="transfer"),
    path("<int:member_id>/temporary-transfer/", views.temporary, name="temporary"),
    path("<int:member_id>/end/", views.end, name="end"),
    path("<int:member_id>/death/", views.death, name="death"),
    path("<int:member_id>/receive/", views.receive, name="receive"),
]
