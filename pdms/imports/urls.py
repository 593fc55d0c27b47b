from django.urls import path

from . import views
from .models import ImportKind

urlpatterns = [
    path("", views.index, name="index"),
    path("jobs/<int:job_id>/", views.job_detail, name="job"),
    path("jobs/<int:job_id>/progress/", views.job_progress, name="progress"),
    path("jobs/<int:job_id>/retry/", views.job_retry, name="retry"),
    path("jobs/<int:job_id>/errors.xlsx", views.job_errors, name="errors"),
    # The templates are the same for everyone; fixed paths keep them free of parameters.
    *[
        path(f"templates/{kind}.{fmt}", views.template_download, {"kind": kind, "fmt": fmt}, name=f"template_{kind}_{fmt}")
        for kind in ImportKind.values
        for fmt in ("xlsx", "csv")
    ],
]
