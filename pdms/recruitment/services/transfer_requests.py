"""Taking over a person held outside the asking branch's scope: the branch asks by the
person's citizen ID, the holder's staff accept (the person moves onto the branch's list)
or refuse. Asking is a citizen ID lookup like any other: audited and throttled."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pdms.audit.services import audit_record
from pdms.core import citizen_id as cid
from pdms.core.dates import today
from pdms.core.errors import DomainError, PermissionDenied
from pdms.members.identity import citizen_id_lookup, holder_id, scope_of_actor, with_holder
from pdms.members.models import Member, Person
from pdms.organizations.models import Organization

from ..models import Candidate, CandidateStatus, Origin, RequestStatus, TransferRequest
from .sources import _check_list_keeper, candidate_transfer, put_on_list

CARRIED_FIELDS = ("group", "education_level", "occupation", "ethnic_minority", "religious", "youth_union_member", "residential_area")


def _audit(request: TransferRequest, *, actor, action: str, changes: dict, reason: str = "") -> None:
    # Recorded for the asking branch: the entry names no one.
    audit_record(
        actor=actor, action=action, obj=request, object_type="transfer_request", organization=request.organization,
        changes=changes, reason=reason,
    )


def transfer_request_create(*, organization: Organization, citizen_id: str, note: str, actor) -> TransferRequest:
    """Ask, for the branch ``organization``, to take over the person with ``citizen_id``,
    who must be held outside the actor's scope. The answer does not say who or where."""
    _check_list_keeper(organization)
    scope_of_actor(actor).require_write(organization)
    number = cid.validate_citizen_id(citizen_id)
    # Looked up before the change's transaction, so the audited lookup stays when it fails.
    lookup = citizen_id_lookup(numbers=[number], actor=actor, purpose="transfer_request.create")
    if number in lookup.found:
        raise DomainError(_("This person is within your organizations; put them on the list directly."), field="citizen_id")
    if number not in lookup.elsewhere:
        raise DomainError(_("No one is recorded with this citizen ID; add them as a new person."), field="citizen_id")
    return _create(organization=organization, number=number, note=note, actor=actor)


@transaction.atomic
def _create(*, organization: Organization, number: str, note: str, actor) -> TransferRequest:
    person = with_holder(Person.objects.filter(citizen_id_hash=cid.blind_index(number))).get()
    if TransferRequest.objects.filter(person=person, organization=organization, status=RequestStatus.PENDING).exists():
        raise DomainError(
            _("%(org)s has already asked for this person; wait for the answer.") % {"org": organization.name}, field="citizen_id"
        )
    request = TransferRequest.objects.create(
        person=person, organization=organization, held_by_id=holder_id(person), citizen_id_last4=number[-4:],
        note=(note or "").strip(), requested_by=actor if getattr(actor, "pk", None) else None,
    )
    _audit(request, actor=actor, action="transfer_request.create", changes={"status": [None, request.status]}, reason=request.note)
    return request


def _lock(request: TransferRequest) -> TransferRequest:
    return TransferRequest.objects.select_for_update(of=("self",)).select_related("person", "organization").get(pk=request.pk)


def _require_answerable(request: TransferRequest, actor) -> None:
    """Pending, and the actor may change the records of the person's holder today."""
    if request.status != RequestStatus.PENDING:
        raise DomainError(_("This request has already been answered (%(status)s).") % {"status": request.get_status_display()})
    person = with_holder(Person.objects.filter(pk=request.person_id)).get()
    held_by, scope = Organization.objects.filter(pk=holder_id(person)).first(), scope_of_actor(actor)
    if not (scope.can_write_org(held_by) if held_by is not None else scope.is_admin):
        raise PermissionDenied(_("Only the staff of the organization that holds this person may answer the request."))


def _decide(request: TransferRequest, *, status: str, answer: str, actor) -> None:
    before = request.status
    request.status, request.answer = status, (answer or "").strip()
    request.decided_by = actor if getattr(actor, "pk", None) else None
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "answer", "decided_by", "decided_at", "candidate"])
    _audit(request, actor=actor, action=f"transfer_request.{status}", changes={"status": [before, status]}, reason=request.answer)


@transaction.atomic
def transfer_request_accept(*, request: TransferRequest, actor, answer: str = "") -> TransferRequest:
    """The holder agrees: the person is put on the asking branch's list from today, moved
    from the holder's list when they are on it, else with the data of their last candidacy."""
    request = _lock(request)
    _require_answerable(request, actor)
    person, organization = request.person, request.organization
    if Member.objects.filter(person=person).exists():
        raise DomainError(
            _("%(name)s is a Party member; a member moves by a transfer of Party activities (chuyển sinh hoạt đảng), so refuse the request.")
            % {"name": person.full_name}
        )
    reason = _("Transfer request from %(org)s") % {"org": organization.name}
    candidacies = Candidate.objects.filter(person=person).select_related("organization", "group").order_by("-added_on", "-pk")
    current = candidacies.filter(ended_on__isnull=True).first()
    if current is not None:
        request.candidate = candidate_transfer(candidate=current, organization=organization, on=today(), actor=actor, reason=reason)
    else:
        last = candidacies.exclude(status=CandidateStatus.ADMITTED).first()
        if last is None:
            raise DomainError(_("%(name)s has never been on a source list; refuse the request.") % {"name": person.full_name})
        request.candidate = put_on_list(
            organization=organization, person=person, added_on=today(), actor=actor, origin=Origin.TRANSFERRED_IN,
            origin_note=f"{last.organization.name} ({last.organization.code})"[:255],
            **{f: getattr(last, f) for f in CARRIED_FIELDS},
        )
    _decide(request, status=RequestStatus.ACCEPTED, answer=answer, actor=actor)
    return request


@transaction.atomic
def transfer_request_refuse(*, request: TransferRequest, actor, answer: str) -> TransferRequest:
    """The holder declines, saying why; the asking branch reads the answer, not the person."""
    request = _lock(request)
    _require_answerable(request, actor)
    if not (answer or "").strip():
        raise DomainError(_("Say why the request is refused."), field="answer")
    _decide(request, status=RequestStatus.REFUSED, answer=answer, actor=actor)
    return request
