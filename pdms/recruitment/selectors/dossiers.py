"""Reads of admission dossiers. Every object from a URL comes through a
``get_<x>_for_user_or_404`` that starts from the user's scope (a dossier is scoped by its
branch); the rest builds what the dossier page shows from the records: the stepper of the
procedure, the checklist, votes as computed facts, deadline badges in working days, and
the official forms filled from the records."""

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.core.dates import format_date, today
from pdms.core.vntext import exact_match_first, name_search_q, vn_normalize
from pdms.documents import admission as forms_docx
from pdms.documents.formats import vn_percent
from pdms.indicators.engine import percent
from pdms.members.models import Member, Status
from pdms.organizations.models import OrgKind, Organization
from pdms.organizations.rollup import rollup
from pdms.workdays.calendar import workdays_between

from ..eligibility import Check, admission_checks, deciding_committee, grassroots_of, recognition_checks
from ..models import (
    Attachment, Deadline, Decision, DecisionKind, Dossier, DossierEvent, Sponsor, SponsorKind, State, Vote, VoteStep,
)
from ..models.dossiers import ADMISSION_STATES, FINAL_STATES
from ..rulesets import (
    ADMISSION_DOCUMENTS, DOCUMENT_LABELS, RECOGNITION_DOCUMENTS, Level, RuleSet, Step, get_ruleset, ruleset_for,
)
from ..services.dossiers import may_take, steps_for, under_committee

VN_ORDER = ("person__sort_given", "person__sort_family", "person__sort_middle", "person__birth_date", "pk")


# --- scoped objects ---------------------------------------------------------------------


def dossiers_for_user(scope: Scope) -> QuerySet[Dossier]:
    """Dossiers of the branches the user may see."""
    return Dossier.objects.filter(scope.orgs.q("organization_id"))


def get_dossier_for_user_or_404(scope: Scope, dossier_id, *, for_write: bool) -> Dossier:
    """A dossier in scope; for writing, its branch must be writable by the user."""
    try:
        dossier = dossiers_for_user(scope).select_related("person", "organization", "candidate", "member").get(pk=int(dossier_id))
    except (Dossier.DoesNotExist, TypeError, ValueError):
        raise Http404
    if for_write and not scope.can_write_org(dossier.organization):
        raise Http404
    return dossier


def _part_of_dossier_or_404(model, scope: Scope, pk, *, for_write: bool):
    try:
        obj = (
            model.objects.filter(scope.orgs.q("dossier__organization_id"))
            .select_related("dossier__person", "dossier__organization")
            .get(pk=int(pk))
        )
    except (model.DoesNotExist, TypeError, ValueError):
        raise Http404
    if for_write and not scope.can_write_org(obj.dossier.organization):
        raise Http404
    return obj


def get_attachment_for_user_or_404(scope: Scope, attachment_id, *, for_write: bool) -> Attachment:
    return _part_of_dossier_or_404(Attachment, scope, attachment_id, for_write=for_write)


def get_deadline_for_user_or_404(scope: Scope, deadline_id, *, for_write: bool) -> Deadline:
    return _part_of_dossier_or_404(Deadline, scope, deadline_id, for_write=for_write)


def get_sponsor_for_user_or_404(scope: Scope, sponsor_id, *, for_write: bool) -> Sponsor:
    return _part_of_dossier_or_404(Sponsor, scope, sponsor_id, for_write=for_write)


def sponsor_choices(scope: Scope, dossier: Dossier, query: str = "") -> QuerySet[Member]:
    """Full members who may sponsor the applicant: those of the dossier's grassroots
    organization, matched by a diacritics-insensitive name search. The rules take sponsors
    from the whole grassroots organization, so a branch secretary sees the full members of
    the sibling branches here (names only), though not elsewhere; users who may not write
    the dossier see no one."""
    if not scope.can_write_org(dossier.organization):
        return Member.objects.none()
    home = grassroots_of(dossier.organization)
    qs = (
        Member.objects.filter(rollup(home, today()).q("organization_id"), status=Status.FULL)
        .exclude(person_id=dossier.person_id)
        .exclude(pk__in=dossier.sponsors.filter(member__isnull=False).values("member_id"))
    )
    order = list(VN_ORDER)
    if vn_normalize(query):
        qs = qs.filter(name_search_q("person__search_name", query))
        order.insert(0, exact_match_first("person__search_name", query))
    return qs.select_related("person", "organization").order_by(*order)


# --- the dossier page -------------------------------------------------------------------


@dataclass
class StepperItem:
    label: str
    status: str  # "done", "current", "next" or "ended"


