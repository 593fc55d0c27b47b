"""The pipeline board of an organization's subtree on a date, and the reminders page of
the user's scope. Both only read; every record comes through the scoped selectors."""

import datetime as dt
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pdms.audit.list_exports import Column, filter_line, list_download
from pdms.core.dates import format_date, today
from pdms.core.views import as_of_param, scope_of
from pdms.indicators.web import context_query
from pdms.organizations.selectors import children_on

from ..models import SourceGroup
from ..selectors import board as selectors
from ..selectors.sources import FOCUS_CHOICES

PAGE_SIZE = 50
EXPORT_CHUNK = 2000


def _board_query(organization, as_of: dt.date, filters: selectors.Filters) -> str:
    params = {"org": organization.pk, "as_of": format_date(as_of), "group": filters.group, "focus": filters.focus}
    return urlencode({name: value for name, value in params.items() if value})


def _stage_download(request, scope, organization, spec, records, as_of: dt.date, filters: selectors.Filters):
    """The people of one stage as .xlsx, every page of them, with the board's filters."""
    def rows():
        # In chunks: a province's stage can hold thousands of people.
        for start in range(0, records.count(), EXPORT_CHUNK):
            yield from selectors.stage_rows(scope, spec, records[start : start + EXPORT_CHUNK], as_of)

    group = SourceGroup.objects.filter(code=filters.group).values_list("name", flat=True).first() if filters.group else ""
    return list_download(
        actor=request.user, what="pipeline_stage", organization=organization, title=f"{spec.label} · {organization.name}",
        filters=[
            filter_line(_("Organization"), organization.name),
            filter_line(_("As of"), as_of),
            filter_line(_("Source group"), group),
            filter_line(_("Focus groups"), dict(FOCUS_CHOICES)[filters.focus] if filters.focus else ""),
        ],
        columns=[
            Column(_("Full name"), lambda row: row.name, width=28),
            Column(_("Branch"), lambda row: row.organization_name, width=36),
            Column(_("At this stage since"), lambda row: row.since, width=16),
            Column(_("Days"), lambda row: row.days, width=8),
        ],
        rows=rows(), filename_stem=f"quy-trinh-{spec.key}".replace("_", "-"), day=as_of,
    )


@require_GET
def board(request):
    """Each stage from the source list to recognition with its count and people, and
    the deadlines due this month or overdue; ``stage`` lists one stage in full."""
    scope = scope_of(request)
    organization = selectors.board_organization(scope, request.GET.get("org", "").strip())
    as_of = as_of_param(request)
    filters = selectors.Filters.clean(request.GET.get("group", "").strip(), request.GET.get("focus", "").strip())
    context = {
        "organization": organization,
        "as_of": as_of,
        "filters": filters,
        "groups": SourceGroup.objects.filter(active=True).order_by("position", "name"),
        "focus_choices": FOCUS_CHOICES,
        "query": _board_query(organization, as_of, filters),
        "indicator_query": context_query(selectors.board_context(scope, organization, as_of)),
        "parent": organization.parent if organization.parent_id and organization.parent_id in scope.orgs else None,
        "children": children_on(scope, organization, as_of),
    }
    spec = selectors.stage_spec(request.GET.get("stage", ""))
    if spec is not None:
        ctx = selectors.board_context(scope, organization, as_of)
        if request.GET.get("format") == "xlsx":
            return _stage_download(request, scope, organization, spec, spec.records(ctx, filters), as_of, filters)
        page = Paginator(spec.records(ctx, filters), PAGE_SIZE).get_page(request.GET.get("page"))
        context |= {"stage": spec, "page": page, "rows": selectors.stage_rows(scope, spec, page.object_list, as_of)}
        return render(request, "recruitment/board/stage.html", context)
    context["board"] = selectors.pipeline_board(scope, organization, as_of, filters)
    return render(request, "recruitment/board/board.html", context)


@require_GET
def reminders(request):
    """Everything due in the user's scope in the next 30 days, overdue deadlines first."""
    scope = scope_of(request)
    day = today()
    return render(
        request,
        "recruitment/board/reminders.html",
        {"items": selectors.reminders(scope, day), "today": day, "horizon": day + dt.timedelta(days=selectors.REMINDER_DAYS)},
    )
