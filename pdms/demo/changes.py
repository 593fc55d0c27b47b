"""The reorganizations of a demo province over the years. They are planned when the tree is
drawn, so that transfers avoid branches about to close, and carried out on their dates from
the history's queue:

- 2015: a new district takes over communes of another (Ia H'Drai from Sa Thầy);
- 2016–2023: some enterprise branches are dissolved, their members sent to residential
  branches; 2018–2020: primary and lower-secondary school branches merge; 2019–2021: some
  villages merge; 2020: two communes of the city become wards, and every commune and
  township gets a police branch; 2022: the district tax offices move under the province;
- 2017, 2020, 2022, 2025: at branch congresses, branches with 9 or more full members
  elect a branch committee (and those that fell below lose it);
- 01/02/2025: the committee of provincial agencies splits into the committee of the Party's
  agencies and that of the provincial People's Committee, which takes in the enterprises;
  01/03/2025: departments merge;
- 01/07/2025: the district level ends. The communes of each district merge, two to four at
  a time, into new commune party committees under the province, with their branches; the
  district's other grassroots organizations move under a new commune (police and military
  ones under the province's police and military committees), and the district is
  dissolved. Then the commune militia and police branches merge, and villages with the
  same name are renumbered.
"""

import datetime as dt
import random
import re

from pdms.members.models import Status
from pdms.organizations.models import DISTRICT_LEVEL_END, Organization, OrgKind
from pdms.organizations.services import NewOrganization

from . import places
from .history import MEMBER_EVENT, ORG_EVENT, History
from .member_ledger import MemberLedger
from .org_ledger import REASON, OrgLedger
from .scales import ProvinceSpec
from .structure import Codes, Node

COMMITTEE_REVIEWS = (dt.date(2017, 5, 15), dt.date(2020, 5, 15), dt.date(2022, 5, 15), dt.date(2025, 5, 15))
PROVINCIAL_REFORM = dt.date(2025, 2, 1)
DEPARTMENTS_MERGED = dt.date(2025, 3, 1)
UNITS_MERGED = dt.date(2025, 8, 1)
VILLAGES_RENUMBERED = dt.date(2025, 9, 1)
NUMBERED = re.compile(r"^Chi bộ (thôn|tổ dân phố) (\d+)$")


def _month_day(rng: random.Random, first: dt.date, months: int, day: int) -> dt.date:
    index = rng.randrange(months)
    year, month = divmod(first.month - 1 + index, 12)
    return dt.date(first.year + year, month + 1, day)


def decision(rng: random.Random, spec: ProvinceSpec, authority: Organization | None) -> str:
    """A decision number of the committee that decides: the province's (Tỉnh ủy, or Thành
    ủy of a city), a district's (Huyện ủy) or a grassroots one (Đảng ủy)."""
    if authority is None or authority.kind == OrgKind.PROVINCE:
        suffix = "ThU" if spec.title.startswith(places.CITY) else "TU"
    elif authority.kind == OrgKind.DISTRICT:
        suffix = "ThU" if authority.name.startswith(f"Đảng bộ {places.CITY}") else "HU"
    else:
        suffix = "ĐU"
    return f"Quyết định số {rng.randint(1, 1200)}-QĐ/{suffix}"


