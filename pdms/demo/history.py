"""A province's members from 01/01/2015 to today, as dated events taken in
order from one queue: the members present when the records begin, admissions at 3–4% of
membership a year with recognition a year after the ceremony, arrivals from other
provinces, transfers between branches (some still in transit today), transfers out,
retirements to the residential branch, temporary transfers, deaths, removals, expulsions,
and the reorganizations planned in ``changes``. Every event goes through the ledgers.
"""

import datetime as dt
import heapq
import itertools
import math
import random
from dataclasses import dataclass

from pdms.members.models import ACTIVE_STATUSES, Sex, Status
from pdms.organizations.models import Organization

from .member_ledger import MemberLedger
from .names import Locale, People
from .org_ledger import REASON, OrgLedger
from .places import ELSEWHERE, STUDY_HOSTS
from .structure import Node

START = dt.date(2015, 1, 1)
DAY = dt.timedelta(days=1)
ORG_EVENT, YEAR_EVENT, MEMBER_EVENT = 0, 1, 2

ADMISSION_RATE = (0.032, 0.039)  # of membership, a year
ARRIVAL_RATE = 0.008
NOT_RECOGNIZED = 0.02
# Members' own events, a year: transfer to another branch, out of the province, temporary
# transfer, removal from the rolls, expulsion.
MOBILITY = (("transfer", 0.03), ("out", 0.009), ("temporary", 0.012), ("removal", 0.0012), ("expulsion", 0.0002))
MOBILITY_RATE = sum(rate for _, rate in MOBILITY)
WORKPLACES = ("office", "school", "health", "armed", "enterprise")
FEMALE_SHARE = {"village": 0.3, "ward": 0.38, "school": 0.7, "health": 0.62, "office": 0.45, "armed": 0.1, "enterprise": 0.35}
ADMISSION_FACTOR = {"village": 1.2, "ward": 0.45, "school": 1.0, "health": 1.0, "office": 0.8, "armed": 1.4, "enterprise": 0.8}
# Age when the records begin (low, high, most likely), by the kind of branch.
AGE_IN_2015 = {"village": (21, 88, 44), "ward": (25, 92, 64), "armed": (21, 52, 32)}
WORKING_AGE = (23, 59, 41)
# Age at admission (low, high, most likely).
AGE_AT_ADMISSION = {"armed": (19, 32, 23), "village": (18, 50, 27), "ward": (18, 55, 32)}
WORKING_ADMISSION = (22, 45, 29)


def years(n: float) -> dt.timedelta:
    return dt.timedelta(days=round(n * 365.25))


