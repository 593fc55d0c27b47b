"""The recruitment pipeline of the demo province, loaded after its members and the demo
accounts: candidates on the source lists of the branches of several communes (with their
mentors, moves between lists and the yearly reviews of 2024 and 2025), the communes'
Party awareness courses (some certificates old enough to have expired) and new-member
courses, and admission dossiers at every step of the procedure, some of them overdue.

Candidates, mentors, reviews, courses and enrollments are written in bulk with the audit
entries their services write. Dossiers go through the dossier services from application
to recognition, so every rule of the procedure holds: forms before the vote, sponsors who
are full members of the branch, a valid certificate, votes counted against the branch's
full members on the day, deadlines in working days, the rule set of the application date.
The demo branch holds a dossier at every step (``dossier_plans``); a few probationary
members of the demo commune registered without a dossier get their recognition procedure
opened.
"""

import datetime as dt
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from pdms.audit.services import audit_bulk, audit_entry, diff
from pdms.members.models import ACTIVE_STATUSES, Member, MemberPeriod, Person, Sex, Status
from pdms.members.services import person_build, validate_person
from pdms.organizations.models import BRANCH_KINDS, Organization, OrgKind, ReorgLink
from pdms.recruitment.eligibility import add_months, certificate_expiry
from pdms.recruitment.models import (
    Candidate,
    CandidateStatus,
    Course,
    CourseKind,
    Deadline,
    Dossier,
    EducationLevel,
    Enrollment,
    Mentorship,
    Origin,
    ReviewOutcome,
    SourceGroup,
    SourceReview,
    State,
)
from pdms.recruitment.rulesets import ruleset_for
from pdms.recruitment.services.dossiers import dossier_open_recognition, has_committee_step

from .dossier_plans import (
    COMMITTEE_PLANS,
    DEMO_BRANCH_PLANS,
    DEMO_COMMUNE_PLANS,
    PLAN_WEIGHTS,
    REFORM,
    WITHDRAWN,
    Authority,
    Dates,
    Driver,
    Planner,
    Timeline,
)
from .names import KINH, Locale, People, weighted
from .org_ledger import REASON

FIRST_ADDED = dt.date(2021, 1, 4)
FIRST_COURSE_YEAR = 2019
REVIEW_YEARS = (2024, 2025)
# Branches of the communes other than the demo one that keep a source list.
SAMPLED_BRANCHES = 200
# A dossier's sponsors have been full members of its branch since before this day, so
# they can sponsor any application the demo dates.
SETTLED = dt.date(2023, 1, 1)
DOSSIERS_ELSEWHERE = (30, 45)  # in the sampled branches outside the demo commune

