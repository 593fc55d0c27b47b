"""Admission dossiers of the demo: which step each one has reached today (some of them
overdue), the dates of its steps counted back from today in working days, and the calls
to the dossier services that take it there, so that every rule of the procedure holds:
forms before the vote, sponsors, a verification, votes counted against the branch's full
members on the day, the deadlines, the rule set of the application date."""

import datetime as dt
import random
from dataclasses import dataclass, field

from pdms.members.models import Member, MemberPeriod, Status
from pdms.organizations.models import Organization, valid_on
from pdms.recruitment.eligibility import add_months
from pdms.recruitment.models import Candidate, SponsorKind, VerificationResult
from pdms.recruitment.rulesets import ADMISSION_DOCUMENTS, RECOGNITION_DOCUMENTS, ruleset_for
from pdms.recruitment.selectors.dossiers import committee_of_name
from pdms.recruitment.services.dossiers import (
    DecisionData,
    VoteData,
    dossier_advance,
    dossier_document_receive,
    dossier_exceptions_set,
    dossier_open,
    sponsor_add,
    verification_record,
)
from pdms.workdays.calendar import WorkCalendar

from .names import FAMILY_NAMES, GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE, weighted
from .org_ledger import REASON

DAY = dt.timedelta(days=1)
REFORM = dt.date(2025, 7, 1)  # the district level ends: the communes take over its decisions
FIRST_RECOGNITION = dt.date(2025, 2, 1)  # of the dossiers the demo completes

# Where a dossier stops today. The demo branch has one at every step; the rest of its
# commune and the sampled branches of the province have more.
DEMO_BRANCH_PLANS = (
    "preparing_incomplete",
    "preparing_ready",
    "branch_resolved_overdue",
    "committee_resolved",
    "admitted_overdue",
    "probation_overdue",
    "recognition_branch",
    "recognition_committee",
    "removal_proposed",
    "recognized",
    "not_recognized",
    "closed_withdrawn",
)
DEMO_COMMUNE_PLANS = (
    "preparing_incomplete",
    "preparing_vote_failed",
    "branch_resolved",
    "committee_resolved_overdue",
    "admitted_with_exception",
    "probation",
    "probation",
    "recognized",
    "closed_verification",
)
PLAN_WEIGHTS = {
    "preparing_incomplete": 5,
    "preparing_ready": 4,
    "preparing_vote_failed": 1,
    "branch_resolved": 3,
    "branch_resolved_overdue": 2,
    "committee_resolved": 2,
    "committee_resolved_overdue": 1,
    "admitted": 3,
    "admitted_overdue": 2,
    "probation": 9,
    "probation_overdue": 2,
    "recognition_branch": 2,
    "recognition_committee": 2,
    "removal_proposed": 1,
    "recognized": 8,
    "not_recognized": 1,
    "closed_withdrawn": 2,
    "closed_verification": 1,
}
# Steps of a grassroots committee: only for a branch under one.
COMMITTEE_PLANS = frozenset({"committee_resolved", "committee_resolved_overdue", "recognition_committee"})
# Working days back from today of the branch's vote, for the plans that stop after it.
VOTED = {
    "preparing_vote_failed": (3, 20),
    "branch_resolved": (5, 40),
    "branch_resolved_overdue": (66, 95),  # the decision was due 60 working days after it
    "committee_resolved": (20, 45),
    "committee_resolved_overdue": (66, 95),
}
WITHDRAWN = "Quần chúng xin rút đơn do chuyển đi làm ăn xa"
NOT_SATISFACTORY = "Kết quả thẩm tra lý lịch chưa rõ, cần xác minh thêm"


class Dates:
    """Random days of the demo, in working days where the procedure counts them."""

    def __init__(self, rng: random.Random, today: dt.date, first_year: int):
        self.rng = rng
        self.today = today
        self.calendar = WorkCalendar(range(first_year, today.year + 2))

    def days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(low, high))

    def back(self, day: dt.date, workdays: int) -> dt.date:
        """The ``workdays``-th working day before ``day``."""
        while workdays:
            day -= DAY
            workdays -= self.calendar.is_workday(day)
        return day

    def ahead(self, day: dt.date, workdays: int) -> dt.date:
        return self.calendar.add_workdays(day, workdays)

    def workday(self, day: dt.date) -> dt.date:
        """``day``, or the working day before it."""
        while not self.calendar.is_workday(day):
            day -= DAY
        return day

    def between(self, first: dt.date, last: dt.date) -> dt.date:
        """A working day from ``first`` to ``last`` (``first`` itself when there is none)."""
        day = first + dt.timedelta(days=self.rng.randint(0, max(0, (last - first).days)))
        return max(first, self.workday(day))


