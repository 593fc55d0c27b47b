"""The admission dossier: opening it, the records it needs (forms, sponsors, background
verification), and ``dossier_advance``, the one transition service that follows the rule
set: it checks the step may follow, who may take it, the forms, the conditions of the
person and the vote, keeps the deadlines, and changes the membership it decides."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.audit.services import audit_record, diff
from pdms.core import dates
from pdms.core.dates import format_date
from pdms.core.errors import DomainError, PermissionDenied
from pdms.members.models import ACTIVE_STATUSES, Member, Status
from pdms.members.selectors import full_members_count
from pdms.members.services import member_admit, member_end, member_record_ceremony, member_recognize
from pdms.organizations.models import BRANCH_KINDS, Organization, OrgKind
from pdms.workdays.calendar import add_workdays

from .. import eligibility
from ..models import (
    Candidate,
    CandidateStatus,
    Deadline,
    Decision,
    DecisionKind,
    Dossier,
    DossierDocument,
    DossierEvent,
    Mentorship,
    Sponsor,
    SponsorKind,
    State,
    VerificationResult,
    Vote,
    VoteStep,
)
from ..models.dossiers import FINAL_STATES
from ..rulesets import DOCUMENT_LABELS, RECOGNITION_DOCUMENTS, Level, RuleSet, Step, get_ruleset, ruleset_for
from ..workflow import available_steps


@dataclass
class VoteData:
    held_on: dt.date
    eligible: int
    votes_for: int
    votes_against: int
    resolution_number: str = ""


@dataclass
class DecisionData:
    number: str
    signed_on: dt.date
    signer_name: str
    signer_title: str
    received_on: dt.date | None = None


@dataclass
class Outcome:
    """What a transition did: the dossier, whether its state changed and the vote taken."""

    dossier: Dossier
    advanced: bool
    vote: Vote | None = None


def _audit(dossier: Dossier, *, actor, action: str, changes: dict, reason: str = "") -> None:
    audit_record(actor=actor, action=action, obj=dossier, object_type="dossier", organization=dossier.organization, changes=changes, reason=reason)


def _event(dossier: Dossier, *, action: str, from_state: str, on: dt.date, actor, reason: str = "") -> None:
    DossierEvent.objects.create(
        dossier=dossier, action=action, from_state=from_state, to_state=dossier.state, on=on,
        actor=actor if getattr(actor, "pk", None) else None, reason=reason[:1000],
    )


def has_committee_step(branch: Organization) -> bool:
    """A branch under a grassroots committee (or sub-committee) has the committee's step;
    a grassroots branch, or a branch directly under a commune's committee that decides
    itself, goes from its resolution to the decision."""
    return branch.kind == OrgKind.BRANCH and eligibility.grassroots_of(branch).kind != OrgKind.COMMUNE


def under_committee(dossier: Dossier) -> bool:
    return has_committee_step(dossier.organization)


def failed_recognition_votes(dossier: Dossier) -> int:
    return dossier.votes.filter(step=VoteStep.BRANCH_RECOGNITION, passed=False, rejected=False).count()


def steps_for(dossier: Dossier) -> list[Step]:
    return available_steps(
        get_ruleset(dossier.ruleset), dossier.state, under_committee=under_committee(dossier),
        failed_recognition_votes=failed_recognition_votes(dossier),
    )


def may_take(actor, dossier: Dossier, level: str) -> bool:
    """Branch steps: whoever may write the branch. Superior steps: a writer of a committee
    above the branch (or an administrator), never the branch itself."""
    if actor is None:
        return True
    scope = Scope.of(actor)
    if not scope.can_write_org(dossier.organization):
        return False
    if level == Level.BRANCH:
        return True
    return scope.is_admin or actor.organization_id != dossier.organization_id


def _lock(dossier: Dossier, expected_version: int | None) -> Dossier:
    locked = Dossier.objects.select_for_update(of=("self",)).select_related("person", "organization", "candidate", "member").get(pk=dossier.pk)
    if expected_version is not None and locked.version != expected_version:
        raise DomainError(
            _("The dossier of %(name)s was changed by someone else meanwhile; reload the page and check it again.")
            % {"name": locked.person.full_name}
        )
    return locked


def _require_editable(dossier: Dossier, *, recognition: bool = False) -> None:
    allowed = (State.PROBATION,) if recognition else (State.PREPARING,)
    if dossier.state not in allowed:
        raise DomainError(
            _("The dossier of %(name)s is at the step “%(state)s” and can no longer be changed there.")
            % {"name": dossier.person.full_name, "state": dossier.get_state_display()}
        )


def _bump(dossier: Dossier, *fields: str) -> None:
    dossier.version += 1
    dossier.save(update_fields=["version", *fields])


def _require_branch_writer(actor, dossier: Dossier) -> None:
    if not may_take(actor, dossier, Level.BRANCH):
        raise PermissionDenied(_("You may not change records of %(org)s.") % {"org": dossier.organization.name})


# --- opening and the records of the dossier ---------------------------------------------


@transaction.atomic
def dossier_open(*, candidate: Candidate, opened_on: dt.date, actor, reason: str = "") -> Dossier:
    """Open the admission dossier of a candidate on the date of their application."""
    candidate = Candidate.objects.select_for_update().select_related("person", "organization").get(pk=candidate.pk)
    name = candidate.person.full_name
    if candidate.status != CandidateStatus.SOURCE:
        raise DomainError(_("%(name)s is not on the source list.") % {"name": name})
    if candidate.organization.kind not in BRANCH_KINDS:
        raise DomainError(_("An admission dossier is considered by a branch; %(org)s is not a branch.") % {"org": candidate.organization.name})
    if opened_on > dates.today():
        raise DomainError(_("The date %(date)s is in the future.") % {"date": format_date(opened_on)}, field="opened_on")
    if opened_on < candidate.added_on:
        raise DomainError(_("The application cannot be before %(name)s was put on the source list (%(date)s).")
                          % {"name": name, "date": format_date(candidate.added_on)}, field="opened_on")
    if Member.objects.filter(person=candidate.person).exists():
        raise DomainError(_("%(name)s is already a Party member.") % {"name": name})
    if Dossier.objects.filter(person=candidate.person).exclude(state__in=FINAL_STATES).exists():
        raise DomainError(_("%(name)s already has an admission dossier in progress.") % {"name": name})
    ruleset = ruleset_for(opened_on)
    dossier = Dossier.objects.create(
        person=candidate.person, candidate=candidate, organization=candidate.organization, ruleset=ruleset.code, opened_on=opened_on
    )
    _event(dossier, action="open", from_state="", on=opened_on, actor=actor, reason=reason)
    _audit(dossier, actor=actor, action="dossier.open", changes={"state": [None, dossier.state], "ruleset": [None, ruleset.code]}, reason=reason)
    return dossier


@transaction.atomic
def dossier_open_recognition(*, member: Member, ceremony_on: dt.date, actor, reason: str = "") -> Dossier:
    """Open the recognition procedure of a probationary member registered without an
    admission dossier (e.g. entered from paper records)."""
    member = Member.objects.select_for_update().select_related("person", "organization").get(pk=member.pk)
    if member.status != Status.PROBATIONARY:
        raise DomainError(_("%(name)s is not a probationary member.") % {"name": member.person.full_name})
    if Dossier.objects.filter(member=member).exists():
        raise DomainError(_("%(name)s already has a dossier.") % {"name": member.person.full_name})
    if ceremony_on < member.admitted_on or ceremony_on > dates.today():
        raise DomainError(_("The ceremony must be between the admission decision and today."), field="ceremony_on")
    ruleset = ruleset_for(member.admitted_on)
    if member.ceremony_on != ceremony_on:
        member_record_ceremony(member=member, on=ceremony_on, actor=actor, reason=reason)
    dossier = Dossier.objects.create(
        person=member.person, organization=member.organization, ruleset=ruleset.code, opened_on=member.admitted_on,
        state=State.PROBATION, decided_on=member.admitted_on, ceremony_on=ceremony_on, member=member,
        probation_ends_on=eligibility.add_months(ceremony_on, ruleset.probation_months),
    )
    _start_deadlines(dossier, ruleset, ruleset.step("ceremony"), dossier.probation_ends_on)
    _event(dossier, action="open_recognition", from_state="", on=ceremony_on, actor=actor, reason=reason)
    _audit(dossier, actor=actor, action="dossier.open_recognition", changes={"state": [None, dossier.state]}, reason=reason)
    return dossier


@transaction.atomic
def dossier_document_receive(*, dossier: Dossier, kind: str, received_on: dt.date, actor, note: str = "", expected_version: int | None = None) -> DossierDocument:
    dossier = _lock(dossier, expected_version)
    _require_branch_writer(actor, dossier)
    if kind not in DOCUMENT_LABELS:
        raise DomainError(_("Unknown form “%(kind)s”.") % {"kind": kind}, field="kind")
    _require_editable(dossier, recognition=kind in RECOGNITION_DOCUMENTS)
    if received_on > dates.today() or received_on < dossier.opened_on:
        raise DomainError(_("The date received must be between the application date and today."), field="received_on")
    document, created = DossierDocument.objects.update_or_create(dossier=dossier, kind=kind, defaults={"received_on": received_on, "note": note[:255]})
    _bump(dossier)
    _audit(dossier, actor=actor, action="dossier.document", changes={kind: [None, received_on.isoformat()]})
    return document


@transaction.atomic
def dossier_document_remove(*, dossier: Dossier, kind: str, actor, reason: str = "") -> None:
    dossier = _lock(dossier, None)
    _require_branch_writer(actor, dossier)
    if kind not in DOCUMENT_LABELS:
        raise DomainError(_("Unknown form “%(kind)s”.") % {"kind": kind}, field="kind")
    _require_editable(dossier, recognition=kind in RECOGNITION_DOCUMENTS)
    deleted, _rows = DossierDocument.objects.filter(dossier=dossier, kind=kind).delete()
    if deleted:
        _bump(dossier)
        _audit(dossier, actor=actor, action="dossier.document_remove", changes={kind: ["received", None]}, reason=reason)


@transaction.atomic
def sponsor_add(
    *, dossier: Dossier, kind: str, actor, member: Member | None = None, body_name: str = "", resolution: str = "",
    known_since: dt.date | None = None,
) -> Sponsor:
    dossier = _lock(dossier, None)
    _require_branch_writer(actor, dossier)
    _require_editable(dossier)
    ruleset = get_ruleset(dossier.ruleset)
    if kind not in SponsorKind.values:
        raise DomainError(_("Unknown kind of sponsor."), field="kind")
    if dossier.sponsors.count() >= ruleset.sponsors_required:
        raise DomainError(_("The dossier already has %(count)s sponsors.") % {"count": ruleset.sponsors_required})
    if kind == SponsorKind.MEMBER:
        if member is None:
            raise DomainError(_("Choose the member who sponsors the applicant."), field="member")
        if member.status != Status.FULL:
            raise DomainError(_("Sponsor %(name)s is not a full member.") % {"name": member.person.full_name}, field="member")
        if member.person_id == dossier.person_id:
            raise DomainError(_("An applicant cannot sponsor themself."), field="member")
        if dossier.sponsors.filter(member=member).exists():
            raise DomainError(_("%(name)s is already a sponsor.") % {"name": member.person.full_name}, field="member")
        if known_since is None:
            raise DomainError(_("Give the date since when the sponsor has worked or lived with the applicant."), field="known_since")
        body_name = resolution = ""
    else:
        member = None
        body_name = " ".join(body_name.split())
        if not body_name:
            raise DomainError(_("Name the executive committee that sponsors the applicant."), field="body_name")
    if known_since and known_since > dates.today():
        raise DomainError(_("The date %(date)s is in the future.") % {"date": format_date(known_since)}, field="known_since")
    sponsor = Sponsor.objects.create(dossier=dossier, kind=kind, member=member, body_name=body_name[:255], resolution=resolution.strip()[:128], known_since=known_since)
    _bump(dossier)
    _audit(dossier, actor=actor, action="dossier.sponsor_add", changes={"sponsor": [None, sponsor.name]})
    return sponsor


@transaction.atomic
def sponsor_remove(*, sponsor: Sponsor, actor, reason: str = "") -> None:
    dossier = _lock(sponsor.dossier, None)
    _require_branch_writer(actor, dossier)
    _require_editable(dossier)
    name = sponsor.name
    sponsor.delete()
    _bump(dossier)
    _audit(dossier, actor=actor, action="dossier.sponsor_remove", changes={"sponsor": [name, None]}, reason=reason)


@transaction.atomic
def verification_record(*, dossier: Dossier, on: dt.date, result: str, actor, note: str = "") -> Dossier:
    """Record the conclusion of the background verification (thẩm tra lý lịch)."""
    dossier = _lock(dossier, None)
    _require_branch_writer(actor, dossier)
    _require_editable(dossier)
    if result not in VerificationResult.values:
        raise DomainError(_("Choose the result of the verification."), field="result")
    if on > dates.today() or on < dossier.opened_on:
        raise DomainError(_("The verification date must be between the application date and today."), field="on")
    before = {"verification_on": dossier.verification_on, "verification_result": dossier.verification_result}
    dossier.verification_on, dossier.verification_result, dossier.verification_note = on, result, note[:1000]
    _bump(dossier, "verification_on", "verification_result", "verification_note")
    _audit(dossier, actor=actor, action="dossier.verification", changes=diff(before, {"verification_on": on, "verification_result": result}), reason=note)
    return dossier


@transaction.atomic
def dossier_exceptions_set(*, dossier: Dossier, over_age_consent: str, education_exception: str, actor, reason: str = "") -> Dossier:
    """Record the exceptions the rules allow (over 60 with consent; lower education in
    remote or ethnic-minority areas), each with the decision that grants it."""
    dossier = _lock(dossier, None)
    _require_branch_writer(actor, dossier)
    _require_editable(dossier)
    before = {"over_age_consent": dossier.over_age_consent, "education_exception": dossier.education_exception}
    dossier.over_age_consent = " ".join(over_age_consent.split())[:255]
    dossier.education_exception = " ".join(education_exception.split())[:255]
    changes = diff(before, {"over_age_consent": dossier.over_age_consent, "education_exception": dossier.education_exception})
    if changes:
        _bump(dossier, "over_age_consent", "education_exception")
        _audit(dossier, actor=actor, action="dossier.exceptions", changes=changes, reason=reason)
    return dossier


# --- deadlines --------------------------------------------------------------------------


def _start_deadlines(dossier: Dossier, ruleset: RuleSet, step: Step, anchor_on: dt.date) -> None:
    for kind in step.starts:
        rule = ruleset.deadline(kind)
        Deadline.objects.update_or_create(
            dossier=dossier, kind=kind,
            defaults={"anchor_on": anchor_on, "workdays": rule.workdays, "extension_workdays": 0, "due_on": add_workdays(anchor_on, rule.workdays), "done_on": None},
        )


def _close_deadline(dossier: Dossier, step: Step, on: dt.date, reason: str) -> None:
    """Mark the deadline the step meets; a step taken after its due date needs the reason."""
    if not step.closes:
        return
    deadline = Deadline.objects.filter(dossier=dossier, kind=step.closes, done_on__isnull=True).first()
    if deadline is None:
        return
    if on > deadline.due_on and not reason.strip():
        raise DomainError(
            _("The deadline for this step was %(date)s; record the reason for the delay (or the consent of the superior committee).")
            % {"date": format_date(deadline.due_on)},
            field="reason",
        )
    deadline.done_on = on
    deadline.save(update_fields=["done_on"])


def deadlines_recompute(*, days: list[dt.date]) -> int:
    """Due dates of open deadlines whose count crosses one of ``days`` (after the calendar
    changed). Runs inside the calendar change's transaction."""
    if not days:
        return 0
    changed = 0
    for deadline in Deadline.objects.filter(done_on__isnull=True, anchor_on__lt=max(days)).select_for_update():
        due = add_workdays(deadline.anchor_on, deadline.workdays + deadline.extension_workdays)
        if due != deadline.due_on:
            deadline.due_on = due
            deadline.save(update_fields=["due_on"])
            changed += 1
    return changed


