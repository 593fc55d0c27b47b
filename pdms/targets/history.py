"""Where an admission counts for a quota, and what became of a unit that ended.

A quota belongs to the unit it was given to. An admission counts for a unit when the
organization that admitted the member lay in the unit's subtree on the admission date, or
in the subtree of a unit later merged into it (the predecessor → successor links of a
merger pass its results on). A subtree that moves to another parent takes its future with
it, not its past. The other figures restate history in the structure of their day
(``organizations.rollup``); these do not.
"""

import datetime as dt
from bisect import bisect_right
from collections import defaultdict

from django.db.models import F
from django.utils.translation import gettext_lazy

from pdms.indicators import engine
from pdms.indicators.engine import Context
from pdms.members.models import MemberPeriod
from pdms.organizations.models import OrgVersion, ReorgKind, ReorgLink
from pdms.organizations.rollup import OrgSet

SEGMENT = 8  # "0000042." — see organizations.services
# Said beside the figures that follow this rule: the other figures of an organization
# restate its history in the structure of the day shown.
COUNTING_RULE = gettext_lazy(
    "Quota figures count each admission for the units that held the admitting organization on the admission "
    "date; a unit merged into another passes its results on to it."
)


def path_ids(path: str) -> list[int]:
    return [int(path[i : i + SEGMENT - 1]) for i in range(0, len(path), SEGMENT)]


class Placement:
    """The tree through time as recorded on ``as_of``: the path of every organization on
    any day up to then, and the mergers."""

    def __init__(self, as_of: dt.date):
        self.as_of = as_of
        self._starts: dict[int, list[dt.date]] = defaultdict(list)
        self._versions: dict[int, list[tuple[dt.date | None, str]]] = defaultdict(list)
        rows = OrgVersion.objects.filter(valid_from__lte=as_of).order_by("organization_id", "valid_from", "id")
        for org_id, start, end, path in rows.values_list("organization_id", "valid_from", "valid_to", "path"):
            self._starts[org_id].append(start)
            self._versions[org_id].append((end, path))
        self.merged_into: dict[int, set[int]] = defaultdict(set)
        self.merged_from: dict[int, set[int]] = defaultdict(set)
        links = ReorgLink.objects.filter(event__kind=ReorgKind.MERGE, event__on__lte=as_of)
        for pred, succ in links.values_list("predecessor_id", "successor_id"):
            self.merged_into[pred].add(succ)
            self.merged_from[succ].add(pred)
        self._holders: dict[str, frozenset[int]] = {}  # by path

    def path_on(self, org_id: int, day: dt.date) -> str | None:
        i = bisect_right(self._starts.get(org_id, []), day) - 1
        if i < 0:
            return None
        end, path = self._versions[org_id][i]
        return path if end is None or day < end else None

    def _closure(self, org_ids, links: dict[int, set[int]]) -> set[int]:
        found, todo = set(org_ids), list(org_ids)
        while todo:
            for nxt in links.get(todo.pop(), ()):
                if nxt not in found:
                    found.add(nxt)
                    todo.append(nxt)
        return found

    def holders(self, org_id: int, day: dt.date) -> frozenset[int]:
        """The units an admission by ``org_id`` on ``day`` counts for: the organizations
        above it (itself included) on that day and those they were later merged into."""
        path = self.path_on(org_id, day)
        if path is None:
            return frozenset()
        if path not in self._holders:
            self._holders[path] = frozenset(self._closure(path_ids(path), self.merged_into))
        return self._holders[path]

    def ever_under(self, org_ids) -> set[int]:
        """The organizations that ever stood under one of ``org_ids`` or under one merged
        into them: no other organization admits anybody for them."""
        prefixes = tuple({path for org_id in self._closure(org_ids, self.merged_from) for _end, path in self._versions.get(org_id, [])})
        return {org_id for org_id, versions in self._versions.items() if any(path.startswith(prefixes) for _end, path in versions)}

    @property
    def size(self) -> int:
        return len(self._versions)

    def went_to(self, org_id: int, parent_id: int) -> list[int]:
        """Where the subtree of an organization that ended went: its successors by the
        links of its end, else the units directly under ``parent_id``, on the day it
        ended, that took its organizations in (moved or merged into them)."""
        ended_on, end_path = next(((end, path) for end, path in reversed(self._versions.get(org_id, [])) if end), (None, None))
        if end_path is None:
            return []
        linked = ReorgLink.objects.filter(predecessor_id=org_id, event__on=ended_on).values_list("successor_id", flat=True)
        if linked:
            return sorted(linked)
        before = ended_on - dt.timedelta(days=1)
        inside = [o for o in self._versions if (self.path_on(o, before) or "").startswith(end_path)]
        arrived = self._closure(inside, self.merged_into)
        units: set[int] = set()
        for other in arrived:
            ids = path_ids(self.path_on(other, ended_on) or "")
            if parent_id in ids and ids.index(parent_id) + 1 < len(ids):
                units.add(ids[ids.index(parent_id) + 1])
        return sorted(units)