def _stepper_path(ruleset: RuleSet, dossier: Dossier) -> list[Step]:
    """The steps from application to full membership, without the committee steps when
    the branch is itself grassroots."""
    committee = under_committee(dossier)
    off_path = {State.CLOSED, State.NOT_RECOGNIZED}
    return [s for s in ruleset.steps if s.to_state not in off_path and (committee or not s.committee_only)]


def stepper(dossier: Dossier) -> list[StepperItem]:
    """The procedure of the dossier's rule set from the opening of the dossier, each step
    done, current (the one to take now) or still ahead; a dossier that left the path ends
    with its final state."""
    path = _stepper_path(get_ruleset(dossier.ruleset), dossier)
    order = [State.PREPARING, *[s.to_state for s in path]]
    reached, ended = dossier.state, None
    if dossier.state in (State.REMOVAL_PROPOSED, State.NOT_RECOGNIZED):
        reached, ended = State.PROBATION, dossier.state
    elif dossier.state == State.CLOSED:
        closing = dossier.events.filter(to_state=State.CLOSED).order_by("-pk").first()
        reached, ended = (closing.from_state if closing else State.PREPARING), dossier.state
    rank = order.index(reached) if reached in order else 0
    finished = dossier.state in FINAL_STATES or ended is not None

    def status(position: int) -> str:
        if position <= rank:
            return "done"
        return "current" if position == rank + 1 and not finished else "next"

    items = [StepperItem(_("Dossier opened"), "done")]
    items += [StepperItem(str(step.label), status(i)) for i, step in enumerate(path, start=1)]
    if ended:
        items.append(StepperItem(str(State(ended).label), "ended"))
    return items


def checklist(dossier: Dossier, on: dt.date) -> list[Check]:
    """The conditions the next vote will be checked against: admission before the branch
    vote, recognition during probation."""
    if dossier.state == State.PREPARING:
        return admission_checks(dossier, on)
    if dossier.state == State.PROBATION:
        return recognition_checks(dossier, on)
    return []


@dataclass
class DocumentRow:
    kind: str
    label: str
    received_on: dt.date | None
    note: str
    removable: bool


# The forms the services let the branch mark received (or not) at each state.
EDITABLE_DOCUMENTS = {State.PREPARING: ADMISSION_DOCUMENTS, State.PROBATION: RECOGNITION_DOCUMENTS}


def document_rows(dossier: Dossier) -> list[DocumentRow]:
    """The forms the dossier needs at its stage, received or not. A recognition procedure
    opened from paper records has no admission forms to show."""
    received = {d.kind: d for d in dossier.documents.all()}
    kinds = list(ADMISSION_DOCUMENTS) if dossier.candidate_id or any(k in received for k in ADMISSION_DOCUMENTS) else []
    if dossier.state not in (*ADMISSION_STATES, State.ADMITTED, State.CLOSED):
        kinds += RECOGNITION_DOCUMENTS
    editable = EDITABLE_DOCUMENTS.get(dossier.state, ())
    rows = []
    for kind in kinds:
        document = received.get(kind)
        rows.append(
            DocumentRow(kind, str(DOCUMENT_LABELS[kind]), document.received_on if document else None,
                        document.note if document else "", bool(document) and kind in editable)
        )
    return rows


def receivable_documents(dossier: Dossier) -> list[tuple[str, str]]:
    """The forms that may be marked received at the dossier's stage."""
    return [(kind, f"{kind} · {DOCUMENT_LABELS[kind]}") for kind in EDITABLE_DOCUMENTS.get(dossier.state, ())]


@dataclass
class VoteRow:
    vote: Vote
    percent_for: str
    fact: str


def vote_fact(vote: Vote) -> str:
    """Whether the vote reached the threshold, as a fact computed from its counts, e.g.
    "Reached 2/3: 2/3 = 66.67% ≥ 66.67%"."""
    threshold = f"{vote.threshold_numerator}/{vote.threshold_denominator}"
    needed = vn_percent(percent(vote.threshold_numerator, vote.threshold_denominator))
    values = {"threshold": threshold, "needed": needed, "eligible": vote.eligible}
    if vote.rejected:
        return _("%(against)s/%(eligible)s against = %(percent)s ≥ %(needed)s: removal from the rolls is proposed") % {
            **values, "against": vote.votes_against, "percent": vn_percent(percent(vote.votes_against, vote.eligible)),
        }
    values |= {"for": vote.votes_for, "percent": vn_percent(percent(vote.votes_for, vote.eligible))}
    if vote.passed:
        return _("Reached %(threshold)s: %(for)s/%(eligible)s = %(percent)s ≥ %(needed)s") % values
    return _("Did not reach %(threshold)s: %(for)s/%(eligible)s = %(percent)s < %(needed)s") % values


