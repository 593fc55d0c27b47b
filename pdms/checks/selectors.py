"""Reads of reported values; every function starts from the user's scope."""

from django.db.models import QuerySet
from django.http import Http404

from pdms.accounts.scope import Scope
from pdms.organizations.rollup import OrgSet

from .models import ReportedValue


def reported_values_for_user(scope: Scope, orgs: OrgSet | None = None) -> QuerySet[ReportedValue]:
    """Reported values the user may see, optionally narrowed to an organization's subtree."""
    qs = ReportedValue.objects.filter(scope.orgs.q("organization_id"))
    if orgs is not None:
        qs = qs.filter(orgs.q("organization_id"))
    return qs.select_related("organization", "created_by").order_by("-end", "indicator_key", "pk")


def get_reported_value_for_user_or_404(scope: Scope, reported_id, *, for_write: bool) -> ReportedValue:
    try:
        reported = reported_values_for_user(scope).get(pk=int(reported_id))
    except (ReportedValue.DoesNotExist, TypeError, ValueError):
        raise Http404
    if for_write and not scope.can_write_org(reported.organization):
        raise Http404
    return reported
