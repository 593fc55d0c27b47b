"""Reads of plans and quotas: scoped lookups for pages, the quota version in force on a
day, what a quota means in admissions, and whether units' quotas add up to their parent's."""

import datetime as dt
from decimal import ROUND_CEILING, Decimal

from django.db.models import QuerySet
from django.http import Http404

from pdms.accounts.scope import Scope, system_scope
from pdms.organizations.models import Organization, OrgVersion, valid_on

from .models import Plan, Quota, QuotaKind


def plans_for_user(scope: Scope) -> QuerySet[Plan]:
    return Plan.objects.filter(scope.orgs.q("organization_id")).select_related("organization")


def get_plan_for_user_or_404(scope: Scope, plan_id, *, for_write: bool) -> Plan:
    """The plan if its committee is in the user's scope (and writable by them when asked),
    else 404."""
    try:
        plan = Plan.objects.select_related("organization").get(pk=int(plan_id))
    except (Plan.DoesNotExist, TypeError, ValueError):
        raise Http404
    if plan.organization_id not in scope.orgs or (for_write and not scope.can_write_org(plan.organization)):
        raise Http404
    return plan


def _latest_versions(rows) -> list[Quota]:
    """The highest version of each quota (plan, organization, period) among ``rows``."""
    latest: dict[tuple, Quota] = {}
    for quota in rows.order_by("version"):
        latest[(quota.plan_id, quota.organization_id, quota.period_start, quota.period_end)] = quota
    return list(latest.values())


def quotas_decided(organization: Organization, day: dt.date) -> list[Quota]:
    """Every quota of the organization whose period has begun by ``day``, each in the
    version in force on that day (the latest decided on or before it)."""
    rows = Quota.objects.filter(organization=organization, decided_on__lte=day, period_start__lte=day).select_related(
        "plan", "organization"
    )
    return _latest_versions(rows)


def quota_version_on(plan: Plan, organization: Organization, start: dt.date, end: dt.date, day: dt.date) -> Quota | None:
    """The version of this quota in force on ``day``, if any was decided by then."""
    return (
        Quota.objects.filter(plan=plan, organization=organization, period_start=start, period_end=end, decided_on__lte=day)
        .select_related("plan", "organization")
        .order_by("-version")
        .first()
    )


def quota_versions_on(
    plan: Plan, organizations: list[Organization], start: dt.date, end: dt.date, day: dt.date
) -> dict[int, Quota]:
    """``quota_version_on`` for several organizations in one query, by organization id."""
    rows = Quota.objects.filter(
        plan=plan, organization__in=organizations, period_start=start, period_end=end, decided_on__lte=day
    ).select_related("plan", "organization")
    return {quota.organization_id: quota for quota in _latest_versions(rows)}


def quota_history(plan: Plan, organization: Organization, start: dt.date, end: dt.date) -> QuerySet[Quota]:
    return Quota.objects.filter(plan=plan, organization=organization, period_start=start, period_end=end).order_by("version")


# Set in a Context's memo by a report of one period (the ranking, the quota-progress
# report): every row is measured against that period's quota or none, never the term's.
EXACT_PERIOD = "exact_period_quota"


def quota_in_force(ctx) -> Quota | None:
    """The quota a Context is measured against: the organization's quota whose period is
    the Context's (its start, and its end or the as-of date when that comes first — so a
    term can be reported on after it ended), else the longest of its quotas whose period
    contains ``ctx.as_of`` (the term) unless the Context asks for its own period's quota
    (``EXACT_PERIOD``); the latest plan when several remain. Its version is the one in force
    on ``ctx.as_of``."""
    quotas = quotas_decided(ctx.organization, ctx.as_of)
    exact = [q for q in quotas if q.period_start == ctx.start and min(q.period_end, ctx.as_of) == ctx.end]
    if exact:
        return max(exact, key=lambda q: (q.plan.issued_on, q.plan_id))
    if ctx.memo.get(EXACT_PERIOD):
        return None
    current = [q for q in quotas if q.period_end >= ctx.as_of]
    if not current:
        return None
    return max(current, key=lambda q: (q.period_end - q.period_start, q.plan.issued_on, q.plan_id))


def quota_target(quota: Quota) -> int:
    """The number of admissions the quota asks for: the number itself, or the percentage
    of the members of the quota's organization on its reference date, rounded up — "at
    least 7%" of 1,001 members is 71 admissions, since 70 would fall short of 7%."""
    if quota.kind == QuotaKind.NUMBER:
        return int(quota.value)
    from pdms.indicators import engine

    ctx = engine.Context.build(scope=system_scope(), organization=quota.organization, as_of=quota.reference_on)
    members = engine.get("members_total").compute(ctx).value
    return int((quota.value * Decimal(members) / 100).to_integral_value(rounding=ROUND_CEILING))


def units_under(organization: Organization, day: dt.date, scope: Scope | None = None) -> QuerySet[OrgVersion]:
    """The units directly under the organization in the structure of ``day``."""
    versions = OrgVersion.objects.filter(valid_on(day), parent=organization)
    if scope is not None:
        versions = versions.filter(scope.orgs.q("organization_id"))
    return versions.select_related("organization").order_by("path")


def children_mismatch(
    plan: Plan, organization: Organization, period: tuple[dt.date, dt.date], *, on: dt.date | None = None,
    structure_on: dt.date | None = None,
) -> tuple[int | None, int, list[Organization]]:
    """The parent's target, the sum of its direct units' targets and the units without a
    quota, for one plan and period, with the versions in force on ``on`` (default: the end
    of the period) among the units of ``structure_on`` (default: ``on``; a quota divided
    before a reorganization is judged among the units it was divided to). The children do
    not add up when the sum differs from the target or some unit has no quota."""
    start, end = period
    day = on or end
    parent = quota_version_on(plan, organization, start, end, day)
    total, missing = 0, []
    for version in units_under(organization, structure_on or day):
        quota = quota_version_on(plan, version.organization, start, end, day)
        if quota is None:
            missing.append(version.organization)
        else:
            total += quota_target(quota)
    return (quota_target(parent) if parent else None), total, missing
