"""The tree a province had when its records begin: the province committee, its districts
with their communes, villages, schools and agencies, and the committees directly under the
province. It is first drawn as plain ``Node``s, then founded through the ledger once the
initial membership of every branch is known (it decides which branches have a committee).
"""

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from pdms.organizations.models import Organization, OrgKind
from pdms.organizations.services import NewOrganization

from . import places
from .names import Locale
from .org_ledger import OrgLedger
from .scales import ProvinceSpec

BRANCH, GB, GC = OrgKind.BRANCH, OrgKind.GRASSROOTS_BRANCH, OrgKind.GRASSROOTS_COMMITTEE
# Relative size of a branch by the kind of people in it.
WEIGHTS = {"village": 20, "ward": 30, "school": 12, "health": 10, "office": 12, "armed": 16, "enterprise": 12}
COMMITTEE_MIN_FULL = 9  # a branch with 9 or more full members elects a branch committee


@dataclass(eq=False)
class Node:
    kind: str
    name: str
    role: str = ""  # how the scenario finds it again ("district", "commune", "police", ...)
    profile: str = ""  # for branches: the kind of people in it (a key of WEIGHTS)
    locale: Locale | None = None
    weight: float = 0.0
    children: list["Node"] = field(default_factory=list)
    settlement: str = ""  # for communes: phường, xã or thị trấn
    place: str = ""  # the commune or district name the unit is named after
    open_to_transfers: bool = True
    count: int = 0  # members when the records begin
    org: Organization | None = None

    def add(self, *nodes: "Node") -> "Node":
        self.children.extend(nodes)
        return self

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def branch(kind, name, profile, locale, *, role="", weight=None, open_to_transfers=True) -> Node:
    return Node(
        kind,
        name,
        role=role,
        profile=profile,
        locale=locale,
        weight=weight or WEIGHTS[profile],
        open_to_transfers=open_to_transfers,
    )


class Codes:
    """Organization codes: the parent's code, a letter for the kind of unit and a number."""

    def __init__(self, spec: ProvinceSpec):
        self.spec = spec
        self.counters: dict[tuple[str, str], int] = {}

    def next(self, parent: Organization | None, letter: str, width: int = 2) -> str:
        prefix = self.spec.short if parent is None or parent.kind == OrgKind.PROVINCE else parent.code
        key = (prefix, letter)
        self.counters[key] = self.counters.get(key, 0) + 1
        return f"{prefix}{letter}{self.counters[key]:0{width}d}"

    def for_node(self, node: Node, parent: Organization | None) -> str:
        if parent is None:
            return f"T{self.spec.short}"
        if node.kind == OrgKind.DISTRICT:
            return self.next(parent, "H")
        if node.kind == OrgKind.PROVINCIAL_DIRECT:
            return self.next(parent, "K", 1)
        if node.kind == OrgKind.COMMUNE:
            return self.next(parent, "X", 3)
        if node.kind == BRANCH:
            return self.next(parent, "C")
        if node.role == "commune":
            return self.next(parent, "X")
        return self.next(parent, "D" if node.kind == GC else "B")


