"""Report pages: the form asking for a summary report (with the user's recent jobs), the
job with its progress, and the download of its file."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pdms.audit.access import audit_download
from pdms.core.errors import DomainError
from pdms.core.views import add_domain_error, as_of_param, scope_of, shown_text, submitted
from pdms.indicators.web import context_query
from pdms.organizations.selectors import get_organization_by_code_for_user, organization_choices, organization_or_root
from pdms.targets.selectors import readable_plans

from .exports import FORMATS, figure_text, period_name, quota_line, scope_line
from .forms import SummaryForm
from .models import ReportStatus
from .selectors import get_report_job_for_user_or_404, recent_report_jobs
from .services import report_job_request, report_job_retry, validate_summary_request
from .summary import Figure, summary_report


def _initial(request, scope, plans) -> dict:
    """Defaults from the query string (?org=&plan=&period=&as_of=), so that the ranking
    and the dashboards can link here with what they show."""
    organization = organization_or_root(scope, request.GET.get("org", ""))
    plan_id = request.GET.get("plan", "")
    plan = next((p for p in plans if str(p.pk) == plan_id), plans[0] if plans else None)
    return {
        "organization": organization.code if organization else "",
        "plan": plan.pk if plan else None,
        "period": request.GET.get("period", "term"),
        "as_of": shown_text(request, "as_of", as_of_param(request)),
        "format": request.GET.get("format", "xlsx"),
    }


def _organization(scope, code: str):
    organization = get_organization_by_code_for_user(scope, code)
    if organization is None:
        raise DomainError(
            _("No organization that you may see has the code %(code)s.") % {"code": code}, field="organization"
        )
    return organization


def _link(figure: Figure) -> dict:
    url = reverse("indicators:drilldown", args=[figure.ctx.organization.pk, figure.key])
    return {"label": figure.label, "text": figure_text(figure), "url": f"{url}?{context_query(figure.ctx)}"}


def _preview(scope, form, plans) -> dict | None:
    """The report on screen, every figure linked to its drill-down; None (with the
    reason on the form) when what was asked cannot be reported."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    plan = next(p for p in plans if p.pk == data["plan"])
    try:
        organization = _organization(scope, data["organization"])
        period = validate_summary_request(
            scope=scope, organization=organization, plan=plan, period=data["period"], as_of=data["as_of"]
        )
        report = summary_report(scope, plan, organization, data["as_of"], period)
    except DomainError as error:
        add_domain_error(form, error)
        return None
    general = [_link(f) for f in report.general]
    groups = [_link(f) for f in report.sources_by_group]
    return {
        "report": report, "period_name": period_name(report), "scope_line": scope_line(report),
        "quota_line": quota_line(report), "general": general, "groups": groups,
        "stages": [_link(f) for f in report.stages], "series": [_link(p.figure) | {"label": p.label} for p in report.series],
        "units": [{"row": row, "query": context_query(row.ctx)} for row in report.units],
    }


@require_http_methods(["GET", "POST"])
def summary(request):
    """The request form; with ``preview`` (posted by the form's button, or in a link's
    query) the report shown on screen as well, and nothing queued."""
    scope = scope_of(request)
    plans = readable_plans(scope)
    # The form posts its preview too: a GET would carry the CSRF token into the URL.
    previewing = "preview" in (request.POST if request.method == "POST" else request.GET)
    data = request.POST or (request.GET if previewing else None)
    form = SummaryForm(data, plans=plans, initial=_initial(request, scope, plans))
    form.fields["organization"].widget.choices = organization_choices(scope)
    queued = {}
    preview = _preview(scope, form, plans) if previewing else None

    def perform(data):
        organization = _organization(scope, data["organization"])
        plan = next(p for p in plans if p.pk == data["plan"])
        queued["job"] = report_job_request(
            organization=organization, plan=plan, period=data["period"], as_of=data["as_of"], form=data["format"],
            actor=request.user,
        )
        # The job page says how the report is getting on; a message would go stale there.
        return ""

    if not previewing and submitted(request, form, perform):
        return redirect("reporting:job", report_job_id=queued["job"].pk)
    return render(request, "reporting/summary.html", {
        "form": form, "jobs": recent_report_jobs(scope), "has_plans": bool(plans), "preview": preview,
    })


@require_GET
def job_detail(request, report_job_id):
    job = get_report_job_for_user_or_404(scope_of(request), report_job_id)
    return render(request, "reporting/job.html", {"job": job})


@require_POST
def job_retry(request, report_job_id):
    job = get_report_job_for_user_or_404(scope_of(request), report_job_id)
    try:
        report_job_retry(job=job, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("reporting:job", report_job_id=job.pk)


@require_GET
def job_progress(request, report_job_id):
    job = get_report_job_for_user_or_404(scope_of(request), report_job_id)
    return render(request, "reporting/_progress.html", {"job": job})


@require_GET
def job_download(request, report_job_id):
    job = get_report_job_for_user_or_404(scope_of(request), report_job_id)
    # The file may be gone (removed from storage, or a backup restored without it).
    if job.status != ReportStatus.DONE or not job.file or not job.file.storage.exists(job.file.name):
        raise Http404
    audit_download(actor=request.user, what="report", obj=job, organization=job.organization, filename=job.filename)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=FORMATS[job.format])
