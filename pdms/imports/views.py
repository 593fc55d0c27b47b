"""Pages of the imports: upload, the job with its progress and result, downloads."""

from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pdms.audit.access import audit_download
from pdms.core.errors import DomainError
from pdms.core.views import add_domain_error, scope_of

from .forms import UploadForm
from .models import ImportKind
from .reading import MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED_MB
from .selectors import get_job_for_user_or_404, jobs_for_user
from .services import import_job_create, import_job_retry
from .workbooks import COLUMNS, template_csv, template_workbook

RECENT_JOBS = 20
SHOWN_ERRORS = 200
TEMPLATE_NAMES = {ImportKind.ORGANIZATIONS: "mau-nhap-to-chuc", ImportKind.MEMBERS: "mau-nhap-dang-vien"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_http_methods(["GET", "POST"])
def index(request):
    scope = scope_of(request)
    if not scope.can_write:
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
                actor=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("imports:job", job_id=job.pk)
    templates = [
        {
            "label": kind.label,
            "columns": columns,
            "xlsx": reverse(f"imports:template_{kind.value}_xlsx"),
            "csv": reverse(f"imports:template_{kind.value}_csv"),
        }
        for kind, columns in COLUMNS.items()
    ]
    limits = {
        "upload_mb": settings.MAX_UPLOAD_MB,
        "rows": number_format(MAX_ROWS, force_grouping=True),
        "columns": MAX_COLUMNS,
        "unpacked_mb": MAX_UNPACKED_MB,
        "minutes": settings.JOB_TIME_LIMIT_SECONDS // 60,
    }
    return render(
        request,
        "imports/index.html",
        {"form": form, "jobs": jobs_for_user(scope)[:RECENT_JOBS], "templates": templates, "limits": limits},
    )


def _job_context(job) -> dict:
    return {"job": job, "errors": job.errors[:SHOWN_ERRORS], "hidden_errors": max(0, len(job.errors) - SHOWN_ERRORS)}


@require_GET
def job_detail(request, job_id):
    job = get_job_for_user_or_404(scope_of(request), job_id)
    return render(request, "imports/job.html", _job_context(job))


@require_POST
def job_retry(request, job_id):
    job = get_job_for_user_or_404(scope_of(request), job_id)
    try:
        import_job_retry(job=job, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("imports:job", job_id=job.pk)


@require_GET
def job_progress(request, job_id):
    job = get_job_for_user_or_404(scope_of(request), job_id)
    return render(request, "imports/_progress.html", _job_context(job))


@require_GET
def job_errors(request, job_id):
    job = get_job_for_user_or_404(scope_of(request), job_id)
    if not job.error_file:
        raise Http404
    filename = f"{PurePath(job.original_name).stem or job.kind}-loi.xlsx"
    audit_download(actor=request.user, what="import_errors", obj=job, organization=job.organization, filename=filename)
    return FileResponse(job.error_file.open("rb"), as_attachment=True, filename=filename, content_type=XLSX)


@require_GET
def template_download(request, kind, fmt):
    if fmt == "xlsx":
        content, content_type = template_workbook(kind), XLSX
    else:
        content, content_type = template_csv(kind), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_NAMES[kind]}.{fmt}"'
    return response