def vote_rows(dossier: Dossier) -> list[VoteRow]:
    return [VoteRow(v, vn_percent(percent(v.votes_for, v.eligible)), vote_fact(v)) for v in dossier.votes.all()]


@dataclass
class DeadlineRow:
    deadline: Deadline
    badge: str
    tone: str  # Bootstrap colour: "success", "danger", "warning" or "secondary"
    can_extend: bool


# A deadline this close is shown as coming due.
SOON_WORKDAYS = 5


def deadline_badge(deadline: Deadline, on: dt.date) -> tuple[str, str]:
    """What the deadline says on ``on``: met, overdue by N working days, or N working
    days left."""
    if deadline.done_on:
        return _("met on %(date)s") % {"date": format_date(deadline.done_on)}, "success"
    if on > deadline.due_on:
        late = workdays_between(deadline.due_on, on)
        if not late:
            return _("overdue since %(date)s") % {"date": format_date(deadline.due_on)}, "danger"
        return _("%(count)s working days overdue") % {"count": late}, "danger"
    if on == deadline.due_on:
        return _("due today"), "warning"
    left = workdays_between(on, deadline.due_on)
    return _("%(count)s working days left") % {"count": left}, "warning" if left <= SOON_WORKDAYS else "secondary"


def deadline_rows(dossier: Dossier, user, on: dt.date) -> list[DeadlineRow]:
    ruleset = get_ruleset(dossier.ruleset)
    superior = may_take(user, dossier, Level.SUPERIOR)
    rows = []
    for deadline in dossier.deadlines.all():
        badge, tone = deadline_badge(deadline, on)
        extensible = bool(ruleset.deadline(deadline.kind).extension_workdays) and not (deadline.extension_workdays or deadline.done_on)
        rows.append(DeadlineRow(deadline, badge, tone, superior and extensible))
    return rows


def open_deadline_for(dossier: Dossier, step: Step) -> Deadline | None:
    """The deadline the step would meet, if it is still open."""
    if not step.closes:
        return None
    return dossier.deadlines.filter(kind=step.closes, done_on__isnull=True).first()


@dataclass
class EventRow:
    event: DossierEvent
    label: str


def timeline(dossier: Dossier) -> list[EventRow]:
    ruleset = get_ruleset(dossier.ruleset)
    labels = {s.action: str(s.label) for s in ruleset.steps}
    labels |= {"open": _("Dossier opened"), "open_recognition": _("Recognition procedure opened")}
    rows = []
    for event in dossier.events.select_related("actor"):
        action = event.action
        if action.endswith("_not_passed"):
            step = labels.get(action.removesuffix("_not_passed"), action)
            label = _("%(step)s: the vote did not reach the threshold") % {"step": step}
        else:
            label = labels.get(action, action)
        rows.append(EventRow(event, label))
    return rows


def next_steps(dossier: Dossier, user) -> list[Step]:
    """The steps that may follow, those the user may take."""
    return [step for step in steps_for(dossier) if may_take(user, dossier, step.level)]


# --- the official forms -----------------------------------------------------------------

BRANCH_RESOLUTION = "branch-resolution"
ADMISSION_DECISION = "admission-decision"
RECOGNITION_DECISION = "recognition-decision"

# Documents are always in Vietnamese, so are their file names.
FORM_FILE_PREFIXES = {
    BRANCH_RESOLUTION: "nghi-quyet-de-nghi-ket-nap",
    ADMISSION_DECISION: "quyet-dinh-ket-nap",
    RECOGNITION_DECISION: "quyet-dinh-cong-nhan-dang-vien-chinh-thuc",
}

# Words that introduce the place in an organization's name ("Đảng bộ xã Hà Mòn").
_PLACE_WORDS = ("xã", "phường", "thị trấn", "đặc khu", "thị xã", "thành phố", "quận", "huyện", "tỉnh")
_PLACE = re.compile(
    r"\b(?:%s)\s+(.+)$" % "|".join(re.escape(w) for w in sorted(_PLACE_WORDS, key=len, reverse=True)), re.IGNORECASE
)
BLANK = "…………"


def _passed_vote(dossier: Dossier, step: str) -> Vote | None:
    return dossier.votes.filter(step=step, passed=True).order_by("-held_on", "-pk").first()


def _decision(dossier: Dossier, kind: str) -> Decision | None:
    return dossier.decisions.filter(kind=kind).order_by("-signed_on", "-pk").first()


