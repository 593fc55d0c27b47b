"""Reads of follow-up requests. A request is visible to those who see its committee or
the unit asked; it is overdue on a day when it was due before that day and the unit had
no report standing (submitted and not returned) on it."""

import datetime as dt

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.http import Http404

from pdms.accounts.scope import Scope
from pdms.core.dates import today

from .models import FollowUp, FollowUpReport, FollowUpStatus


def open_on(day: dt.date) -> Q:
    """Requests issued by ``day`` and not closed on it."""
    return Q(issued_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def report_standing_on(day: dt.date) -> Exists:
    """Whether the request had, on ``day``, a report submitted and not yet returned."""
    return Exists(
        FollowUpReport.objects.filter(followup=OuterRef("pk"), submitted_on__lte=day).filter(
            Q(returned_on__isnull=True) | Q(returned_on__gt=day)
        )
    )


def overdue_on(day: dt.date) -> Q:
    return open_on(day) & Q(due_on__lt=day) & ~report_standing_on(day)


def followups_for_user(scope: Scope, *, status: str = "", overdue: bool = False) -> QuerySet[FollowUp]:
    """Requests whose committee or unit the user sees, newest first, each with
    ``is_overdue`` (today); ``status`` narrows to one status and ``overdue`` to the
    requests overdue today."""
    rows = FollowUp.objects.filter(scope.orgs.q("committee_id") | scope.orgs.q("unit_id"))
    if status in FollowUpStatus.values:
        rows = rows.filter(status=status)
    if overdue:
        rows = rows.filter(overdue_on(today()))
    return rows.select_related("committee", "unit", "plan").annotate(
        is_overdue=ExpressionWrapper(overdue_on(today()), output_field=BooleanField())
    )


def get_followup_for_user_or_404(scope: Scope, followup_id, *, for_write: bool) -> FollowUp:
    """The request if the user sees its committee or unit; with ``for_write``, only if they
    may act for one of them (each service checks which side may do what)."""
    try:
        followup = FollowUp.objects.select_related("committee", "unit", "plan").get(pk=int(followup_id))
    except (FollowUp.DoesNotExist, TypeError, ValueError):
        raise Http404
    sides = (followup.committee, followup.unit)
    if not any(org.pk in scope.orgs for org in sides):
        raise Http404
    if for_write and not any(scope.can_write_org(org) for org in sides):
        raise Http404
    return followup


def is_overdue(followup: FollowUp) -> bool:
    return FollowUp.objects.filter(overdue_on(today()), pk=followup.pk).exists()


def timeline(followup: FollowUp) -> list[FollowUpReport]:
    """The reports of the request in the order they were submitted, each with its return."""
    return list(followup.reports.select_related("submitted_by", "returned_by").order_by("created_at", "pk"))
