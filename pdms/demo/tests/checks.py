"""Checks of a loaded demo database, shared by the tests of every scale. Each returns the
list of what is wrong (empty when all is well), so a failure names the records."""

import datetime as dt
import itertools
import random

from django.db.models import Q

from pdms.accounts.scope import system_scope
from pdms.indicators.engine import Context, evaluate
from pdms.members.models import ACTIVE_STATUSES, Member, MemberPeriod
from pdms.organizations.models import DISTRICT_LEVEL_END, Organization, OrgKind, OrgVersion, valid_on
from pdms.organizations.rollup import rollup

from ..org_ledger import segment

BALANCE = [
    "balance_opening",
    "balance_admitted",
    "balance_transferred_in",
    "balance_transferred_out",
    "balance_deceased",
    "balance_removed",
    "balance_expelled",
    "balance_closing",
    "members_total",
]


def period_chains() -> list[str]:
    """Every member's periods follow each other without gaps or overlaps, each remembers the
    one before, only the last is open, and the member's current state copies it."""
    problems = []
    fields = ("member_id", "valid_from", "valid_to", "organization_id", "status", "prev_organization_id", "prev_status")
    rows = MemberPeriod.objects.order_by("member_id", "valid_from", "id").values_list(*fields)
    current = {m.pk: (m.organization_id, m.status) for m in Member.objects.only("organization_id", "status")}
    for member_id, periods in itertools.groupby(rows, key=lambda r: r[0]):
        periods = list(periods)
        first = periods[0]
        if first[5] is not None or first[6] != "":
            problems.append(f"member {member_id}: the first period has a previous state")
        for before, after in itertools.pairwise(periods):
            if before[2] != after[1] or not before[1] < before[2]:
                problems.append(f"member {member_id}: {before[1]}–{before[2]} then {after[1]}")
            if (after[5], after[6]) != (before[3], before[4]):
                problems.append(f"member {member_id}: period from {after[1]} does not remember the one before")
        if periods[-1][2] is not None:
            problems.append(f"member {member_id}: no open period")
        if current.pop(member_id) != (periods[-1][3], periods[-1][4]):
            problems.append(f"member {member_id}: current state differs from the open period")
    problems += [f"member {m}: no period" for m in current]
    return problems


def version_chains() -> list[str]:
    """Every organization's versions follow each other from its founding to its end, the
    current state copies the last one, and every path is the parent's path on that date
    followed by the organization's own segment."""
    problems = []
    versions = list(OrgVersion.objects.order_by("organization_id", "valid_from", "id"))
    by_org = {k: list(g) for k, g in itertools.groupby(versions, key=lambda v: v.organization_id)}
    orgs = {o.pk: o for o in Organization.objects.all()}

    def path_on(org_id, day):
        for v in by_org.get(org_id, []):
            if v.valid_from <= day and (v.valid_to is None or v.valid_to > day):
                return v.path
        return None

    for org_id, chain in by_org.items():
        org = orgs.pop(org_id)
        if chain[0].valid_from != org.founded_on or chain[-1].valid_to != org.ended_on:
            problems.append(f"{org.code}: versions do not span {org.founded_on}–{org.ended_on}")
        for before, after in itertools.pairwise(chain):
            if before.valid_to != after.valid_from or not before.valid_from < before.valid_to:
                problems.append(f"{org.code}: version gap at {before.valid_to}")
        last = chain[-1]
        if (org.name, org.kind, org.parent_id, org.path, org.has_committee) != (
            last.name,
            last.kind,
            last.parent_id,
            last.path,
            last.has_committee,
        ):
            problems.append(f"{org.code}: current state differs from the last version")
        for v in chain:
            # The path must follow the parent's on the version's first day and on every day
            # the parent changed while the version was valid.
            days = {v.valid_from} | {
                p.valid_from
                for p in by_org.get(v.parent_id, [])
                if v.valid_from < p.valid_from and (v.valid_to is None or p.valid_from < v.valid_to)
            }
            for day in days:
                parent_path = path_on(v.parent_id, day) if v.parent_id else ""
                if parent_path is None or v.path != parent_path + segment(org_id) or v.depth != v.path.count("."):
                    problems.append(f"{org.code}: path {v.path} on {day} does not follow its parent")
    problems += [f"{o.code}: no version" for o in orgs.values()]
    return problems