def available_forms(dossier: Dossier) -> list[tuple[str, str]]:
    """The forms the records already allow: each after the step it records."""
    forms = []
    if _passed_vote(dossier, VoteStep.BRANCH_ADMISSION):
        forms.append((BRANCH_RESOLUTION, _("Branch resolution proposing admission (6-KNĐ)")))
    if _decision(dossier, DecisionKind.ADMISSION):
        forms.append((ADMISSION_DECISION, _("Admission decision (9-KNĐ)")))
    if _decision(dossier, DecisionKind.RECOGNITION) and dossier.recognized_on:
        forms.append((RECOGNITION_DECISION, _("Recognition decision (16-KNĐ)")))
    return forms


def superior_of(branch: Organization) -> Organization:
    """The committee directly above the branch: its grassroots committee, or the parent of
    a grassroots branch."""
    if branch.kind == OrgKind.BRANCH:
        return grassroots_of(branch)
    return branch.parent or branch


# A territorial Party organization's committee is named after its territory's level, and
# its documents are numbered with that name's symbol ("Số 12-BC/TU").
_TERRITORIAL_COMMITTEES = (
    ("tỉnh ", "Tỉnh ủy ", "TU"), ("thành phố ", "Thành ủy ", "ThU"), ("thị xã ", "Thị ủy ", "TU"),
    ("huyện ", "Huyện ủy ", "HU"), ("quận ", "Quận ủy ", "QU"),
)


def committee_of_name(name: str) -> tuple[str, str]:
    """The committee's name and document symbol for an organization named ``name``."""
    if name.startswith("Đảng bộ "):
        rest = name[len("Đảng bộ "):]
        for territory, committee, symbol in _TERRITORIAL_COMMITTEES:
            if rest.startswith(territory):
                return committee + rest[len(territory):], symbol
        return "Đảng ủy " + rest, "ĐU"
    if name.startswith("Chi bộ "):
        return "Chi ủy " + name[len("Chi bộ "):], "CB"
    return name, ""


def committee_name(organization: Organization) -> str:
    """The official name of an organization's executive committee, which heads the
    documents it issues, read from the organization's name: "Đảng bộ tỉnh Kon Tum" has
    the "Tỉnh ủy Kon Tum", "Đảng bộ huyện Đắk Hà" the "Huyện ủy Đắk Hà", "Đảng bộ xã Hà
    Mòn" the "Đảng ủy xã Hà Mòn", "Chi bộ thôn 1" the "Chi ủy thôn 1"."""
    return committee_of_name(organization.name)[0]


def committee_symbol(organization: Organization) -> str:
    """The symbol of the committee in its documents' numbers: "TU", "HU", "ĐU", "CB"; ""
    for a name that follows no convention."""
    return committee_of_name(organization.name)[1]


def place_of(organization: Organization) -> str:
    """The place a document is issued at, read from the organization's name or the
    nearest ancestor's that names one ("Đảng bộ xã Hà Mòn" -> "Hà Mòn"); organizations
    keep no address of their own."""
    org = organization
    while org is not None:
        match = _PLACE.search(org.name)
        if match:
            return match.group(1).strip()
        org = org.parent
    return BLANK


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", vn_normalize(text)).strip("-")


def _person(dossier: Dossier) -> forms_docx.PersonData:
    person = dossier.person
    candidate = dossier.candidate
    education = person.education or (candidate.get_education_level_display() if candidate else "")
    return forms_docx.PersonData(
        full_name=person.full_name, birth_date=person.birth_date, sex_label=person.get_sex_display(),
        hometown=person.hometown or BLANK, ethnicity=person.ethnicity or BLANK, religion=person.religion or BLANK,
        education=education or BLANK, occupation=(candidate.occupation if candidate else "") or BLANK,
    )


def _legal_basis(*rulesets: RuleSet) -> list[str]:
    return [_("Pursuant to the Charter of the Communist Party of Vietnam;")] + [
        _("Pursuant to %(text)s;") % {"text": text} for ruleset in rulesets for text in ruleset.basis
    ]


def _sponsor_names(dossier: Dossier) -> list[str]:
    names = []
    for sponsor in dossier.sponsors.select_related("member__person"):
        names.append(_("comrade %(name)s") % {"name": sponsor.name} if sponsor.kind == SponsorKind.MEMBER else sponsor.name)
    return names


