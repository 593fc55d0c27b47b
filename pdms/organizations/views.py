"""Organization pages: the tree as of any date (expanded lazily, with a search box) and
one organization's page with its figures, member balance, chart, lineage and history.
Every object comes through the scoped selectors; every figure comes from the indicator
engine with the request's scope."""

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pdms.core.dates import format_date, today
from pdms.core.views import as_of_param, scope_of
from pdms.indicators.engine import Context, evaluate, evaluate_series, get
from pdms.indicators.web import context_for_request, context_query

from .forms import kinds_allowed_under
from .models import BRANCH_KINDS
from .page_selectors import organization_history, organizations_search, tree_children_on, tree_roots_on, visible_ids
from .permissions import may_reorganize, may_reorganize_under
from .rollup import earliest_founding
from .selectors import ancestors_on, children_on, get_organization_for_user_or_404, history_of, lineage_of, version_on

REFORM_EVE = dt.date(2025, 6, 30)
QUICK_PAST_YEARS = 5
CHART_FIRST_YEAR = 2015
CHART_MONTHS = 36
CHART_KEYS = ["members_total", "members_full", "members_probationary"]
# The member balance reads as a sum: opening, plus what came in, minus what went out.
BALANCE_SIGNS = {
    "balance_opening": "",
    "balance_admitted": "+",
    "balance_transferred_in": "+",
    "balance_transferred_out": "−",
    "balance_deceased": "−",
    "balance_removed": "−",
    "balance_expelled": "−",
    "balance_closing": "=",
}


def _quick_dates(day: dt.date) -> list[tuple[str, dt.date]]:
    dates = [(_("Today"), day)]
    dates += [(format_date(dt.date(year, 12, 31)), dt.date(year, 12, 31)) for year in range(day.year - 1, day.year - 1 - QUICK_PAST_YEARS, -1)]
    if day > REFORM_EVE:
        dates.append((_("%(date)s (before the 2025 reform)") % {"date": format_date(REFORM_EVE)}, REFORM_EVE))
    return dates


def _tree_context(as_of: dt.date) -> dict:
    return {"as_of": as_of, "branch_kinds": [k.value for k in BRANCH_KINDS]}


@require_GET
def tree(request):
    """The organization tree within the user's scope as it stood on a chosen date."""
    scope = scope_of(request)
    as_of = as_of_param(request)
    query = request.GET.get("q", "").strip()
    context = _tree_context(as_of) | {"query": query, "hits": organizations_search(scope, query, as_of)}
    if request.htmx and request.htmx.target == "search-results":
        return render(request, "organizations/_search_results.html", context)
    roots = tree_roots_on(scope, as_of)
    if len(roots) == 1:
        # A single root (the usual case: the user's own organization) opens at once.
        roots[0].opened_children = tree_children_on(scope, roots[0].organization, as_of)
    context |= {"roots": roots, "quick_dates": _quick_dates(today())}
    return render(request, "organizations/tree.html", context)


@require_GET
def children(request, org_id):
    """The children of one node as of the date (an htmx partial of the tree)."""
    scope = scope_of(request)
    organization = get_organization_for_user_or_404(scope, org_id, for_write=False)
    as_of = as_of_param(request)
    nodes = tree_children_on(scope, organization, as_of)
    return render(request, "organizations/_nodes.html", _tree_context(as_of) | {"nodes": nodes})


def _figure_groups(results) -> tuple[list[dict], list[dict]]:
    """Results grouped by indicator group, and the member balance apart as a sum."""
    groups: dict[str, list] = {}
    balance = []
    for result in results:
        if result.key in BALANCE_SIGNS:
            balance.append({"sign": BALANCE_SIGNS[result.key], "result": result})
        else:
            groups.setdefault(str(get(result.key).group), []).append(result)
    return [{"title": title, "results": items} for title, items in groups.items()], balance


def _reorganizations_offered(scope, organization) -> dict:
    """Which reorganization buttons the page shows (the services check again)."""
    can_reorganize = may_reorganize(scope, organization)
    return {
        "can_reorganize": can_reorganize,
        "can_found": may_reorganize_under(scope, organization) and bool(kinds_allowed_under(organization)),
        "can_set_committee": can_reorganize and organization.kind in BRANCH_KINDS,
    }


@require_GET
def detail(request, org_id):
    """One organization as of a date: its place in the tree, figures, balance, lineage
    and history."""
    scope = scope_of(request)
    organization = get_organization_for_user_or_404(scope, org_id, for_write=False)
    ctx, period_error = context_for_request(request, scope, organization)
    as_of = ctx.as_of
    groups, balance = _figure_groups(evaluate(ctx))
    ancestors = ancestors_on(organization, as_of)[:-1]
    lineage = lineage_of(organization)
    predecessors, successors = list(lineage["predecessors"]), list(lineage["successors"])
    linkable = visible_ids(
        scope,
        [a.organization_id for a in ancestors]
        + [link.predecessor_id for link in predecessors]
        + [link.successor_id for link in successors],
    )
    context = {
        "organization": organization,
        "version": version_on(organization, as_of),
        "ancestors": ancestors,
        "linkable": linkable,
        "as_of": as_of,
        "ctx": ctx,
        "query": context_query(ctx),
        "period_error": period_error,
        "groups": groups,
        "balance": balance,
        "subordinates": children_on(scope, organization, as_of),
        "predecessors": predecessors,
        "successors": successors,
        "versions": history_of(organization),
        "audit": organization_history(scope, organization),
        "branch_kinds": [k.value for k in BRANCH_KINDS],
    } | _reorganizations_offered(scope, organization)
    return render(request, "organizations/detail.html", context)


def chart_dates(as_of: dt.date, span: str, first_day: dt.date) -> list[dt.date]:
    """Year ends since 2015 (the default: twelve evaluations, cheap at province scale),
    or month ends of the last three years, then ``as_of`` itself; dates before the
    organization and its predecessors existed are left out."""
    if span == "years":
        days = [dt.date(year, 12, 31) for year in range(CHART_FIRST_YEAR, as_of.year)]
    else:
        days, month_end = [], as_of.replace(day=1) - dt.timedelta(days=1)
        for _month in range(CHART_MONTHS):
            days.insert(0, month_end)
            month_end = month_end.replace(day=1) - dt.timedelta(days=1)
    return [day for day in [*days, as_of] if day >= first_day]


@require_GET
def members_chart(request, org_id):
    """Members over time (an htmx partial of the organization page): one evaluation of
    the engine per date, at most 37 of them."""
    scope = scope_of(request)
    organization = get_organization_for_user_or_404(scope, org_id, for_write=False)
    as_of = as_of_param(request)
    span = request.GET.get("span", "years")
    if span not in ("months", "years"):
        raise Http404
    # Every point counts the subtree as it stands on the page's date, so the history of
    # merged predecessors rolls up into the organization.
    base = Context.build(scope=scope, organization=organization, as_of=as_of)
    days = chart_dates(as_of, span, earliest_founding(base.orgs) or organization.founded_on)
    series = evaluate_series(base, CHART_KEYS, days)
    data = {
        "labels": [format_date(day) for day in days],
        "series": [{"label": results[0].label, "values": [r.value for r in results]} for results in series.values()],
    }
    return render(
        request,
        "organizations/_members_chart.html",
        {"organization": organization, "as_of": as_of, "span": span, "chart": data},
    )