def districts_after_reform() -> list[str]:
    late = OrgVersion.objects.filter(kind=OrgKind.DISTRICT).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=DISTRICT_LEVEL_END))
    early = OrgVersion.objects.filter(kind=OrgKind.COMMUNE, valid_from__lt=DISTRICT_LEVEL_END)
    return [f"{v.organization.code}: {v.kind} {v.valid_from}–{v.valid_to}" for v in [*late, *early]]


def members_kept_through_reform(commune: Organization) -> list[str]:
    """Everyone active in the communes merged into ``commune`` the day before the reform is
    active in it on the day, unless a change of their own starts that day."""
    before = DISTRICT_LEVEL_END - dt.timedelta(days=1)
    predecessors = [link.predecessor for link in commune.predecessor_links.select_related("predecessor")]
    was = set()
    for old in predecessors:
        was |= set(
            MemberPeriod.objects.filter(valid_on(before), rollup(old, before).q(), status__in=ACTIVE_STATUSES).values_list(
                "member_id", flat=True
            )
        )
    now = set(
        MemberPeriod.objects.filter(
            valid_on(DISTRICT_LEVEL_END), rollup(commune, DISTRICT_LEVEL_END).q(), status__in=ACTIVE_STATUSES
        ).values_list("member_id", flat=True)
    )
    changed_that_day = set(MemberPeriod.objects.filter(valid_from=DISTRICT_LEVEL_END).values_list("member_id", flat=True))
    return [f"member {m} left {commune.code} at the reform" for m in sorted(was - now - changed_that_day)]


def balance(organization: Organization, start: dt.date, end: dt.date, as_of: dt.date) -> list[str]:
    ctx = Context.build(scope=system_scope(), organization=organization, as_of=as_of, start=start, end=end)
    v = {r.key: r.value for r in evaluate(ctx, BALANCE)}
    flows = (
        v["balance_opening"]
        + v["balance_admitted"]
        + v["balance_transferred_in"]
        - v["balance_transferred_out"]
        - v["balance_deceased"]
        - v["balance_removed"]
        - v["balance_expelled"]
    )
    problems = []
    if flows != v["balance_closing"]:
        problems.append(f"{organization.code} {start}–{end} as of {as_of}: {v}")
    if ctx.end == as_of and v["balance_closing"] != v["members_total"]:
        problems.append(f"{organization.code} as of {as_of}: closing {v['balance_closing']} ≠ members {v['members_total']}")
    return problems


def balances(seed: int, samples: int, today: dt.date) -> list[str]:
    """The balance identity for the province root over whole years and for random
    organizations, periods and as-of dates."""
    rng = random.Random(seed)
    root = Organization.objects.get(kind=OrgKind.PROVINCE)
    problems = []
    for year in (2015, 2020, 2025):
        problems += balance(root, dt.date(year, 1, 1), dt.date(year, 12, 31), today)
    orgs = list(Organization.objects.order_by("pk"))
    first = dt.date(2015, 1, 1)
    span = (today - first).days
    for org in rng.sample(orgs, min(samples, len(orgs))):
        a, b, c = sorted(rng.randrange(span) for _ in range(3))
        problems += balance(org, first + dt.timedelta(days=a), first + dt.timedelta(days=b), first + dt.timedelta(days=c))
        problems += balance(org, first + dt.timedelta(days=a), first + dt.timedelta(days=c), first + dt.timedelta(days=c))
    return problems