class Changes:
    def __init__(
        self,
        *,
        spec: ProvinceSpec,
        root: Node,
        orgs: OrgLedger,
        members: MemberLedger,
        history: History,
        codes: Codes,
        rng: random.Random,
        composer: places.Composer,
    ):
        self.spec = spec
        self.root = root
        self.orgs = orgs
        self.members = members
        self.history = history
        self.codes = codes
        self.rng = rng
        self.composer = composer
        self.nodes = {node.org.id: node for node in root.walk()}
        self.role = {org_id: node.role for org_id, node in self.nodes.items()}
        self.settlement = {org_id: node.settlement for org_id, node in self.nodes.items() if node.settlement}
        self.provincial = {node.role: node.org for node in root.children if node.kind == OrgKind.PROVINCIAL_DIRECT}
        self.new_communes: list[tuple[Organization, str, str]] = []

    def decision(self, authority: Organization | None) -> str:
        return decision(self.rng, self.spec, authority)

    def _at(self, on: dt.date, action, *args) -> None:
        self.history.at(on, ORG_EVENT, action, *args)

    def _closing(self, org: Organization, on: dt.date) -> None:
        self.history.planned_end[org.id] = on

    # --- the plan -----------------------------------------------------------------------

    def plan(self) -> None:
        rng = self.rng
        districts = [n for n in self.root.children if n.role == "district"]
        if self.spec.new_district:
            name, source, moved = self.spec.new_district
            communes = [
                c.org for d in districts if d.place == source for c in d.children if c.role == "commune" and c.place in moved
            ]
            self._at(dt.date(2015, 6, 1), self._new_district, name, communes)
        city = next((d for d in districts if d.name.startswith(f"Đảng bộ {places.CITY}")), None)
        to_wards = []
        if city is not None:
            rural = [c for c in city.children if c.settlement == places.COMMUNE]
            to_wards = rng.sample(rural, min(2, len(rural)))
            for commune in to_wards:
                self._at(dt.date(2020, 1, 1), self._become_ward, commune.org)
        self._at(dt.date(2020, 6, 5), self._commune_police)
        for district in districts:
            for unit in district.children:
                if unit.role == "enterprise" and rng.random() < 0.3:
                    on = _month_day(rng, dt.date(2016, 1, 1), 96, 20)
                    self._closing(unit.org, on)
                    self._at(on, self._dissolve_enterprise, unit.org)
                elif unit.role == "tax" and self.provincial:
                    self._at(dt.date(2022, 1, 1), self._move, unit.org, self.provincial["agencies"])
                elif unit.role == "commune":
                    self._plan_commune(unit, unit in to_wards)
        for on in COMMITTEE_REVIEWS:
            self._at(on, self._review)
        if self.provincial:
            self._at(PROVINCIAL_REFORM, self._provincial_reform)
            departments = self._departments()
            for gone, _ in places.DEPARTMENT_MERGERS:
                self._closing(departments[gone], DEPARTMENTS_MERGED)
            for gone in places.DEPARTMENT_NEW[0]:
                self._closing(departments[gone], DEPARTMENTS_MERGED)
            self._at(DEPARTMENTS_MERGED, self._merge_departments)
        self._at(DISTRICT_LEVEL_END, self._reform)
        self._at(UNITS_MERGED, self._merge_commune_units)
        self._at(VILLAGES_RENUMBERED, self._renumber_villages)

    def _plan_commune(self, commune: Node, becomes_ward: bool) -> None:
        rng = self.rng
        by_role = {}
        for child in commune.children:
            by_role.setdefault(child.role, []).append(child)
        if "primary" in by_role and "secondary" in by_role and rng.random() < 0.35:
            on = dt.date(rng.choice((2018, 2019, 2020)), 8, 1)
            primary, secondary = by_role["primary"][0].org, by_role["secondary"][0].org
            self._closing(secondary, on)
            self._at(on, self._merge_schools, primary, secondary, commune.place)
        villages = by_role.get("village", [])
        if commune.settlement == places.COMMUNE and not becomes_ward and len(villages) >= 5 and rng.random() < 0.3:
            i = rng.randrange(len(villages) - 1)
            on = _month_day(rng, dt.date(2019, 7, 1), 24, 10)
            self._closing(villages[i + 1].org, on)
            self._at(on, self._merge_villages, villages[i].org, villages[i + 1].org, villages[i].locale.minority_share > 0.5)

    def _departments(self) -> dict[str, Organization]:
        agencies = next(n for n in self.root.children if n.role == "agencies")
        return {n.role.split(":", 1)[1]: n.org for n in agencies.children if n.role.startswith("department:")}

    # --- before the reform ------------------------------------------------------------------

    def _new_district(self, on, name: str, communes: list[Organization]) -> None:
        province = self.root.org
        spec = NewOrganization(
            self.codes.next(province, "H"), f"Đảng bộ {places.RURAL_DISTRICT} {name}", OrgKind.DISTRICT, province
        )
        district = self.orgs.found(spec, on, decision=self.decision(province))
        self.role[district.id] = "district"
        for commune in communes:
            self.orgs.move(commune, district, on, decision=self.decision(province))

    def _become_ward(self, on, commune: Organization) -> None:
        place = self.nodes[commune.id].place
        self.orgs.rename(
            commune,
            commune.name.replace(f"{places.COMMUNE} {place}", f"{places.WARD} {place}"),
            on,
            decision=self.decision(self.root.org),
        )
        self.settlement[commune.id] = places.WARD
        for child in self.orgs.live_children(commune):
            name = child.name.replace("Chi bộ thôn ", "Chi bộ tổ dân phố ").replace(
                f"{places.COMMUNE} {place}", f"{places.WARD} {place}"
            )
            if name != child.name:
                self.orgs.rename(child, name, on, decision=self.decision(commune))
            if self.role.get(child.id) == "village":
                self.history.branches[child.id].profile = "ward"

    def _commune_police(self, on) -> None:
        for district in [d for d in self.orgs.live_children(self.root.org) if d.kind == OrgKind.DISTRICT]:
            self._commune_police_of(on, district)

    def _commune_police_of(self, on, district: Organization) -> None:
        rng = self.rng
        police = [c for c in self.orgs.live_children(district) if self.role.get(c.id) == "police"]
        officers = [
            m
            for b in (self.orgs.live_children(police[0]) if police else [])
            for m in self.members.members_in.get(b.id, {})
            if self.members.by_id[m].status == Status.FULL
        ]
        for commune in self.orgs.live_children(district):
            if self.role.get(commune.id) != "commune":
                continue
            if any(self.role.get(c.id) == "commune_police" for c in self.orgs.live_children(commune)):
                continue
            spec = NewOrganization(
                self.codes.next(commune, "C"),
                f"Chi bộ Công an {self.settlement[commune.id]} {self.nodes[commune.id].place}",
                OrgKind.BRANCH,
                commune,
            )
            branch = self.orgs.found(spec, on, decision=self.decision(commune))
            self.role[branch.id] = "commune_police"
            locale = next(n.locale for n in self.nodes[commune.id].children if n.locale)
            self.history.branch_opened(branch, "armed", locale, district.id, open_to_transfers=False)
            for member_id in rng.sample(officers, min(len(officers), rng.randint(1, 3))):
                officers.remove(member_id)
                member = self.members.by_id[member_id]
                when = self.history.when(member, on + dt.timedelta(days=rng.randint(1, 10)))
                if when and member.status == Status.FULL:
                    self.history.transfer(member, when, branch, f"{REASON}: điều động công an chính quy về xã")
            self.history.at(on + dt.timedelta(days=rng.randint(3, 30)), MEMBER_EVENT, self.history.arrive, branch.id)

    def _dissolve_enterprise(self, on, enterprise: Organization) -> None:
        moves = {}
        for member_id in self.members.active_in([enterprise.id]):
            member = self.members.by_id[member_id]
            target = self.history.destination(member, on, residential=True) or self.history.destination(member, on)
            moves[member_id] = target
        self.orgs.dissolve(
            enterprise,
            on,
            member_moves=moves,
            decision=self.decision(self.orgs.orgs[enterprise.parent_id]),
            reason=f"{REASON}: doanh nghiệp giải thể",
        )
        self.history.branch_closed(enterprise)

    def _merge_schools(self, on, primary: Organization, secondary: Organization, place: str) -> None:
        parent = self.orgs.orgs[primary.parent_id]
        self.orgs.merge([secondary], on, into=primary, decision=self.decision(parent), reason=f"{REASON}: sáp nhập trường")
        self.orgs.rename(primary, f"Chi bộ Trường Tiểu học và THCS {place}", on, decision=self.decision(parent))
        self.history.branch_closed(secondary, primary)

    def _merge_villages(self, on, kept: Organization, merged: Organization, highland: bool) -> None:
        parent = self.orgs.orgs[kept.parent_id]
        self.orgs.merge([merged], on, into=kept, decision=self.decision(parent), reason=f"{REASON}: sáp nhập thôn")
        names = {c.name for c in self.orgs.live_children(parent)}
        village = (
            f"{self.rng.choice(('làng', 'thôn'))} {self.composer.highland(names)}"
            if highland
            else f"thôn {self.composer.kinh(names)}"
        )
        self.orgs.rename(kept, f"Chi bộ {village}", on, decision=self.decision(parent))
        self.history.branch_closed(merged, kept)

    def _move(self, on, org: Organization, new_parent: Organization) -> None:
        self.orgs.move(org, new_parent, on, decision=self.decision(self.root.org))

    def _review(self, on) -> None:
        """Branch congresses: a branch with 9 or more full members elects a committee."""
        for branch_id in sorted(self.history.branches):
            org = self.orgs.orgs[branch_id]
            wanted = self.rng.random() < (0.88 if self.members.count_in(branch_id, Status.FULL) >= 9 else 0.03)
            if wanted != org.has_committee:
                self.orgs.set_committee(org, wanted, on)

    def _provincial_reform(self, on) -> None:
        province = self.root.org
        agencies, business = self.provincial["agencies"], self.provincial["business"]
        party = NewOrganization(
            self.codes.next(province, "K", 1), "Đảng bộ các cơ quan Đảng tỉnh", OrgKind.PROVINCIAL_DIRECT, province
        )
        government = NewOrganization(
            self.codes.next(province, "K", 1), "Đảng bộ Ủy ban nhân dân tỉnh", OrgKind.PROVINCIAL_DIRECT, province
        )
        child_moves = {
            c.id: party.code if self.role.get(c.id) == "party" else government.code for c in self.orgs.live_children(agencies)
        }
        decision = self.decision(province)
        _, self.provincial["government"] = self.orgs.split(
            agencies, [party, government], on, child_moves=child_moves, decision=decision
        )
        self.orgs.merge([business], on, into=self.provincial["government"], decision=decision)

    def _merge_departments(self, on) -> None:
        departments = self._departments()
        government = self.provincial["government"]
        decision = self.decision(government)
        for gone, kept in places.DEPARTMENT_MERGERS:
            self.orgs.merge([departments[gone]], on, into=departments[kept], decision=decision, reason=f"{REASON}: hợp nhất sở")
            self.history.branch_closed(departments[gone], departments[kept])
        (first, second), name = places.DEPARTMENT_NEW
        spec = NewOrganization(self.codes.next(government, "B"), name, OrgKind.GRASSROOTS_BRANCH, government)
        merged = self.orgs.merge(
            [departments[first], departments[second]], on, new=spec, decision=decision, reason=f"{REASON}: hợp nhất sở"
        )
        info = self.history.branches[departments[first].id]
        self.history.branch_opened(merged, info.profile, info.locale, info.area)
        for gone in (first, second):
            self.history.branch_closed(departments[gone], merged)
        key, name = places.DEPARTMENT_RENAME
        self.orgs.rename(departments[key], name, on, decision=decision)

    # --- the reform of 01/07/2025 ---------------------------------------------------------------

    def _groups(self, communes: list[Organization]) -> list[list[Organization]]:
        """Two to four communes at a time; wards with wards where there are enough."""
        wards = [c for c in communes if self.settlement[c.id] == places.WARD]
        others = [c for c in communes if self.settlement[c.id] != places.WARD]
        kinds = [wards, others] if len(wards) >= 2 and len(others) >= 2 else [communes]
        groups = []
        for pool in kinds:
            rest = list(pool)
            while rest:
                size = len(rest) if len(rest) <= 4 else self.rng.choice((2, 3, 3, 4))
                if 0 < len(rest) - size < 2:
                    size = len(rest) - 2 if len(rest) - 2 >= 2 else len(rest)
                groups.append(rest[:size])
                rest = rest[size:]
        return groups

    def _commune_name(self, group: list[Organization], district: Organization, used: set[str]) -> tuple[str, str]:
        settlement = places.WARD if all(self.settlement[c.id] == places.WARD for c in group) else places.COMMUNE
        district_place = self.nodes[district.id].place if district.id in self.nodes else ""
        candidates = []
        if settlement == places.WARD and district.name.startswith(f"Đảng bộ {places.CITY}"):
            candidates.append(district_place)
        candidates += [self.nodes[c.id].place for c in group]
        base = next((c for c in candidates if c and (settlement, c) not in used), None) or self.composer.kinh()
        used.add((settlement, base))
        return settlement, base

    def _reform(self, on) -> None:
        province = self.root.org
        used: set = set()
        for district in [d for d in self.orgs.live_children(province) if d.kind == OrgKind.DISTRICT]:
            children = self.orgs.live_children(district)
            communes = [c for c in children if self.role.get(c.id) == "commune"]
            seat = None
            for group in self._groups(communes):
                settlement, base = self._commune_name(group, district, used)
                spec = NewOrganization(
                    self.codes.next(province, "X", 3), f"Đảng bộ {settlement} {base}", OrgKind.COMMUNE, province
                )
                commune = self.orgs.merge(
                    group, on, new=spec, decision=self.decision(province), reason=f"{REASON}: sắp xếp đơn vị hành chính cấp xã"
                )
                self.new_communes.append((commune, settlement, base))
                seat = seat or commune
            for unit in children:
                if unit in communes:
                    continue
                role = self.role.get(unit.id)
                target = self.provincial.get(role) if role in ("police", "military") else None
                self.orgs.move(unit, target or seat, on, decision=self.decision(province))
            self.orgs.dissolve(district, on, decision=self.decision(province), reason=f"{REASON}: kết thúc hoạt động cấp huyện")

    def _merge_commune_units(self, on) -> None:
        for commune, settlement, base in self.new_communes:
            for role, title in (("militia", "Quân sự"), ("commune_police", "Công an")):
                units = [c for c in self.orgs.live_children(commune) if self.role.get(c.id) == role]
                if len(units) < 2:
                    continue
                kept = units[0]
                self.orgs.merge(units[1:], on, into=kept, decision=self.decision(commune))
                for unit in units[1:]:
                    self.history.branch_closed(unit, kept)
                name = f"Chi bộ {title} {settlement} {base}"
                if kept.name != name:
                    self.orgs.rename(kept, name, on, decision=self.decision(commune))

    def _renumber_villages(self, on) -> None:
        for commune, _, _ in self.new_communes:
            children = self.orgs.live_children(commune)
            taken = {c.name for c in children}
            seen: set[str] = set()
            for child in children:
                if child.name not in seen:
                    seen.add(child.name)
                    continue
                match = NUMBERED.match(child.name)
                number, stem = (int(match.group(2)), f"Chi bộ {match.group(1)}") if match else (1, child.name)
                while f"{stem} {number}" in taken:
                    number += 1
                name = f"{stem} {number}"
                taken.add(name)
                self.orgs.rename(child, name, on, decision=self.decision(commune))
