"""Writes of plans and quotas. A quota is never edited: setting it again for the same
plan, organization and period adds the next version with its decision and reason."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.audit.services import audit_record, diff
from pdms.core.dates import check_date_range, format_date
from pdms.core.errors import DomainError, PermissionDenied
from pdms.organizations.models import Organization
from pdms.organizations.rollup import version_on

from .models import Plan, Quota, QuotaKind


def _require_write(actor, organization: Organization) -> None:
    if actor is not None and not Scope.of(actor).can_write_org(organization):
        raise PermissionDenied(
            _("You may not set plans or quotas of %(org)s.") % {"org": organization.name}
        )


@transaction.atomic
def plan_create(
    *, organization: Organization, number: str, title: str, issued_on: dt.date, term_start: dt.date, term_end: dt.date, actor
) -> Plan:
    _require_write(actor, organization)
    number, title = (number or "").strip(), (title or "").strip()
    if not number:
        raise DomainError(_("A plan needs its number (e.g. 09-KH/TU)."), field="number")
    if not title:
        raise DomainError(_("Plan %(number)s needs a title.") % {"number": number}, field="title")
    for field, day in (("issued_on", issued_on), ("term_start", term_start), ("term_end", term_end)):
        check_date_range(day, field=field)
    if term_end < term_start:
        raise DomainError(
            _("The term of plan %(number)s must not end (%(end)s) before it starts (%(start)s).")
            % {"number": number, "end": format_date(term_end), "start": format_date(term_start)},
            field="term_end",
        )
    if Plan.objects.filter(organization=organization, number__iexact=number).exists():
        raise DomainError(
            _("%(org)s already has a plan numbered %(number)s.") % {"org": organization.name, "number": number},
            field="number",
        )
    plan = Plan.objects.create(
        organization=organization, number=number, title=title, issued_on=issued_on, term_start=term_start, term_end=term_end
    )
    audit_record(
        actor=actor, action="plan.create", obj=plan, object_type="plan", organization=organization,
        changes=diff({}, {f: getattr(plan, f) for f in ("number", "title", "issued_on", "term_start", "term_end")}),
    )
    return plan


def _in_plan_subtree(plan: Plan, organization: Organization, on: dt.date) -> bool:
    root, unit = version_on(plan.organization, on), version_on(organization, on)
    return root is not None and unit is not None and unit.path.startswith(root.path)


def _validate_quota(*, plan: Plan, organization: Organization, period_start, period_end, kind, value, reference_on, decided_on) -> None:
    names = {"number": plan.number, "org": organization.name}
    if not _in_plan_subtree(plan, organization, decided_on):
        raise DomainError(
            _("Plan %(number)s cannot set a quota for %(org)s: on %(date)s it is not %(issuer)s or a unit under it.")
            % {**names, "date": format_date(decided_on), "issuer": plan.organization.name},
            field="organization",
        )
    if period_end < period_start:
        raise DomainError(
            _("The quota period of %(org)s must not end before it starts.") % names, field="period_end"
        )
    if period_start < plan.term_start or period_end > plan.term_end:
        raise DomainError(
            _("The quota period of %(org)s must lie within the term of plan %(number)s (%(start)s – %(end)s).")
            % {**names, "start": format_date(plan.term_start), "end": format_date(plan.term_end)},
            field="period_start",
        )
    if kind not in QuotaKind.values:
        raise DomainError(_("A quota is either a number of admissions or a percentage of the membership."), field="kind")
    if value is None or value <= 0:
        raise DomainError(_("The quota of %(org)s must be greater than zero.") % names, field="value")
    if kind == QuotaKind.NUMBER and value != value.to_integral_value():
        raise DomainError(_("The quota of %(org)s is a number of admissions and must be a whole number.") % names, field="value")
    if kind == QuotaKind.PERCENT:
        if value > 100:
            raise DomainError(_("The quota of %(org)s is a percentage and must not exceed 100.") % names, field="value")
        if reference_on is None:
            raise DomainError(
                _("The quota of %(org)s is a percentage of the membership: give the date of the membership it is taken of.")
                % names,
                field="reference_on",
            )


@transaction.atomic
def quota_set(
    *,
    plan: Plan,
    organization: Organization,
    period_start: dt.date,
    period_end: dt.date,
    kind: str,
    value: Decimal,
    reference_on: dt.date | None = None,
    decision: str = "",
    decided_on: dt.date,
    reason: str = "",
    actor,
) -> Quota:
    """Set the quota of ``organization`` for the period: version 1, or the next version
    (an adjustment or supplement, which needs its reason) when the quota exists."""
    _require_write(actor, plan.organization)
    # Stored with 2 decimals; quantizing first makes the audit show what was stored.
    value = Decimal(value).quantize(Decimal("0.01")) if value is not None else None
    if kind == QuotaKind.NUMBER:
        reference_on = None
    _validate_quota(
        plan=plan, organization=organization, period_start=period_start, period_end=period_end,
        kind=kind, value=value, reference_on=reference_on, decided_on=decided_on,
    )
    # Locking the existing versions serializes two adjustments of the same quota.
    previous = (
        Quota.objects.select_for_update()
        .filter(plan=plan, organization=organization, period_start=period_start, period_end=period_end)
        .order_by("-version")
    )
    last = previous.first()
    if last is not None:
        if not (reason or "").strip():
            raise DomainError(
                _("Adjusting the quota of %(org)s under plan %(number)s needs a reason.")
                % {"org": organization.name, "number": plan.number},
                field="reason",
            )
        if decided_on < last.decided_on:
            raise DomainError(
                _("The adjustment of the quota of %(org)s cannot be decided before version %(version)s (%(date)s).")
                % {"org": organization.name, "version": last.version, "date": format_date(last.decided_on)},
                field="decided_on",
            )
    quota = Quota.objects.create(
        plan=plan, organization=organization, period_start=period_start, period_end=period_end, kind=kind, value=value,
        reference_on=reference_on, version=(last.version + 1) if last else 1, decision=(decision or "").strip(),
        decided_on=decided_on, reason=(reason or "").strip(), actor=actor if getattr(actor, "pk", None) else None,
    )
    before = {"kind": last.kind, "value": last.value, "reference_on": last.reference_on} if last else {}
    audit_record(
        actor=actor, action="quota.adjust" if last else "quota.set", obj=quota, object_type="quota", organization=organization,
        changes=diff(
            {**before, "version": last.version if last else None},
            {f: getattr(quota, f) for f in ("version", "kind", "value", "reference_on", "decision", "decided_on")},
        ),
        reason=quota.reason,
    )
    return quota