# Source groups by the kind of branch (codes of migration 0002), with weights.
GROUPS = {
    "village": (
        ("doan-thanh-nien", 30), ("hoi-phu-nu", 14), ("hoi-nong-dan", 14), ("dan-quan-tu-ve", 10), ("bo-doi-xuat-ngu", 8),
        ("can-bo-thon", 7), ("truong-pho-thon", 5), ("du-bi-dong-vien", 4), ("doanh-nghiep-ngoai-nha-nuoc", 3),
        ("hoi-cuu-chien-binh", 2), ("khac", 3),
    ),
    "ward": (
        ("doan-thanh-nien", 30), ("hoi-phu-nu", 18), ("doanh-nghiep-ngoai-nha-nuoc", 15), ("bo-doi-xuat-ngu", 8),
        ("dan-quan-tu-ve", 8), ("can-bo-thon", 8), ("truong-pho-thon", 5), ("khac", 8),
    ),
    "school": (("giao-vien", 70), ("cong-doan", 20), ("doan-thanh-nien", 10)),
    "health": (("nhan-vien-y-te", 70), ("cong-doan", 20), ("doan-thanh-nien", 10)),
    "militia": (("dan-quan-tu-ve", 60), ("du-bi-dong-vien", 20), ("bo-doi-xuat-ngu", 20)),
    "police": (("cong-an-xa", 80), ("doan-thanh-nien", 20)),
    "office": (("cong-doan", 55), ("doan-thanh-nien", 40), ("khac", 5)),
    "enterprise": (("cong-doan", 55), ("doan-thanh-nien", 30), ("doanh-nghiep-ngoai-nha-nuoc", 15)),
}
OCCUPATIONS = {
    "doan-thanh-nien": ("Bí thư Chi đoàn", "Phó Bí thư Chi đoàn", "Đoàn viên thanh niên", "Làm nông", "Công nhân"),
    "cong-doan": ("Công chức", "Viên chức", "Chuyên viên", "Công nhân", "Kế toán"),
    "hoi-phu-nu": ("Chi hội trưởng Phụ nữ", "Làm nông", "Buôn bán nhỏ"),
    "hoi-nong-dan": ("Nông dân", "Trồng cà phê", "Chăn nuôi", "Trồng cao su"),
    "hoi-cuu-chien-binh": ("Hội viên Cựu chiến binh",),
    "dan-quan-tu-ve": ("Dân quân thường trực", "Tiểu đội trưởng dân quân", "Thôn đội trưởng"),
    "du-bi-dong-vien": ("Quân nhân dự bị",),
    "bo-doi-xuat-ngu": ("Quân nhân xuất ngũ", "Làm nông"),
    "cong-an-xa": ("Công an xã", "Cán bộ Công an"),
    "truong-pho-thon": ("Trưởng thôn", "Phó thôn", "Tổ trưởng tổ dân phố"),
    "can-bo-thon": ("Công an viên", "Nhân viên y tế thôn", "Chi hội trưởng Nông dân", "Bí thư Chi đoàn thôn"),
    "giao-vien": ("Giáo viên",),
    "nhan-vien-y-te": ("Y sĩ", "Điều dưỡng", "Nữ hộ sinh", "Dược sĩ", "Bác sĩ"),
    "doanh-nghiep-ngoai-nha-nuoc": ("Chủ hộ kinh doanh", "Nhân viên doanh nghiệp tư nhân", "Chủ trang trại"),
    "khac": ("Lao động tự do", "Buôn bán nhỏ"),
}
FEMALE_SHARE = {
    "hoi-phu-nu": 1.0, "giao-vien": 0.7, "nhan-vien-y-te": 0.62, "dan-quan-tu-ve": 0.1, "du-bi-dong-vien": 0.05,
    "bo-doi-xuat-ngu": 0.0, "cong-an-xa": 0.1, "hoi-cuu-chien-binh": 0.1,
}
# Age when put on the list: (low, high, most likely).
AGE_ADDED = {"doan-thanh-nien": (17, 29, 21), "bo-doi-xuat-ngu": (21, 28, 23), "hoi-cuu-chien-binh": (35, 52, 42)}
OTHER_AGE_ADDED = (20, 42, 27)
SCHOOLING = {"militia": "armed", "police": "armed"}
LEVELS = {
    "7/12": EducationLevel.PRIMARY,
    "9/12": EducationLevel.LOWER_SECONDARY,
    "12/12": EducationLevel.UPPER_SECONDARY,
    "Trung cấp": EducationLevel.UPPER_SECONDARY,
}
DROP_REASONS = (
    "Đi làm ăn xa, không còn thường xuyên ở địa phương",
    "Xin rút khỏi danh sách vì hoàn cảnh gia đình khó khăn",
    "Không còn phấn đấu, chưa tích cực tham gia phong trào",
    "Đi học tập trung dài hạn ngoài tỉnh",
    "Vi phạm chính sách dân số",
)
DROP_CHANCE = 0.07
TRANSFER_CHANCE = 0.04
CERTIFICATE_CHANCE = 0.55
EXPIRED_CHANCE = 0.08


@dataclass
class Summary:
    candidates: int  # on a source list today
    dossiers: int
    by_state: dict[str, int]
    overdue: int
    courses: int
    seconds: float


@dataclass
class Branch:
    org: Organization
    commune: Organization
    profile: str
    area: str
    locale: Locale
    # Its full members today, with the day from which they have been full members there.
    full: list[tuple[int, dt.date]]

    def settled(self, day: dt.date) -> list[int]:
        return [member_id for member_id, since in self.full if since <= day]


@dataclass
class Draft:
    branch: Branch
    candidate: Candidate
    mentors: list[int] = field(default_factory=list)
    timeline: Timeline | None = None
    sponsors: list[int] = field(default_factory=list)
    youth_union_sponsor: bool = False
    education_exception: bool = False


@dataclass
class CourseDraft:
    course: Course
    certificate_on: dt.date
    people: list[tuple[Person, Organization]] = field(default_factory=list)

    def enroll(self, person: Person, organization: Organization) -> None:
        if all(p is not person for p, _ in self.people):
            self.people.append((person, organization))


def _profile(name: str) -> str:
    lowered = name.lower()
    if lowered.startswith(("chi bộ thôn", "chi bộ làng")):
        return "village"
    checks = (
        ("tổ dân phố", "ward"), ("trường", "school"), ("y tế", "health"), ("bệnh viện", "health"), ("công an", "police"),
        ("cảnh sát", "police"), ("an ninh", "police"), ("quân sự", "militia"), ("biên phòng", "militia"),
        ("công ty", "enterprise"), ("nông trường", "enterprise"), ("điện lực", "enterprise"), ("bưu điện", "enterprise"),
    )
    return next((profile for word, profile in checks if word in lowered), "office")