@transaction.atomic
def deadline_extend(*, deadline: Deadline, actor, reason: str) -> Deadline:
    """Grant the extension the rule set allows for this deadline (e.g. 30 working days
    more for the admission decision)."""
    dossier = _lock(deadline.dossier, None)
    if not may_take(actor, dossier, Level.SUPERIOR):
        raise PermissionDenied(_("Only the superior committee may extend this deadline."))
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    rule = get_ruleset(dossier.ruleset).deadline(deadline.kind)
    if not rule.extension_workdays:
        raise DomainError(_("The rules allow no extension of this deadline."))
    if deadline.extension_workdays or deadline.done_on:
        raise DomainError(_("This deadline has already been extended or met."))
    if not reason.strip():
        raise DomainError(_("Give the reason for the extension."), field="reason")
    before = deadline.due_on
    deadline.extension_workdays = rule.extension_workdays
    deadline.due_on = add_workdays(deadline.anchor_on, deadline.workdays + rule.extension_workdays)
    deadline.save(update_fields=["extension_workdays", "due_on"])
    _bump(dossier)
    _audit(dossier, actor=actor, action="dossier.deadline_extend", changes={deadline.kind: [before.isoformat(), deadline.due_on.isoformat()]}, reason=reason)
    return deadline


# --- transitions ------------------------------------------------------------------------


