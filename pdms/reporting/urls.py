from django.urls import path

from . import views

urlpatterns = [
    path("summary/", views.summary, name="summary"),
    path("jobs/<int:report_job_id>/", views.job_detail, name="job"),
    path("jobs/<int:report_job_id>/progress/", views.job_progress, name="progress"),
    path("jobs/<int:report_job_id>/retry/", views.job_retry, name="retry"),
    path("jobs/<int:report_job_id>/download/", views.job_download, name="download"),
]