def _resolution_citation(vote: Vote | None, branch: Organization) -> str:
    if vote is None:
        return _("the resolution of %(branch)s") % {"branch": branch.name}
    return _("Resolution No. %(number)s of %(date)s of %(branch)s") % {
        "number": vote.resolution_number or BLANK, "date": format_date(vote.held_on), "branch": branch.name,
    }


def branch_resolution_data(dossier: Dossier) -> forms_docx.BranchResolutionData | None:
    vote = _passed_vote(dossier, VoteStep.BRANCH_ADMISSION)
    if vote is None:
        return None
    superior = superior_of(dossier.organization)
    return forms_docx.BranchResolutionData(
        superior_name=superior.name, branch_name=dossier.organization.name, number=vote.resolution_number or BLANK,
        place=place_of(dossier.organization), meeting_on=vote.held_on, person=_person(dossier),
        sponsors=_sponsor_names(dossier), eligible=vote.eligible,
        # The vote records who voted, not who attended: those who voted were present.
        present=vote.votes_for + vote.votes_against, votes_for=vote.votes_for, votes_against=vote.votes_against,
        percent_for=percent(vote.votes_for, vote.eligible), legal_basis=_legal_basis(get_ruleset(dossier.ruleset)),
        signer_name="", report_to=committee_name(superior),
    )


def _decision_common(dossier: Dossier, decision: Decision, citation_vote: Vote | None) -> dict:
    ruleset = get_ruleset(dossier.ruleset)
    # The dossier is judged by the rules of its application date, but the committee
    # decides with the powers of the rules in force on the day it signs: after the end of
    # the district level (01/07/2025) those of the commune, for an older dossier too.
    in_force = ruleset_for(decision.signed_on)
    rulesets = (ruleset,) if in_force.code == ruleset.code else (ruleset, in_force)
    issuer = deciding_committee(dossier.organization)
    return dict(
        authority_name=_("Standing committee of %(committee)s") % {"committee": committee_name(issuer)},
        superior_name=(issuer.parent or issuer).name, issuer_name=committee_name(issuer), number=decision.number,
        place=place_of(issuer), decided_on=decision.signed_on,
        legal_basis=[
            *_legal_basis(*rulesets),
            _("Pursuant to the powers the rules give to %(authority)s;") % {"authority": in_force.authority},
        ],
        branch_resolution=_resolution_citation(citation_vote, dossier.organization), person=_person(dossier),
        branch_name=dossier.organization.name, signer_name=decision.signer_name,
        signer_title=decision.signer_title,
    )


def admission_decision_data(dossier: Dossier) -> forms_docx.AdmissionDecisionData | None:
    decision = _decision(dossier, DecisionKind.ADMISSION)
    if decision is None:
        return None
    ruleset = get_ruleset(dossier.ruleset)
    return forms_docx.AdmissionDecisionData(
        **_decision_common(dossier, decision, _passed_vote(dossier, VoteStep.BRANCH_ADMISSION)),
        probation_months=ruleset.probation_months,
    )


def recognition_decision_data(dossier: Dossier) -> forms_docx.RecognitionDecisionData | None:
    decision = _decision(dossier, DecisionKind.RECOGNITION)
    if decision is None or not dossier.recognized_on or not dossier.ceremony_on:
        return None
    # After three undecided votes the superior decides without a passed branch vote; the
    # decision then cites the last one.
    vote = _passed_vote(dossier, VoteStep.BRANCH_RECOGNITION) or dossier.votes.filter(step=VoteStep.BRANCH_RECOGNITION).last()
    return forms_docx.RecognitionDecisionData(
        **_decision_common(dossier, decision, vote),
        admitted_on=dossier.decided_on or dossier.member.admitted_on, ceremony_on=dossier.ceremony_on,
        recognized_on=dossier.recognized_on,
    )


_FORM_BUILDERS = {
    BRANCH_RESOLUTION: (branch_resolution_data, forms_docx.branch_resolution_docx),
    ADMISSION_DECISION: (admission_decision_data, forms_docx.admission_decision_docx),
    RECOGNITION_DECISION: (recognition_decision_data, forms_docx.recognition_decision_docx),
}


def form_file(dossier: Dossier, form: str) -> tuple[str, bytes] | None:
    """The .docx of ``form`` filled from the dossier's records and its file name, or None
    when the form is unknown or its step has not happened."""
    if form not in _FORM_BUILDERS:
        return None
    collect, render = _FORM_BUILDERS[form]
    # The data carry fixed phrases too; they must be Vietnamese like the document.
    with translation.override("vi"):
        data = collect(dossier)
    if data is None:
        return None
    return f"{FORM_FILE_PREFIXES[form]}-{slug(dossier.person.full_name)}.docx", render(data)