def _record_vote(dossier: Dossier, step: Step, data: VoteData, ruleset: RuleSet) -> Vote:
    if data is None:
        raise DomainError(_("Record the result of the vote."), field="votes_for")
    if data.eligible <= 0:
        raise DomainError(_("The number of members entitled to vote must be positive."), field="eligible")
    if data.votes_for + data.votes_against > data.eligible:
        raise DomainError(
            _("%(cast)s votes were counted but only %(eligible)s members are entitled to vote.")
            % {"cast": data.votes_for + data.votes_against, "eligible": data.eligible},
            field="votes_for",
        )
    if step.vote in (VoteStep.BRANCH_ADMISSION, VoteStep.BRANCH_RECOGNITION):
        full = full_members_count(dossier.organization, data.held_on)
        if data.eligible > full:
            raise DomainError(
                _("On %(date)s %(org)s had %(full)s full members; %(eligible)s cannot be entitled to vote.")
                % {"date": format_date(data.held_on), "org": dossier.organization.name, "full": full, "eligible": data.eligible},
                field="eligible",
            )
    threshold = ruleset.vote_threshold
    passed = data.votes_for * threshold.denominator >= data.eligible * threshold.numerator
    rejected = not passed and data.votes_against * threshold.denominator >= data.eligible * threshold.numerator
    return Vote.objects.create(
        dossier=dossier, step=step.vote, held_on=data.held_on, eligible=data.eligible, votes_for=data.votes_for,
        votes_against=data.votes_against, threshold_numerator=threshold.numerator, threshold_denominator=threshold.denominator,
        passed=passed, rejected=rejected and step.vote == VoteStep.BRANCH_RECOGNITION, resolution_number=data.resolution_number.strip()[:64],
    )


