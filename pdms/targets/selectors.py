"""Reads of plans and quotas: scoped lookups for pages, the quota version in force on a
day, what a quota means in admissions, and whether units' quotas add up to their parent's."""

import datetime as dt
from decimal import ROUND_CEILING, Decimal

from django.db.models import QuerySet
from django.http import Http404

from pdms.accounts.scope import Scope, system_scope
from pdms.core.dates import today
from pdms.organizations.models import Organization, OrgVersion, valid_on
from pdms.organizations.selectors import ancestors_on

from .models import Plan, Quota, QuotaKind


def plans_for_user(scope: Scope) -> QuerySet[Plan]:
    return Plan.objects.filter(scope.orgs.q("organization_id")).select_related("organization")


def plans_above(organization: Organization, day: dt.date) -> list[Plan]:
    """Plans of the organization's committee or of a committee above it (the structure of
    ``day``, else today's): those that can set its quota. The nearest committee first,
    then the latest issued."""
    lineage = [v.organization_id for v in ancestors_on(organization, day)]
    lineage = lineage or [int(seg) for seg in organization.path.strip(".").split(".") if seg] or [organization.pk]
    depth = {org_id: i for i, org_id in enumerate(lineage)}
    plans = Plan.objects.filter(organization_id__in=lineage).select_related("organization")
    return sorted(plans, key=lambda p: (-depth[p.organization_id], -p.issued_on.toordinal(), -p.pk))


def plan_in_force(plans: list[Plan], day: dt.date) -> Plan | None:
    """The first of ``plans`` whose term covers ``day``, else the latest issued."""
    covering = [p for p in plans if p.term_start <= day <= p.term_end]
    if covering:
        return covering[0]
    return max(plans, key=lambda p: (p.issued_on, p.pk), default=None)


def readable_plans(scope: Scope) -> list[Plan]:
    """The plans a user may open and measure their organizations against: those of
    committees in their scope and those of the committees above their organization, which
    set its quota (their pages show only the user's part: ``plan_page_root``)."""
    plans = list(plans_for_user(scope))
    if scope.root is not None:
        plans += [p for p in plans_above(scope.root, today()) if p.organization_id not in scope.orgs]
    return plans


def get_readable_plan_or_404(scope: Scope, plan_id) -> Plan:
    plan = next((p for p in readable_plans(scope) if str(p.pk) == str(plan_id).strip()), None)
    if plan is None:
        raise Http404
    return plan


def plan_page_root(scope: Scope, plan: Plan) -> Organization:
    """The organization whose quota and units' quotas a plan's pages show: the plan's
    committee when it is in the user's scope, else the user's own organization, which the
    plan of a committee above it sets a quota for."""
    return plan.organization if plan.organization_id in scope.orgs else scope.root


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


def prefetch_quotas_decided(organizations: list[Organization], day: dt.date, memo: dict) -> None:
    """``quotas_decided`` of several organizations in one query, kept in ``memo`` where
    ``quota_in_force`` finds them."""
    rows = Quota.objects.filter(organization__in=organizations, decided_on__lte=day, period_start__lte=day).select_related(
        "plan", "organization"
    )
    by_org: dict[int, list[Quota]] = {org.pk: [] for org in organizations}
    for quota in _latest_versions(rows):
        by_org[quota.organization_id].append(quota)
    for org_id, quotas in by_org.items():
        memo[("quotas_decided", org_id, day)] = quotas


def quota_version_on(plan: Plan, organization: Organization, start: dt.date, end: dt.date, day: dt.date) -> Quota | None:
    """The version of this quota in force on ``day``, if any was decided by then."""
    return (
        Quota.objects.filter(plan=plan, organization=organization, period_start=start, period_end=end, decided_on__lte=day)
        .select_related("plan", "organization")
        .order_by("-version")
        .first()
    )


def version_in_force(versions: list[Quota], day: dt.date) -> Quota | None:
    """Among the versions of one quota, the one in force on ``day`` (the highest decided
    by then)."""
    return max((q for q in versions if q.decided_on <= day), key=lambda q: q.version, default=None)


def plan_quota_versions(plan: Plan, organizations) -> dict[tuple, list[Quota]]:
    """Every version of the plan's quotas of ``organizations`` in one query, by
    (organization id, period start, period end), each list in version order."""
    versions: dict[tuple, list[Quota]] = {}
    rows = Quota.objects.filter(plan=plan, organization__in=organizations).select_related("plan", "organization").order_by("version")
    for quota in rows:
        versions.setdefault((quota.organization_id, quota.period_start, quota.period_end), []).append(quota)
    return versions


def quota_versions_on(
    plan: Plan, organizations: list[Organization], start: dt.date, end: dt.date, day: dt.date
) -> dict[int, Quota]:
    """``quota_version_on`` for several organizations in one query, by organization id."""
    rows = Quota.objects.filter(
        plan=plan, organization__in=organizations, period_start=start, period_end=end, decided_on__lte=day
    ).select_related("plan", "organization")
    return {quota.organization_id: quota for quota in _latest_versions(rows)}