def placement(memo: dict, as_of: dt.date) -> Placement:
    key = ("placement", as_of)
    if key not in memo:
        memo[key] = Placement(as_of)
    return memo[key]


def _candidates(ctxs: list[Context], where: Placement):
    """The admissions of the Contexts' period and scope by the organizations that ever
    stood under one of theirs (``holders`` then says which count)."""
    first = ctxs[0]
    ids = where.ever_under({ctx.organization.pk for ctx in ctxs})
    # Over a large part of the tree, reading the period's admissions whole costs less
    # than asking for the organizations.
    orgs = OrgSet(everything=True) if len(ids) * 4 >= where.size else OrgSet(ended=frozenset(ids))
    ctx = Context(
        scope=first.scope, organization=first.organization, as_of=first.as_of, start=first.start, end=first.end,
        structure_on=first.structure_on,
    )
    ctx.__dict__["orgs"] = orgs
    return engine.get("admissions").records(ctx)


def _key(ctx: Context) -> tuple:
    return ("admitted_then", ctx.organization.pk, ctx.start, ctx.end, ctx.as_of)


def count_admitted(ctxs: list[Context]) -> None:
    """Counts the admissions each Context's organization held, with one query for all
    Contexts of the same scope, period and as-of date, and keeps them in the shared memo
    where ``admitted`` finds them."""
    ctxs = [ctx for ctx in ctxs if ctx.memo.get(_key(ctx), (None,))[0] is not ctx.scope]
    groups: dict[tuple, list[Context]] = defaultdict(list)
    for ctx in ctxs:
        groups[(id(ctx.scope), ctx.start, ctx.end, ctx.as_of)].append(ctx)
    for group in groups.values():
        where = placement(group[0].memo, group[0].as_of)
        ids: dict[int, list[int]] = {ctx.organization.pk: [] for ctx in group}
        for pk, org_id, day in _candidates(group, where).order_by().values_list("pk", "organization_id", "valid_from"):
            for holder in where.holders(org_id, day) & ids.keys():
                ids[holder].append(pk)
        for ctx in group:
            ctx.memo[_key(ctx)] = (ctx.scope, ids[ctx.organization.pk])


def _admitted_ids(ctx: Context) -> list[int]:
    kept = ctx.memo.get(_key(ctx))
    if kept is None or kept[0] is not ctx.scope:
        count_admitted([ctx])
        kept = ctx.memo[_key(ctx)]
    return kept[1]


def admitted(ctx: Context) -> int:
    """How many admissions of the Context's period counted for its organization when
    they happened (see the module's rule)."""
    return len(_admitted_ids(ctx))


def admissions(ctx: Context):
    """The member periods of those admissions, in the drill-down's order."""
    return _candidates([ctx], placement(ctx.memo, ctx.as_of)).filter(pk__in=_admitted_ids(ctx))


def ended_units(parent_ids: list[int], start: dt.date, day: dt.date, scope) -> list[OrgVersion]:
    """The last version of each unit directly under one of the organizations that ended
    after ``start`` and by ``day`` otherwise than by merger (a merged unit's results and
    quota pass to its successor), within the scope; ``parent_id`` tells whose."""
    merged = ReorgLink.objects.filter(event__kind=ReorgKind.MERGE).values("predecessor_id")
    versions = OrgVersion.objects.filter(
        scope.orgs.q("organization_id"), parent_id__in=parent_ids, valid_to=F("organization__ended_on"),
        organization__ended_on__gt=start, organization__ended_on__lte=day,
    ).exclude(organization_id__in=merged)
    return list(versions.select_related("organization").order_by("path"))