def anniversary(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def working_day(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


# Yearly chance of death by age (Gompertz): 0.05% at 30, about 1.5% at 70, 8% at 90.
DEATH_CHANCE = [min(0.5, 0.0005 * math.exp(0.085 * (age - 30))) for age in range(130)]


def retirement_day(birth: dt.date, sex: str) -> dt.date:
    """60 for men and 55 for women, raised by 3 (men) or 4 (women) months a year from 2021."""
    base = birth.replace(year=birth.year + (60 if sex == Sex.MALE else 55), day=min(birth.day, 28))
    if base.year > 2020:
        base += dt.timedelta(days=(base.year - 2020) * (91 if sex == Sex.MALE else 122))
    return base


@dataclass
class BranchInfo:
    profile: str
    locale: Locale
    area: int  # the district or provincial committee the branch was founded under
    open_to_transfers: bool


class Cards:
    """Party card numbers: the province's two digits and a serial."""

    def __init__(self, prefix: str, rng: random.Random):
        self.prefix = prefix
        self.serial = rng.randrange(10_000, 60_000)

    def next(self) -> str:
        self.serial += 1
        return f"{self.prefix}{self.serial:06d}"


class History:
    def __init__(
        self, *, orgs: OrgLedger, members: MemberLedger, people: People, cards: Cards, rng: random.Random, today: dt.date
    ):
        self.orgs = orgs
        self.members = members
        self.people = people
        self.cards = cards
        self.rng = rng
        self.today = today
        self.queue: list = []
        self._seq = itertools.count()
        self.branches: dict[int, BranchInfo] = {}
        self.planned_end: dict[int, dt.date] = {}
        self.successor: dict[int, int] = {}
        self.recognition_due: dict[int, dt.date] = {}
        self.not_recognized: set[int] = set()
        self.in_transit_until: dict[int, dt.date] = {}
        self.temporary_until: dict[int, dt.date] = {}

    # --- the queue ------------------------------------------------------------------------

    def at(self, on: dt.date, kind: int, action, *args) -> None:
        if on <= self.today:
            heapq.heappush(self.queue, (on, kind, next(self._seq), action, args))

    def run(self, root: Node) -> None:
        self._register_initial(root)
        for year in range(START.year, self.today.year + 1):
            self.at(dt.date(year, 1, 1), YEAR_EVENT, self._plan_year)
        while self.queue:
            on, _, _, action, args = heapq.heappop(self.queue)
            action(on, *args)

    # --- branches -------------------------------------------------------------------------

    def branch_opened(self, org: Organization, profile: str, locale: Locale, area: int, open_to_transfers: bool = True) -> None:
        self.branches[org.id] = BranchInfo(profile, locale, area, open_to_transfers)

    def branch_closed(self, org: Organization, successor: Organization | None = None) -> None:
        self.branches.pop(org.id, None)
        if successor is not None:
            self.successor[org.id] = successor.id

    def _alive(self, branch_id: int) -> int | None:
        while branch_id not in self.branches and branch_id in self.successor:
            branch_id = self.successor[branch_id]
        return branch_id if branch_id in self.branches else None

    def destination(self, member, on: dt.date, *, residential: bool = False) -> Organization | None:
        """Another branch, open and not about to close, most often near the member's own."""
        here = self.branches.get(member.organization_id)
        ids = list(self.branches)
        for _ in range(30):
            candidate = self.rng.choice(ids)
            info = self.branches[candidate]
            if candidate == member.organization_id or not info.open_to_transfers:
                continue
            if residential and info.profile not in ("village", "ward"):
                continue
            if here and info.area != here.area and self.rng.random() < 0.6:
                continue
            end = self.planned_end.get(candidate)
            if end and end <= on + dt.timedelta(days=150):
                continue
            return self.orgs.orgs[candidate]
        return None

    # --- people ---------------------------------------------------------------------------

    def _sex(self, profile: str) -> str:
        return Sex.FEMALE if self.rng.random() < FEMALE_SHARE[profile] else Sex.MALE

    def _birth(self, on: dt.date, age: tuple) -> dt.date:
        return on - years(self.rng.triangular(*age)) - dt.timedelta(days=self.rng.randrange(365))

    def _person(self, info: BranchInfo, sex: str, birth: dt.date):
        return self.people.person(info.locale, sex=sex, birth_date=birth, schooling=info.profile)

    def when(self, member, on: dt.date) -> dt.date | None:
        """The day an event of the member can be recorded: after their last change."""
        last = self.members.open[member.id].valid_from
        on = max(on, last + DAY)
        return on if on <= self.today else None

    # --- members present when the records begin ---------------------------------------------

    def _register_initial(self, root: Node) -> None:
        founded = root.org.founded_on
        for node in root.walk():
            info = self.branches.get(node.org.id) if node.org else None
            if info is None:
                continue
            for _ in range(node.count):
                self._register_existing(node.org, info, founded)

    def _register_existing(self, org: Organization, info: BranchInfo, founded: dt.date) -> None:
        rng = self.rng
        sex = self._sex(info.profile)
        while True:
            birth = self._birth(START, AGE_IN_2015.get(info.profile, WORKING_AGE))
            if info.profile not in WORKPLACES or retirement_day(birth, sex) > START + dt.timedelta(days=60):
                break
        oldest = min(50, (START - birth).days / 365.25 - 0.2)
        _low, high, mode = AGE_AT_ADMISSION.get(info.profile, WORKING_ADMISSION)
        high = max(18.1, min(high, oldest))
        admitted = working_day(birth + years(rng.triangular(18, high, min(max(mode, 18), high))))
        if admitted >= START or rng.random() < ADMISSION_RATE[0]:  # last year's admissions, still on probation
            admitted = working_day(START - dt.timedelta(days=rng.randint(20, 380)))
        ceremony = admitted + dt.timedelta(days=rng.randint(14, 45)) if admitted.year >= 1995 else None
        due = anniversary(ceremony or admitted + dt.timedelta(days=30))
        recognized = due if due < START else None
        member = self.members.register(
            self._person(info, sex, birth),
            organization=org,
            admitted_on=admitted,
            ceremony_on=ceremony,
            recognized_on=recognized,
            card_number=self.cards.next() if recognized else "",
            arrived_on=founded if admitted < founded else None,
        )
        if recognized is None:
            self._expect_recognition(member, due)
        self._lifecycle(member, START)

    # --- a member's future ------------------------------------------------------------------

    def _expect_recognition(self, member, due: dt.date) -> None:
        self.recognition_due[member.id] = due
        if self.rng.random() < NOT_RECOGNIZED:
            self.not_recognized.add(member.id)
        self.at(due, MEMBER_EVENT, self._recognize, member.id)

    def _lifecycle(self, member, since: dt.date) -> None:
        rng = self.rng
        birth = member.person.birth_date
        chance = rng.random()  # one draw, compared with each year's chance in turn
        for year in range(since.year, self.today.year + 1):
            first = max(since, dt.date(year, 1, 1))
            span = (min(self.today, dt.date(year, 12, 31)) - first).days + 1
            q = DEATH_CHANCE[year - birth.year] * span / 365
            if chance < q:
                self.at(first + dt.timedelta(days=int(span * chance / q)), MEMBER_EVENT, self._death, member.id)
                break
            chance = (chance - q) / (1 - q)
        info = self.branches[member.organization_id]
        retire = retirement_day(birth, member.person.sex)
        if info.profile in WORKPLACES and retire > since:
            self.at(retire + dt.timedelta(days=rng.randint(0, 60)), MEMBER_EVENT, self._retire, member.id)
        self.at(since + years(rng.expovariate(MOBILITY_RATE)), MEMBER_EVENT, self._mobility, member.id)

    def _deferred(self, member, on: dt.date, action) -> bool:
        """Put off an event that would fall while the member is in transit or just before
        their recognition, which must come first."""
        if member.status == Status.IN_TRANSIT:
            arrival = max(on, self.in_transit_until.get(member.id, on))  # always later than now
            self.at(arrival + dt.timedelta(days=self.rng.randint(2, 30)), MEMBER_EVENT, action, member.id)
            return True
        due = self.recognition_due.get(member.id)
        if member.status == Status.PROBATIONARY and due and on <= due + dt.timedelta(days=60):
            self.at(due + dt.timedelta(days=self.rng.randint(61, 120)), MEMBER_EVENT, action, member.id)
            return True
        return False

    def _recognize(self, on: dt.date, member_id: int) -> None:
        member = self.members.by_id[member_id]
        self.recognition_due.pop(member_id, None)
        if member.status != Status.PROBATIONARY:
            return
        if member_id in self.not_recognized:
            when = self.when(member, on + dt.timedelta(days=self.rng.randint(15, 50)))
            if when:
                self.members.end(
                    member, Status.REMOVED, when, reason=f"{REASON}: không đủ điều kiện công nhận đảng viên chính thức"
                )
            return
        when = self.when(member, on)
        if when:
            self.members.recognize(member, when)
            member.card_number = self.cards.next()

    def transfer(self, member, on: dt.date, destination: Organization, reason: str) -> None:
        self.members.transfer_start(member, on, destination=destination, reason=reason)
        arrival = on + dt.timedelta(days=self.rng.randint(5, 45))
        self.in_transit_until[member.id] = arrival
        self.at(arrival, MEMBER_EVENT, self._receive, member.id)

    def _receive(self, on: dt.date, member_id: int) -> None:
        member = self.members.by_id[member_id]
        when = self.when(member, on)
        if member.status == Status.IN_TRANSIT and when:
            self.members.transfer_receive(member, when)

    def _death(self, on: dt.date, member_id: int) -> None:
        member = self.members.by_id[member_id]
        if member.status == Status.IN_TRANSIT:
            self._deferred(member, on, self._death)
            return
        when = self.when(member, on)
        if member.status in ACTIVE_STATUSES and when:
            self.members.end(member, Status.DECEASED, when, reason=f"{REASON}: từ trần")

    def _retire(self, on: dt.date, member_id: int) -> None:
        member = self.members.by_id[member_id]
        if member.status not in ACTIVE_STATUSES or self._deferred(member, on, self._retire):
            return
        info = self.branches.get(member.organization_id)
        when = self.when(member, on)
        if info is None or info.profile not in WORKPLACES or when is None:
            return
        destination = self.destination(member, when, residential=True)
        if destination is not None:
            self.transfer(member, when, destination, f"{REASON}: nghỉ hưu, chuyển về sinh hoạt nơi cư trú")

    def _mobility(self, on: dt.date, member_id: int) -> None:
        rng = self.rng
        member = self.members.by_id[member_id]
        if member.status not in ACTIVE_STATUSES and member.status != Status.IN_TRANSIT:
            return
        if self._deferred(member, on, self._mobility):
            return
        self.at(on + years(rng.expovariate(MOBILITY_RATE)), MEMBER_EVENT, self._mobility, member_id)
        when = self.when(member, on)
        if when is None:
            return
        kind = rng.choices([k for k, _ in MOBILITY], [r for _, r in MOBILITY])[0]
        if kind == "transfer":
            destination = self.destination(member, when)
            if destination is not None:
                self.transfer(member, when, destination, f"{REASON}: chuyển công tác")
        elif kind == "out":
            self.members.transfer_start(
                member, when, destination_name=rng.choice(ELSEWHERE), reason=f"{REASON}: chuyển sinh hoạt đảng ra ngoài tỉnh"
            )
        elif kind == "temporary":
            self._temporary(member, when)
        elif kind == "removal":
            self.members.end(
                member, Status.REMOVED, when, reason=f"{REASON}: bỏ sinh hoạt đảng ba tháng trong năm không có lý do chính đáng"
            )
        else:
            self.members.end(member, Status.EXPELLED, when, reason=f"{REASON}: vi phạm kỷ luật đảng, bị khai trừ")

    def _temporary(self, member, on: dt.date) -> None:
        rng = self.rng
        if self.temporary_until.get(member.id, on) > on:
            return
        if rng.random() < 0.45:
            host, host_name, reason = None, rng.choice(STUDY_HOSTS), f"{REASON}: đi học tập trung"
            end = on + dt.timedelta(days=rng.randint(180, 600))
        else:
            host, host_name, reason = self.destination(member, on), "", f"{REASON}: công tác có thời hạn"
            host_name = "" if host else rng.choice(ELSEWHERE)
            end = on + dt.timedelta(days=rng.randint(90, 330))
        self.members.transfer_temporary(member, on, end, host=host, host_name=host_name, reason=reason)
        self.temporary_until[member.id] = end

    # --- admissions and arrivals --------------------------------------------------------------

    def _plan_year(self, on: dt.date) -> None:
        rng = self.rng
        year_end = dt.date(on.year, 12, 31)
        span = (min(year_end, self.today) - on).days + 1
        share = span / ((year_end - on).days + 1)
        membership = sum(len(m) for m in self.members.members_in.values())
        candidates = [b for b in self.branches if self.planned_end.get(b, dt.date.max) > year_end]
        weights = list(
            itertools.accumulate((self.members.count_in(b) + 4) * ADMISSION_FACTOR[self.branches[b].profile] for b in candidates)
        )
        admissions = round(membership * rng.uniform(*ADMISSION_RATE) * share)
        arrivals = round(membership * ARRIVAL_RATE * share)
        for action, count in ((self._admit, admissions), (self.arrive, arrivals)):
            for branch_id in rng.choices(candidates, cum_weights=weights, k=count):
                day = working_day(on + dt.timedelta(days=rng.randrange(span)))
                self.at(day, MEMBER_EVENT, action, branch_id)

    def _admit(self, on: dt.date, branch_id: int) -> None:
        rng = self.rng
        branch_id = self._alive(branch_id)
        if branch_id is None:
            return
        info = self.branches[branch_id]
        sex = self._sex(info.profile)
        birth = self._birth(on, AGE_AT_ADMISSION.get(info.profile, WORKING_ADMISSION))
        ceremony = on + dt.timedelta(days=rng.randint(14, 45))
        member = self.members.register(
            self._person(info, sex, birth),
            organization=self.orgs.orgs[branch_id],
            admitted_on=on,
            ceremony_on=ceremony if ceremony <= self.today else None,
        )
        self._expect_recognition(member, anniversary(ceremony))
        self._lifecycle(member, on)

    def arrive(self, on: dt.date, branch_id: int) -> None:
        rng = self.rng
        branch_id = self._alive(branch_id)
        if branch_id is None:
            return
        info = self.branches[branch_id]
        sex = self._sex(info.profile)
        birth = self._birth(on, (24, 58, 34))
        if info.profile in WORKPLACES and retirement_day(birth, sex) <= on + dt.timedelta(days=365):
            birth = self._birth(on, (24, 45, 30))
        age = (on - birth).days / 365.25
        admitted = working_day(on - years(rng.uniform(0.2, max(0.3, min(age - 18.2, 30)))))
        ceremony = admitted + dt.timedelta(days=rng.randint(14, 45))
        due = anniversary(ceremony)
        recognized = due if due < on else None
        member = self.members.register(
            self._person(info, sex, birth),
            organization=self.orgs.orgs[branch_id],
            admitted_on=admitted,
            ceremony_on=ceremony,
            recognized_on=recognized,
            card_number=self.cards.next() if recognized else "",
            arrived_on=on,
            reason=f"{REASON}: chuyển đến từ {rng.choice(ELSEWHERE)}",
        )
        if recognized is None:
            self._expect_recognition(member, due)
        self._lifecycle(member, on)
