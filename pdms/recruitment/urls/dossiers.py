from django.urls import path

from ..views import dossiers as views

urlpatterns = [
    path("open/<int:candidate_id>/", views.dossier_open, name="dossier_open"),
    path("recognition/<int:member_id>/", views.dossier_recognition_open, name="dossier_recognition_open"),
    path("<int:dossier_id>/", views.dossier_detail, name="dossier_detail"),
    path("<int:dossier_id>/step/<str:action>/", views.dossier_step, name="dossier_step"),
    path("<int:dossier_id>/documents/", views.dossier_document, name="dossier_document"),
    path("<int:dossier_id>/sponsors/add/", views.sponsor_add, name="sponsor_add"),
    path("sponsors/<int:sponsor_id>/remove/", views.sponsor_remove, name="sponsor_remove"),
    path("<int:dossier_id>/verification/", views.dossier_verification, name="dossier_verification"),
    path("<int:dossier_id>/exceptions/", views.dossier_exceptions, name="dossier_exceptions"),
    path("deadlines/<int:deadline_id>/extend/", views.deadline_extend, name="deadline_extend"),
    path("<int:dossier_id>/attachments/add/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:attachment_id>/remove/", views.attachment_remove, name="attachment_remove"),
    path("<int:dossier_id>/forms/<str:form>/", views.dossier_form, name="dossier_form"),
]
