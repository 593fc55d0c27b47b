"""The consistency rules of quotas: the units' quotas must add up to their committee's,
and a unit's quota passes to the successor it is merged into."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdms.checks.registry import Finding, organization_record, rule
from pdms.core.dates import format_date
from pdms.organizations.models import ReorgKind, ReorgLink

from .history import placement
from .indicators import prefetch_quota_targets
from .models import Quota
from .selectors import children_mismatch, quota_target, version_in_force


@rule("quota_sum", gettext_lazy("Units' quotas that do not add up to their committee's"))
def quota_sum(ctx):
    """Each quota of an organization in the subtree whose period overlaps the run's period,
    against the sum of the quotas of the units directly under it (as of the run's date).
    The versions of the plans concerned are read in one query and the targets share one
    memo: a province has a quota per unit and per year."""
    quotas = (
        Quota.objects.filter(ctx.q(), period_start__lte=ctx.end, period_end__gte=ctx.start, decided_on__lte=ctx.as_of)
        .select_related("plan", "organization")
        .order_by("organization__path", "plan_id", "period_start", "period_end")
    )
    heads: dict[tuple, Quota] = {}
    for quota in quotas:
        heads.setdefault((quota.plan_id, quota.organization_id, quota.period_start, quota.period_end), quota)
    if not heads:
        return
    versions = _versions_of_plans({quota.plan_id for quota in heads.values()})
    memo: dict = {}
    prefetch_quota_targets([quota for plan in versions.values() for history in plan.values() for quota in history], memo)
    for (plan_id, _org_id, start, end), quota in heads.items():
        children = _children_with_quota(versions[plan_id], quota)
        if not children:
            # A committee that has not divided its quota among its units yet is not inconsistent.
            continue
        on = min(ctx.as_of, quota.period_end)
        divided_on = version_in_force(versions[plan_id][(quota.organization_id, start, end)], on)
        target, total, missing = children_mismatch(
            quota.plan, quota.organization, (start, end), on=on,
            structure_on=divided_on.decided_on if divided_on else quota.decided_on, memo=memo, versions=versions[plan_id],
        )
        if target is None or (total == target and not missing):
            continue
        message = _(
            "Plan %(plan)s, %(start)s–%(end)s: %(org)s must admit %(target)s, its units' quotas add up to %(children)s"
        ) % {
            "plan": quota.plan.number, "start": format_date(start), "end": format_date(end),
            "org": quota.organization.name, "target": target, "children": total,
        }
        if missing:
            message += _("; without a quota: %(units)s") % {"units": ", ".join(unit.name for unit in missing)}
        yield Finding("quota_sum", message + ".", [organization_record(quota.organization), *map(organization_record, missing)])


def _versions_of_plans(plan_ids: set[int]) -> dict[int, dict[tuple, list[Quota]]]:
    """Every quota version of the plans, by plan and (organization id, period start, period
    end), in version order."""
    versions: dict[int, dict[tuple, list[Quota]]] = {plan_id: {} for plan_id in plan_ids}
    rows = Quota.objects.filter(plan_id__in=plan_ids).select_related("plan", "organization").order_by("version")
    for quota in rows:
        versions[quota.plan_id].setdefault((quota.organization_id, quota.period_start, quota.period_end), []).append(quota)
    return versions


def _children_with_quota(versions: dict[tuple, list[Quota]], quota: Quota) -> bool:
    """Whether an organization whose parent is the quota's organization has a quota of the
    same plan and period."""
    return any(
        start == quota.period_start and end == quota.period_end and rows[0].organization.parent_id == quota.organization_id
        for (_org_id, start, end), rows in versions.items()
    )


@rule("merged_quota", gettext_lazy("Mergers whose successor's quota was not adjusted"))
def merged_quota(ctx):
    """A merger in the run's period of a unit holding a quota of a plan whose period
    contains the merger's date: from then on the successor carries the unit's results
    (``history``), so it must carry its quota too — a version of the successor's quota of
    the same plan and period decided on or after the merger. Only where the successor
    stands under the plan's committee, which can set its quota."""
    links = ReorgLink.objects.filter(
        ctx.q("successor_id"), event__kind=ReorgKind.MERGE, event__on__gte=ctx.start, event__on__lte=min(ctx.end, ctx.as_of)
    ).select_related("event", "predecessor", "successor")
    links = list(links)
    if not links:
        return
    quotas = Quota.objects.filter(
        organization__in={link.predecessor_id for link in links} | {link.successor_id for link in links}, decided_on__lte=ctx.as_of
    ).select_related("plan", "organization")
    versions: dict[tuple, list[Quota]] = {}
    for quota in quotas.order_by("version"):
        versions.setdefault((quota.plan_id, quota.organization_id, quota.period_start, quota.period_end), []).append(quota)
    where = placement(ctx.memo, ctx.as_of)
    memo: dict = {}
    for link in links:
        on = link.event.on
        for (plan_id, org_id, start, end), history in versions.items():
            if org_id != link.predecessor_id or not start < on <= end:
                continue
            quota = version_in_force(history, ctx.as_of)
            if quota.plan.organization_id not in where.holders(link.successor_id, on):
                continue
            carried = version_in_force(versions.get((plan_id, link.successor_id, start, end), []), ctx.as_of)
            if carried is not None and carried.decided_on >= on:
                continue
            message = _(
                "Plan %(plan)s, %(start)s–%(end)s: %(predecessor)s merged into %(successor)s on %(date)s, whose quota was "
                "not adjusted to take over the %(target)s admissions asked of %(predecessor)s."
            ) % {
                "plan": quota.plan.number, "start": format_date(start), "end": format_date(end),
                "predecessor": link.predecessor.name, "successor": link.successor.name, "date": format_date(on),
                "target": quota_target(quota, memo),
            }
            yield Finding("merged_quota", message, [organization_record(link.successor), organization_record(link.predecessor)])
