"""Rule sets: the admission and recognition procedure as dated data.

A rule set names its legal basis, the conditions an applicant must meet, the steps of the
procedure (who acts, which forms must be in the dossier first, the vote threshold) and the
deadlines each step starts. A dossier keeps the code of the rule set in force on its
application date, so an older dossier is judged by the rules of its time. Changing a rule
means adding a version here, not editing the workflow.

Sources are in the project's domain notes: Quy định 24-QĐ/TW (30/7/2021) with Hướng dẫn
01-HD/TW (28/9/2021), and Quy định 294-QĐ/TW (26/5/2025, in force from 01/7/2025) with
Hướng dẫn 06-HD/TW (09/6/2025). The 2025 texts keep the thresholds and deadlines of 2021
(≥ 2/3 of full members; decision within 60 working days, ceremony within 30); they end the
district level, so the admitting authority is the commune-level standing committee.
"""

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pdms.core.dates import format_date
from pdms.core.errors import DomainError

from .models import DeadlineKind, EducationLevel, State, VoteStep

# The forms of the dossier.
APPLICATION = "1-KNĐ"
PERSONAL_HISTORY = "2-KNĐ"
SPONSOR_INTRODUCTION = "3-KNĐ"
UNION_OPINION = "4-KNĐ"
RESIDENCE_OPINION = "5-KNĐ"
SELF_REVIEW = "10-KNĐ"
SPONSOR_ASSESSMENT = "11-KNĐ"
OPINIONS_SUMMARY = "12-KNĐ"

DOCUMENT_LABELS = {
    APPLICATION: _("Application to join the Party"),
    PERSONAL_HISTORY: _("Personal history of the applicant"),
    SPONSOR_INTRODUCTION: _("Introductions by the sponsors"),
    UNION_OPINION: _("Opinion of the mass organization"),
    RESIDENCE_OPINION: _("Opinion of the residence branch committee"),
    SELF_REVIEW: _("Self-review of the probationary member"),
    SPONSOR_ASSESSMENT: _("Assessment by the sponsor"),
    OPINIONS_SUMMARY: _("Summary of the opinions of organizations"),
}


class Level:
    """Who performs a step: the branch itself or a committee above it."""

    BRANCH = "branch"
    SUPERIOR = "superior"


@dataclass(frozen=True)
class Step:
    action: str
    label: Promise
    from_states: tuple[str, ...]
    to_state: str
    level: str
    documents: tuple[str, ...] = ()
    vote: str | None = None
    # A step of the grassroots committee, skipped when the branch is itself grassroots.
    committee_only: bool = False
    # Closes the deadline of this kind and starts the listed ones.
    closes: str | None = None
    starts: tuple[str, ...] = ()
    form: str = ""


@dataclass(frozen=True)
class DeadlineRule:
    kind: str
    workdays: int
    extension_workdays: int = 0


@dataclass(frozen=True)
class RuleSet:
    code: str
    name: Promise
    effective_from: dt.date
    effective_to: dt.date | None
    basis: tuple[Promise, ...]
    authority: Promise
    min_age_years: int = 18
    max_age_years: int = 60
    min_education: str = EducationLevel.LOWER_SECONDARY
    exception_education: str = EducationLevel.PRIMARY
    certificate_validity_months: int = 60
    sponsors_required: int = 2
    sponsor_known_months: int = 12
    probation_months: int = 12
    vote_threshold: Fraction = Fraction(2, 3)
    # After this many recognition votes without a two-thirds majority either way, the
    # superior committee decides.
    deadlock_votes: int = 3
    deadlines: dict = field(default_factory=dict)
    steps: tuple[Step, ...] = ()

    def step(self, action: str) -> Step:
        for step in self.steps:
            if step.action == action:
                return step
        raise DomainError(_("The procedure has no step “%(action)s”.") % {"action": action})

    def deadline(self, kind: str) -> DeadlineRule:
        return self.deadlines[kind]


ADMISSION_DOCUMENTS = (APPLICATION, PERSONAL_HISTORY, SPONSOR_INTRODUCTION, UNION_OPINION, RESIDENCE_OPINION)
RECOGNITION_DOCUMENTS = (SELF_REVIEW, SPONSOR_ASSESSMENT, OPINIONS_SUMMARY)

