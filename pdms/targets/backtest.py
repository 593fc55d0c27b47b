"""Back-test of the forecast: forecasts made at past dates, from the records known then,
compared with the admissions that happened by the end of their period."""

import datetime as dt
from dataclasses import dataclass

from pdms.accounts.scope import Scope
from pdms.indicators.engine import Context
from pdms.organizations.models import Organization

from .forecast import Forecast, forecast_units
from .history import admitted, count_admitted
from .models import Plan, Quota
from .reports import period_of


@dataclass
class Case:
    """One forecast of a unit with a quota and what happened."""

    made_on: dt.date
    forecast: Forecast
    actual: int

    @property
    def met(self) -> bool:
        return self.actual >= self.forecast.target


@dataclass
class Score:
    count: int
    mean_absolute_error: float | None
    mean_error: float | None  # forecast (median) minus actual: positive is optimistic
    mape: float | None  # percent, over actuals above zero
    inside_range: float | None  # percent of actuals within [p10, p90]
    brier: float | None  # of the probability of meeting the quota

    @classmethod
    def of(cls, cases: list[Case]) -> "Score":
        if not cases:
            return cls(0, None, None, None, None, None)
        n = len(cases)
        errors = [c.forecast.p50 - c.actual for c in cases]
        relative = [abs(c.forecast.p50 - c.actual) / c.actual for c in cases if c.actual > 0]
        inside = sum(1 for c in cases if c.forecast.p10 <= c.actual <= c.forecast.p90)
        brier = sum((float(c.forecast.probability) / 100 - c.met) ** 2 for c in cases) / n
        return cls(
            n, sum(abs(e) for e in errors) / n, sum(errors) / n, (100 * sum(relative) / len(relative)) if relative else None,
            100 * inside / n, brier,
        )


@dataclass
class DateResult:
    made_on: dt.date
    period: str
    cases: list[Case]

    @property
    def score(self) -> Score:
        return Score.of(self.cases)


@dataclass
class Backtest:
    plan: Plan
    organization: Organization
    dates: list[DateResult]

    @property
    def score(self) -> Score:
        return Score.of([case for result in self.dates for case in result.cases])


def period_for(plan: Plan, day: dt.date) -> str:
    """The year of ``day`` when the plan has a quota for that year, else the term."""
    start, end = period_of(plan, str(day.year)) if plan.term_start.year <= day.year <= plan.term_end.year else (None, None)
    if start and Quota.objects.filter(plan=plan, period_start=start, period_end=end).exists():
        return str(day.year)
    return "term"


def default_dates(plan: Plan, today: dt.date) -> list[dt.date]:
    """30/06 and 30/09 of every year of the term, within it, whose forecast period (the
    year's quota, else the term) has ended by ``today``."""
    days = []
    for year in range(plan.term_start.year, plan.term_end.year + 1):
        for day in (dt.date(year, 6, 30), dt.date(year, 9, 30)):
            if plan.term_start <= day <= plan.term_end and period_of(plan, period_for(plan, day))[1] < today:
                days.append(day)
    return days


def _actuals(scope: Scope, forecasts: list[Forecast], made_on: dt.date) -> list[int]:
    """Admissions of each forecast's subtree (its structure on the forecast's day) over the
    whole period, counted after it ended."""
    memo: dict = {}
    ctxs = [
        Context.build(scope=scope, organization=f.organization, as_of=f.period[1], start=f.period[0], end=f.period[1],
                      structure_on=made_on, memo=memo)
        for f in forecasts
    ]
    count_admitted(ctxs)
    return [admitted(ctx) for ctx in ctxs]


def backtest(scope: Scope, plan: Plan, organization: Organization, dates: list[dt.date], *, runs: int = 1000) -> Backtest:
    """Forecasts of the organization and its direct units that have a quota, made on each
    date, against what happened."""
    results = []
    for day in dates:
        period = period_for(plan, day)
        head, units = forecast_units(scope, plan, organization, day, period, runs=runs)
        with_quota = [f for f in (head, *units) if f.quota is not None]
        cases = [Case(day, f, actual) for f, actual in zip(with_quota, _actuals(scope, with_quota, day))]
        results.append(DateResult(day, period, cases))
    return Backtest(plan, organization, results)
