"""Quota progress of an organization and its direct units under one plan, for the term or
a year of it, as of a date: what the ranking page and the ``report quota-progress``
command show. Every figure is an indicator evaluated on the unit's Context, so each can
link to its drill-down."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.core.dates import format_date, year_of
from pdms.core.errors import DomainError
from pdms.core.vntext import vn_sort_key
from pdms.indicators.engine import Context, Result, evaluate, get
from pdms.organizations.models import Organization, OrgVersion, valid_on
from pdms.organizations.rollup import rollup_many


from .history import COUNTING_RULE, count_admitted, placement
from .indicators import (
    counts_in_subtrees, period_units, prefetch_quota_targets, previous_year, progress_of, units_key, versions_key,
)
from .models import Plan, Quota
from .selectors import EXACT_PERIOD, prefetch_quotas_decided, quota_versions_on

PROGRESS_KEYS = ["quota", "quota_achievement", "quota_excess", "admissions_change_on_previous_year", "units_meeting_quota"]
PIPELINE_KEYS = ["sources_total", "dossiers_in_progress", "members_probationary"]


@dataclass
class ProgressRow:
    organization: Organization
    name: str  # as of the structure date
    ctx: Context
    quota: Quota | None
    results: dict[str, Result]
    # A unit that ended in the period keeps its row with its result up to its end.
    ended_on: dt.date | None = None
    successors: list[str] = field(default_factory=list)

    @property
    def achievement(self):
        return self.results["quota_achievement"].percent

    @property
    def end_note(self) -> str:
        """"had ended on 01/07/2025 (→ where its organizations went)" for a unit that
        ended, else empty."""
        if self.ended_on is None:
            return ""
        note = _("had ended on %(date)s") % {"date": format_date(self.ended_on)}
        return f"{note} (→ {', '.join(self.successors)})" if self.successors else note

    @property
    def excess(self) -> str:
        return excess_text(self.results["quota_excess"].value)

    @property
    def label(self) -> str:
        """The name, with the end note of a unit that ended."""
        return f"{self.name} — {self.end_note}" if self.ended_on else self.name


def excess_text(value: int | None) -> str:
    """An excess as "+341", a shortfall as "short of 5,983" (never a negative excess)."""
    if value is None:
        return "—"
    if value < 0:
        return f"{_('short of')} {number_format(-value, force_grouping=True)}"
    return ("+" if value else "") + number_format(value, force_grouping=True)


def period_of(plan: Plan, period: str) -> tuple[dt.date, dt.date]:
    """"term", or a year ("2022") of the term, as dates clipped to the term."""
    period = (period or "term").strip().lower()
    if period == "term":
        return plan.term_start, plan.term_end
    year = year_of(period)
    if year is None or not plan.term_start.year <= year <= plan.term_end.year:
        raise DomainError(
            _("The period must be “term” or a year of the term of plan %(number)s (%(first)s–%(last)s).")
            % {"number": plan.number, "first": plan.term_start.year, "last": plan.term_end.year},
            field="period",
        )
    return max(plan.term_start, dt.date(year, 1, 1)), min(plan.term_end, dt.date(year, 12, 31))


def progress_rows(
    scope: Scope, plan: Plan, organization: Organization, as_of: dt.date, period: str, *, pipeline: bool = False
) -> tuple[ProgressRow, list[ProgressRow]]:
    """The organization's row and one row per direct unit (structure of ``as_of``), then
    one per unit that held a quota of the period and ended in it otherwise than by merger,
    with its result up to its end and where its organizations went."""
    start, end = period_of(plan, period)
    if as_of < start:
        raise DomainError(
            _("Nothing to report on %(number)s before its period starts.") % {"number": plan.number}, field="as_of"
        )
    # One memo for the report: each unit's roll-up, quota targets and the admissions the
    # head's ``units_meeting_quota`` counts for all units at once serve the units' rows.
    memo: dict = {EXACT_PERIOD: True}
    units = period_units([organization.pk], start, as_of, scope)[organization.pk]
    names = [(organization, organization.name)] + [(v.organization, v.name) for v in units]
    ctxs = [Context.build(scope=scope, organization=org, as_of=as_of, start=start, end=end, memo=memo) for org, _name in names]
    _prefetch(ctxs)
    _prefetch_units(ctxs, plan, start, end)
    pipelines = _pipeline_results(ctxs) if pipeline else [{} for _ctx in ctxs]
    where = placement(memo, as_of)
    rows = []
    for (org, name), ctx, pipeline_results in zip(names, ctxs, pipelines):
        quota = quota_of(ctx)
        ended = org.ended_on is not None and org.ended_on <= as_of
        if ended and quota is None:
            continue
        results = {r.key: r for r in evaluate(ctx, PROGRESS_KEYS)}
        row = ProgressRow(org, name, ctx, quota, results | pipeline_results)
        if ended:
            row.ended_on = org.ended_on
            row.successors = _names(scope, where.went_to(org.pk, organization.pk), org.ended_on)
            # Its pipeline went with its organizations: nothing left to count.
            row.results |= {key: Result(key, r.label, None) for key, r in pipeline_results.items()}
        rows.append(row)
    return rows[0], rows[1:]


def _names(scope: Scope, org_ids: list[int], day: dt.date) -> list[str]:
    """The names on ``day`` of those of the organizations the user may see."""
    versions = OrgVersion.objects.filter(valid_on(day), scope.orgs.q("organization_id"), organization_id__in=org_ids)
    return sorted(versions.values_list("name", flat=True), key=vn_sort_key)


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
    count_admitted(ctxs)
    count_admitted([previous_year(ctx) for ctx in ctxs])


def _prefetch_units(ctxs: list[Context], plan: Plan, start: dt.date, end: dt.date) -> None:
    """What ``units_meeting_quota`` reads for each row, read for all rows at once: the
    units of each row's organization over the period and their quotas of the plan and period."""
    first = ctxs[0]
    under = period_units([ctx.organization.pk for ctx in ctxs], start, first.structure_on, first.scope)
    for org_id, versions in under.items():
        first.memo[units_key(org_id, start, first.structure_on)] = (first.scope, versions)
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