STEPS = (
    Step("branch_resolution", _("Branch resolution proposing admission"), (State.PREPARING,), State.BRANCH_RESOLVED,
         Level.BRANCH, documents=ADMISSION_DOCUMENTS, vote=VoteStep.BRANCH_ADMISSION,
         starts=(DeadlineKind.ADMISSION_DECISION,), form="6-KNĐ"),
    Step("committee_resolution", _("Grassroots committee resolution"), (State.BRANCH_RESOLVED,), State.COMMITTEE_RESOLVED,
         Level.SUPERIOR, vote=VoteStep.COMMITTEE_ADMISSION, committee_only=True, form="8-KNĐ"),
    Step("admission_decision", _("Admission decision"), (State.BRANCH_RESOLVED, State.COMMITTEE_RESOLVED), State.ADMITTED,
         Level.SUPERIOR, closes=DeadlineKind.ADMISSION_DECISION, starts=(DeadlineKind.CEREMONY,), form="9-KNĐ"),
    Step("ceremony", _("Admission ceremony"), (State.ADMITTED,), State.PROBATION, Level.BRANCH,
         closes=DeadlineKind.CEREMONY, starts=(DeadlineKind.RECOGNITION_VOTE,)),
    Step("recognition_resolution", _("Branch resolution on recognition"), (State.PROBATION,), State.RECOGNITION_BRANCH_RESOLVED,
         Level.BRANCH, documents=RECOGNITION_DOCUMENTS, vote=VoteStep.BRANCH_RECOGNITION,
         closes=DeadlineKind.RECOGNITION_VOTE, starts=(DeadlineKind.RECOGNITION_DECISION,), form="13-KNĐ"),
    Step("recognition_committee_resolution", _("Grassroots committee resolution on recognition"),
         (State.RECOGNITION_BRANCH_RESOLVED,), State.RECOGNITION_COMMITTEE_RESOLVED, Level.SUPERIOR,
         vote=VoteStep.COMMITTEE_RECOGNITION, committee_only=True, form="15-KNĐ"),
    Step("recognition_decision", _("Recognition decision"),
         (State.RECOGNITION_BRANCH_RESOLVED, State.RECOGNITION_COMMITTEE_RESOLVED), State.RECOGNIZED, Level.SUPERIOR,
         closes=DeadlineKind.RECOGNITION_DECISION, form="16-KNĐ"),
    Step("removal_decision", _("Decision to remove from the rolls"), (State.REMOVAL_PROPOSED,), State.NOT_RECOGNIZED,
         Level.SUPERIOR, closes=DeadlineKind.RECOGNITION_DECISION),
    Step("close", _("Close the dossier"), (State.PREPARING, State.BRANCH_RESOLVED, State.COMMITTEE_RESOLVED), State.CLOSED,
         Level.BRANCH),
)

DEADLINES = {
    DeadlineKind.ADMISSION_DECISION: DeadlineRule(DeadlineKind.ADMISSION_DECISION, 60, 30),
    DeadlineKind.CEREMONY: DeadlineRule(DeadlineKind.CEREMONY, 30),
    DeadlineKind.RECOGNITION_VOTE: DeadlineRule(DeadlineKind.RECOGNITION_VOTE, 30),
    DeadlineKind.RECOGNITION_DECISION: DeadlineRule(DeadlineKind.RECOGNITION_DECISION, 30, 30),
}

RULESETS: list[RuleSet] = [
    RuleSet(
        code="2021",
        name=_("Regulation 24-QĐ/TW and Guidance 01-HD/TW of 2021"),
        effective_from=dt.date(2021, 7, 30),
        effective_to=dt.date(2025, 6, 30),
        basis=(
            _("Regulation No. 24-QĐ/TW of 30/7/2021 of the Central Committee on implementing the Party Charter"),
            _("Guidance No. 01-HD/TW of 28/9/2021 of the Secretariat on some specific matters of implementing the Party Charter"),
        ),
        authority=_("the standing committee of the district-level Party committee"),
        deadlines=DEADLINES,
        steps=STEPS,
    ),
    RuleSet(
        code="2025",
        name=_("Regulation 294-QĐ/TW and Guidance 06-HD/TW of 2025"),
        effective_from=dt.date(2025, 7, 1),
        effective_to=None,
        basis=(
            _("Regulation No. 294-QĐ/TW of 26/5/2025 of the Central Committee on implementing the Party Charter"),
            _("Guidance No. 06-HD/TW of 09/6/2025 of the Secretariat on some specific matters of implementing the Party Charter"),
        ),
        authority=_("the standing committee of the commune-level Party committee"),
        deadlines=DEADLINES,
        steps=STEPS,
    ),
]


def ruleset_for(day: dt.date) -> RuleSet:
    """The rule set in force on ``day``."""
    for ruleset in RULESETS:
        if ruleset.effective_from <= day and (ruleset.effective_to is None or day <= ruleset.effective_to):
            return ruleset
    raise DomainError(
        _("No rule set of the admission procedure covers %(date)s.") % {"date": format_date(day)}, field="opened_on"
    )


def get_ruleset(code: str) -> RuleSet:
    for ruleset in RULESETS:
        if ruleset.code == code:
            return ruleset
    raise DomainError(_("Unknown rule set “%(code)s”.") % {"code": code})
