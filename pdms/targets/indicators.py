"""Quota progress indicators. Each is measured against the quota in force for the
Context (see ``selectors.quota_in_force``) and counts admissions where they happened
(``history``): for the units that held the admitting organization on the admission date
and those they were later merged into, never restated in a later structure. Their labels
say so, and a quota figure's label names the plan and the quota version it uses."""

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property

from django.db.models import Count

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdms.accounts.scope import system_scope
from pdms.core.dates import format_date
from pdms.indicators import engine
from pdms.indicators.engine import Context, Indicator, Result, percent, register
from pdms.members.models import MemberPeriod
from pdms.organizations.models import Organization, OrgVersion
from pdms.organizations.rollup import OrgSet, rollup_many

from .models import Quota, QuotaKind
from .history import admissions as _admissions
from .history import COUNTING_RULE, admitted, count_admitted, ended_units
from .selectors import percent_target, quota_in_force, quota_target, quota_versions_on, units_under_any

QUOTAS = gettext_lazy("Admission quotas")


class _AsItHappened(Indicator):
    """A quota figure: counts each admission where it happened (``history``)."""

    group = QUOTAS

    def basis(self, ctx):
        return str(COUNTING_RULE)


def _within(ctx: Context, start: dt.date, end: dt.date) -> Context:
    """The same subtree and as-of date over another period (computed once, shared)."""
    other = replace(ctx, start=start, end=min(end, ctx.as_of), part="")
    other.__dict__["orgs"] = ctx.orgs
    return other


# Count indicators whose records each have one organization, in ``organization_id``: the
# count of a subtree is the sum of the counts of its organizations.
COUNTS_BY_ORGANIZATION = frozenset({"admissions", "members_total", "members_probationary", "sources_total", "dossiers_in_progress"})


def counts_in_subtrees(key: str, ctxs: list[Context]) -> list[int] | None:
    """The count indicator ``key`` (one of ``COUNTS_BY_ORGANIZATION``) for several
    Contexts of the same scope, period and as-of date with one query of its records over
    their union grouped by organization: a Context's count is the sum over the
    organizations of its subtree, even where subtrees share an organization (one split in
    two rolls up into both). None when the Contexts differ in scope or dates."""
    if key not in COUNTS_BY_ORGANIZATION:
        raise ValueError(f"{key} is not counted by organization")
    if not ctxs:
        return []
    first = ctxs[0]
    if any(c.scope is not first.scope or (c.start, c.end, c.as_of) != (first.start, first.end, first.as_of) for c in ctxs):
        return None
    subtrees = [ctx.orgs.ids() for ctx in ctxs]
    union = replace(first, part="")
    union.__dict__["orgs"] = OrgSet(ended=frozenset().union(*subtrees))
    records = engine.get(key).records(union)
    by_org = dict(records.order_by().values("organization_id").annotate(n=Count("pk")).values_list("organization_id", "n"))
    return [sum(by_org.get(org_id, 0) for org_id in subtree) for subtree in subtrees]


def prefetch_quota_targets(quotas: list[Quota], memo: dict) -> None:
    """The targets of percent quotas computed together, kept in ``memo`` where
    ``quota_target`` finds them: per reference date, one reading of the structure and one
    grouped count of the members of every organization concerned."""
    by_day: dict[dt.date, dict[int, Organization]] = {}
    for quota in quotas:
        if quota.kind == QuotaKind.PERCENT and ("quota_target", quota.pk) not in memo:
            by_day.setdefault(quota.reference_on, {})[quota.organization_id] = quota.organization
    scope = system_scope()
    members: dict[tuple, int] = {}
    for day, organizations in by_day.items():
        sets = rollup_many(list(organizations.values()), day)
        ctxs = [Context.build(scope=scope, organization=org, as_of=day) for org in organizations.values()]
        for ctx in ctxs:
            ctx.__dict__["orgs"] = sets[ctx.organization.pk]
        members |= {(day, org_id): n for org_id, n in zip(organizations, counts_in_subtrees("members_total", ctxs))}
    for quota in quotas:
        if (quota.reference_on, quota.organization_id) in members and quota.kind == QuotaKind.PERCENT:
            memo[("quota_target", quota.pk)] = percent_target(quota, members[(quota.reference_on, quota.organization_id)])


