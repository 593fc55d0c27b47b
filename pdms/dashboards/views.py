"""The dashboard of an organization: ``?org=&plan=&period=term|YYYY&as_of=dd/mm/yyyy``.
Defaults: the user's own organization, the plan in force for it on the as-of day, the
term, today. A bad date or period is said on the page and the default used instead. The
forecast and the units at risk (simulations) arrive after the page, from ``outlook``."""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pdms.accounts.scope import Scope
from pdms.core.dates import format_date
from pdms.core.errors import DomainError
from pdms.core.views import as_of_param, scope_of
from pdms.indicators.engine import Context
from pdms.indicators.web import context_query
from pdms.organizations.models import Organization
from pdms.recruitment.selectors.board import board_organization
from pdms.targets.models import Plan
from pdms.targets.reports import period_of
from pdms.targets.selectors import get_readable_plan_or_404, plan_in_force, plans_above

from . import charts, panels


@dataclass
class Selection:
    """What the query string asks for, with the defaults filled in and what was wrong."""

    scope: Scope
    organization: Organization
    as_of: dt.date
    plans: list[Plan]
    plan: Plan | None
    period: str
    errors: list[str] = field(default_factory=list)

    @property
    def query(self) -> str:
        return urlencode({
            "org": self.organization.pk, "plan": self.plan.pk if self.plan else "", "period": self.period,
            "as_of": format_date(self.as_of),
        })


def _unit_dashboard(chosen: Selection, unit: Organization) -> str:
    """The same dashboard for a unit of the ranking."""
    query = urlencode({"org": unit.pk, "plan": chosen.plan.pk, "period": chosen.period, "as_of": format_date(chosen.as_of)})
    return f"{reverse('dashboards:dashboard')}?{query}"


def _plan(scope: Scope, plan_id: str, plans: list[Plan], as_of: dt.date) -> Plan | None:
    """The plan asked for — one that can set the organization's quota, or one the user
    may open — else the plan in force; 404 for any other."""
    if not plan_id:
        return plan_in_force(plans, as_of)
    chosen = next((p for p in plans if str(p.pk) == plan_id), None)
    return chosen or get_readable_plan_or_404(scope, plan_id)


def _selection(request) -> Selection:
    scope = scope_of(request)
    organization = board_organization(scope, request.GET.get("org", "").strip())
    errors: list[str] = []
    as_of = as_of_param(request)
    plans = plans_above(organization, as_of)
    plan = _plan(scope, request.GET.get("plan", "").strip(), plans, as_of)
    if plan is not None and plan not in plans:
        plans.append(plan)
    period = (request.GET.get("period", "") or "term").strip().lower()
    if plan is None:
        errors.append(_("No plan sets admission quotas for %(org)s or a committee above it.") % {"org": organization.name})
    else:
        try:
            period_of(plan, period)
        except DomainError as error:
            errors.append(error.message)
            period = "term"
    return Selection(scope, organization, as_of, plans, plan, period, errors)


def _periods(plan: Plan) -> list[tuple[str, str]]:
    term = _("Term %(start)s – %(end)s") % {"start": format_date(plan.term_start), "end": format_date(plan.term_end)}
    years = range(plan.term_start.year, plan.term_end.year + 1)
    return [("term", term)] + [(str(y), _("Year %(year)s") % {"year": y}) for y in years]


@require_GET
def dashboard(request):
    chosen = _selection(request)
    board = None
    if chosen.plan is not None:
        try:
            board = panels.dashboard(chosen.scope, chosen.plan, chosen.organization, chosen.as_of, chosen.period)
        except DomainError as error:
            chosen.errors.append(error.message)
    return render(request, "dashboards/dashboard.html", {
        "chosen": chosen, "organization": chosen.organization, "as_of": chosen.as_of, "plans": chosen.plans,
        "plan": chosen.plan, "period": chosen.period, "periods": _periods(chosen.plan) if chosen.plan else [],
        "errors": chosen.errors, "board": board,
        "head_query": context_query(board.head.ctx) if board else "",
        "units": [
            {"row": row, "query": context_query(row.ctx), "link": _unit_dashboard(chosen, row.organization)} for row in board.units
        ] if board else [],
        "progress_chart": charts.progress_chart(board) if board else None,
        "units_chart": charts.units_chart(board) if board else None,
        "trend_chart": charts.trend_chart(board) if board else None,
    })


def _risk_rows(scope: Scope, risks, as_of: dt.date) -> list[dict]:
    """Each unit at risk with the query string of its period, for its reasons' drill-downs."""
    rows = []
    for risk in risks:
        start, end = risk.forecast.period
        ctx = Context.build(scope=scope, organization=risk.forecast.organization, as_of=as_of, start=start, end=end)
        rows.append({"risk": risk, "query": context_query(ctx)})
    return rows


@require_GET
def outlook(request):
    """The forecast and the units at risk: an htmx partial of the dashboard."""
    chosen = _selection(request)
    result, error = None, ""
    if chosen.plan is not None:
        try:
            result = panels.outlook(chosen.scope, chosen.plan, chosen.organization, chosen.as_of, chosen.period)
        except DomainError as exc:
            error = exc.message
    return render(request, "dashboards/_outlook.html", {
        "chosen": chosen, "outlook": result, "error": error,
        "risks": _risk_rows(chosen.scope, result.risks, chosen.as_of) if result else [],
        # The committee whose dashboard this is asks its lagging units to report.
        "can_request": chosen.scope.can_write_org(chosen.organization),
    })
