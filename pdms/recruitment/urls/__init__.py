"""Recruitment pages; each part of the pipeline has its own routes module."""

from django.urls import include, path

urlpatterns = [
    path("", include("pdms.recruitment.urls.board")),
    path("sources/", include("pdms.recruitment.urls.sources")),
    path("sources/requests/", include("pdms.recruitment.urls.transfer_requests")),
    path("courses/", include("pdms.recruitment.urls.courses")),
    path("dossiers/", include("pdms.recruitment.urls.dossiers")),
]
