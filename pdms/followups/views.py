"""Follow-up pages: the requests in the user's scope, a new request (the unit and plan
prefilled from the query, as the ranking links here), and one request with its timeline,
the unit's report form beside its figures, and the committee's return and close forms."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pdms.core.dates import format_date, today
from pdms.core.errors import DomainError
from pdms.core.views import as_of_param, scope_of, submitted
from pdms.indicators.web import context_query
from pdms.organizations.models import Organization
from pdms.organizations.rollup import version_on
from pdms.organizations.selectors import get_organization_by_code_for_user, get_organization_for_user_or_404
from pdms.targets.selectors import get_readable_plan_or_404, readable_plans

from . import services
from .figures import figures_context, figures_of, stored_results
from .forms import CloseForm, FollowUpForm, ReportForm, ReturnForm
from .models import FollowUpStatus
from .selectors import followups_for_user, get_followup_for_user_or_404, is_overdue, timeline

PAGE_SIZE = 50


@require_GET
def followups(request):
    scope = scope_of(request)
    status = request.GET.get("status", "")
    overdue = request.GET.get("overdue") == "1"
    page = Paginator(followups_for_user(scope, status=status, overdue=overdue), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "followups/list.html", {
        "followups": page.object_list, "page": page, "status": status, "overdue": overdue,
        "query": urlencode({"status": status, "overdue": "1" if overdue else ""}), "statuses": FollowUpStatus.choices,
        "can_add": scope.can_write,
    })


def _default_committee(scope, unit: Organization | None, plan) -> str:
    """The plan's committee, else the unit's parent, when the user may act for it."""
    candidates = [plan.organization] if plan else []
    parent_version = version_on(unit, today()) if unit else None
    if parent_version is not None and parent_version.parent_id:
        candidates.append(parent_version.parent)
    return next((org.code for org in candidates if scope.can_write_org(org)), scope.root.code if scope.root else "")


def _years(plans) -> range:
    """The years a period may name: those of the plans' terms, up to this year."""
    first = min((plan.term_start.year for plan in plans), default=today().year - 5)
    last = max([today().year, *(plan.term_end.year for plan in plans)])
    return range(last, first - 1, -1)


def _organization(scope, code: str, field: str) -> Organization:
    organization = get_organization_by_code_for_user(scope, code)
    if organization is None:
        raise DomainError(_("No organization that you may see has the code %(code)s.") % {"code": code}, field=field)
    return organization


@require_http_methods(["GET", "POST"])
def followup_add(request):
    scope = scope_of(request)
    if not scope.can_write:
        raise Http404
    org_id, plan_id = request.GET.get("org", "").strip(), request.GET.get("plan", "").strip()
    unit = get_organization_for_user_or_404(scope, org_id, for_write=False) if org_id else None
    plan = get_readable_plan_or_404(scope, plan_id) if plan_id else None
    plans = readable_plans(scope)
    initial = {
        "committee": _default_committee(scope, unit, plan), "unit": unit.code if unit else "", "plan": plan.pk if plan else None,
        "period": request.GET.get("period", "") or ("term" if plan else ""), "issued_on": today(),
    }
    form = FollowUpForm(request.POST or None, initial=initial, plans=plans, years=_years(plans))
    created = {}

    def perform(data):
        chosen_plan = next((p for p in plans if p.pk == data["plan"]), None)
        created["followup"] = services.followup_request(
            committee=_organization(scope, data["committee"], "committee"), unit=_organization(scope, data["unit"], "unit"),
            plan=chosen_plan, period=data["period"], document_number=data["document_number"], issued_on=data["issued_on"],
            due_on=data["due_on"], request_text=data["request_text"], actor=request.user,
        )
        return _("The request %(number)s to %(unit)s was recorded.") % {
            "number": created["followup"].document_number, "unit": created["followup"].unit.name,
        }

    if submitted(request, form, perform):
        return redirect("followups:detail", followup_id=created["followup"].pk)
    return render(request, "followups/add.html", {"form": form, "unit": unit, "plan": plan})


def _live_figures(scope, followup, as_of):
    """The figures a report would be filled with as of ``as_of``, with their drill-down query."""
    try:
        ctx = figures_context(scope, followup, as_of)
    except DomainError as error:
        return [], "", error.message
    return figures_of(ctx, followup.plan), context_query(ctx), ""


def _stored_query(report) -> str:
    return urlencode({"as_of": format_date(report.as_of), "from": format_date(report.period_start), "to": format_date(report.period_end)})


@require_http_methods(["GET", "POST"])
def followup_detail(request, followup_id):
    scope = scope_of(request)
    followup = get_followup_for_user_or_404(scope, followup_id, for_write=request.method == "POST")
    may_report = followup.status == FollowUpStatus.OPEN and (
        scope.can_write_org(followup.unit) or scope.can_write_org(followup.committee)
    )
    may_review = followup.status == FollowUpStatus.REPORTED and scope.can_write_org(followup.committee)
    as_of = min(as_of_param(request), today())
    action = request.POST.get("action", "")
    data = request.POST if request.method == "POST" else None
    forms = {
        "report": ReportForm(data if action == "report" else None, initial={"as_of": format_date(as_of)}) if may_report else None,
        "return": ReturnForm(data if action == "return" else None) if may_review else None,
        "close": CloseForm(data if action == "close" else None) if may_review else None,
    }

    def report(data):
        services.followup_report_submit(followup=followup, text=data["text"], as_of=data["as_of"], actor=request.user)
        return _("The report of %(unit)s was submitted.") % {"unit": followup.unit.name}

    def send_back(data):
        services.followup_return(followup=followup, reason=data["reason"], actor=request.user)
        return _("The report was returned to %(unit)s.") % {"unit": followup.unit.name}

    def close(data):
        services.followup_close(followup=followup, conclusion=data["conclusion"], actor=request.user)
        return _("Request %(number)s was closed.") % {"number": followup.document_number}

    if request.method == "POST":
        if forms.get(action) is None:
            raise Http404
        perform = {"report": report, "return": send_back, "close": close}[action]
        if submitted(request, forms[action], perform):
            return redirect("followups:detail", followup_id=followup.pk)
    figures, figures_query, figures_error = _live_figures(scope, followup, as_of) if may_report else ([], "", "")
    reports = [
        {"report": report, "figures": stored_results(report.figures), "query": _stored_query(report)} for report in timeline(followup)
    ]
    return render(request, "followups/detail.html", {
        "followup": followup, "reports": reports, "forms": forms, "as_of": as_of, "figures": figures,
        "figures_query": figures_query, "figures_error": figures_error,
        "is_overdue": is_overdue(followup),
    })
