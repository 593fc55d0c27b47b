"""The drill-down: the records behind one figure, listed from the same Context as the
organization page that showed the figure, so the list and the figure always agree."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pdms.core.errors import DomainError
from pdms.core.views import scope_of
from pdms.organizations.page_selectors import names_on
from pdms.organizations.selectors import get_organization_for_user_or_404

from . import engine
from .web import context_for_request, context_query

PAGE_SIZE = 50


@dataclass
class PeriodRow:
    period: object  # a MemberPeriod: a member at a dated event
    organization_name: str


@dataclass
class OrganizationRow:
    version: object  # an OrgVersion valid on the date of the figure
    parent_name: str


def _period_rows(scope, periods) -> list[PeriodRow]:
    names = names_on(scope, [(p.organization_id, p.valid_from) for p in periods])
    return [PeriodRow(p, names[(p.organization_id, p.valid_from)]) for p in periods]


def _organization_rows(scope, versions, day) -> list[OrganizationRow]:
    names = names_on(scope, [(v.parent_id, day) for v in versions if v.parent_id])
    return [OrganizationRow(v, names.get((v.parent_id, day), "")) for v in versions]


@require_GET
def drilldown(request, org_id, key):
    scope = scope_of(request)
    organization = get_organization_for_user_or_404(scope, org_id, for_write=False)
    try:
        indicator = engine.get(key)
    except DomainError:
        raise Http404
    ctx, period_error = context_for_request(request, scope, organization)
    page = Paginator(indicator.records(ctx), PAGE_SIZE).get_page(request.GET.get("page"))
    records = list(page.object_list)
    if indicator.record_type == "period":
        rows = _period_rows(scope, records)
    elif indicator.record_type == "organization":
        rows = _organization_rows(scope, records, ctx.as_of)
    else:
        rows = records
    return render(
        request,
        "indicators/drilldown.html",
        {
            "organization": organization,
            "indicator": indicator,
            "result": indicator.compute(ctx),
            "ctx": ctx,
            "query": context_query(ctx),
            "period_error": period_error,
            "page": page,
            "rows": rows,
        },
    )