def same_day_previous_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass
class Progress:
    """A quota, what it asks for and the Context counting admissions against it."""

    quota: Quota
    target: int
    ctx: Context

    @cached_property
    def admitted(self) -> int:
        return admitted(self.ctx)

    @property
    def label(self) -> str:
        return _("%(plan)s, version %(version)s") % {"plan": self.quota.plan.number, "version": self.quota.version}


def _target(ctx: Context, quota: Quota) -> int:
    return quota_target(quota, ctx.memo)


def progress_of(ctx: Context, quota: Quota | None = None) -> Progress | None:
    """The progress against ``quota`` (default: the quota in force, looked up once per
    Context: every quota indicator of a row asks for it)."""
    if quota is None:
        if "progress" not in ctx.__dict__:
            found = quota_in_force(ctx)
            ctx.__dict__["progress"] = found and progress_of(ctx, found)
        return ctx.__dict__["progress"]
    return Progress(quota, _target(ctx, quota), _within(ctx, quota.period_start, quota.period_end))


def _term_years(quota: Quota) -> int:
    """N when the quota covers N whole years (01/08/2020–31/07/2025: 5), else 0."""
    after = quota.period_end + dt.timedelta(days=1)
    years = after.year - quota.period_start.year
    return years if years > 0 and (after.month, after.day) == (quota.period_start.month, quota.period_start.day) else 0


def _one_term_back(quota: Quota, day: dt.date) -> dt.date:
    """The day of the previous term that matches ``day`` of the quota's: the same date N
    years earlier for a quota of N whole years, else as many days earlier as the term lasts."""
    years = _term_years(quota)
    if not years:
        return day - (quota.period_end - quota.period_start) - dt.timedelta(days=1)
    for _year in range(years):
        day = same_day_previous_year(day)
    return day


def previous_term(quota: Quota) -> tuple[dt.date, dt.date]:
    """The period as long as the quota's that ends the day before it starts: the same
    dates N years earlier when the quota covers N whole years (01/08/2020–31/07/2025 →
    01/08/2015–31/07/2020), else the same number of days."""
    return _one_term_back(quota, quota.period_start), quota.period_start - dt.timedelta(days=1)


