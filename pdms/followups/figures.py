"""The figures a unit's report is pre-filled with: indicators of the unit's subtree over
the follow-up's period, as of a date. With a plan, the period is the plan's term or a
year of it and the quota figures are measured against that period's quota exactly as the
ranking does; without one, a calendar year."""

import datetime as dt

from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.core.dates import EARLIEST, LATEST, format_date, year_of
from pdms.core.errors import DomainError
from pdms.indicators.engine import Context, Result, evaluate
from pdms.targets.models import Plan
from pdms.targets.reports import period_of
from pdms.targets.selectors import EXACT_PERIOD

QUOTA_KEYS = ["quota", "quota_achievement", "quota_excess"]
PIPELINE_KEYS = ["sources_total", "dossiers_in_progress", "dossiers_overdue", "admissions"]
# Years a follow-up without a plan may name: any year the records could cover.
_YEARS = range(EARLIEST.year, LATEST.year + 1)


def normalized_period(plan: Plan | None, period: str) -> str:
    """The period as stored: "term" or a year of the plan's term; without a plan a year,
    or "" for the year of the figures' date. Raises DomainError for anything else."""
    period = (period or "").strip().lower()
    if plan is not None:
        period = period or "term"
        period_of(plan, period)
        return period
    if period in ("", "term"):
        return ""
    if year_of(period) not in _YEARS:
        raise DomainError(_("Without a plan, the period must be a year (e.g. 2026) or left empty."), field="period")
    return period


def period_dates(plan: Plan | None, period: str, as_of: dt.date) -> tuple[dt.date, dt.date]:
    if plan is not None:
        return period_of(plan, period)
    if period:
        return dt.date(int(period), 1, 1), dt.date(int(period), 12, 31)
    return dt.date(as_of.year, 1, 1), as_of


def figure_keys(plan: Plan | None) -> list[str]:
    return (QUOTA_KEYS if plan is not None else []) + PIPELINE_KEYS


def figures_context(scope: Scope, followup, as_of: dt.date) -> Context:
    """The Context of the unit's figures as of ``as_of``."""
    start, end = period_dates(followup.plan, followup.period, as_of)
    if as_of < start:
        raise DomainError(
            _("The figures of %(unit)s cannot be taken as of %(date)s: the period starts on %(start)s.")
            % {"unit": followup.unit.name, "date": format_date(as_of), "start": format_date(start)},
            field="as_of",
        )
    memo = {EXACT_PERIOD: True} if followup.plan is not None else {}
    return Context.build(scope=scope, organization=followup.unit, as_of=as_of, start=start, end=end, memo=memo)


def figures_of(ctx: Context, plan: Plan | None) -> list[Result]:
    return evaluate(ctx, figure_keys(plan))


def snapshot(results: list[Result]) -> dict:
    """The results as stored on a report: key → label, value, numerator, denominator, percent."""
    return {result.key: {k: v for k, v in result.as_dict().items() if k != "key"} for result in results}


def stored_results(figures: dict) -> list[Result]:
    """A report's stored figures back as Results, in the order they were taken."""
    return [Result(key=key, **item) for key, item in figures.items()]
