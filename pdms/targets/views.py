"""Plan pages: the plans in the user's scope and those of the committees above it, a new
plan, one plan with the quotas of its committee and of each unit directly under it
(version in force, history, the warning when units' quotas do not add up) and the ranking
of units by achievement with their pipeline. A plan of a committee above shows only the
user's own organization and its units. Only users who may change the plan's committee may
set quotas."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pdms.audit.access import audit_download
from pdms.core.dates import format_date
from pdms.core.errors import DomainError, PermissionDenied
from pdms.core.views import as_of_param, scope_of, submitted
from pdms.indicators.web import context_query
from pdms.organizations.selectors import get_organization_by_code_for_user

from . import services
from .exports import EXPORTERS, FORMATS, QuotaProgressReport, export_filename
from .reports import COUNTING_RULE, PIPELINE_KEYS, period_of, progress_rows, ranked
from .forms import PlanForm, QuotaForm
from .indicators import prefetch_quota_targets
from .selectors import (
    children_mismatch, get_readable_plan_or_404, plan_page_root, plan_quota_versions, quota_target, readable_plans, units_under,
    version_in_force,
)

# Product names, the same in every language.
EXPORT_LINKS = [("xlsx", "Excel (.xlsx)"), ("docx", "Word (.docx)"), ("pdf", "PDF")]


def _periods(plan) -> list[tuple[str, str]]:
    term = _("Term %(start)s – %(end)s") % {"start": format_date(plan.term_start), "end": format_date(plan.term_end)}
    return [("term", term)] + [(str(y), _("Year %(year)s") % {"year": y}) for y in range(plan.term_start.year, plan.term_end.year + 1)]


@require_GET
def plans(request):
    scope = scope_of(request)
    return render(request, "targets/plans.html", {"plans": readable_plans(scope), "can_add": scope.can_write})


@require_http_methods(["GET", "POST"])
def plan_add(request):
    scope = scope_of(request)
    if not scope.can_write:
        raise PermissionDenied(_("You may not set plans or quotas of %(org)s.") % {"org": scope.root.name})
    initial = {"organization": scope.root.code} if scope.root else {}
    form = PlanForm(request.POST or None, initial=initial)
    created = {}

    def perform(data):
        organization = get_organization_by_code_for_user(scope, data["organization"])
        if organization is None or not scope.can_write_org(organization):
            raise DomainError(
                _("No active organization that you may change has the code %(code)s.") % {"code": data["organization"]},
                field="organization",
            )
        fields = {k: data[k] for k in ("number", "title", "issued_on", "term_start", "term_end")}
        created["plan"] = services.plan_create(organization=organization, actor=request.user, **fields)
        return _("Plan %(number)s was created.") % {"number": created["plan"].number}

    if submitted(request, form, perform):
        return redirect("targets:plan_detail", plan_id=created["plan"].pk)
    return render(request, "targets/plan_add.html", {"form": form})


def _quota_rows(units, versions, start, end, as_of, memo):
    rows = []
    for org, name in units:
        history = versions.get((org.pk, start, end), [])
        quota = version_in_force(history, as_of)
        rows.append({
            "organization": org, "name": name, "quota": quota, "target": quota_target(quota, memo) if quota else None,
            "history": history,
        })
    return rows


@require_http_methods(["GET", "POST"])
def plan_detail(request, plan_id):
    scope = scope_of(request)
    plan = get_readable_plan_or_404(scope, plan_id)
    as_of = as_of_param(request)
    can_write = scope.can_write_org(plan.organization)
    if request.method == "POST" and not can_write:
        raise PermissionDenied(_("You may not set plans or quotas of %(org)s.") % {"org": plan.organization.name})
    root = plan_page_root(scope, plan)
    units = [(root, root.name)] + [(v.organization, v.name) for v in units_under(root, as_of, scope)]
    periods = _periods(plan)
    form = QuotaForm(request.POST or None, organizations=units, periods=periods) if can_write else None

    def perform(data):
        organization = next(org for org, _name in units if org.pk == data["organization"])
        start, end = period_of(plan, data["period"])
        quota = services.quota_set(
            plan=plan, organization=organization, period_start=start, period_end=end, kind=data["kind"], value=data["value"],
            reference_on=data["reference_on"], decision=data["decision"], decided_on=data["decided_on"], reason=data["reason"],
            actor=request.user,
        )
        return _("The quota of %(org)s was set (version %(version)s).") % {"org": organization.name, "version": quota.version}

    if form is not None and submitted(request, form, perform):
        return redirect("targets:plan_detail", plan_id=plan.pk)
    # Every quota version of the committee and its units (all of them: the sum of the
    # units' quotas does not depend on who reads it) is read once; targets of percent
    # quotas are computed together.
    versions = plan_quota_versions(plan, [root, *(v.organization for v in units_under(root, as_of))])
    memo: dict = {}
    prefetch_quota_targets([quota for history in versions.values() for quota in history], memo)
    sections = []
    for key, label in periods:
        start, end = period_of(plan, key)
        parent_target, children_sum, missing = children_mismatch(
            plan, root, (start, end), on=as_of, memo=memo, versions=versions
        )
        rows = _quota_rows(units, versions, start, end, as_of, memo)
        warn = parent_target is not None and len(units) > 1 and (children_sum != parent_target or bool(missing))
        sections.append({
            "key": key, "label": label, "rows": rows, "warn": warn, "parent_target": parent_target,
            "children_sum": children_sum, "missing": missing,
        })
    return render(request, "targets/plan_detail.html", {
        "plan": plan, "root": root, "as_of": as_of, "sections": sections, "form": form, "can_write": can_write,
    })


@require_GET
def ranking(request, plan_id):
    scope = scope_of(request)
    plan = get_readable_plan_or_404(scope, plan_id)
    as_of = as_of_param(request)
    period = request.GET.get("period", "term")
    error = ""
    try:
        head, units = progress_rows(scope, plan, plan_page_root(scope, plan), as_of, period, pipeline=True)
    except DomainError as exc:
        error, head, units = exc.message, None, []
    rows = []
    for row in ranked(units):
        query = context_query(row.ctx)
        rows.append({"row": row, "query": query, "link": f"{reverse('organizations:detail', args=[row.organization.pk])}?{query}"})
    return render(request, "targets/ranking.html", {
        "plan": plan, "as_of": as_of, "period": period, "periods": _periods(plan), "head": head,
        "head_query": context_query(head.ctx) if head else "", "rows": rows, "error": error, "pipeline_keys": PIPELINE_KEYS,
        "export_links": EXPORT_LINKS, "counting_rule": COUNTING_RULE,
    })


@require_GET
def ranking_export(request, plan_id, form):
    """The ranking as an xlsx, docx or pdf file; on an error, back to the ranking page
    with the message."""
    if form not in EXPORTERS:
        raise Http404
    scope = scope_of(request)
    plan = get_readable_plan_or_404(scope, plan_id)
    root = plan_page_root(scope, plan)
    as_of = as_of_param(request)
    period = request.GET.get("period", "term")
    try:
        head, units = progress_rows(scope, plan, root, as_of, period, pipeline=True)
        report = QuotaProgressReport(plan, root, as_of, head, ranked(units))
        content = EXPORTERS[form](report)
    except DomainError as exc:
        messages.error(request, exc.message)
        query = urlencode({"as_of": format_date(as_of), "period": period})
        return redirect(f"{reverse('targets:ranking', args=[plan.pk])}?{query}")
    filename = export_filename(report, form)
    audit_download(actor=request.user, what="ranking", obj=plan, organization=plan.organization, filename=filename)
    response = HttpResponse(content, content_type=FORMATS[form])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
