"""The consistency rule of quotas: the units' quotas must add up to their committee's."""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdms.checks.registry import Finding, organization_record, rule
from pdms.core.dates import format_date

from .models import Quota
from .selectors import children_mismatch


@rule("quota_sum", gettext_lazy("Units' quotas that do not add up to their committee's"))
def quota_sum(ctx):
    """Each quota of an organization in the subtree whose period overlaps the run's period,
    against the sum of the quotas of the units directly under it (as of the run's date)."""
    seen = set()
    quotas = (
        Quota.objects.filter(ctx.q(), period_start__lte=ctx.end, period_end__gte=ctx.start, decided_on__lte=ctx.as_of)
        .select_related("plan", "organization")
        .order_by("organization__path", "plan_id", "period_start", "period_end")
    )
    for quota in quotas:
        key = (quota.plan_id, quota.organization_id, quota.period_start, quota.period_end)
        if key in seen:
            continue
        seen.add(key)
        on = min(ctx.as_of, quota.period_end)
        target, children, missing = children_mismatch(
            quota.plan, quota.organization, (quota.period_start, quota.period_end), on=on, structure_on=_divided_on(quota, on)
        )
        if target is None or not _any_child_quota(quota) or (children == target and not missing):
            continue
        message = _(
            "Plan %(plan)s, %(start)s–%(end)s: %(org)s must admit %(target)s, its units' quotas add up to %(children)s"
        ) % {
            "plan": quota.plan.number, "start": format_date(quota.period_start), "end": format_date(quota.period_end),
            "org": quota.organization.name, "target": target, "children": children,
        }
        if missing:
            message += _("; without a quota: %(units)s") % {"units": ", ".join(unit.name for unit in missing)}
        yield Finding("quota_sum", message + ".", [organization_record(quota.organization), *map(organization_record, missing)])


def _divided_on(quota: Quota, on: dt.date) -> dt.date:
    """The day the quota in force on ``on`` was decided: the units it was divided among
    are those of that day, whatever reorganization followed."""
    latest = (
        Quota.objects.filter(plan=quota.plan, organization=quota.organization, period_start=quota.period_start,
                             period_end=quota.period_end, decided_on__lte=on)
        .order_by("-version")
        .values_list("decided_on", flat=True)
        .first()
    )
    return latest or quota.decided_on


def _any_child_quota(quota: Quota) -> bool:
    """A committee that has not divided its quota among its units yet is not inconsistent."""
    return Quota.objects.filter(
        plan=quota.plan, period_start=quota.period_start, period_end=quota.period_end, organization__parent=quota.organization
    ).exists()
