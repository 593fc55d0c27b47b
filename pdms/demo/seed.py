"""Loading demo data. Each province is drawn, lived through from 2015 to today in memory
and written in one go; the demo accounts are bound to the first province, whose
recruitment pipeline is loaded with them. A province is one transaction (the whole scale
when it has a single province), so a national load keeps only one province in memory at
a time."""

import datetime as dt
import gc
import random
import time
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import transaction

from pdms.accounts.passwords import demo_database_mark
from pdms.accounts.scope import system_scope
from pdms.members.models import Person
from pdms.organizations.models import BRANCH_KINDS, Organization
from pdms.organizations.selectors import get_organization_by_code_for_user

from . import places
from .accounts import demo_accounts_create
from .changes import Changes, decision
from .history import START, Cards, History
from .member_ledger import MemberLedger
from .names import People
from .org_ledger import OrgLedger
from .quotas import quotas_demo_load
from .recruitment import recruitment_demo_load
from .rows import Ids, Rows, write
from .scales import ProvinceSpec, Scale
from .structure import Codes, Drawing, allocate, found

# Membership grows by about this factor a year (admissions and arrivals less deaths,
# departures and removals); the initial membership is sized so that today's is the target.
GROWTH_PER_YEAR = 1.025


@dataclass
class Built:
    rows: Rows
    organizations: int
    organizations_today: int
    members_today: int
    people: int
    homes: dict[str, str]  # where the demo accounts go: codes of the province, a commune, a branch


@dataclass
class Summary:
    province: str
    organizations: int
    organizations_today: int
    members_today: int
    people: int
    seconds: float


def _homes(changes: Changes, orgs: OrgLedger, members: MemberLedger) -> dict[str, str]:
    """A new commune (a rural one where there is) and its largest village branch."""
    communes = [c for c, settlement, _ in changes.new_communes if settlement == places.COMMUNE] or [
        c for c, _, _ in changes.new_communes
    ]
    if not communes:  # before the reform of 2025: a grassroots committee of a commune
        communes = [o for o in orgs.orgs.values() if changes.role.get(o.id) == "commune" and o.ended_on is None]
    commune = min(communes, key=lambda o: o.code)
    branches = [c for c in orgs.live_children(commune) if c.kind in BRANCH_KINDS]
    villages = [c for c in branches if changes.role.get(c.id) == "village"] or branches
    branch = max(villages, key=lambda o: (members.count_in(o.id), -o.id))
    return {"province": changes.root.org.code, "commune": commune.code, "branch": branch.code}


def build_province(spec: ProvinceSpec, *, seed: int, today: dt.date, ids: Ids, serials: dict | None = None) -> Built:
    """Every row of one province's demo history, unsaved."""
    rng = random.Random(f"{seed}:{spec.citizen_code}")
    rows = Rows()
    orgs = OrgLedger(ids, rows)
    members = MemberLedger(ids, rows, orgs, today)
    composer = places.Composer(rng)
    root = Drawing(spec, rng, composer).province()
    years_of_records = max(0.0, (today - START).days / 365.25)
    allocate(root, round(spec.members / GROWTH_PER_YEAR**years_of_records), rng)
    codes = Codes(spec)
    found(root, orgs, codes, spec.founded_on, rng, lambda authority: decision(rng, spec, authority))
    history = History(orgs=orgs, members=members, people=People(rng, serials), cards=Cards(spec.short, rng), rng=rng, today=today)
    for unit in root.children:
        for node in unit.walk():
            if node.weight:
                history.branch_opened(node.org, node.profile, node.locale, unit.org.id, node.open_to_transfers)
    changes = Changes(spec=spec, root=root, orgs=orgs, members=members, history=history, codes=codes, rng=rng, composer=composer)
    changes.plan()
    history.run(root)
    return Built(
        rows=rows,
        organizations=len(orgs.orgs),
        organizations_today=sum(1 for o in orgs.orgs.values() if o.ended_on is None),
        members_today=sum(len(m) for m in members.members_in.values()),
        people=rows.count(Person),
        homes=_homes(changes, orgs, members),
    )


def load(
    scale: Scale, *, seed: int, today: dt.date, dry_run: bool = False, progress=None, recruitment_progress=None
) -> list[Summary]:
    """Build and write every province of ``scale``, then the demo accounts and the
    recruitment pipeline of the first province (not in a dry run: the pipeline goes
    through the services). ``progress`` is called with the summary of each province as it
    is written, ``recruitment_progress`` with that of the pipeline."""
    ids = Ids.after_existing()
    serials: dict = {}
    summaries = []
    homes = home_spec = None
    with transaction.atomic() if len(scale.provinces) == 1 else nullcontext():
        for spec in scale.provinces:
            started = time.perf_counter()
            # Hundreds of thousands of objects that live until the province is written: the
            # cyclic collector would only rescan them, over and over.
            gc.disable()
            try:
                built = build_province(spec, seed=seed, today=today, ids=ids, serials=serials)
                if not dry_run:
                    with transaction.atomic():
                        write(built.rows)
            finally:
                gc.enable()
            if homes is None:
                homes, home_spec = built.homes, spec
            summary = Summary(
                spec.title,
                built.organizations,
                built.organizations_today,
                built.members_today,
                built.people,
                time.perf_counter() - started,
            )
            # The ledgers refer to each other, so a province's rows go only with a full
            # collection: run it now, so that one province at a time is held in memory.
            del built
            gc.collect()
            summaries.append(summary)
            if progress:
                progress(summary)
        if not dry_run:
            with transaction.atomic():
                scope = system_scope()
                orgs = {key: _organization(scope, code) for key, code in homes.items()}
                demo_database_mark()
                demo_accounts_create(**orgs)
                # Candidates' citizen IDs continue the serials of the members'.
                pipeline = recruitment_demo_load(
                    rng=random.Random(f"{seed}:{home_spec.citizen_code}:recruitment"),
                    today=today,
                    citizen_code=home_spec.citizen_code,
                    serials=serials,
                    **orgs,
                )
                quotas_demo_load(province=orgs["province"], today=today)
            if recruitment_progress:
                recruitment_progress(pipeline)
    return summaries


def _organization(scope, code: str) -> Organization:
    org = get_organization_by_code_for_user(scope, code)
    assert org is not None, code
    return org
