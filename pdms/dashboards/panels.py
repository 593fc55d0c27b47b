"""The figures of an organization's dashboard under one plan, for the term or a year of
it, as of a date: quota progress against the time elapsed, the ranking of its direct
units, admissions by month, the pipeline, the overdue deadlines, the forecast of each
unit and the units at risk. Every figure is an indicator's (or its records grouped by
month), so each links to its drill-down; one Context memo serves all sections."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.db.models.functions import TruncMonth

from pdms.accounts.scope import Scope
from pdms.core.dates import month_label, month_spans
from pdms.indicators.engine import Context, Result, evaluate, get
from pdms.indicators.web import context_query
from pdms.organizations.models import Organization
from pdms.recruitment.selectors.board import DeadlineRow, Filters, deadlines_this_month
from pdms.targets.forecast import Forecast, forecast_units
from pdms.targets.indicators import same_day_previous_year
from pdms.targets.models import Plan
from pdms.targets.reports import ProgressRow, period_of, progress_rows, ranked
from pdms.targets.risk import UnitRisk, units_at_risk

PIPELINE_KEYS = ["sources_total", "dossiers_in_progress", "probationary_due_for_recognition", "not_recognized"]
OVERDUE_ROWS = 20


# --- time elapsed ----------------------------------------------------------------------


def elapsed_percent(start: dt.date, end: dt.date, day: dt.date) -> Decimal:
    """The share of the period's days gone by the end of ``day``, in percent (2 decimals)."""
    total = (end - start).days + 1
    gone = min(max((day - start).days + 1, 0), total)
    return (Decimal(gone) * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def pro_rata(target: int | None, start: dt.date, end: dt.date, day: dt.date) -> int | None:
    """What the quota asks for by ``day`` if admissions came evenly: the "on track" line,
    in whole people since admissions come one person at a time."""
    if target is None:
        return None
    return int((target * elapsed_percent(start, end, day) / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


# --- months ----------------------------------------------------------------------------


def admissions_by_month(ctx: Context) -> dict[tuple[int, int], int]:
    """The ``admissions`` indicator's records of the Context counted per (year, month),
    in one query."""
    rows = (
        get("admissions").records(ctx).order_by()
        .annotate(month=TruncMonth("valid_from")).values("month").annotate(n=Count("pk")).values_list("month", "n")
    )
    return {(month.year, month.month): n for month, n in rows}


@dataclass
class Month:
    first: dt.date
    last: dt.date
    admitted: int | None  # None for a month not begun on the as-of day
    query: str
    previous: int
    previous_query: str
    on_track: int | None
    cumulative: int | None = None

    @property
    def label(self) -> str:
        return month_label(self.first)


def _within(ctx: Context, start: dt.date, end: dt.date) -> Context:
    return Context.build(
        scope=ctx.scope, organization=ctx.organization, as_of=ctx.as_of, start=start, end=end,
        structure_on=ctx.structure_on, memo=ctx.memo,
    )


def months_panel(ctx: Context, period: tuple[dt.date, dt.date], target: int | None) -> list[Month]:
    """Each month of the period: admissions (up to the as-of day), those of the same
    month a year earlier, the running total and the on-track line at the month's end."""
    start, end = period
    current = admissions_by_month(ctx)
    previous = admissions_by_month(_within(ctx, same_day_previous_year(ctx.start), same_day_previous_year(ctx.end)))
    months, total = [], 0
    for first, last in month_spans(start, end):
        back_first, back_last = same_day_previous_year(first), same_day_previous_year(min(last, ctx.as_of))
        begun = first <= ctx.as_of
        admitted = current.get((first.year, first.month), 0) if begun else None
        total += admitted or 0
        months.append(Month(
            first=first, last=last, admitted=admitted,
            query=context_query(_within(ctx, first, last)) if begun else "",
            previous=previous.get((back_first.year, back_first.month), 0) if begun else 0,
            previous_query=context_query(_within(ctx, back_first, back_last)) if begun else "",
            on_track=pro_rata(target, start, end, last), cumulative=total if begun else None,
        ))
    return months


# --- the dashboard ---------------------------------------------------------------------


@dataclass
class Dashboard:
    organization: Organization
    plan: Plan
    as_of: dt.date
    period: str
    start: dt.date
    end: dt.date
    head: ProgressRow
    units: list[ProgressRow]  # ranked by achievement
    elapsed: Decimal
    on_track: int | None
    months: list[Month]
    pipeline: list[Result]
    overdue: Result
    overdue_rows: list[DeadlineRow] = field(default_factory=list)

    @property
    def target(self) -> int | None:
        return self.head.results["quota"].value

    @property
    def admitted(self) -> int:
        achievement = self.head.results["quota_achievement"]
        if achievement.numerator is not None:
            return achievement.numerator
        return sum(m.admitted or 0 for m in self.months)

    @property
    def previous_total(self) -> int:
        return sum(m.previous for m in self.months)


def dashboard(scope: Scope, plan: Plan, organization: Organization, as_of: dt.date, period: str = "term") -> Dashboard:
    """Every section's figures. Raises DomainError for a period the plan does not have or
    an as-of day before the period starts."""
    start, end = period_of(plan, period)
    head, units = progress_rows(scope, plan, organization, as_of, period, pipeline=True)
    ctx = head.ctx
    target = head.results["quota"].value
    figures = {r.key: r for r in evaluate(ctx, PIPELINE_KEYS + ["dossiers_overdue"])}
    overdue_rows, _due = deadlines_this_month(ctx, Filters())
    return Dashboard(
        organization=organization, plan=plan, as_of=as_of, period=period, start=start, end=end, head=head,
        units=ranked(units), elapsed=elapsed_percent(start, end, as_of), on_track=pro_rata(target, start, end, as_of),
        months=months_panel(ctx, (start, end), target), pipeline=[figures[k] for k in PIPELINE_KEYS],
        overdue=figures["dossiers_overdue"], overdue_rows=overdue_rows[:OVERDUE_ROWS],
    )


# --- outlook ---------------------------------------------------------------------------


@dataclass
class Outlook:
    """The forecast of the organization and of its direct units, and the units at risk."""

    forecast: Forecast
    unit_forecasts: list[Forecast]
    risks: list[UnitRisk]


def outlook(scope: Scope, plan: Plan, organization: Organization, as_of: dt.date, period: str = "term") -> Outlook:
    """Raises DomainError like ``dashboard``."""
    # The forecasts are simulated once and the risks judged on the same runs.
    forecast, unit_forecasts = forecast_units(scope, plan, organization, as_of, period)
    return Outlook(forecast, unit_forecasts, units_at_risk(scope, plan, organization, as_of, period, forecasts=unit_forecasts))
