"""Writes of follow-up requests: the committee's request, the unit's report (pre-filled
with its figures), the committee's return of a report and its closing conclusion. Every
move of the status goes through ``_move``, which checks it against ``TRANSITIONS`` on the
locked row."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope, system_scope
from pdms.audit.services import audit_record, diff
from pdms.core.dates import format_date, today
from pdms.core.errors import DomainError, PermissionDenied
from pdms.organizations.models import Organization
from pdms.organizations.rollup import version_on
from pdms.targets.models import Plan

from .figures import figures_context, figures_of, normalized_period, snapshot
from .models import FollowUp, FollowUpReport, FollowUpStatus

# action → (statuses it may start from, status it leads to)
TRANSITIONS = {
    "report": ({FollowUpStatus.OPEN}, FollowUpStatus.REPORTED),
    "return": ({FollowUpStatus.REPORTED}, FollowUpStatus.OPEN),
    "close": ({FollowUpStatus.REPORTED}, FollowUpStatus.CLOSED),
}


def next_status(status: str, action: str) -> str | None:
    """The status ``action`` leads to from ``status``, or None when it is not allowed."""
    starts, target = TRANSITIONS[action]
    return target if status in starts else None


def _scope(actor) -> Scope:
    return system_scope() if actor is None else Scope.of(actor)


def _require_committee_writer(actor, followup_or_committee) -> None:
    committee = getattr(followup_or_committee, "committee", followup_or_committee)
    if actor is not None and not Scope.of(actor).can_write_org(committee):
        raise PermissionDenied(
            _("Only those who may act for %(org)s may do this.") % {"org": committee.name}
        )


def _require_report_writer(actor, followup: FollowUp) -> None:
    if actor is None:
        return
    scope = Scope.of(actor)
    if not (scope.can_write_org(followup.unit) or scope.can_write_org(followup.committee)):
        raise PermissionDenied(
            _("You may not report for %(org)s.") % {"org": followup.unit.name}
        )


def _required_text(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    return value


def is_strictly_under(ancestor: Organization, organization: Organization, on: dt.date) -> bool:
    """Whether ``organization`` is a unit below ``ancestor`` in the structure of ``on``."""
    top, unit = version_on(ancestor, on), version_on(organization, on)
    return top is not None and unit is not None and unit.path != top.path and unit.path.startswith(top.path)


def _validate_request(*, committee, unit, plan, document_number, issued_on, due_on) -> None:
    if issued_on > today():
        raise DomainError(
            _("Document %(number)s cannot be issued after today (%(today)s).")
            % {"number": document_number, "today": format_date(today())},
            field="issued_on",
        )
    if due_on < issued_on:
        raise DomainError(
            _("The report of %(unit)s cannot be due (%(due)s) before the request is issued (%(issued)s).")
            % {"unit": unit.name, "due": format_date(due_on), "issued": format_date(issued_on)},
            field="due_on",
        )
    if not is_strictly_under(committee, unit, issued_on):
        raise DomainError(
            _("%(unit)s is not a unit under %(committee)s on %(date)s.")
            % {"unit": unit.name, "committee": committee.name, "date": format_date(issued_on)},
            field="unit",
        )
    if plan is not None and not (plan.organization_id == unit.pk or is_strictly_under(plan.organization, unit, issued_on)):
        raise DomainError(
            _("Plan %(number)s of %(issuer)s does not cover %(unit)s.")
            % {"number": plan.number, "issuer": plan.organization.name, "unit": unit.name},
            field="plan",
        )


@transaction.atomic
def followup_request(
    *,
    committee: Organization,
    unit: Organization,
    plan: Plan | None = None,
    period: str = "term",
    document_number: str,
    issued_on: dt.date,
    due_on: dt.date,
    request_text: str,
    actor,
) -> FollowUp:
    """Record the committee's request that ``unit`` review itself and report its
    remediation measures by ``due_on``."""
    _require_committee_writer(actor, committee)
    document_number = _required_text(
        document_number, _("The request needs the number of its document (e.g. 426-TB/TU)."), "document_number"
    )
    request_text = _required_text(
        request_text, _("Write what %(unit)s is asked to review and report.") % {"unit": unit.name}, "request_text"
    )
    _validate_request(committee=committee, unit=unit, plan=plan, document_number=document_number, issued_on=issued_on, due_on=due_on)
    period = normalized_period(plan, period)
    followup = FollowUp.objects.create(
        committee=committee, unit=unit, plan=plan, period=period, document_number=document_number, issued_on=issued_on,
        due_on=due_on, request_text=request_text, created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor, action="followup.request", obj=followup, object_type="followup", organization=committee,
        changes=diff({}, {
            "unit": unit, "plan": plan, "period": period, "document_number": document_number, "issued_on": issued_on,
            "due_on": due_on, "request_text": request_text, "status": followup.status,
        }),
    )
    return followup


def _move(followup: FollowUp, action: str) -> tuple[FollowUp, str]:
    """The follow-up locked, and the status ``action`` leads to; DomainError when the
    request is not in a status the action may start from."""
    locked = FollowUp.objects.select_for_update(of=("self",)).select_related("committee", "unit", "plan").get(pk=followup.pk)
    target = next_status(locked.status, action)
    if target is None:
        messages = {
            "report": _("Request %(number)s to %(unit)s is %(status)s: a report can only be submitted while it awaits one."),
            "return": _("Request %(number)s to %(unit)s is %(status)s: only a report awaiting review can be returned."),
            "close": _("Request %(number)s to %(unit)s is %(status)s: it can only be closed once the unit has reported."),
        }
        raise DomainError(
            messages[action] % {"number": locked.document_number, "unit": locked.unit.name, "status": locked.get_status_display()},
            field="status",
        )
    return locked, target


def _set_status(followup: FollowUp, status: str, action: str, actor, extra: dict | None = None, reason: str = "") -> None:
    before = {"status": followup.status}
    followup.status = status
    for name, value in (extra or {}).items():
        setattr(followup, name, value)
    followup.save(update_fields=["status", *(extra or {})])
    audit_record(
        actor=actor, action=f"followup.{action}", obj=followup, object_type="followup", organization=followup.committee,
        changes=diff(before, {"status": status, **(extra or {})}), reason=reason,
    )


@transaction.atomic
def followup_report_submit(*, followup: FollowUp, text: str, as_of: dt.date, actor) -> FollowUpReport:
    """The unit's report: its text and its figures as of ``as_of`` from the indicator
    engine. The request then awaits the committee's review."""
    _require_report_writer(actor, followup)
    followup, target = _move(followup, "report")
    text = _required_text(
        text, _("Write the self-criticism and the remediation measures of %(unit)s.") % {"unit": followup.unit.name}, "text"
    )
    if as_of > today() or as_of < followup.issued_on:
        raise DomainError(
            _("The figures must be taken as of a day between the request (%(issued)s) and today (%(today)s).")
            % {"issued": format_date(followup.issued_on), "today": format_date(today())},
            field="as_of",
        )
    ctx = figures_context(_scope(actor), followup, as_of)
    report = FollowUpReport.objects.create(
        followup=followup, submitted_on=today(), text=text, as_of=as_of, period_start=ctx.start, period_end=ctx.end,
        figures=snapshot(figures_of(ctx, followup.plan)), submitted_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor, action="followup.report.submit", obj=report, object_type="followup_report", organization=followup.unit,
        changes=diff({}, {"followup": followup.pk, "text": text, "as_of": as_of, "figures": report.figures}),
    )
    _set_status(followup, target, "report", actor)
    return report


@transaction.atomic
def followup_return(*, followup: FollowUp, reason: str, actor) -> FollowUpReport:
    """The committee sends the latest report back with its reason; the unit must report again."""
    _require_committee_writer(actor, followup)
    followup, target = _move(followup, "return")
    reason = _required_text(reason, _("Say why the report is returned."), "reason")
    report = followup.reports.select_for_update().order_by("-created_at", "-pk").first()
    report.returned_on, report.return_reason = today(), reason
    report.returned_by = actor if getattr(actor, "pk", None) else None
    report.save(update_fields=["returned_on", "return_reason", "returned_by"])
    _set_status(followup, target, "return", actor, reason=reason)
    return report


@transaction.atomic
def followup_close(*, followup: FollowUp, conclusion: str, actor) -> FollowUp:
    """The committee accepts the report and closes the request with its conclusion."""
    _require_committee_writer(actor, followup)
    followup, target = _move(followup, "close")
    conclusion = _required_text(conclusion, _("Write the committee's conclusion before closing the request."), "conclusion")
    _set_status(
        followup, target, "close", actor,
        extra={"conclusion": conclusion, "closed_on": today(), "closed_by": actor if getattr(actor, "pk", None) else None},
    )
    return followup
