"""Every change of a member: registration, recognition, transfers, end of membership and
moves by reorganization. Each is atomic, validated and audited; each appends a period so
the member's history has no gaps and no overlaps."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pdms.audit.services import audit_bulk, audit_entry, audit_record, diff
from pdms.core import citizen_id as cid
from pdms.core import dates
from pdms.core.dates import format_date, full_years
from pdms.core.errors import DomainError
from pdms.organizations.models import Organization, ReorgEvent

from .identity import person_for_citizen_id
from .models import ACTIVE_STATUSES, Member, MemberPeriod, Person, Sex, StartEvent, Status, TemporaryTransfer

MIN_ADMISSION_AGE = 18


@dataclass
class PersonData:
    family_name: str
    middle_name: str
    given_name: str
    birth_date: dt.date
    sex: str
    citizen_id: str
    ethnicity: str = ""
    religion: str = ""
    hometown: str = ""
    education: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.family_name, self.middle_name, self.given_name) if p)


PERSON_FIELDS = ("family_name", "middle_name", "given_name", "birth_date", "sex", "ethnicity", "religion", "hometown", "education")


def validate_person(data: PersonData) -> str:
    """Check the personal data; return the cleaned citizen ID."""
    if not data.given_name.strip():
        raise DomainError(_("The full name is required."), field="full_name")
    if data.sex not in Sex.values:
        raise DomainError(_("Sex must be Male or Female."), field="sex")
    return cid.validate_citizen_id(data.citizen_id, birth_date=data.birth_date, sex=data.sex)


def validate_membership_dates(
    *, birth_date: dt.date, admitted_on: dt.date, ceremony_on: dt.date | None, recognized_on: dt.date | None, today: dt.date
) -> None:
    if admitted_on > today:
        raise DomainError(_("The admission date %(date)s is in the future.") % {"date": format_date(admitted_on)}, field="admitted_on")
    if full_years(birth_date, admitted_on) < MIN_ADMISSION_AGE:
        raise DomainError(
            _("On the admission date %(date)s the person was not yet %(age)s years old.")
            % {"date": format_date(admitted_on), "age": MIN_ADMISSION_AGE},
            field="admitted_on",
        )
    if ceremony_on and ceremony_on < admitted_on:
        raise DomainError(_("The ceremony cannot be before the admission decision."), field="ceremony_on")
    if recognized_on:
        if recognized_on <= admitted_on:
            raise DomainError(_("The recognition date must be after the admission date."), field="recognized_on")
        if recognized_on > today:
            raise DomainError(_("The recognition date %(date)s is in the future.") % {"date": format_date(recognized_on)}, field="recognized_on")


def _open_period(member: Member) -> MemberPeriod:
    return MemberPeriod.objects.select_for_update().get(member=member, valid_to__isnull=True)


def _append_period(
    member: Member,
    on: dt.date,
    *,
    status: str,
    organization: Organization,
    start_event: str,
    reorg_event: ReorgEvent | None = None,
    note: str = "",
) -> MemberPeriod:
    _check_not_future(on)
    current = _open_period(member)
    if on < current.valid_from:
        raise DomainError(
            _("%(name)s already has a change dated %(current)s; a change dated %(date)s would rewrite history.")
            % {"name": member.person.full_name, "current": format_date(current.valid_from), "date": format_date(on)},
            field="on",
        )
    current.valid_to = on
    current.save(update_fields=["valid_to"])
    period = MemberPeriod.objects.create(
        member=member,
        organization=organization,
        status=status,
        valid_from=on,
        start_event=start_event,
        prev_organization_id=current.organization_id,
        prev_status=current.status,
        reorg_event=reorg_event,
        note=note,
    )
    member.status = status
    member.organization = organization
    member.save(update_fields=["status", "organization"])
    return period


def _require_active(member: Member) -> None:
    if member.status not in ACTIVE_STATUSES:
        raise DomainError(
            _("%(name)s is not an active member (status: %(status)s).")
            % {"name": member.person.full_name, "status": member.get_status_display()}
        )


def _audit(member: Member, *, actor, action: str, changes: dict, reason: str = "", organization: Organization | None = None) -> None:
    """Record against ``organization`` (default: the member's current one), whose subtree
    may read the entry."""
    audit_record(
        actor=actor, action=action, obj=member, object_type="member", organization=organization or member.organization,
        changes=changes, reason=reason,
    )


def _check_not_future(on: dt.date, field: str = "on") -> None:
    if on > dates.today():
        raise DomainError(_("The date %(date)s is in the future.") % {"date": format_date(on)}, field=field)


def initial_periods(member: Member, *, start_event: str = StartEvent.ADMISSION, start_on: dt.date | None = None) -> list[MemberPeriod]:
    """The periods of a member registered with known dates: probationary from admission
    (or arrival) and full from recognition. Unsaved, for bulk writers too."""
    start = start_on or member.admitted_on
    if member.recognized_on and member.recognized_on <= start:
        return [MemberPeriod(member=member, organization=member.organization, status=Status.FULL, valid_from=start, start_event=start_event)]
    periods = [
        MemberPeriod(
            member=member,
            organization=member.organization,
            status=Status.PROBATIONARY,
            valid_from=start,
            valid_to=member.recognized_on,
            start_event=start_event,
        )
    ]
    if member.recognized_on:
        periods.append(
            MemberPeriod(
                member=member,
                organization=member.organization,
                status=Status.FULL,
                valid_from=member.recognized_on,
                start_event=StartEvent.RECOGNITION,
                prev_organization=member.organization,
                prev_status=Status.PROBATIONARY,
            )
        )
    return periods


def person_build(data: PersonData, citizen_id: str) -> Person:
    person = Person(**{f: getattr(data, f) for f in PERSON_FIELDS})
    person.set_citizen_id(citizen_id)
    person.fill_derived()
    return person


def person_create(data: PersonData, citizen_id: str) -> Person:
    """Save a new person; someone registering the same ID meanwhile is a DomainError that
    says no more than the lookup before it did."""
    try:
        with transaction.atomic():
            person = person_build(data, citizen_id)
            person.save()
    except IntegrityError:
        raise DomainError(_("A person with this citizen ID is already registered."), field="citizen_id")
    return person


def member_register(
    *,
    person: PersonData,
    organization: Organization,
    admitted_on: dt.date,
    actor,
    ceremony_on: dt.date | None = None,
    recognized_on: dt.date | None = None,
    card_number: str = "",
    arrived_on: dt.date | None = None,
    reason: str = "",
    today: dt.date,
) -> Member:
    """Register a member with known dates (data entry of an existing member, or admission).
    With ``arrived_on`` the member arrives by transfer from outside the system on that date
    instead of being admitted here."""
    citizen_id = validate_person(person)
    validate_membership_dates(
        birth_date=person.birth_date, admitted_on=admitted_on, ceremony_on=ceremony_on, recognized_on=recognized_on, today=today
    )
    if organization.ended_on is not None:
        raise DomainError(_("%(org)s has been dissolved.") % {"org": organization.name}, field="organization")
    if arrived_on is not None and (arrived_on < admitted_on or arrived_on > today):
        raise DomainError(_("The arrival date must be between the admission date and today."), field="arrived_on")
    # Looked up before the change's transaction, so the audited lookup stays when it fails.
    if person_for_citizen_id(number=citizen_id, actor=actor, purpose="member.register") is not None:
        raise DomainError(
            _("A person with citizen ID ending %(last4)s is already registered.") % {"last4": citizen_id[-4:]}, field="citizen_id"
        )
    return _register(
        person=person, citizen_id=citizen_id, organization=organization, admitted_on=admitted_on, actor=actor,
        ceremony_on=ceremony_on, recognized_on=recognized_on, card_number=card_number, arrived_on=arrived_on, reason=reason,
    )


@transaction.atomic
def _register(
    *, person: PersonData, citizen_id: str, organization: Organization, admitted_on: dt.date, actor, ceremony_on: dt.date | None,
    recognized_on: dt.date | None, card_number: str, arrived_on: dt.date | None, reason: str,
) -> Member:
    new_person = person_create(person, citizen_id)
    start_status = Status.FULL if recognized_on and arrived_on and recognized_on <= arrived_on else Status.PROBATIONARY
    member = Member.objects.create(
        person=new_person,
        admitted_on=admitted_on,
        ceremony_on=ceremony_on,
        recognized_on=recognized_on,
        card_number=(card_number or "").strip(),
        status=start_status,
        organization=organization,
    )
    periods = initial_periods(
        member,
        start_event=StartEvent.TRANSFER_IN if arrived_on else StartEvent.ADMISSION,
        start_on=arrived_on,
    )
    MemberPeriod.objects.bulk_create(periods)
    member.status = periods[-1].status
    member.save(update_fields=["status"])
    _audit(
        member,
        actor=actor,
        action="member.register",
        changes=diff({}, {f: getattr(person, f) for f in PERSON_FIELDS})
        | diff({}, {"organization": organization.code, "admitted_on": admitted_on, "recognized_on": recognized_on, "card_number": member.card_number}),
        reason=reason,
    )
    return member


@transaction.atomic
def member_admit(*, person: Person, organization: Organization, admitted_on: dt.date, actor, reason: str = "") -> Member:
    """Admit a person already known to the system (a candidate) as a probationary member of
    ``organization`` from the date of the admission decision."""
    validate_membership_dates(birth_date=person.birth_date, admitted_on=admitted_on, ceremony_on=None, recognized_on=None, today=dates.today())
    if organization.ended_on is not None:
        raise DomainError(_("%(org)s has been dissolved.") % {"org": organization.name}, field="organization")
    if Member.objects.filter(person=person).exists():
        raise DomainError(_("%(name)s is already a Party member.") % {"name": person.full_name})
    member = Member.objects.create(person=person, admitted_on=admitted_on, status=Status.PROBATIONARY, organization=organization)
    MemberPeriod.objects.bulk_create(initial_periods(member))
    _audit(member, actor=actor, action="member.admit", changes=diff({}, {"organization": organization.code, "admitted_on": admitted_on}), reason=reason)
    return member


@transaction.atomic
def member_record_ceremony(*, member: Member, on: dt.date, actor, reason: str = "") -> Member:
    """Record the admission ceremony, from which the 12 months of probation run."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    _check_not_future(on)
    if on < member.admitted_on:
        raise DomainError(_("The ceremony cannot be before the admission decision."), field="on")
    before = member.ceremony_on
    member.ceremony_on = on
    member.save(update_fields=["ceremony_on"])
    _audit(member, actor=actor, action="member.ceremony", changes=diff({"ceremony_on": before}, {"ceremony_on": on}), reason=reason)
    return member


def member_update_person(*, member: Member, data: PersonData, actor, reason: str = "") -> Member:
    """Correct personal data (the citizen ID included)."""
    citizen_id = validate_person(data)
    if citizen_id != member.person.citizen_id:
        # Looked up before the change's transaction, so the audited lookup stays when it fails.
        holder = person_for_citizen_id(number=citizen_id, actor=actor, purpose="member.update")
        if holder is not None and holder.pk != member.person_id:
            raise DomainError(_("Another person already has this citizen ID."), field="citizen_id")
    return _update_person(member=member, data=data, citizen_id=citizen_id, actor=actor, reason=reason)


@transaction.atomic
def _update_person(*, member: Member, data: PersonData, citizen_id: str, actor, reason: str) -> Member:
    person = Person.objects.select_for_update().get(pk=member.person_id)
    before = {f: getattr(person, f) for f in PERSON_FIELDS}
    for f in PERSON_FIELDS:
        setattr(person, f, getattr(data, f))
    changes = diff(before, {f: getattr(person, f) for f in PERSON_FIELDS})
    if citizen_id != person.citizen_id:
        person.set_citizen_id(citizen_id)
        changes["citizen_id"] = ["•••", "•••" + citizen_id[-4:]]
    if not changes:
        return member
    person.save()
    member.person = person
    _audit(member, actor=actor, action="member.update", changes=changes, reason=reason)
    return member


@transaction.atomic
def member_recognize(*, member: Member, on: dt.date, actor, reason: str = "") -> Member:
    """Recognize a probationary member as a full member from ``on``."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != Status.PROBATIONARY:
        raise DomainError(_("%(name)s is not a probationary member.") % {"name": member.person.full_name})
    if on <= member.admitted_on:
        raise DomainError(_("The recognition date must be after the admission date."), field="on")
    _append_period(member, on, status=Status.FULL, organization=member.organization, start_event=StartEvent.RECOGNITION)
    member.recognized_on = on
    member.save(update_fields=["recognized_on"])
    _audit(member, actor=actor, action="member.recognize", changes={"status": [Status.PROBATIONARY, Status.FULL], "recognized_on": [None, on.isoformat()]}, reason=reason)
    return member


@transaction.atomic
def member_transfer_start(
    *, member: Member, on: dt.date, actor, destination: Organization | None = None, destination_name: str = "", reason: str = ""
) -> Member:
    """Start a permanent transfer. To an organization in the system the member is in
    transit until it receives them; elsewhere they leave the rolls here."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    _require_active(member)
    source = member.organization
    before = member.status
    if destination is not None:
        if destination.pk == source.pk:
            raise DomainError(_("The member already belongs to %(org)s.") % {"org": destination.name}, field="destination")
        if destination.ended_on is not None:
            raise DomainError(_("%(org)s has been dissolved.") % {"org": destination.name}, field="destination")
        _append_period(member, on, status=Status.IN_TRANSIT, organization=destination, start_event=StartEvent.TRANSFER_OUT, note=source.code)
        target = destination.code
    else:
        name = " ".join((destination_name or "").split())
        if not name:
            raise DomainError(_("Name the organization the member is transferring to."), field="destination_name")
        _append_period(member, on, status=Status.TRANSFERRED_OUT, organization=source, start_event=StartEvent.TRANSFER_OUT, note=name[:255])
        target = name
    _audit(
        member, actor=actor, action="member.transfer_start", changes={"organization": [source.code, target], "status": [before, member.status]},
        reason=reason, organization=source,
    )
    return member


@transaction.atomic
def member_transfer_receive(*, member: Member, on: dt.date, actor, reason: str = "") -> Member:
    """The receiving organization takes in a member in transit."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != Status.IN_TRANSIT:
        raise DomainError(_("%(name)s is not being transferred.") % {"name": member.person.full_name})
    transit = _open_period(member)
    destination = transit.organization
    if destination.ended_on is not None:
        raise DomainError(_("%(org)s has been dissolved.") % {"org": destination.name}, field="destination")
    _append_period(member, on, status=transit.prev_status, organization=destination, start_event=StartEvent.TRANSFER_IN, note=transit.note)
    _audit(member, actor=actor, action="member.transfer_receive", changes={"status": [Status.IN_TRANSIT, member.status], "organization": [transit.note, destination.code]}, reason=reason)
    return member


@transaction.atomic
def member_transfer_temporary(
    *, member: Member, start_on: dt.date, end_on: dt.date, actor, host: Organization | None = None, host_name: str = "", reason: str = ""
) -> TemporaryTransfer:
    """Record temporary activity elsewhere; the member stays counted where they are."""
    _require_active(member)
    _check_not_future(start_on, "start_on")
    if end_on <= start_on:
        raise DomainError(_("The end date must be after the start date."), field="end_on")
    if host is None and not host_name.strip():
        raise DomainError(_("Name the host organization."), field="host_name")
    if host is not None and host.pk == member.organization_id:
        raise DomainError(_("The host must be another organization."), field="host")
    overlap = member.temporary_transfers.filter(start_on__lt=end_on, end_on__gt=start_on).exists()
    if overlap:
        raise DomainError(_("This overlaps another temporary transfer of the member."), field="start_on")
    transfer = TemporaryTransfer.objects.create(
        member=member, host=host, host_name=(host.name if host else host_name.strip())[:255], start_on=start_on, end_on=end_on, note=reason[:255]
    )
    _audit(member, actor=actor, action="member.transfer_temporary", changes={"temporary_host": [None, transfer.host_name], "from": [None, start_on.isoformat()], "to": [None, end_on.isoformat()]}, reason=reason)
    return transfer


_ENDINGS = {
    Status.DECEASED: StartEvent.DEATH,
    Status.REMOVED: StartEvent.REMOVAL,
    Status.EXPELLED: StartEvent.EXPULSION,
}


@transaction.atomic
def member_end(*, member: Member, status: str, on: dt.date, actor, reason: str = "") -> Member:
    """End the membership: death, removal from the rolls (xóa tên) or expulsion."""
    if status not in _ENDINGS:
        raise DomainError(_("Unknown way of ending membership."), field="status")
    member = Member.objects.select_for_update().get(pk=member.pk)
    _require_active(member)
    if status in (Status.REMOVED, Status.EXPELLED) and not (reason or "").strip():
        raise DomainError(_("Give the reason and the decision for this."), field="reason")
    before = member.status
    _append_period(member, on, status=status, organization=member.organization, start_event=_ENDINGS[status])
    _audit(member, actor=actor, action="member.end", changes={"status": [before, status]}, reason=reason)
    return member


def members_move_for_reorganization(*, moves: dict[int, Organization], on: dt.date, event: ReorgEvent, actor) -> None:
    """Move members to new organizations because of a reorganization (runs inside the
    reorganization's transaction)."""
    entries = []
    for member in Member.objects.select_for_update().filter(pk__in=list(moves)).select_related("person", "organization"):
        target = moves[member.pk]
        source_code = member.organization.code
        _append_period(member, on, status=member.status, organization=target, start_event=StartEvent.REORGANIZATION, reorg_event=event)
        entries.append(
            audit_entry(
                actor=actor,
                action="member.reorganize",
                obj=member,
                object_type="member",
                organization=target,
                changes={"organization": [source_code, target.code]},
                reason=event.reason or str(event),
            )
        )
    audit_bulk(entries)
