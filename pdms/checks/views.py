"""Pages of the consistency check: a run over an organization and period, and the
reported values with their form."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pdms.core.errors import DomainError
from pdms.core.views import scope_of, submitted
from pdms.members.selectors import get_member_for_user_or_404
from pdms.indicators.web import context_for_request, context_query
from pdms.organizations.selectors import organization_or_root

from . import services
from .forms import ReportedValueForm
from .registry import all_rules, run_checks
from .selectors import get_reported_value_for_user_or_404, reported_values_for_user


@require_GET
def run(request):
    scope = scope_of(request)
    organization = organization_or_root(scope, request.GET.get("org", "").strip())
    if organization is None:
        return render(request, "checks/run.html", {"organization": None})
    ctx, period_error = context_for_request(request, scope, organization)
    findings = run_checks(ctx)
    groups = [(item, [f for f in findings if f.rule == item.key]) for item in all_rules()]
    return render(
        request,
        "checks/run.html",
        {
            "organization": organization, "ctx": ctx, "period_error": period_error, "groups": groups, "count": len(findings),
            "query": context_query(ctx), "back": request.GET.urlencode(),
        },
    )


@require_http_methods(["GET", "POST"])
def reported(request):
    scope = scope_of(request)
    organization = organization_or_root(scope, request.GET.get("org", "").strip())
    if organization is None:
        return render(request, "checks/reported.html", {"organization": None})
    can_write = scope.can_write_org(organization)
    form = ReportedValueForm(request.POST or None) if can_write else None
    if request.method == "POST":
        if not can_write:
            raise Http404

        def add(data):
            services.reported_value_add(organization=organization, actor=request.user, **data)
            return _("The reported figure was recorded.")

        if submitted(request, form, add):
            return redirect(reverse("checks:reported") + "?" + urlencode({"org": organization.pk}))
    ctx, _error = context_for_request(request, scope, organization)
    values = reported_values_for_user(scope, ctx.orgs)
    return render(
        request,
        "checks/reported.html",
        {"organization": organization, "form": form, "values": values, "can_write": can_write, "scope": scope},
    )


@require_POST
def reported_remove(request, reported_id):
    scope = scope_of(request)
    item = get_reported_value_for_user_or_404(scope, reported_id, for_write=True)
    services.reported_value_remove(reported=item, actor=request.user)
    messages.success(request, _("The reported figure was removed."))
    return redirect(reverse("checks:reported") + "?" + urlencode({"org": back if (back := request.POST.get("org", "")).isdigit() else item.organization_id}))


@require_POST
def distinct_people(request):
    """Declare the people of a duplicate finding different people; back to the check."""
    scope = scope_of(request)
    if not scope.can_write:
        raise Http404
    members = [get_member_for_user_or_404(scope, member_id, for_write=True) for member_id in request.POST.getlist("member")]
    try:
        services.distinct_people_mark(members=members, reason=request.POST.get("reason", ""), actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Recorded: these are different people. The check no longer pairs them."))
    # The check's own filters, parsed again so that nothing but a query string goes back.
    return redirect(reverse("checks:run") + "?" + QueryDict(request.POST.get("back", "")).urlencode())
