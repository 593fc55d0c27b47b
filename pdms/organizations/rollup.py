"""Which organizations' records count for an organization as of a date.

An organization's figures as of day D cover its subtree in the structure of D, plus every
organization that had ended by D and whose history rolls up into that subtree: through its
successors (merge, split, dissolve into) or, when it had none, through the parent it had
when it ended. The result is fixed for one query, so the same member is never counted in
two sibling subtrees of the same report.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import F, Min, Q, QuerySet

from .models import Organization, OrgVersion, ReorgLink, valid_on


@dataclass
class OrgSet:
    """A set of organization ids, kept as a subquery (the live subtree) plus a short list
    (organizations that ended and roll up into it). ``everything`` means no restriction."""

    live: QuerySet | None = None
    ended: frozenset[int] = field(default_factory=frozenset)
    everything: bool = False

    def q(self, field_name: str = "organization_id") -> Q:
        if self.everything:
            return Q()
        cond = Q(pk__in=[])
        if self.live is not None:
            cond = Q(**{f"{field_name}__in": self.live})
        if self.ended:
            cond |= Q(**{f"{field_name}__in": sorted(self.ended)})
        return cond

    def ids(self) -> set[int]:
        if self.everything:
            return set(Organization.objects.values_list("id", flat=True))
        return set(self._live_ids) | set(self.ended)

    @cached_property
    def _live_ids(self) -> frozenset[int]:
        # Fetched once: pages and imports ask about many organizations of the same set.
        return frozenset(self.live.values_list("organization_id", flat=True)) if self.live is not None else frozenset()

    def __contains__(self, org_id: int) -> bool:
        return self.everything or org_id in self.ended or org_id in self._live_ids


def version_on(organization: Organization, day: dt.date) -> OrgVersion | None:
    return OrgVersion.objects.filter(valid_on(day), organization=organization).first()


def ended_homes(day: dt.date) -> dict[int, set[int]]:
    """For every organization that had ended by ``day``: the organizations alive on
    ``day`` that its history rolls up into."""
    last_parent = dict(
        OrgVersion.objects.filter(organization__ended_on__lte=day, valid_to=F("organization__ended_on")).values_list(
            "organization_id", "parent_id"
        )
    )
    if not last_parent:
        return {}
    successors: dict[int, list[int]] = {}
    for pred, succ in ReorgLink.objects.filter(event__on__lte=day).values_list("predecessor_id", "successor_id"):
        successors.setdefault(pred, []).append(succ)

    homes: dict[int, set[int]] = {}

    def resolve(org_id: int, seen: frozenset) -> set[int]:
        if org_id not in last_parent:  # alive on day (or founded later: no history)
            return {org_id}
        if org_id in homes:
            return homes[org_id]
        if org_id in seen:  # defensive: a cycle in links cannot roll up anywhere
            return set()
        nexts = successors.get(org_id) or ([last_parent[org_id]] if last_parent[org_id] else [])
        result: set[int] = set()
        for nxt in nexts:
            result |= resolve(nxt, seen | {org_id})
        homes[org_id] = result
        return result

    for org_id in last_parent:
        resolve(org_id, frozenset())
    return homes


def rollup(organization: Organization, day: dt.date, *, homes: dict | None = None) -> OrgSet:
    """The organizations whose records count for ``organization`` as of ``day``. ``homes``
    keeps ``ended_homes`` by day for callers rolling up many organizations: it does not
    depend on the organization."""
    version = version_on(organization, day)
    if version is None:
        # Not alive on that day: it still stands for itself (e.g. a dissolved organization's
        # own history page), plus whatever had rolled into it before it ended.
        anchor_day = min(day, (organization.ended_on or day) - dt.timedelta(days=1))
        version = version_on(organization, anchor_day)
        if version is None:
            return OrgSet(ended=frozenset({organization.pk}))
        day = anchor_day
    live = OrgVersion.objects.filter(valid_on(day), path__startswith=version.path).values("organization_id")
    org_set = OrgSet(live=live)
    if homes is None:
        homes = {}
    if day not in homes:
        homes[day] = ended_homes(day)
    org_set.ended = frozenset(org for org, into in homes[day].items() if into & org_set._live_ids)
    return org_set


def rollup_many(organizations: list[Organization], day: dt.date, *, homes: dict | None = None) -> dict[int, OrgSet]:
    """``rollup`` of several organizations, by id, reading the structure of ``day`` once
    (a report over the units of a province rolls up each of them)."""
    if homes is None:
        homes = {}
    if day not in homes:
        homes[day] = ended_homes(day)
    live = list(OrgVersion.objects.filter(valid_on(day)).values_list("organization_id", "path"))
    path_of = dict(live)
    sets: dict[int, OrgSet] = {}
    for organization in organizations:
        path = path_of.get(organization.pk)
        if path is None:  # not alive on that day: see ``rollup``
            sets[organization.pk] = rollup(organization, day, homes=homes)
            continue
        org_set = OrgSet(live=OrgVersion.objects.filter(valid_on(day), path__startswith=path).values("organization_id"))
        org_set.__dict__["_live_ids"] = frozenset(org_id for org_id, other in live if other.startswith(path))
        org_set.ended = frozenset(org for org, into in homes[day].items() if into & org_set._live_ids)
        sets[organization.pk] = org_set
    return sets


def earliest_founding(org_set: OrgSet) -> dt.date | None:
    """The first day any organization of the set existed: where its history starts."""
    return Organization.objects.filter(org_set.q("id")).aggregate(first=Min("founded_on"))["first"]