def previous_term_elapsed(quota: Quota, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The part of the previous term as far into it as ``as_of`` is into the quota's
    (16 months into 2020–2025 → the first 16 months of 2015–2020)."""
    start, end = previous_term(quota)
    if as_of >= quota.period_end:
        return start, end
    return start, _one_term_back(quota, as_of)


def _labelled(indicator: Indicator, progress: Progress) -> str:
    return f"{indicator.label} ({progress.label})"


def _none(indicator: Indicator) -> Result:
    return Result(indicator.key, str(indicator.label), None, listed=0)


class _QuotaIndicator(_AsItHappened):
    """Lists the admissions counted against the quota; no quota, no records."""

    record_type = "period"

    def records(self, ctx):
        progress = progress_of(ctx)
        return _admissions(progress.ctx) if progress else MemberPeriod.objects.none()


@register
class QuotaIndicator(_QuotaIndicator):
    key = "quota"
    label = gettext_lazy("Admission quota")

    def compute(self, ctx):
        progress = progress_of(ctx)
        if progress is None:
            return _none(self)
        return Result(self.key, _labelled(self, progress), progress.target, listed=progress.admitted)


@register
class QuotaAchievement(_QuotaIndicator):
    key = "quota_achievement"
    label = gettext_lazy("Achievement of the admission quota")

    def compute(self, ctx):
        progress = progress_of(ctx)
        if progress is None:
            return _none(self)
        admitted = progress.admitted
        pct = percent(admitted, progress.target)
        return Result(self.key, _labelled(self, progress), pct, admitted, progress.target, pct)


@register
class QuotaExcess(_QuotaIndicator):
    key = "quota_excess"
    label = gettext_lazy("Admissions over the quota")

    def compute(self, ctx):
        progress = progress_of(ctx)
        if progress is None:
            return _none(self)
        admitted = progress.admitted
        return Result(self.key, _labelled(self, progress), admitted - progress.target, listed=admitted)


def previous_year(ctx: Context) -> Context:
    """The same period a year earlier (what ``admissions_change_on_previous_year`` compares with)."""
    return _within(ctx, same_day_previous_year(ctx.start), same_day_previous_year(ctx.end))


@register
class AdmissionsSamePeriodPreviousYear(_AsItHappened):
    key = "admissions_same_period_previous_year"
    label = gettext_lazy("Admissions in the same period of the previous year")
    record_type = "period"

    def records(self, ctx):
        return _admissions(previous_year(ctx))


def change_percent(current: int, previous: int) -> Decimal | None:
    """(current − previous) / previous in percent, 2 decimals half-up; None from zero."""
    return percent(current - previous, previous)


@register
class AdmissionsChangeOnPreviousYear(_AsItHappened):
    """Lists this period's admissions; the value compares them with the same period of
    the previous year."""

    key = "admissions_change_on_previous_year"
    label = gettext_lazy("Change in admissions on the same period of the previous year (%)")
    record_type = "period"

    def records(self, ctx):
        return _admissions(_within(ctx, ctx.start, ctx.end))

    def compute(self, ctx):
        current = admitted(_within(ctx, ctx.start, ctx.end))
        previous = admitted(previous_year(ctx))
        return Result(self.key, str(self.label), change_percent(current, previous), listed=current)


def _dates(period: tuple[dt.date, dt.date]) -> str:
    return f"{format_date(period[0])}–{format_date(period[1])}"


class _PreviousTermIndicator(_AsItHappened):
    """The admissions of a part of the term before the quota's; its label gives the dates."""

    record_type = "period"

    def period(self, quota: Quota, ctx: Context) -> tuple[dt.date, dt.date]:
        raise NotImplementedError

    def records(self, ctx):
        quota = quota_in_force(ctx)
        if quota is None:
            return MemberPeriod.objects.none()
        return _admissions(_within(ctx, *self.period(quota, ctx)))

    def compute(self, ctx):
        quota = quota_in_force(ctx)
        if quota is None:
            return _none(self)
        period = self.period(quota, ctx)
        return Result(self.key, f"{self.label} ({_dates(period)})", admitted(_within(ctx, *period)))


@register
class AdmissionsPreviousTerm(_PreviousTermIndicator):
    key = "admissions_previous_term"
    label = gettext_lazy("Admissions in the previous term")

    def period(self, quota, ctx):
        return previous_term(quota)


@register
class AdmissionsPreviousTermElapsed(_PreviousTermIndicator):
    """Up to the day as far into the previous term as the as-of date is into the quota's
    period: what the current term is compared with."""

    key = "admissions_previous_term_elapsed"
    label = gettext_lazy("Admissions in the same part of the previous term")

    def period(self, quota, ctx):
        return previous_term_elapsed(quota, ctx.as_of)


@register
class AdmissionsChangeOnPreviousTerm(_QuotaIndicator):
    """Lists the admissions of the quota's period; the value is their difference from
    those of the same part of the previous term (the whole previous term is its own
    figure, ``admissions_previous_term``)."""

    key = "admissions_change_on_previous_term"
    label = gettext_lazy("Admissions compared with the same part of the previous term")

    def compute(self, ctx):
        progress = progress_of(ctx)
        if progress is None:
            return _none(self)
        current = progress.admitted
        previous = admitted(_within(ctx, *previous_term_elapsed(progress.quota, ctx.as_of)))
        return Result(self.key, _labelled(self, progress), current - previous, listed=current)


def units_key(organization_id: int, start: dt.date, day: dt.date) -> tuple:
    """Where a report keeps (scope, ``period_units`` of the organization) in its memo."""
    return ("period_units", organization_id, start, day)


def versions_key(plan_id: int, start: dt.date, end: dt.date, day: dt.date) -> tuple:
    """Where a report keeps (organization ids asked for, ``quota_versions_on`` them) in its memo."""
    return ("quota_versions_on", plan_id, start, end, day)


def period_units(organization_ids: list[int], start: dt.date, day: dt.date, scope) -> dict[int, list[OrgVersion]]:
    """For each organization, the units directly under it in the structure of ``day``
    (within the scope), then those that ended since ``start`` otherwise than by merger
    (``history.ended_units``), which keep their place in the period's figures."""
    units: dict[int, list[OrgVersion]] = {org_id: [] for org_id in organization_ids}
    for version in [*units_under_any(organization_ids, day, scope), *ended_units(organization_ids, start, day, scope)]:
        units[version.parent_id].append(version)
    return units


def unit_progress(ctx: Context, quota: Quota) -> list[tuple[OrgVersion, Progress | None]]:
    """Each unit of the Context's organization over the quota's period (``period_units``)
    with its progress against its quota of the same plan and period (version in force on
    ``ctx.as_of``), or None without one; a unit that ended is listed only with a quota."""
    key = units_key(ctx.organization.pk, quota.period_start, ctx.structure_on)
    kept = ctx.memo.get(key)
    if kept is None or kept[0] is not ctx.scope:
        kept = ctx.memo[key] = (ctx.scope, period_units([ctx.organization.pk], quota.period_start, ctx.structure_on, ctx.scope)[ctx.organization.pk])
    versions = kept[1]
    kept = ctx.memo.get(versions_key(quota.plan_id, quota.period_start, quota.period_end, ctx.as_of))
    if kept is not None and all(v.organization_id in kept[0] for v in versions):
        quotas = kept[1]
    else:
        quotas = quota_versions_on(quota.plan, [v.organization for v in versions], quota.period_start, quota.period_end, ctx.as_of)
    rows = []
    for version in versions:
        unit_quota = quotas.get(version.organization_id)
        if unit_quota is None:
            if version.valid_to is None or version.valid_to > ctx.structure_on:  # alive
                rows.append((version, None))
            continue
        unit_ctx = replace(
            ctx, organization=version.organization, start=quota.period_start, end=min(quota.period_end, ctx.as_of), part=""
        )
        rows.append((version, progress_of(unit_ctx, unit_quota)))
    count_admitted([p.ctx for _v, p in rows if p is not None])
    return rows


@register
class UnitsMeetingQuota(_AsItHappened):
    """Units at or above 100% of their quota over every unit that held a quota of the same
    plan and period as the organization's, those that ended in the period included;
    lists the units meeting it."""

    key = "units_meeting_quota"
    label = gettext_lazy("Units meeting their admission quota")
    record_type = "organization"

    def _split(self, ctx) -> tuple[list[int], int] | None:
        quota = quota_in_force(ctx)
        if quota is None:
            return None
        with_quota = [(v, p) for v, p in unit_progress(ctx, quota) if p is not None]
        meeting = [v.pk for v, p in with_quota if p.admitted >= p.target]
        return meeting, len(with_quota)

    def records(self, ctx):
        split = self._split(ctx)
        return OrgVersion.objects.filter(pk__in=split[0] if split else []).select_related("organization").order_by("path")

    def compute(self, ctx):
        split = self._split(ctx)
        if split is None:
            return _none(self)
        meeting, total = split
        pct = percent(len(meeting), total)
        return Result(self.key, str(self.label), pct, len(meeting), total, pct)
