"""The drill-down: the records behind one figure (or one part of its breakdown), listed
from the same Context as the organization page that showed the figure, so the list and the
figure always agree."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from pdms.audit.list_exports import Column, filter_line, list_download
from pdms.core.errors import DomainError
from pdms.core.views import scope_of
from pdms.organizations.page_selectors import names_on
from pdms.organizations.selectors import get_organization_for_user_or_404

from . import engine
from .web import context_for_request, context_query

PAGE_SIZE = 50
EXPORT_CHUNK = 2000


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


def _rows(scope, indicator, records, day) -> list:
    if indicator.record_type == "period":
        return _period_rows(scope, records)
    if indicator.record_type == "organization":
        return _organization_rows(scope, records, day)
    if indicator.record_type in _ORGANIZATION_OF:
        return _record_rows(scope, records, indicator.record_type, day)
    return records


# The download's columns for each kind of record, those of the page's table.
_COLUMNS = {
    "period": lambda: [
        Column(_("Full name"), lambda row: row.period.member.person.full_name, width=28),
        Column(_("Date of birth"), lambda row: row.period.member.person.birth_date, width=14),
        Column(_("Organization"), lambda row: row.organization_name, width=36),
        Column(_("Status"), lambda row: row.period.get_status_display()),
        Column(_("Event"), lambda row: row.period.get_start_event_display()),
        Column(_("Date"), lambda row: row.period.valid_from, width=14),
    ],
    "organization": lambda: [
        Column(_("Code"), lambda row: row.version.organization.code, width=14),
        Column(_("Name"), lambda row: row.version.name, width=36),
        Column(_("Kind"), lambda row: row.version.get_kind_display(), width=24),
        Column(_("Parent organization"), lambda row: row.parent_name, width=36),
    ],
    "candidate": lambda: [
        Column(_("Full name"), lambda row: row.record.person.full_name, width=28),
        Column(_("Date of birth"), lambda row: row.record.person.birth_date, width=14),
        Column(_("Organization"), lambda row: row.organization_name, width=36),
        Column(pgettext("drilldown column", "Source group"), lambda row: row.record.group.name, width=24),
        Column(pgettext("drilldown column", "On the list since"), lambda row: row.record.added_on, width=14),
        Column(_("Status"), lambda row: row.record.get_status_display()),
    ],
    "enrollment": lambda: [
        Column(_("Full name"), lambda row: row.record.person.full_name, width=28),
        Column(pgettext("drilldown column", "Course"), lambda row: row.record.course.title, width=36),
        Column(_("Organization"), lambda row: row.organization_name, width=36),
        Column(pgettext("drilldown column", "Completed on"), lambda row: row.record.completed_on, width=14),
        Column(pgettext("drilldown column", "Certificate"), lambda row: row.record.certificate_number),
    ],
    "dossier": lambda: [
        Column(_("Full name"), lambda row: row.record.person.full_name, width=28),
        Column(_("Organization"), lambda row: row.organization_name, width=36),
        Column(pgettext("drilldown column", "Current step"), lambda row: row.record.get_state_display(), width=24),
        Column(pgettext("drilldown column", "Application"), lambda row: row.record.opened_on, width=14),
        Column(pgettext("drilldown column", "Branch resolution"), lambda row: row.record.branch_resolved_on, width=14),
        Column(pgettext("drilldown column", "Admission decision"), lambda row: row.record.decided_on, width=14),
        Column(pgettext("drilldown column", "Admission ceremony"), lambda row: row.record.ceremony_on, width=14),
        Column(_("Full member from"), lambda row: row.record.recognized_on, width=14),
    ],
    "deadline": lambda: [
        Column(_("Full name"), lambda row: row.record.dossier.person.full_name, width=28),
        Column(_("Organization"), lambda row: row.organization_name, width=36),
        Column(pgettext("drilldown column", "Deadline"), lambda row: row.record.get_kind_display(), width=28),
        Column(pgettext("drilldown column", "Counted from"), lambda row: row.record.anchor_on, width=14),
        Column(pgettext("drilldown column", "Due on"), lambda row: row.record.due_on, width=14),
        Column(pgettext("drilldown column", "Met on"), lambda row: row.record.done_on, width=14),
    ],
    "followup": lambda: [
        Column(pgettext("drilldown column", "Document"), lambda row: row.record.document_number, width=20),
        Column(_("Date"), lambda row: row.record.issued_on, width=14),
        Column(pgettext("drilldown column", "Unit asked"), lambda row: row.organization_name, width=36),
        Column(pgettext("drilldown column", "Requesting committee"), lambda row: row.record.committee.name, width=36),
        Column(pgettext("drilldown column", "Due on"), lambda row: row.record.due_on, width=14),
        Column(_("Status"), lambda row: row.record.get_status_display()),
    ],
    "member": lambda: [
        Column(_("Full name"), lambda row: row.person.full_name, width=28),
        Column(_("Date of birth"), lambda row: row.person.birth_date, width=14),
        Column(_("Organization"), lambda row: row.organization.name, width=36),
        Column(_("Status"), lambda row: row.get_status_display()),
    ],
}


def _download(request, scope, organization, indicator, ctx, part_label: str):
    """Every record behind the figure (or the part) as .xlsx."""
    records = indicator.records(ctx)

    def rows():
        # In chunks: a province's figure can stand on tens of thousands of records.
        for start in range(0, records.count(), EXPORT_CHUNK):
            yield from _rows(scope, indicator, list(records[start : start + EXPORT_CHUNK]), ctx.as_of)

    return list_download(
        actor=request.user, what="drilldown", organization=organization,
        title=f"{indicator.label} · {organization.name}",
        filters=[
            filter_line(_("Organization"), f"{organization.name} ({organization.code})"),
            filter_line(_("As of"), ctx.as_of),
            filter_line(_("Period from"), ctx.start),
            filter_line(_("Period to"), ctx.end),
            filter_line(_("Breakdown"), part_label),
        ],
        columns=_COLUMNS.get(indicator.record_type, _COLUMNS["member"])(), rows=rows(),
        filename_stem=f"{indicator.key}-{organization.code}".lower(), day=ctx.as_of,
    )


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
    if request.GET.get("format") == "xlsx":
        return _download(request, scope, organization, indicator, ctx, next((p.label for p in parts if p.key == part), ""))
    page = Paginator(indicator.records(ctx), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _rows(scope, indicator, list(page.object_list), ctx.as_of)
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
