"""Quota progress of an organization and its direct units under one plan, for the term or
a year of it, as of a date: what the ranking page and the ``report quota-progress``
command show. Every figure is an indicator evaluated on the unit's Context, so each can
link to its drill-down."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.core.errors import DomainError
from pdms.core.vntext import vn_sort_key
from pdms.indicators.engine import Context, Result, evaluate
from pdms.organizations.models import Organization

from .models import Plan, Quota
from .indicators import progress_of
from .selectors import EXACT_PERIOD, units_under

PROGRESS_KEYS = ["quota", "quota_achievement", "quota_excess", "admissions_change_on_previous_year", "units_meeting_quota"]
PIPELINE_KEYS = ["sources_total", "dossiers_in_progress", "members_probationary"]


@dataclass
class ProgressRow:
    organization: Organization
    name: str  # as of the structure date
    ctx: Context
    quota: Quota | None
    results: dict[str, Result]

    @property
    def achievement(self):
        return self.results["quota_achievement"].percent


def period_of(plan: Plan, period: str) -> tuple[dt.date, dt.date]:
    """"term", or a year ("2022") of the term, as dates clipped to the term."""
    period = (period or "term").strip().lower()
    if period == "term":
        return plan.term_start, plan.term_end
    if not period.isdigit() or not plan.term_start.year <= int(period) <= plan.term_end.year:
        raise DomainError(
            _("The period must be “term” or a year of the term of plan %(number)s (%(first)s–%(last)s).")
            % {"number": plan.number, "first": plan.term_start.year, "last": plan.term_end.year},
            field="period",
        )
    year = int(period)
    return max(plan.term_start, dt.date(year, 1, 1)), min(plan.term_end, dt.date(year, 12, 31))


def progress_rows(
    scope: Scope, plan: Plan, organization: Organization, as_of: dt.date, period: str, *, pipeline: bool = False
) -> tuple[ProgressRow, list[ProgressRow]]:
    """The organization's row and one row per direct unit (structure of ``as_of``)."""
    start, end = period_of(plan, period)
    if as_of < start:
        raise DomainError(
            _("Nothing to report on %(number)s before its period starts.") % {"number": plan.number}, field="as_of"
        )
    keys = PROGRESS_KEYS + (PIPELINE_KEYS if pipeline else [])
    # One memo for the report: each unit's roll-up, quota targets and the admissions the
    # head's ``units_meeting_quota`` counts for all units at once serve the units' rows.
    memo: dict = {EXACT_PERIOD: True}

    def row(org: Organization, name: str) -> ProgressRow:
        ctx = Context.build(scope=scope, organization=org, as_of=as_of, start=start, end=end, memo=memo)
        return ProgressRow(org, name, ctx, quota_of(ctx), {r.key: r for r in evaluate(ctx, keys)})

    head = row(organization, organization.name)
    units = [row(v.organization, v.name) for v in units_under(organization, as_of, scope)]
    return head, units


def quota_of(ctx: Context) -> Quota | None:
    progress = progress_of(ctx)
    return progress.quota if progress else None


def ranked(rows: list[ProgressRow]) -> list[ProgressRow]:
    """Units by achievement, highest first; units without a quota last, by name."""
    with_quota = sorted((r for r in rows if r.achievement is not None), key=lambda r: (-r.achievement, vn_sort_key(r.name)))
    without = sorted((r for r in rows if r.achievement is None), key=lambda r: vn_sort_key(r.name))
    return with_quota + without
