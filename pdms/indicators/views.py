"""The drill-down: the records behind one figure (or one part of its breakdown), listed
from the same Context as the organization page that showed the figure, so the list and the
figure always agree."""

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


@dataclass
class RecordRow:
    record: object  # a candidate, enrollment, dossier or deadline of the recruitment pipeline
    organization_name: str


# Where each kind of recruitment record keeps its organization.
_ORGANIZATION_OF = {
    "candidate": lambda record: record.organization_id,
    "enrollment": lambda record: record.organization_id,
    "dossier": lambda record: record.organization_id,
    "deadline": lambda record: record.dossier.organization_id,
    "followup": lambda record: record.unit_id,
}


def _period_rows(scope, periods) -> list[PeriodRow]:
    names = names_on(scope, [(p.organization_id, p.valid_from) for p in periods])
    return [PeriodRow(p, names[(p.organization_id, p.valid_from)]) for p in periods]


def _organization_rows(scope, versions, day) -> list[OrganizationRow]:
    names = names_on(scope, [(v.parent_id, day) for v in versions if v.parent_id])
    return [OrganizationRow(v, names.get((v.parent_id, day), "")) for v in versions]


def _record_rows(scope, records, record_type, day) -> list[RecordRow]:
    organization_of = _ORGANIZATION_OF[record_type]
    names = names_on(scope, [(organization_of(r), day) for r in records])
    return [RecordRow(r, names[(organization_of(r), day)]) for r in records]


@require_GET
def drilldown(request, org_id, key):
    scope = scope_of(request)
    organization = get_organization_for_user_or_404(scope, org_id, for_write=False)
    try:
        indicator = engine.get(key)
    except DomainError:
        raise Http404
    ctx, period_error = context_for_request(request, scope, organization)
    parts = indicator.parts(ctx)
    whole_query = context_query(ctx)
    part = request.GET.get("part", "")
    if part:
        if part not in {p.key for p in parts}:
            raise Http404
        ctx = ctx.for_part(part)
    page = Paginator(indicator.records(ctx), PAGE_SIZE).get_page(request.GET.get("page"))
    records = list(page.object_list)
    if indicator.record_type == "period":
        rows = _period_rows(scope, records)
    elif indicator.record_type == "organization":
        rows = _organization_rows(scope, records, ctx.as_of)
    elif indicator.record_type in _ORGANIZATION_OF:
        rows = _record_rows(scope, records, indicator.record_type, ctx.as_of)
    else:
        rows = records
    return render(
        request,
        "indicators/drilldown.html",
        {
            "organization": organization,
            "indicator": indicator,
            "result": indicator.compute(ctx),
            "basis": indicator.basis(ctx),
            "ctx": ctx,
            "query": context_query(ctx),
            "whole_query": whole_query,
            "parts": parts,
            "parts_total": sum(p.value for p in parts),
            "part": next((p for p in parts if p.key == ctx.part), None),
            "period_error": period_error,
            "page": page,
            "rows": rows,
        },
    )