@dataclass
class Timeline:
    """The dates of one dossier, from the application to the last step it reaches."""

    opened: dt.date | None = None
    documents: dict[str, dt.date] = field(default_factory=dict)
    sponsors: int = 2
    known_since: dt.date | None = None
    verification: dt.date | None = None
    verification_ok: bool = True
    branch_vote: dt.date | None = None
    vote_fails: bool = False
    committee_vote: dt.date | None = None
    decided: dt.date | None = None
    received: dt.date | None = None
    ceremony: dt.date | None = None
    probation_end: dt.date | None = None
    recognition_documents: dt.date | None = None
    recognition_vote: dt.date | None = None
    rejected: bool = False
    recognition_committee: dt.date | None = None
    final_decision: dt.date | None = None
    closed: dt.date | None = None
    close_reason: str = ""

    @property
    def considered(self) -> dt.date:
        """The day the conditions are judged: the branch's vote, or the application."""
        return self.branch_vote or self.opened


class Planner:
    """Counts the steps of a dossier back from today, so that it stands at its plan's step
    today, late where the plan says so and on time otherwise."""

    def __init__(self, dates: Dates):
        self.dates = dates
        self.rng = dates.rng

    def timeline(self, plan: str, under_committee: bool) -> Timeline:
        """Dates for a dossier that stops at ``plan`` today."""
        d, rng, today = self.dates, self.rng, self.dates.today
        t = Timeline()
        if plan in ("preparing_incomplete", "preparing_ready"):
            t.opened = d.workday(today - (d.days(25, 80) if plan == "preparing_ready" else d.days(8, 80)))
            self.preparation(t, complete=plan == "preparing_ready", last=today)
        elif plan.startswith("closed_"):
            t.opened = d.workday(today - d.days(120, 520))
            verification = plan == "closed_verification"
            self.preparation(t, complete=verification, last=t.opened + d.days(20, 60))
            if verification:
                t.verification_ok, t.close_reason = False, NOT_SATISFACTORY
                t.closed = d.ahead(t.verification, rng.randint(5, 20))
            else:
                t.close_reason = WITHDRAWN
                t.closed = d.workday(max(t.documents.values()) + d.days(10, 60))
        elif plan in VOTED:
            t.branch_vote = d.back(today, rng.randint(*VOTED[plan]))
            t.vote_fails = plan == "preparing_vote_failed"
            if plan.startswith("committee_"):
                t.committee_vote = d.ahead(t.branch_vote, rng.randint(5, 15))
            self.preparation(t, complete=True, last=t.branch_vote)
        elif plan.startswith("admitted"):
            # The ceremony is due 30 working days after the decision is received.
            t.received = d.back(today, rng.randint(35, 55) if plan == "admitted_overdue" else rng.randint(3, 20))
            t.decided = d.back(t.received, rng.randint(1, 3))
            self.admission(t, under_committee)
        elif plan == "probation_overdue":
            # The branch's vote was due 30 working days after the 12 months ended.
            self.ceremony(t, add_months(d.back(today, rng.randint(35, 60)), -12), under_committee)
        elif plan == "probation":
            self.ceremony(t, today - d.days(30, 300), under_committee)
        else:
            self.recognition(t, plan, under_committee)
        return t

    def recognition(self, t: Timeline, plan: str, under_committee: bool) -> None:
        d, rng = self.dates, self.rng
        t.rejected = plan in ("removal_proposed", "not_recognized")
        if plan in ("recognized", "not_recognized"):
            t.final_decision = d.between(FIRST_RECOGNITION, d.today - dt.timedelta(days=15))
            last_vote = d.back(t.final_decision, rng.randint(5, 15))
        else:
            last_vote = d.back(d.today, rng.randint(2, 12))
        if under_committee and not t.rejected and plan != "recognition_branch":
            t.recognition_committee = last_vote
            t.recognition_vote = d.back(last_vote, rng.randint(5, 12))
        else:
            t.recognition_vote = last_vote
        self.ceremony(t, add_months(t.recognition_vote - d.days(2, 15), -12), under_committee)
        t.recognition_documents = max(t.ceremony + DAY, t.probation_end - d.days(0, 10))

    def ceremony(self, t: Timeline, on: dt.date, under_committee: bool) -> None:
        t.ceremony = on
        # 14 to 45 days after the decision, as in the members' history, with room for
        # the Tết holidays the decision may be moved back over.
        t.decided = self.dates.workday(on - self.dates.days(16, 34))
        t.received = min(on, self.dates.ahead(t.decided, self.rng.randint(1, 4)))
        self.admission(t, under_committee)
        t.probation_end = add_months(on, ruleset_for(t.opened).probation_months)

    def admission(self, t: Timeline, under_committee: bool) -> None:
        d, rng = self.dates, self.rng
        if under_committee:
            t.committee_vote = d.back(t.decided, rng.randint(8, 30))
            t.branch_vote = d.back(t.committee_vote, rng.randint(5, 15))
        else:
            t.branch_vote = d.back(t.decided, rng.randint(10, 40))
        self.preparation(t, complete=True, last=t.branch_vote)

    def preparation(self, t: Timeline, *, complete: bool, last: dt.date) -> None:
        """The application, its forms, sponsors and verification, all by ``last`` (the
        branch's vote, or today for a dossier still in preparation)."""
        d, rng = self.dates, self.rng
        if t.opened is None:
            t.opened = d.workday(last - d.days(40, 110))
        kinds = list(ADMISSION_DOCUMENTS)
        if not complete:
            missing = rng.sample(kinds[1:], rng.randint(1, 2))  # the application itself is there
            kinds = [k for k in kinds if k not in missing]
            t.sponsors = rng.randint(0, 1)
        latest = max(t.opened, min(last - dt.timedelta(days=3), t.opened + dt.timedelta(days=30)))
        t.documents = {kind: d.between(t.opened, latest) for kind in kinds}
        t.known_since = add_months(last, -12) - d.days(30, 600)
        if complete:
            verified = d.back(last, rng.randint(3, 15)) if last < d.today else last - d.days(1, 10)
            t.verification = max(t.opened, verified)