def _require_documents(dossier: Dossier, step: Step, on: dt.date) -> None:
    received = dict(dossier.documents.filter(received_on__lte=on).values_list("kind", "received_on"))
    missing = [kind for kind in step.documents if kind not in received]
    if missing:
        raise DomainError(
            _("The dossier of %(name)s lacks: %(forms)s.")
            % {"name": dossier.person.full_name, "forms": "; ".join(f"{kind} ({DOCUMENT_LABELS[kind]})" for kind in missing)}
        )


def _require_decision(data: DecisionData | None) -> DecisionData:
    if data is None or not data.number.strip() or not data.signer_name.strip() or not data.signer_title.strip():
        raise DomainError(_("Record the number, date and signer of the decision."), field="number")
    return data


@transaction.atomic
def dossier_advance(
    *, dossier: Dossier, action: str, on: dt.date, actor, expected_version: int | None = None, reason: str = "",
    vote: VoteData | None = None, decision: DecisionData | None = None,
) -> Outcome:
    """Take the step ``action`` of the dossier's procedure on ``on``. A vote below the
    threshold is recorded and leaves the state as it was. Two users acting on the same
    dossier at once: the row lock and the version make the second one fail."""
    dossier = _lock(dossier, expected_version)
    ruleset = get_ruleset(dossier.ruleset)
    step = next((s for s in steps_for(dossier) if s.action == action), None)
    if step is None:
        raise DomainError(
            _("“%(step)s” cannot follow the step “%(state)s” of the dossier of %(name)s.")
            % {"step": ruleset.step(action).label, "state": dossier.get_state_display(), "name": dossier.person.full_name}
        )
    if not may_take(actor, dossier, step.level):
        raise PermissionDenied(_("“%(step)s” is taken by the superior committee, not by the branch.") % {"step": step.label}
                               if step.level == Level.SUPERIOR else _("You may not change records of %(org)s.") % {"org": dossier.organization.name})
    if step.vote:
        on = vote.held_on if vote else on
    if decision is not None:
        on = decision.signed_on
    if on > dates.today():
        raise DomainError(_("The date %(date)s is in the future.") % {"date": format_date(on)}, field="on")
    last = dossier.events.order_by("-on", "-pk").values_list("on", flat=True).first()
    if last and on < last:
        raise DomainError(_("This step cannot be dated before the previous one (%(date)s).") % {"date": format_date(last)}, field="on")
    _require_documents(dossier, step, on)
    from_state = dossier.state
    result = _PERFORM[step.action](dossier, step, ruleset, on=on, actor=actor, reason=reason, vote=vote, decision=decision)
    if result is False:
        _bump(dossier)
        _event(dossier, action=f"{step.action}_not_passed", from_state=from_state, on=on, actor=actor, reason=reason)
        recorded = dossier.votes.order_by("-pk").first()
        _audit(dossier, actor=actor, action=f"dossier.{step.action}", changes={"vote": [None, f"{recorded.votes_for}/{recorded.eligible}"]}, reason=reason)
        return Outcome(dossier, advanced=False, vote=recorded)
    _close_deadline(dossier, step, on, reason)
    dossier.state = result if isinstance(result, str) else step.to_state
    if dossier.state in FINAL_STATES:
        dossier.ended_on = on
        Deadline.objects.filter(dossier=dossier, done_on__isnull=True).update(done_on=on)
    _start_deadlines(dossier, ruleset, step, _deadline_anchor(dossier, step, on))
    _bump(dossier, "state", "ended_on", "branch_resolved_on", "decided_on", "decision_received_on", "ceremony_on",
          "probation_ends_on", "recognized_on", "member")
    _event(dossier, action=step.action, from_state=from_state, on=on, actor=actor, reason=reason)
    _audit(dossier, actor=actor, action=f"dossier.{step.action}", changes={"state": [from_state, dossier.state]}, reason=reason)
    return Outcome(dossier, advanced=True, vote=dossier.votes.order_by("-pk").first() if step.vote else None)


