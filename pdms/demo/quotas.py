"""Demo plans and quotas of the province: the 2020–2025 term plan (its quotas divided
among the units of the time, one of them supplemented in 2023) and the 2025–2030 term plan
of the communes formed on 01/07/2025, with yearly quotas as a share of the membership."""

import datetime as dt
import math
from decimal import Decimal

from pdms.accounts.scope import system_scope
from pdms.indicators.engine import Context, get
from pdms.organizations.models import Organization
from pdms.targets.selectors import units_under
from pdms.targets.services import plan_create, quota_set

from .org_ledger import REASON

D = dt.date
# Admissions of about 3% of the membership a year (Resolution 21-NQ/TW asks 3–4%).
TERM_SHARE = Decimal("0.15")
YEAR_PERCENT = Decimal("3.5")


def _members(organization: Organization, on: dt.date) -> int:
    ctx = Context.build(scope=system_scope(), organization=organization, as_of=on)
    return get("members_total").compute(ctx).value


def _term_plan(province, *, number, title, issued_on, term, actor=None):
    start, end = term
    plan = plan_create(organization=province, number=number, title=title, issued_on=issued_on, term_start=start, term_end=end, actor=actor)
    targets = {}
    for version in units_under(province, issued_on):
        unit = version.organization
        targets[unit] = max(1, math.ceil(_members(unit, start) * TERM_SHARE))
        quota_set(plan=plan, organization=unit, period_start=start, period_end=end, kind="number", value=Decimal(targets[unit]),
                  decision=number, decided_on=issued_on, reason=REASON, actor=actor)
    quota_set(plan=plan, organization=province, period_start=start, period_end=end, kind="number",
              value=Decimal(sum(targets.values())), decision=number, decided_on=issued_on, reason=REASON, actor=actor)
    return plan, targets


def quotas_demo_load(*, province: Organization, today: dt.date) -> int:
    """The plans of the demo province; returns the number of quota versions written."""
    plans = 0
    if province.founded_on <= D(2020, 8, 1) and today >= D(2023, 4, 1):
        plan, targets = _term_plan(
            province, number="09-KH/TU", title="Kế hoạch phát triển đảng viên nhiệm kỳ 2020–2025", issued_on=D(2020, 10, 6),
            term=(D(2020, 8, 1), D(2025, 7, 31)),
        )
        # A unit's quota supplemented halfway through the term (its units no longer add up
        # to the province's quota until the province adjusts its own: the check shows it).
        unit = max(targets, key=lambda u: (targets[u], -u.pk))
        quota_set(plan=plan, organization=unit, period_start=plan.term_start, period_end=plan.term_end, kind="number",
                  value=Decimal(targets[unit] + 20), decision="15-NQ/TU", decided_on=D(2023, 3, 15),
                  reason=f"{REASON}: bổ sung chỉ tiêu sau rà soát nguồn phát triển đảng", actor=None)
        plans += len(targets) + 2
    if today >= D(2026, 1, 1):
        plan, targets = _term_plan(
            province, number="05-KH/TU", title="Kế hoạch phát triển đảng viên nhiệm kỳ 2025–2030", issued_on=D(2025, 10, 20),
            term=(D(2025, 8, 1), D(2030, 7, 31)),
        )
        plans += len(targets) + 1
        year = (D(2026, 1, 1), D(2026, 12, 31))
        for unit in targets:
            quota_set(plan=plan, organization=unit, period_start=year[0], period_end=year[1], kind="percent", value=YEAR_PERCENT,
                      reference_on=D(2025, 12, 31), decision="05-KH/TU", decided_on=D(2025, 12, 20), reason=REASON, actor=None)
        plans += len(targets)
    return plans
