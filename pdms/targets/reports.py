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
from pdms.indicators.engine import Context, Result, evaluate, get
from pdms.organizations.models import Organization, OrgVersion
from pdms.organizations.rollup import rollup_many

from .models import Plan, Quota
from .indicators import (
    count_admissions, counts_in_subtrees, prefetch_quota_targets, previous_year, progress_of, units_key, versions_key,
)
from .selectors import EXACT_PERIOD, prefetch_quotas_decided, quota_versions_on, units_under, units_under_any

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
    # One memo for the report: each unit's roll-up, quota targets and the admissions the
    # head's ``units_meeting_quota`` counts for all units at once serve the units' rows.
    memo: dict = {EXACT_PERIOD: True}
    names = [(organization, organization.name)] + [(v.organization, v.name) for v in units_under(organization, as_of, scope)]
    ctxs = [Context.build(scope=scope, organization=org, as_of=as_of, start=start, end=end, memo=memo) for org, _name in names]
    _prefetch(ctxs)
    _prefetch_units(ctxs, plan, start, end)
    pipelines = _pipeline_results(ctxs) if pipeline else [{} for _ctx in ctxs]
    rows = []
    for (org, name), ctx, pipeline_results in zip(names, ctxs, pipelines):
        results = {r.key: r for r in evaluate(ctx, PROGRESS_KEYS)}
        rows.append(ProgressRow(org, name, ctx, quota_of(ctx), results | pipeline_results))
    return rows[0], rows[1:]


def _prefetch(ctxs: list[Context]) -> None:
    """What every row asks for, read for all rows at once: the roll-ups (kept under the
    key ``Context.orgs`` looks up), the quotas decided and their targets, and the
    admissions of the period and of the same period a year earlier."""
    first = ctxs[0]
    sets = rollup_many([ctx.organization for ctx in ctxs], first.structure_on)
    for ctx in ctxs:
        ctx.__dict__["orgs"] = first.memo[("orgs", ctx.organization.pk, ctx.structure_on)] = sets[ctx.organization.pk]
    prefetch_quotas_decided([ctx.organization for ctx in ctxs], first.as_of, first.memo)
    decided = [first.memo[("quotas_decided", ctx.organization.pk, ctx.as_of)] for ctx in ctxs]
    prefetch_quota_targets([quota for quotas in decided for quota in quotas if quota.period_start == first.start], first.memo)
    count_admissions(ctxs)
    count_admissions([previous_year(ctx) for ctx in ctxs])


def _prefetch_units(ctxs: list[Context], plan: Plan, start: dt.date, end: dt.date) -> None:
    """What ``units_meeting_quota`` reads for each row, read for all rows at once: the
    units directly under each row's organization and their quotas of the plan and period."""
    first = ctxs[0]
    under: dict[int, list[OrgVersion]] = {ctx.organization.pk: [] for ctx in ctxs}
    for version in units_under_any(list(under), first.structure_on, first.scope):
        under[version.parent_id].append(version)
    for org_id, versions in under.items():
        first.memo[units_key(org_id, first.structure_on)] = (first.scope, versions)
    organizations = [v.organization for versions in under.values() for v in versions]
    quotas = quota_versions_on(plan, organizations, start, end, first.as_of)
    first.memo[versions_key(plan.pk, start, end, first.as_of)] = ({o.pk for o in organizations}, quotas)


def _pipeline_results(ctxs: list[Context]) -> list[dict[str, Result]]:
    """The pipeline counts of every row, one grouped query per indicator."""
    results: list[dict[str, Result]] = [{} for _ctx in ctxs]
    for key in PIPELINE_KEYS:
        indicator = get(key)
        counts = counts_in_subtrees(key, ctxs) or [indicator.compute(ctx).value for ctx in ctxs]
        for row, count in zip(results, counts):
            row[key] = Result(key, str(indicator.label), count)
    return results


def quota_of(ctx: Context) -> Quota | None:
    progress = progress_of(ctx)
    return progress.quota if progress else None


def ranked(rows: list[ProgressRow]) -> list[ProgressRow]:
    """Units by achievement, highest first; units without a quota last, by name."""
    with_quota = sorted((r for r in rows if r.achievement is not None), key=lambda r: (-r.achievement, vn_sort_key(r.name)))
    without = sorted((r for r in rows if r.achievement is None), key=lambda r: vn_sort_key(r.name))
    return with_quota + without