def _deadline_anchor(dossier: Dossier, step: Step, on: dt.date) -> dt.date:
    if step.action == "admission_decision":
        return dossier.decision_received_on
    if step.action == "ceremony":
        return dossier.probation_ends_on
    return on


# Each returns False when the vote did not pass (the state stays), True to move to the
# step's state, or another state to move to instead.


def _branch_resolution(dossier, step, ruleset, *, on, actor, reason, vote, decision):
    problems = eligibility.failures(eligibility.admission_checks(dossier, on))
    if problems:
        raise DomainError(" ".join(problems))
    recorded = _record_vote(dossier, step, vote, ruleset)
    if not recorded.passed:
        return False
    dossier.branch_resolved_on = on
    return True


def _committee_vote(dossier, step, ruleset, *, on, actor, reason, vote, decision):
    return _record_vote(dossier, step, vote, ruleset).passed


def _admission_decision(dossier, step, ruleset, *, on, actor, reason, vote, decision):
    data = _require_decision(decision)
    received = data.received_on or data.signed_on
    if received < data.signed_on or received > dates.today():
        raise DomainError(_("The decision cannot be received before it is signed or after today."), field="received_on")
    Decision.objects.create(dossier=dossier, kind=DecisionKind.ADMISSION, number=data.number.strip(), signed_on=data.signed_on,
                            signer_name=data.signer_name.strip(), signer_title=data.signer_title.strip())
    dossier.member = member_admit(person=dossier.person, organization=dossier.organization, admitted_on=data.signed_on, actor=actor, reason=reason)
    dossier.decided_on, dossier.decision_received_on = data.signed_on, received
    if dossier.candidate_id:
        Candidate.objects.filter(pk=dossier.candidate_id).update(status=CandidateStatus.ADMITTED, ended_on=data.signed_on, end_reason=data.number.strip())
        Mentorship.objects.filter(candidate_id=dossier.candidate_id, ended_on__isnull=True).update(ended_on=data.signed_on)
    return True