class Drawing:
    """Draws the province as nodes."""

    def __init__(self, spec: ProvinceSpec, rng: random.Random, composer: places.Composer):
        self.spec = spec
        self.rng = rng
        self.composer = composer
        self.all_places: list[str] = []
        # Communes of the same name in several districts (three "xã Đăk Long" in Kon Tum):
        # their committees are told apart by the district in province-wide lists.
        self.shared_names: set[tuple[str, str]] = set()

    def place(self, settlement: str, name: str, district: places.DistrictPlan) -> str:
        return f"{settlement} {name}, {district.kind} {district.name}, {self.spec.title}"

    def district_plans(self) -> tuple[places.DistrictPlan, ...]:
        if self.spec.districts:
            return self.spec.districts
        plans = []
        for i in range(self.spec.composed_districts):
            kind = places.CITY if i == 0 else places.RURAL_DISTRICT
            n = self.rng.randint(12, 20)
            if kind == places.CITY:
                communes = [(places.WARD, self.composer.kinh()) for _ in range(n - 4)] + [
                    (places.COMMUNE, self.composer.kinh()) for _ in range(4)
                ]
            else:
                communes = [(places.TOWNSHIP, self.composer.kinh())] + [
                    (places.COMMUNE, self.composer.kinh()) for _ in range(n - 1)
                ]
            share = 0.5 if self.spec.peoples and self.rng.random() < 0.3 else 0.1
            plans.append(
                places.DistrictPlan(
                    kind, self.composer.kinh(), tuple(communes), self.spec.peoples, share if self.spec.peoples else 0
                )
            )
        return tuple(plans)

    def province(self) -> Node:
        spec = self.spec
        root = Node(OrgKind.PROVINCE, f"Đảng bộ {spec.title}", role="province")
        plans = self.district_plans()
        names = Counter(commune for plan in plans for commune in set(plan.communes))
        self.shared_names = {commune for commune, count in names.items() if count > 1}
        for plan in plans:
            root.add(self.district(plan))
        if spec.provincial_units:
            root.add(*self.provincial())
        return root

    # --- districts ----------------------------------------------------------------------

    def district(self, plan: places.DistrictPlan) -> Node:
        node = Node(OrgKind.DISTRICT, f"Đảng bộ {plan.kind} {plan.name}", role="district", place=plan.name)
        everywhere = tuple(self.place(kind, name, plan) for kind, name in plan.communes)
        self.all_places.extend(everywhere)
        locale = Locale(self.spec.citizen_code, everywhere, plan.minority_share * 0.6, plan.peoples)
        for kind, name in plan.communes:
            node.add(self.commune(plan, kind, name))
        node.add(*self.institutions(plan, locale))
        return node

    def commune(self, plan: places.DistrictPlan, settlement: str, name: str) -> Node:
        rng = self.rng
        urban = settlement == places.WARD or plan.kind == places.CITY
        share = min(0.9, plan.minority_share * (0.4 if urban else 1.1))
        locale = Locale(self.spec.citizen_code, (self.place(settlement, name, plan),), share, plan.peoples)
        where = f"{settlement} {name}"
        title = f"{where}, {plan.kind} {plan.name}" if (settlement, name) in self.shared_names else where
        node = Node(GC, f"Đảng bộ {title}", role="commune", settlement=settlement, place=name)
        villages: set[str] = set()
        if settlement == places.COMMUNE:
            numbered = rng.random() < (0.4 if share > 0.5 else 0.7)
            for i in range(rng.randint(*self.spec.villages)):
                if numbered:
                    village = f"thôn {i + 1}"
                elif share > 0.5:
                    village = f"{rng.choice(('làng', 'thôn'))} {self.composer.highland(villages)}"
                else:
                    village = f"thôn {self.composer.kinh(villages)}"
                node.add(branch(BRANCH, f"Chi bộ {village}", "village", locale, role="village"))
        else:
            for i in range(rng.randint(*self.spec.villages) + 1):
                node.add(branch(BRANCH, f"Chi bộ tổ dân phố {i + 1}", "ward", locale, role="village"))
        node.add(branch(BRANCH, f"Chi bộ Quân sự {where}", "armed", locale, role="militia", weight=6, open_to_transfers=False))
        if settlement == places.WARD:
            node.add(
                branch(
                    BRANCH, f"Chi bộ Công an {where}", "armed", locale, role="commune_police", weight=8, open_to_transfers=False
                )
            )
        node.add(branch(BRANCH, f"Chi bộ Cơ quan {where}", "office", locale, weight=8))
        if rng.random() < 0.4:
            node.add(branch(BRANCH, f"Chi bộ Trường Mầm non {name}", "school", locale, weight=7))
        if rng.random() < 0.7:
            node.add(
                branch(
                    BRANCH,
                    f"Chi bộ Trường Tiểu học {rng.choice((name, rng.choice(places.HEROES)))}",
                    "school",
                    locale,
                    role="primary",
                )
            )
        if rng.random() < 0.6:
            node.add(branch(BRANCH, f"Chi bộ Trường THCS {name}", "school", locale, role="secondary"))
        if rng.random() < 0.6:
            node.add(branch(BRANCH, f"Chi bộ Trạm Y tế {where}", "health", locale, weight=6))
        return node

    def institutions(self, plan: places.DistrictPlan, locale: Locale) -> list[Node]:
        rng = self.rng
        d = f"{plan.kind} {plan.name}"
        police = Node(GC, f"Đảng bộ Công an {d}", role="police")
        branches = places.DISTRICT_POLICE_BRANCHES if self.spec.full_districts else places.DISTRICT_POLICE_BRANCHES[:3]
        police.add(*(branch(BRANCH, name, "armed", locale) for name in branches))
        heroes = rng.sample(places.HEROES, len(places.HEROES))
        if not self.spec.full_districts:
            return [
                police,
                branch(GB, f"Chi bộ Trường THPT {heroes[0]}", "school", locale),
                branch(GB, f"Chi bộ Trung tâm Y tế {d}", "health", locale),
                branch(GB, places.DISTRICT_ENTERPRISES[0].format(n=plan.name, d=d), "enterprise", locale, role="enterprise"),
            ]
        military = Node(GC, f"Đảng bộ Quân sự {d}", role="military")
        military.add(*(branch(BRANCH, name, "armed", locale) for name in places.DISTRICT_MILITARY_BRANCHES))
        government = Node(GC, f"Đảng bộ Cơ quan Chính quyền {d}")
        government.add(*(branch(BRANCH, name, "office", locale) for name in places.GOVERNMENT_BRANCHES[: rng.randint(5, 8)]))
        health = Node(GC, f"Đảng bộ Trung tâm Y tế {d}")
        health.add(*(branch(BRANCH, name, "health", locale) for name in places.HEALTH_CENTRE_BRANCHES))
        units = [military, police, government, health]
        units += [branch(GB, name.format(d=d), "office", locale) for name in places.DISTRICT_OFFICES[: rng.randint(7, 11)]]
        units.append(branch(GB, places.DISTRICT_TAX.format(d=d), "office", locale, role="tax"))
        units.append(branch(GB, f"Chi bộ Trường THPT {heroes[-1]}", "school", locale))
        units.append(branch(GB, f"Chi bộ Trường Phổ thông Dân tộc nội trú {d}", "school", locale))
        for i in range(max(1, round(len(plan.communes) * 0.8))):
            level = "THCS" if i % 2 == 0 else "Tiểu học"
            units.append(branch(GB, f"Chi bộ Trường {level} {heroes[(i // 2) % (len(heroes) - 1)]}", "school", locale))
        for template in rng.sample(places.DISTRICT_ENTERPRISES, rng.randint(2, 4)):
            name = template.format(n=rng.choice(plan.communes)[1], d=d)
            units.append(branch(GB, name, "enterprise", locale, role="enterprise"))
        return units

    # --- directly under the province ------------------------------------------------------

    def provincial(self) -> list[Node]:
        p = self.spec.name
        locale = Locale(self.spec.citizen_code, tuple(self.all_places), 0.2 if self.spec.peoples else 0, self.spec.peoples)

        def unit(name, profile, children=(), role="") -> Node:
            if not children:
                return branch(GB, name.format(p=p), profile, locale, role=role)
            return Node(GC, name.format(p=p), role=role).add(*(branch(BRANCH, c.format(p=p), profile, locale) for c in children))

        military = Node(OrgKind.PROVINCIAL_DIRECT, "Đảng bộ Quân sự tỉnh", role="military").add(
            *(unit(name, "armed", children) for name, children in places.MILITARY)
        )
        border = Node(OrgKind.PROVINCIAL_DIRECT, "Đảng bộ Bộ đội Biên phòng tỉnh", role="border").add(
            *(unit(name, "armed", children) for name, children in places.BORDER)
        )
        police = Node(OrgKind.PROVINCIAL_DIRECT, "Đảng bộ Công an tỉnh", role="police").add(
            *(unit(name, "armed", children) for name, children in places.POLICE)
        )
        agencies = Node(OrgKind.PROVINCIAL_DIRECT, "Đảng bộ Khối các cơ quan tỉnh", role="agencies")
        agencies.add(*(unit(name, "office", role="party") for name in places.PARTY_ORGANS))
        agencies.add(*(unit(name, "office", role=f"department:{key}") for key, name in places.DEPARTMENTS.items()))
        agencies.add(*(unit(name, profile, children) for name, profile, children in places.PROVINCIAL_COMMITTEES.values()))
        business = Node(OrgKind.PROVINCIAL_DIRECT, "Đảng bộ Khối Doanh nghiệp tỉnh", role="business")
        business.add(*(unit(name, "enterprise", children) for name, children in places.ENTERPRISE_COMMITTEES))
        business.add(*(unit(name, "enterprise") for name in places.ENTERPRISE_BRANCHES))
        return [military, border, police, agencies, business]


def allocate(root: Node, total: int, rng: random.Random) -> None:
    """Share ``total`` initial members among the branches by weight, at least three each
    (the least a branch may have)."""
    leaves = [n for n in root.walk() if n.weight]
    weights = [n.weight * rng.uniform(0.55, 1.6) for n in leaves]
    scale = total / sum(weights)
    for node, weight in zip(leaves, weights):
        node.count = max(3, round(weight * scale))


def found(root: Node, ledger: OrgLedger, codes: Codes, on: dt.date, rng: random.Random, decision) -> None:
    """Found every node, parents first, on the day the records begin."""

    def visit(node: Node, parent: Organization | None) -> None:
        has_committee = node.count * 0.95 >= COMMITTEE_MIN_FULL and rng.random() < 0.85
        spec = NewOrganization(codes.for_node(node, parent), node.name, node.kind, parent, has_committee)
        node.org = ledger.found(spec, on, decision=decision(parent))
        for child in node.children:
            visit(child, node.org)

    visit(root, None)
