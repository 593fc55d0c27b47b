"""Reads behind the organization pages that the shared selectors do not cover: the tree's
nodes with a flag for "has children" (so the page can expand them lazily), the search box,
which organizations of a list the user may open, names as of a date, and the audit history
as the organization page shows it. Every function takes the user's scope.

Names of the organizations above the user's subtree (their superior committees) may be
shown as plain text in breadcrumbs and parent columns; they are never linked, and nothing
below them outside the subtree is read.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pdms.accounts.scope import Scope
from pdms.audit.history import HistoryRow, history_for
from pdms.core.vntext import vn_normalize

from .models import Organization, OrgKind, OrgVersion, valid_on
from .selectors import children_on, organizations_for_user, versions_on

SEARCH_LIMIT = 50


def _flag_children(scope: Scope, nodes: QuerySet[OrgVersion], day: dt.date) -> list[OrgVersion]:
    """Mark each node with ``has_children`` (visible children on ``day``), in one query
    for all of them, so the page can offer to expand exactly those."""
    nodes = list(nodes)
    parents = (
        versions_on(scope, day)
        .filter(parent_id__in=[node.organization_id for node in nodes])
        .order_by()
        .values_list("parent_id", flat=True)
        .distinct()
    )
    with_children = set(parents)
    for node in nodes:
        node.has_children = node.organization_id in with_children
    return nodes


def tree_roots_on(scope: Scope, day: dt.date) -> list[OrgVersion]:
    """The top nodes of the user's tree on ``day``: organizations in scope whose parent
    on that day is not (the root itself, or organizations that rolled up into the
    user's subtree from elsewhere)."""
    visible = versions_on(scope, day)
    return _flag_children(scope, visible.exclude(parent_id__in=visible.values("organization_id")), day)


def tree_children_on(scope: Scope, organization: Organization, day: dt.date) -> list[OrgVersion]:
    return _flag_children(scope, children_on(scope, organization, day), day)


@dataclass
class SearchHit:
    organization: Organization
    version: OrgVersion | None  # None: the organization did not exist on the day searched
    parent_name: str = ""  # the parent's name on that day


def organizations_search(scope: Scope, text: str, day: dt.date, *, limit: int = SEARCH_LIMIT) -> list[SearchHit]:
    """Organizations in scope whose code or name contains ``text`` (diacritics-insensitive),
    each with its state on ``day``; those that existed on that day come first."""
    needle = vn_normalize(text)
    if not needle:
        return []
    matches = list(
        organizations_for_user(scope)
        .filter(Q(code__iexact=text.strip()) | Q(search_name__contains=needle))
        .order_by("path")[:limit]
    )
    versions = {v.organization_id: v for v in OrgVersion.objects.filter(valid_on(day), organization__in=matches)}
    parents = names_on(scope, [(v.parent_id, day) for v in versions.values() if v.parent_id])
    hits = [
        SearchHit(org, version, parents.get((version.parent_id, day), "") if version else "")
        for org, version in ((org, versions.get(org.pk)) for org in matches)
    ]
    return sorted(hits, key=lambda hit: hit.version is None)


def visible_ids(scope: Scope, ids) -> set[int]:
    """The subset of organization ``ids`` the user may open."""
    return set(organizations_for_user(scope).filter(pk__in=set(ids)).values_list("pk", flat=True))


def names_on(scope: Scope, pairs) -> dict[tuple[int, dt.date], str]:
    """For (organization id, day) pairs taken from records in scope: the name each
    organization had on that day (its current name when it did not exist then)."""
    pairs = set(pairs)
    org_ids = {org_id for org_id, _day in pairs}
    versions: dict[int, list[OrgVersion]] = {}
    for version in OrgVersion.objects.filter(organization_id__in=org_ids).only(
        "organization_id", "name", "valid_from", "valid_to"
    ):
        versions.setdefault(version.organization_id, []).append(version)
    current = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    names = {}
    for org_id, day in pairs:
        names[(org_id, day)] = next(
            (v.name for v in versions.get(org_id, []) if v.valid_from <= day and (v.valid_to is None or v.valid_to > day)),
            current.get(org_id, ""),
        )
    return names


# --- the audit history ----------------------------------------------------------------

ACTION_LABELS = {
    "organization.found": _("Founded"),
    "organization.rename": _("Renamed"),
    "organization.move": _("Moved to another parent"),
    "organization.committee": _("Branch committee changed"),
    "organization.dissolve": _("Dissolved"),
    "organization.merge": _("Merged into another organization"),
    "organization.split": _("Split into new organizations"),
}

FIELD_LABELS = {
    "name": _("name"),
    "kind": _("kind"),
    "parent": _("parent organization"),
    "has_committee": _("branch committee"),
    "founded_on": _("founded on"),
    "ended_on": _("ended on"),
    "successor": _("successor"),
    "successors": _("successors"),
}


def organization_history(scope: Scope, organization: Organization) -> list[HistoryRow]:
    """The organization's audit entries the user may read, newest first, labelled."""
    return history_for(
        scope,
        object_type="organization",
        object_id=organization.pk,
        actions=ACTION_LABELS,
        field_label=lambda name: str(FIELD_LABELS.get(name, name)),
        choices=dict(OrgKind.choices),
    )


def live_children(scope: Scope, organization: Organization) -> list[Organization]:
    """The organization's subordinates that still exist (those a dissolution or a split
    must send somewhere)."""
    return list(organizations_for_user(scope).filter(parent=organization, ended_on__isnull=True).order_by("path"))