def _ceremony(dossier, step, ruleset, *, on, actor, reason, vote, decision):
    if dossier.member.status not in ACTIVE_STATUSES:
        raise DomainError(_("%(name)s is no longer an active member.") % {"name": dossier.person.full_name})
    member_record_ceremony(member=dossier.member, on=on, actor=actor, reason=reason)
    dossier.ceremony_on = on
    dossier.probation_ends_on = eligibility.add_months(on, ruleset.probation_months)
    return True


def _recognition_resolution(dossier, step, ruleset, *, on, actor, reason, vote, decision):
    problems = eligibility.failures(eligibility.recognition_checks(dossier, on))
    recorded = _record_vote(dossier, step, vote, ruleset)
    if recorded.rejected:
        return State.REMOVAL_PROPOSED
    if recorded.passed and problems:
        raise DomainError(" ".join(problems))
    return recorded.passed


def _recognition_decision(dossier, step, ruleset, *, on, actor, reason, vote, decision):
    data = _require_decision(decision)
    problems = eligibility.failures(eligibility.recognition_checks(dossier, on))
    if problems:
        raise DomainError(" ".join(problems))
    Decision.objects.create(dossier=dossier, kind=DecisionKind.RECOGNITION, number=data.number.strip(), signed_on=data.signed_on,
                            signer_name=data.signer_name.strip(), signer_title=data.signer_title.strip())
    # Recognized as of the day the 12 months ended, however late the decision came.
    member_recognize(member=dossier.member, on=dossier.probation_ends_on, actor=actor, reason=data.number.strip())
    dossier.recognized_on = dossier.probation_ends_on
    return True


def _removal_decision(dossier, step, ruleset, *, on, actor, reason, vote, decision):
    data = _require_decision(decision)
    Decision.objects.create(dossier=dossier, kind=DecisionKind.REMOVAL, number=data.number.strip(), signed_on=data.signed_on,
                            signer_name=data.signer_name.strip(), signer_title=data.signer_title.strip())
    member_end(member=dossier.member, status=Status.REMOVED, on=data.signed_on, actor=actor,
               reason=reason.strip() or _("Not recognized as a full member (decision %(number)s).") % {"number": data.number.strip()})
    return True


def _close(dossier, step, ruleset, *, on, actor, reason, vote, decision):
    if not reason.strip():
        raise DomainError(_("Give the reason for closing the dossier."), field="reason")
    return True


_PERFORM = {
    "branch_resolution": _branch_resolution,
    "committee_resolution": _committee_vote,
    "admission_decision": _admission_decision,
    "ceremony": _ceremony,
    "recognition_resolution": _recognition_resolution,
    "recognition_committee_resolution": _committee_vote,
    "recognition_decision": _recognition_decision,
    "removal_decision": _removal_decision,
    "close": _close,
}
