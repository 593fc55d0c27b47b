"""Reads of the organization tree; every function takes the user's scope."""

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404

from pdms.accounts.scope import Scope

from .models import Organization, OrgVersion, ReorgLink, valid_on
from .rollup import version_on


def organizations_for_user(scope: Scope) -> QuerySet[Organization]:
    return Organization.objects.filter(scope.orgs.q("id"))


def organization_choices(scope: Scope) -> list[tuple[str, str]]:
    """(code, name) of the active organizations in the user's scope, in tree order: what
    an organization picker offers."""
    return list(organizations_for_user(scope).filter(ended_on__isnull=True).order_by("path").values_list("code", "name"))


def get_organization_for_user_or_404(scope: Scope, org_id, *, for_write: bool) -> Organization:
    """The organization if it is in the user's scope (and writable when asked), else 404."""
    try:
        org = Organization.objects.get(pk=int(org_id))
    except (Organization.DoesNotExist, TypeError, ValueError):
        raise Http404
    if org.pk not in scope.orgs or (for_write and not scope.can_write):
        raise Http404
    if for_write and not scope.can_write_org(org):
        raise Http404
    return org


def organization_or_root(scope: Scope, org_id: str) -> Organization | None:
    """The organization a page was asked for (``?org=``; 404 outside the scope), else the
    user's own (None for an administrator, who has none)."""
    if org_id:
        return get_organization_for_user_or_404(scope, org_id, for_write=False)
    return scope.root


def get_organization_by_code_for_user(scope: Scope, code: str) -> Organization | None:
    org = Organization.objects.filter(code=code.strip().upper()).first()
    if org is None or org.pk not in scope.orgs:
        return None
    return org


def versions_on(scope: Scope, day: dt.date) -> QuerySet[OrgVersion]:
    """The tree as it stood on ``day``, within the user's scope, ordered by path."""
    return (
        OrgVersion.objects.filter(valid_on(day))
        .filter(scope.orgs.q("organization_id"))
        .select_related("organization")
        .order_by("path")
    )


def children_on(scope: Scope, organization: Organization, day: dt.date) -> QuerySet[OrgVersion]:
    return versions_on(scope, day).filter(parent=organization)


def ancestors_on(organization: Organization, day: dt.date) -> list[OrgVersion]:
    """The chain from the root to the organization as of ``day`` (names as of that day)."""
    version = version_on(organization, day)
    if version is None:
        return []
    ids = [int(seg) for seg in version.path.strip(".").split(".") if seg]
    by_org = {v.organization_id: v for v in OrgVersion.objects.filter(valid_on(day), organization_id__in=ids)}
    return [by_org[i] for i in ids if i in by_org]


def history_of(organization: Organization) -> QuerySet[OrgVersion]:
    return organization.versions.select_related("parent", "event").order_by("valid_from", "id")


def lineage_of(organization: Organization) -> dict[str, QuerySet[ReorgLink]]:
    return {
        "predecessors": organization.predecessor_links.select_related("predecessor", "event"),
        "successors": organization.successor_links.select_related("successor", "event"),
    }


__all__ = [
    "organizations_for_user",
    "get_organization_for_user_or_404",
    "get_organization_by_code_for_user",
    "versions_on",
    "children_on",
    "ancestors_on",
    "history_of",
    "lineage_of",
    "version_on",
]