def official_name(rng: random.Random) -> str:
    family = weighted(rng, FAMILY_NAMES.items())
    if rng.random() < 0.8:
        return f"{family} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    return f"{family} Thị {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"


@dataclass
class Authority:
    """Who decides admissions for the branches of a commune: the standing committee of
    its former district until the reform, the commune's own afterwards."""

    before: str
    before_suffix: str
    after: str
    signers: dict[str, str]
    committee_size: int  # members of the grassroots committee who vote on admissions
    district: str  # “huyện Đắk Hà”, whose political centre held the courses until the reform; or ""

    @classmethod
    def draw(cls, rng: random.Random, *, district_name: str, fallback_name: str, commune: Organization) -> "Authority":
        before = committee_of_name(district_name or fallback_name)[0]
        suffix = "ThU" if before.startswith("Thành ủy") else "HU" if before.startswith("Huyện ủy") else "TU"
        after = committee_of_name(commune.name)[0]
        signers = {before: official_name(rng), after: official_name(rng)}
        return cls(before, suffix, after, signers, rng.randint(9, 15), district_name.removeprefix("Đảng bộ "))

    def on(self, day: dt.date) -> tuple[str, str]:
        """The deciding committee on ``day`` and the suffix of its document numbers."""
        return (self.before, self.before_suffix) if day < REFORM else (self.after, "ĐU")


class Driver:
    """Takes a dossier through its timeline with the services, as a system user."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def branch_vote(self, org: Organization, day: dt.date, *, passes: bool = True, against: bool = False) -> VoteData:
        rng = self.rng
        full = MemberPeriod.objects.filter(valid_on(day), organization=org, status=Status.FULL).count()
        eligible = full - rng.randint(0, full // 10)  # some are excused from the branch's activities
        if against:
            votes_against = eligible - rng.randint(0, eligible // 4)
            votes_for = rng.randint(0, eligible - votes_against)
        elif passes:
            votes_for = eligible - rng.randint(0, eligible // 6)
            votes_against = rng.randint(0, eligible - votes_for)
        else:
            votes_for = eligible // 2
            votes_against = rng.randint(0, (eligible - votes_for) // 2)
        return VoteData(day, eligible, votes_for, votes_against, f"{rng.randint(1, 40):02d}-NQ/CB")

    def committee_vote(self, authority: Authority, day: dt.date) -> VoteData:
        eligible = authority.committee_size
        votes_for = eligible - self.rng.randint(0, 2)
        votes_against = self.rng.randint(0, eligible - votes_for)
        return VoteData(day, eligible, votes_for, votes_against, f"{self.rng.randint(100, 900)}-NQ/ĐU")

    def decision(self, authority: Authority, day: dt.date, received: dt.date | None = None) -> DecisionData:
        body, suffix = authority.on(day)
        return DecisionData(
            number=f"{self.rng.randint(20, 1500)}-QĐ/{suffix}", signed_on=day, signer_name=authority.signers[body],
            signer_title=f"T/M Ban Thường vụ, Phó Bí thư {body}", received_on=received,
        )

    def drive(
        self, *, candidate: Candidate, t: Timeline, authority: Authority, sponsors: list[Member], youth_union: str = "",
        education_exception: bool = False,
    ) -> None:
        """Open the candidate's dossier and take every step ``t`` dates. ``youth_union``
        names the Youth Union executive that sponsors them, if one does."""
        org = candidate.organization
        dossier = dossier_open(candidate=candidate, opened_on=t.opened, actor=None, reason=REASON)

        def step(action: str, on: dt.date, reason: str = REASON, **data) -> None:
            dossier_advance(dossier=dossier, action=action, on=on, actor=None, reason=reason, **data)

        for kind, received in sorted(t.documents.items(), key=lambda item: (item[1], item[0])):
            dossier_document_receive(dossier=dossier, kind=kind, received_on=received, actor=None)
        for member in sponsors:
            sponsor_add(dossier=dossier, kind=SponsorKind.MEMBER, member=member, known_since=t.known_since, actor=None)
        if youth_union:
            resolution = f"{self.rng.randint(1, 60):02d}-NQ/ĐTN"
            sponsor_add(dossier=dossier, kind=SponsorKind.YOUTH_UNION, body_name=youth_union, resolution=resolution, actor=None)
        if education_exception:
            body, suffix = authority.on(t.opened)
            dossier_exceptions_set(
                dossier=dossier, over_age_consent="", actor=None, reason=REASON,
                education_exception=f"Công văn số {self.rng.randint(10, 400)}-CV/{suffix} của Ban Thường vụ {body} "
                "đồng ý xem xét kết nạp người dân tộc thiểu số có trình độ tiểu học",
            )
        if t.verification:
            result = VerificationResult.SATISFACTORY if t.verification_ok else VerificationResult.UNSATISFACTORY
            note = "Lý lịch rõ ràng" if t.verification_ok else NOT_SATISFACTORY
            verification_record(dossier=dossier, on=t.verification, result=result, actor=None, note=f"{REASON}: {note}")
        if t.closed:
            step("close", t.closed, f"{REASON}: {t.close_reason}")
            return
        if not t.branch_vote:
            return
        step("branch_resolution", t.branch_vote, vote=self.branch_vote(org, t.branch_vote, passes=not t.vote_fails))
        if t.vote_fails:
            return
        if t.committee_vote:
            step("committee_resolution", t.committee_vote, vote=self.committee_vote(authority, t.committee_vote))
        if not t.decided:
            return
        step("admission_decision", t.decided, decision=self.decision(authority, t.decided, t.received))
        if not t.ceremony:
            return
        step("ceremony", t.ceremony)
        if not t.recognition_vote:
            return
        for kind in RECOGNITION_DOCUMENTS:
            dossier_document_receive(dossier=dossier, kind=kind, received_on=t.recognition_documents, actor=None)
        step("recognition_resolution", t.recognition_vote, vote=self.branch_vote(org, t.recognition_vote, against=t.rejected))
        if t.recognition_committee:
            vote = self.committee_vote(authority, t.recognition_committee)
            step("recognition_committee_resolution", t.recognition_committee, vote=vote)
        if not t.final_decision:
            return
        decision = self.decision(authority, t.final_decision)
        if t.rejected:
            step("removal_decision", t.final_decision, f"{REASON}: không đủ tư cách đảng viên chính thức", decision=decision)
        else:
            step("recognition_decision", t.final_decision, decision=decision)
