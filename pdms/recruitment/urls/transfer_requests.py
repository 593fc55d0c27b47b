from django.urls import path

from ..views import transfer_requests as views

urlpatterns = [
    path("", views.transfer_requests, name="transfer_requests"),
    path("new/", views.transfer_request_new, name="transfer_request_new"),
    path("<int:request_id>/", views.transfer_request_detail, name="transfer_request_detail"),
]