# Set in a Context's memo by a report of one period (the ranking, the quota-progress
# report): every row is measured against that period's quota or none, never the term's.
EXACT_PERIOD = "exact_period_quota"


def quota_in_force(ctx) -> Quota | None:
    """The quota a Context is measured against: the organization's quota whose period is
    the Context's (its start, and its end or the as-of date when that comes first — so a
    term can be reported on after it ended), else the longest of its quotas whose period
    contains ``ctx.as_of`` (the term) unless the Context asks for its own period's quota
    (``EXACT_PERIOD``); the latest plan when several remain. Its version is the one in force
    on ``ctx.as_of``. The quotas of one organization and day are read once per memo:
    every quota indicator of a row asks for them (``prefetch_quotas_decided`` reads those
    of many organizations at once)."""
    key = ("quotas_decided", ctx.organization.pk, ctx.as_of)
    if key not in ctx.memo:
        ctx.memo[key] = quotas_decided(ctx.organization, ctx.as_of)
    quotas = ctx.memo[key]
    exact = [q for q in quotas if q.period_start == ctx.start and min(q.period_end, ctx.as_of) == ctx.end]
    if exact:
        return max(exact, key=lambda q: (q.plan.issued_on, q.plan_id))
    if ctx.memo.get(EXACT_PERIOD):
        return None
    current = [q for q in quotas if q.period_end >= ctx.as_of]
    if not current:
        return None
    return max(current, key=lambda q: (q.period_end - q.period_start, q.plan.issued_on, q.plan_id))


def percent_target(quota: Quota, members: int) -> int:
    """A percent quota's share of ``members``, rounded up."""
    return int((quota.value * Decimal(members) / 100).to_integral_value(rounding=ROUND_CEILING))


def quota_target(quota: Quota, memo: dict | None = None) -> int:
    """The number of admissions the quota asks for: the number itself, or the percentage
    of the members of the quota's organization on its reference date, rounded up — "at
    least 7%" of 1,001 members is 71 admissions, since 70 would fall short of 7%. A quota
    row is never edited, so a page or report passing one ``memo`` computes each target once
    and shares the roll-ups of the membership counts."""
    if quota.kind == QuotaKind.NUMBER:
        return int(quota.value)
    key = ("quota_target", quota.pk)
    if memo is not None and key in memo:
        return memo[key]
    from pdms.indicators import engine

    ctx = engine.Context.build(scope=system_scope(), organization=quota.organization, as_of=quota.reference_on, memo=memo)
    target = percent_target(quota, engine.get("members_total").compute(ctx).value)
    if memo is not None:
        memo[key] = target
    return target


def units_under(organization: Organization, day: dt.date, scope: Scope | None = None) -> QuerySet[OrgVersion]:
    """The units directly under the organization in the structure of ``day``."""
    versions = OrgVersion.objects.filter(valid_on(day), parent=organization)
    if scope is not None:
        versions = versions.filter(scope.orgs.q("organization_id"))
    return versions.select_related("organization").order_by("path")


def units_under_any(organization_ids: list[int], day: dt.date, scope: Scope) -> QuerySet[OrgVersion]:
    """``units_under`` several organizations in one query (``parent_id`` tells whose)."""
    versions = OrgVersion.objects.filter(valid_on(day), parent_id__in=organization_ids).filter(scope.orgs.q("organization_id"))
    return versions.select_related("organization").order_by("path")


def children_mismatch(
    plan: Plan, organization: Organization, period: tuple[dt.date, dt.date], *, on: dt.date | None = None,
    structure_on: dt.date | None = None, memo: dict | None = None, versions: dict[tuple, list[Quota]] | None = None,
) -> tuple[int | None, int, list[Organization]]:
    """The parent's target, the sum of its direct units' targets and the units without a
    quota, for one plan and period, with the versions in force on ``on`` (default: the end
    of the period) among the units of ``structure_on`` (default: the day the parent's
    version in force was decided — a quota is divided among the units of that day, not
    those of a later reorganization). The children do not add up when the sum differs
    from the target or some unit has no quota. ``memo`` shares quota targets between
    calls; ``versions`` (from ``plan_quota_versions``) saves reading the quotas again of
    the organizations it holds."""
    start, end = period
    day = on or end
    versions = dict(versions) if versions is not None else plan_quota_versions(plan, [organization])
    memo = {} if memo is None else memo

    def in_force(org):
        return version_in_force(versions.get((org.pk, start, end), []), day)

    parent = in_force(organization)
    if structure_on is None:
        structure_on = parent.decided_on if parent else day
    units = [version.organization for version in units_under(organization, structure_on)]
    known = {org_id for org_id, _start, _end in versions}
    unread = [unit for unit in units if unit.pk not in known]
    if unread:
        versions |= plan_quota_versions(plan, unread)
    total, missing = 0, []
    for unit in units:
        quota = in_force(unit)
        if quota is None:
            missing.append(unit)
        else:
            total += quota_target(quota, memo)
    return (quota_target(parent, memo) if parent else None), total, missing