class Loader:
    """Draws the pipeline in memory, writes its bulk part, then takes the dossiers through
    the services and records the yearly reviews their outcomes decide."""

    def __init__(
        self, *, rng: random.Random, today: dt.date, province: Organization, commune: Organization, branch: Organization,
        citizen_code: str, serials: dict[str, int],
    ):
        self.rng = rng
        self.today = today
        self.province = province
        self.commune = commune
        self.home = branch
        self.citizen_code = citizen_code
        self.people = People(rng, serials)
        self.dates = Dates(rng, today, FIRST_COURSE_YEAR)
        self.planner = Planner(self.dates)
        self.groups = {g.code: g for g in SourceGroup.objects.order_by("position", "pk")}
        self.title = province.name.removeprefix("Đảng bộ ")
        self.drafts: list[Draft] = []
        self.transfers: list[tuple[Candidate, Candidate]] = []  # (the candidacy that ended, the one it moved to)
        self.review_days: dict[tuple[int, int], dt.date] = {}
        self.courses: dict[tuple, CourseDraft] = {}
        self.authorities: dict[int, Authority] = {}

    def review_day(self, org: Organization, year: int) -> dt.date:
        key = (org.pk, year)
        if key not in self.review_days:
            self.review_days[key] = self.dates.workday(dt.date(year, 12, self.rng.randint(8, 26)))
        return self.review_days[key]

    # --- the branches that keep source lists -----------------------------------------------

    def branches(self) -> list[Branch]:
        """Every branch of the demo commune, then those of other communes drawn in turn
        until about SAMPLED_BRANCHES are taken."""
        communes = list(
            Organization.objects.filter(kind=self.commune.kind, ended_on__isnull=True, path__startswith=self.province.path)
            .exclude(pk=self.commune.pk)
            .order_by("code")
        )
        self.rng.shuffle(communes)
        live = list(
            Organization.objects.filter(path__startswith=self.province.path, kind__in=BRANCH_KINDS, ended_on__isnull=True)
            .order_by("path")
        )
        chosen, taken = [self.commune], 0
        for commune in communes:
            if taken >= SAMPLED_BRANCHES:
                break
            chosen.append(commune)
            taken += sum(1 for b in live if b.path.startswith(commune.path))
        pairs = [(b, c) for c in chosen for b in live if b.path.startswith(c.path)]
        return self._describe(pairs)

    def _describe(self, pairs: list[tuple[Organization, Organization]]) -> list[Branch]:
        ids = [b.pk for b, _ in pairs]
        full = defaultdict(list)
        for org_id, member_id, since in (
            MemberPeriod.objects.filter(organization_id__in=ids, status=Status.FULL, valid_to__isnull=True)
            .order_by("organization_id", "valid_from", "member_id")
            .values_list("organization_id", "member_id", "valid_from")
        ):
            full[org_id].append((member_id, since))
        people = defaultdict(list)
        for org_id, ethnicity, hometown in (
            Member.objects.filter(organization_id__in=ids, status__in=ACTIVE_STATUSES)
            .order_by("organization_id", "pk")
            .values_list("organization_id", "person__ethnicity", "person__hometown")
        ):
            people[org_id].append((ethnicity, hometown))
        minorities = Counter(e for rows in people.values() for e, _ in rows if e and e != KINH)
        province_peoples = tuple(sorted(minorities, key=lambda e: (-minorities[e], e)))
        villages = defaultdict(list)
        for org, commune in pairs:
            if _profile(org.name) in ("village", "ward"):
                villages[commune.pk].append(org.name.removeprefix("Chi bộ "))
        branches = []
        for org, commune in pairs:
            rows = people[org.pk]
            profile = _profile(org.name)
            local = sorted({h for _, h in rows if h.endswith(self.title)})
            share = sum(1 for e, _ in rows if e and e != KINH) / max(1, len(rows))
            peoples = tuple(sorted({e for e, _ in rows if e and e != KINH})) or province_peoples
            place = commune.name.removeprefix("Đảng bộ ")
            if profile in ("village", "ward"):
                area = org.name.removeprefix("Chi bộ ")
            else:
                area = self.rng.choice(villages[commune.pk]) if villages[commune.pk] else ""
            # The Party looks for candidates among the ethnic minorities on purpose.
            locale = Locale(self.citizen_code, tuple(local) or (f"{place}, {self.title}",), min(0.95, share * 1.3), peoples)
            branches.append(Branch(org, commune, profile, area, locale, full[org.pk]))
        return branches

    # --- candidates -------------------------------------------------------------------------

    def person(self, branch: Branch, group: str, added: dt.date, *, age: tuple | None = None, minority: bool = False) -> Person:
        rng = self.rng
        sex = Sex.FEMALE if rng.random() < FEMALE_SHARE.get(group, 0.42) else Sex.MALE
        low, high, mode = age or AGE_ADDED.get(group, OTHER_AGE_ADDED)
        birth = added - dt.timedelta(days=round(rng.triangular(low, high, mode) * 365.25) + rng.randrange(365))
        locale = branch.locale
        if minority:
            locale = Locale(locale.province_code, locale.places, 1.0, locale.peoples)
        data = self.people.person(locale, sex=sex, birth_date=birth, schooling=SCHOOLING.get(branch.profile, branch.profile))
        if group == "giao-vien" and data.education not in ("Cao đẳng", "Đại học", "Thạc sĩ"):
            data.education = "Đại học"
        if minority:
            data.education = "7/12"
        return person_build(data, validate_person(data))

    def candidate(self, branch: Branch, added: dt.date, *, age: tuple | None = None, minority: bool = False) -> Candidate:
        rng = self.rng
        group = weighted(rng, GROUPS[branch.profile])
        person = self.person(branch, group, added, age=age, minority=minority)
        years_old = (added - person.birth_date).days / 365.25
        occupations = OCCUPATIONS[group]
        if group == "truong-pho-thon":
            occupations = occupations[2:] if branch.profile == "ward" else occupations[:2]
        return Candidate(
            person=person,
            organization=branch.org,
            group=self.groups[group],
            education_level=LEVELS.get(person.education, EducationLevel.HIGHER),
            occupation=rng.choice(occupations),
            ethnic_minority=person.ethnicity not in ("", KINH),
            religious=person.religion not in ("", "Không"),
            youth_union_member=years_old < 30 and (group == "doan-thanh-nien" or rng.random() < 0.6),
            residential_area=branch.area,
            added_on=added,
        )

    def added_day(self, branch: Branch, last: dt.date) -> dt.date:
        return self.dates.between(max(FIRST_ADDED, branch.org.founded_on), last)

    def mentors(self, branch: Branch, added: dt.date) -> list[int]:
        pool = branch.settled(added)
        if not pool:
            return []
        return self.rng.sample(pool, 2 if len(pool) > 1 and self.rng.random() < 0.2 else 1)

    def source(self, branch: Branch, others: list[Branch]) -> None:
        """A candidate with no dossier: possibly moved from another list, possibly dropped
        at a yearly review, with or without an awareness certificate."""
        rng = self.rng
        added = self.added_day(branch, self.today - dt.timedelta(days=20))
        candidate = self.candidate(branch, added)
        draft = Draft(branch, candidate, self.mentors(branch, added))
        moved_from = [b for b in others if b.org.pk != branch.org.pk]
        if moved_from and rng.random() < TRANSFER_CHANCE:
            self.moved(draft, rng.choice(moved_from))
        for year in REVIEW_YEARS:
            reviewed = self.review_day(branch.org, year)
            if added <= reviewed <= self.today and rng.random() < DROP_CHANCE:
                candidate.status, candidate.ended_on = CandidateStatus.DROPPED, reviewed
                candidate.end_reason = rng.choice(DROP_REASONS)
                break
        self.drafts.append(draft)
        roll = rng.random()
        if roll < EXPIRED_CHANCE:
            self.expired_certificate(draft)
        elif roll < EXPIRED_CHANCE + CERTIFICATE_CHANCE:
            year = rng.randint(max(added.year - 1, FIRST_COURSE_YEAR + 1), self.today.year)
            self.awareness(branch.commune, year).enroll(candidate.person, branch.org)

    def earlier(self) -> list[Candidate]:
        return [earlier for earlier, _ in self.transfers]

    def moved(self, draft: Draft, source: Branch) -> None:
        """The candidate was first on the list of another branch of the commune, from
        when they were 16 at the earliest."""
        candidate = draft.candidate
        sixteen = add_months(candidate.person.birth_date, 16 * 12 + 1)
        first, last = max(FIRST_ADDED, source.org.founded_on, sixteen), candidate.added_on - dt.timedelta(days=150)
        if first > last:
            return
        earlier = Candidate(
            person=candidate.person,
            organization=source.org,
            group=candidate.group,
            education_level=candidate.education_level,
            occupation=candidate.occupation,
            ethnic_minority=candidate.ethnic_minority,
            religious=candidate.religious,
            youth_union_member=candidate.youth_union_member,
            residential_area=source.area,
            added_on=self.dates.between(first, last),
            status=CandidateStatus.TRANSFERRED_OUT,
            ended_on=candidate.added_on,
            end_reason=f"Chuyển nơi cư trú về {draft.branch.area or draft.branch.commune.name.removeprefix('Đảng bộ ')}",
        )
        candidate.origin = Origin.TRANSFERRED_IN
        candidate.origin_note = f"{source.org.name} ({source.org.code})"[:255]
        self.transfers.append((earlier, candidate))

    # --- dossiers -------------------------------------------------------------------------

    def dossier(self, branch: Branch, plan: str) -> None:
        """A candidate of ``branch`` whose dossier stops at ``plan``, with their mentors,
        sponsors and certificates."""
        rng = self.rng
        under_committee = has_committee_step(branch.org)
        t = self.planner.timeline(plan, under_committee)
        considered = t.considered
        exception = plan == "admitted_with_exception" and bool(branch.locale.peoples)
        added = self.added_day(branch, t.opened - self.dates.days(60, 700))
        # Old enough for the list when put on it, and 18 (in full months) by the vote.
        low = max(16.2, 18.2 - (considered - added).days / 365.25)
        age = (low, max(low + 4, 32), max(low + 1, 22))
        candidate = self.candidate(branch, added, age=age, minority=exception)
        draft = Draft(branch, candidate, self.mentors(branch, added), timeline=t, education_exception=exception)
        settled = [m for m in branch.settled(min(considered, SETTLED)) if m not in draft.mentors]
        sponsors = (draft.mentors[:1] + rng.sample(settled, min(len(settled), 2)))[: t.sponsors]
        if candidate.youth_union_member and len(sponsors) == 2 and rng.random() < 0.3:
            sponsors, draft.youth_union_sponsor = sponsors[:1], True
        draft.sponsors = sponsors
        self.drafts.append(draft)
        if plan == "preparing_incomplete" and branch.org.pk == self.home.pk:
            self.expired_certificate(draft)
        elif plan != "preparing_incomplete" or rng.random() < 0.5:
            course = self.awareness_before(branch.commune, considered)
            course.enroll(candidate.person, branch.org)
        if t.ceremony:
            self.new_member_course(branch, candidate.person, t.ceremony)

    def plans(self, branches: list[Branch]) -> None:
        home = next(b for b in branches if b.org.pk == self.home.pk)
        able = [
            b for b in branches
            if b.org.pk != home.org.pk and len(b.settled(SETTLED)) >= 4 and b.org.founded_on <= FIRST_ADDED
        ]
        neighbours = [b for b in able if b.commune.pk == self.commune.pk]
        # A village branch directly under the commune has no committee step; its committee
        # plans go to a branch of the commune that has one.
        home_plans = [p for p in DEMO_BRANCH_PLANS if p not in COMMITTEE_PLANS or has_committee_step(home.org)]
        for plan in home_plans:
            self.dossier(home, plan)
        for plan in [*DEMO_COMMUNE_PLANS, *(p for p in DEMO_BRANCH_PLANS if p not in home_plans)]:
            choices = [b for b in neighbours if plan not in COMMITTEE_PLANS or has_committee_step(b.org)]
            if not choices and plan in COMMITTEE_PLANS:
                choices = [b for b in able if has_committee_step(b.org)]
            self.dossier(self.rng.choice(choices) if choices else home, plan)
        elsewhere = [b for b in able if b.commune.pk != self.commune.pk]
        if not elsewhere:
            return
        plans, weights = list(PLAN_WEIGHTS), list(PLAN_WEIGHTS.values())
        for _ in range(self.rng.randint(*DOSSIERS_ELSEWHERE)):
            plan = self.rng.choices(plans, weights)[0]
            choices = [b for b in elsewhere if plan not in COMMITTEE_PLANS or has_committee_step(b.org)]
            self.dossier(self.rng.choice(choices), plan)

    # --- courses --------------------------------------------------------------------------

    def authority(self, commune: Organization) -> Authority:
        if commune.pk not in self.authorities:
            link = (
                ReorgLink.objects.filter(successor=commune, predecessor__parent__kind=OrgKind.DISTRICT)
                .select_related("predecessor__parent")
                .order_by("predecessor__code")
                .first()
            )
            self.authorities[commune.pk] = Authority.draw(
                self.rng, district_name=link.predecessor.parent.name if link else "", fallback_name=self.province.name,
                commune=commune,
            )
        return self.authorities[commune.pk]

    def organizer(self, commune: Organization, start: dt.date) -> str:
        authority = self.authority(commune)
        if start < REFORM and authority.district:
            return f"Trung tâm Bồi dưỡng chính trị {authority.district}"
        return authority.after

    def course(self, key: tuple, kind: str, commune: Organization, start: dt.date, title: str, target: str) -> CourseDraft:
        if key not in self.courses:
            start = start + dt.timedelta(days=(7 - start.weekday()) % 7)  # a Monday
            end = start + dt.timedelta(days=4)
            course = Course(
                kind=kind, title=title, organizer=self.organizer(commune, start), organization=commune, start_on=start,
                end_on=end, target_group=target,
            )
            self.courses[key] = CourseDraft(course, self.dates.ahead(end, self.rng.randint(1, 6)))
        return self.courses[key]

    def awareness(self, commune: Organization, year: int, extra: bool = False) -> CourseDraft:
        start = dt.date(year, 3, 1) + self.dates.days(0, 230)
        title = f"Lớp bồi dưỡng nhận thức về Đảng năm {year}"
        if extra:
            start = self.today + self.dates.days(7, 20)
            title += " (khóa 2)"
        return self.course(
            ("awareness", commune.pk, year, extra), CourseKind.AWARENESS, commune, start, title,
            "Quần chúng ưu tú trong nguồn phát triển đảng",
        )

    def awareness_before(self, commune: Organization, day: dt.date) -> CourseDraft:
        """The commune's latest course whose certificate is valid on ``day``."""
        ruleset = ruleset_for(day)
        for year in range(day.year, FIRST_COURSE_YEAR - 1, -1):
            course = self.awareness(commune, year)
            if course.certificate_on <= day - dt.timedelta(days=3) and day < certificate_expiry(course.certificate_on, ruleset):
                return course
        raise AssertionError(f"no awareness course of {commune.code} before {day}")

    def expired_certificate(self, draft: Draft) -> None:
        """A certificate of 2020 or 2021 that expired before today: the candidate must take
        the course again, and in the demo commune is enrolled in the next one."""
        ruleset = ruleset_for(self.today)
        for year in range(self.today.year - 5, FIRST_COURSE_YEAR - 1, -1):
            course = self.awareness(draft.branch.commune, year)
            if certificate_expiry(course.certificate_on, ruleset) < self.today:
                course.enroll(draft.candidate.person, draft.branch.org)
                break
        if draft.branch.commune.pk == self.commune.pk:
            self.awareness(draft.branch.commune, self.today.year, extra=True).enroll(draft.candidate.person, draft.branch.org)

    def new_member_course(self, branch: Branch, person: Person, ceremony: dt.date) -> None:
        """The commune's first new-member course (held in spring and autumn) after the
        ceremony, if it is held by two months from today."""
        year, spring = ceremony.year, ceremony < dt.date(ceremony.year, 3, 20)
        if not spring and ceremony >= dt.date(year, 9, 10):
            year, spring = year + 1, True
        start = dt.date(year, 4, 1) if spring else dt.date(year, 9, 20)
        if start > self.today + dt.timedelta(days=60):
            return
        title = f"Lớp bồi dưỡng đảng viên mới năm {year}, đợt {1 if spring else 2}"
        key = ("new_member", branch.commune.pk, year, spring)
        start += self.dates.days(0, 20)
        course = self.course(key, CourseKind.NEW_MEMBER, branch.commune, start, title, "Đảng viên dự bị")
        course.enroll(person, branch.org)

    # --- writing ----------------------------------------------------------------------------

    def write(self) -> None:
        candidates = [d.candidate for d in self.drafts]
        persons = [c.person for c in candidates]
        Person.objects.bulk_create(persons, batch_size=1000)
        Candidate.objects.bulk_create([*self.earlier(), *candidates], batch_size=1000)
        mentorships = [
            Mentorship(
                candidate=d.candidate, member_id=m, assigned_on=d.candidate.added_on, ended_on=d.candidate.ended_on
            )
            for d in self.drafts
            for m in d.mentors
        ]
        Mentorship.objects.bulk_create(mentorships, batch_size=1000)
        courses = list(self.courses.values())
        Course.objects.bulk_create([c.course for c in courses])
        enrollments = []
        for draft in courses:
            course = draft.course
            done = draft.certificate_on <= self.today
            for n, (person, organization) in enumerate(draft.people, start=1):
                enrollments.append(
                    Enrollment(
                        course=course, person=person, organization=organization,
                        completed_on=course.end_on if done else None,
                        certificate_number=f"{n:03d}-{course.start_on.year}/GCN" if done else "",
                        certificate_on=draft.certificate_on if done else None,
                    )
                )
        Enrollment.objects.bulk_create(enrollments, batch_size=1000)
        audit_bulk(self.audit_candidates(mentorships) + self.audit_courses(courses, enrollments))

    def audit_candidates(self, mentorships: list[Mentorship]) -> list:
        names = defaultdict(list)
        for m in mentorships:
            names[m.candidate_id].append(m.member_id)
        mentors = Member.objects.select_related("person").in_bulk(sorted({m.member_id for m in mentorships}))
        mentor_names = {pk: m.person.full_name for pk, m in mentors.items()}
        entries = []
        for earlier, later in self.transfers:
            moved = {"organization": [earlier.organization.code, later.organization.code]}
            status = {"status": [CandidateStatus.SOURCE, CandidateStatus.TRANSFERRED_OUT]}
            entries.append(self.entry(earlier, "candidate.transfer_out", status | moved, f"{REASON}: {earlier.end_reason}"))
            added = {"added_on": [None, later.added_on.isoformat()]}
            entries.append(self.entry(later, "candidate.transfer_in", moved | added, f"{REASON}: {earlier.end_reason}"))
        for candidate in [*self.earlier(), *(d.candidate for d in self.drafts)]:
            if candidate.origin == Origin.TRANSFERRED_IN:
                continue
            changes = diff({}, {
                "organization": candidate.organization.code, "group": candidate.group.name,
                "education_level": candidate.education_level, "occupation": candidate.occupation,
                "ethnic_minority": candidate.ethnic_minority, "religious": candidate.religious,
                "youth_union_member": candidate.youth_union_member, "residential_area": candidate.residential_area,
                "added_on": candidate.added_on, "origin": candidate.origin, "origin_note": candidate.origin_note,
                "mentors": [mentor_names[m] for m in names[candidate.pk]] or None,
            })
            entries.append(self.entry(candidate, "candidate.add", changes))
        return entries

    def entry(self, candidate: Candidate, action: str, changes: dict, reason: str = REASON):
        return audit_entry(
            actor=None, action=action, obj=candidate, object_type="candidate", organization=candidate.organization,
            changes=changes, reason=reason,
        )

    def audit_courses(self, courses: list[CourseDraft], enrollments: list[Enrollment]) -> list:
        entries = []
        for draft in courses:
            course = draft.course
            values = {f: getattr(course, f) for f in ("kind", "title", "organizer", "start_on", "end_on", "target_group")}
            values = diff({}, {"organization": course.organization.code, **values})
            entries.append(self._course_entry(course, "course.create", values))
            for person, organization in draft.people:
                enrolled = {"enrolled": [None, person.full_name], "sent_by": [None, organization.code]}
                entries.append(self._course_entry(course, "course.enroll", enrolled))
        fields = ("completed_on", "certificate_number", "certificate_on")
        for e in enrollments:
            if e.completed_on:
                completed = {"enrollee": [None, e.person.full_name], **diff({}, {f: getattr(e, f) for f in fields})}
                entries.append(self._course_entry(e.course, "course.complete", completed))
        return entries

    def _course_entry(self, course: Course, action: str, changes: dict):
        return audit_entry(
            actor=None, action=action, obj=course, object_type="course", organization=course.organization, changes=changes,
            reason=REASON,
        )

    # --- the dossiers, through the services -------------------------------------------------

    def drive(self) -> None:
        drafts = [d for d in self.drafts if d.timeline]
        members = Member.objects.select_related("person").in_bulk(sorted({m for d in drafts for m in d.sponsors}))
        driver = Driver(self.rng)
        for draft in drafts:
            commune = draft.branch.commune
            driver.drive(
                candidate=draft.candidate, t=draft.timeline, authority=self.authority(commune),
                sponsors=[members[m] for m in draft.sponsors], education_exception=draft.education_exception,
                youth_union=f"Ban Chấp hành Đoàn {commune.name.removeprefix('Đảng bộ ')}" if draft.youth_union_sponsor else "",
            )

    # --- after the dossiers ---------------------------------------------------------------

    def reviews(self) -> None:
        """The reviews of 2024 and 2025. A candidate whose dossier was closed after they
        withdrew is dropped at the next review."""
        driven = {d.candidate.pk: d.candidate for d in self.drafts if d.timeline}
        for pk, status, ended_on, end_reason in Candidate.objects.filter(pk__in=list(driven)).order_by("pk").values_list(
            "pk", "status", "ended_on", "end_reason"
        ):
            driven[pk].status, driven[pk].ended_on, driven[pk].end_reason = status, ended_on, end_reason
        entries, reviews, dropped = [], [], []
        for draft in self.drafts:
            t, candidate = draft.timeline, draft.candidate
            if t and t.closed and t.close_reason == WITHDRAWN and candidate.ended_on is None:
                later = [self.review_day(draft.branch.org, y) for y in REVIEW_YEARS]
                day = next((d for d in later if t.closed <= d <= self.today), None)
                if day:
                    candidate.status, candidate.ended_on, candidate.end_reason = CandidateStatus.DROPPED, day, t.close_reason
                    dropped.append(candidate)
        for candidate in [*self.earlier(), *(d.candidate for d in self.drafts)]:
            for year in REVIEW_YEARS:
                day = self.review_day(candidate.organization, year)
                outcome = self.outcome(candidate, year, day)
                if outcome is None:
                    continue
                reason = candidate.end_reason if outcome == ReviewOutcome.DROPPED else ""
                reviews.append(SourceReview(candidate=candidate, year=year, outcome=outcome, reason=reason, reviewed_on=day))
                changes = {f"review_{year}": [None, outcome]}
                if outcome == ReviewOutcome.DROPPED:
                    changes["status"] = [CandidateStatus.SOURCE, CandidateStatus.DROPPED]
                entries.append(self.entry(candidate, "candidate.review", changes, f"{REASON}: {reason}" if reason else REASON))
        for candidate in dropped:
            Candidate.objects.filter(pk=candidate.pk).update(
                status=candidate.status, ended_on=candidate.ended_on, end_reason=candidate.end_reason
            )
            Mentorship.objects.filter(candidate=candidate, ended_on__isnull=True).update(ended_on=candidate.ended_on)
        SourceReview.objects.bulk_create(reviews, batch_size=1000)
        audit_bulk(entries)

    def outcome(self, candidate: Candidate, year: int, day: dt.date) -> str | None:
        if day > self.today or candidate.added_on > day:
            return None
        if candidate.status == CandidateStatus.ADMITTED and candidate.ended_on.year == year:
            return ReviewOutcome.ADMITTED
        if candidate.status == CandidateStatus.DROPPED and candidate.ended_on == day:
            return ReviewOutcome.DROPPED
        if candidate.ended_on is None or candidate.ended_on > day:
            return ReviewOutcome.KEPT
        return None

    def probationers(self) -> list[tuple[Member, dt.date]]:
        """A few probationary members of the demo branch (then of its commune) registered
        without a dossier, those whose ceremony is not recorded first, with the ceremony
        day their recognition procedure starts from."""
        members = list(
            Member.objects.filter(
                status=Status.PROBATIONARY, organization__path__startswith=self.commune.path, dossier__isnull=True,
                admitted_on__lte=self.today - dt.timedelta(days=5),
            )
            .select_related("person", "organization")
            .order_by("admitted_on", "pk")
        )
        members.sort(key=lambda m: (m.ceremony_on is not None, m.organization_id != self.home.pk))
        chosen = []
        for member in members[:3]:
            ceremony = member.ceremony_on or min(self.today, member.admitted_on + self.dates.days(3, 10))
            chosen.append((member, ceremony))
        return chosen

    def summary(self, seconds: float) -> Summary:
        dossiers = Dossier.objects.filter(organization__path__startswith=self.province.path)
        by_state = dict(dossiers.order_by("state").values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
        overdue = Deadline.objects.filter(
            dossier__organization__path__startswith=self.province.path, done_on__isnull=True, due_on__lt=self.today
        ).count()
        return Summary(
            candidates=Candidate.objects.filter(organization__path__startswith=self.province.path, ended_on__isnull=True).count(),
            dossiers=sum(by_state.values()),
            by_state={s: by_state.get(s, 0) for s in State.values},
            overdue=overdue,
            courses=len(self.courses),
            seconds=seconds,
        )

    def run(self) -> None:
        branches = self.branches()
        self.plans(branches)
        by_commune = defaultdict(list)
        for branch in branches:
            by_commune[branch.commune.pk].append(branch)
        for branch in branches:
            if branch.org.pk == self.home.pk:
                count = 9
            else:
                count = self.rng.randint(3, 5) if branch.commune.pk == self.commune.pk else self.rng.randint(2, 4)
            for _ in range(count):
                self.source(branch, by_commune[branch.commune.pk])
        home = {b.org.pk: b for b in branches}
        probationers = self.probationers()
        for member, ceremony in probationers:
            branch = home.get(member.organization_id)
            if branch:
                self.new_member_course(branch, member.person, ceremony)
        self.write()
        self.drive()
        self.reviews()
        for member, ceremony in probationers:
            dossier_open_recognition(member=member, ceremony_on=ceremony, actor=None, reason=REASON)


def recruitment_demo_load(
    *, rng: random.Random, today: dt.date, province: Organization, commune: Organization, branch: Organization,
    citizen_code: str, serials: dict[str, int],
) -> Summary:
    """Load the recruitment pipeline of ``province``, richest in ``commune`` and ``branch``
    (where the demo accounts work). ``serials`` are the citizen ID serials already given,
    so that candidates' numbers do not repeat members'."""
    started = time.perf_counter()
    loader = Loader(
        rng=rng, today=today, province=province, commune=commune, branch=branch, citizen_code=citizen_code, serials=serials
    )
    loader.run()
    return loader.summary(time.perf_counter() - started)
