"""Members built in memory with exactly the rows that ``pdms.members.services`` would write:
people made by ``person_build``, the first periods by ``initial_periods``, then one period
appended per change (closing the open one and remembering what it replaced), the member's
current state copied from the open period, and an audit entry per change.

As in ``org_ledger``, a failed check is a bug of the demo scenario (AssertionError); the
personal data and dates still go through the services' own validators.
"""

import datetime as dt

from pdms.audit.models import AuditEntry
from pdms.audit.services import audit_entry, diff
from pdms.members.models import ACTIVE_STATUSES, Member, MemberPeriod, Person, StartEvent, Status, TemporaryTransfer
from pdms.members.services import (
    PERSON_FIELDS,
    PersonData,
    initial_periods,
    person_build,
    validate_membership_dates,
    validate_person,
)
from pdms.organizations.models import Organization, ReorgEvent

from .org_ledger import REASON, OrgLedger
from .rows import Ids, Rows

ENDINGS = {Status.DECEASED: StartEvent.DEATH, Status.REMOVED: StartEvent.REMOVAL, Status.EXPELLED: StartEvent.EXPULSION}


class MemberLedger:
    def __init__(self, ids: Ids, rows: Rows, orgs: OrgLedger, today: dt.date):
        self.ids = ids
        self.rows = rows
        self.orgs = orgs
        self.today = today
        self.by_id: dict[int, Member] = {}
        self.open: dict[int, MemberPeriod] = {}
        self.members_in: dict[int, dict[int, None]] = {}  # organization id -> its active members
        orgs.members = self

    def active_in(self, org_ids) -> list[int]:
        return [m for org_id in sorted(org_ids) for m in self.members_in.get(org_id, {})]

    def count_in(self, org_id: int, status: str | None = None) -> int:
        members = self.members_in.get(org_id, {})
        if status is None:
            return len(members)
        return sum(1 for m in members if self.by_id[m].status == status)

    def _audit(self, member: Member, action: str, changes: dict, reason: str, organization: Organization | None = None) -> None:
        entry = audit_entry(
            actor=None,
            action=action,
            obj=member,
            object_type="member",
            organization=organization or member.organization,
            changes=changes,
            reason=reason,
        )
        entry.id = self.ids.take(AuditEntry)
        self.rows.add(entry)

    def _track(self, member: Member, period: MemberPeriod, previous: MemberPeriod | None) -> None:
        if previous is not None and previous.status in ACTIVE_STATUSES:
            self.members_in[previous.organization_id].pop(member.id, None)
        if period.status in ACTIVE_STATUSES:
            self.members_in.setdefault(period.organization_id, {})[member.id] = None
        self.open[member.id] = period

    def _append(
        self, member: Member, on: dt.date, *, status: str, organization: Organization, start_event: str, reorg_event=None, note=""
    ) -> MemberPeriod:
        current = self.open[member.id]
        assert on >= current.valid_from, (member.id, on)
        current.valid_to = on
        period = MemberPeriod(
            id=self.ids.take(MemberPeriod),
            member_id=member.id,
            organization_id=organization.id,
            status=status,
            valid_from=on,
            start_event=start_event,
            prev_organization_id=current.organization_id,
            prev_status=current.status,
            reorg_event_id=reorg_event.id if reorg_event else None,
            note=note,
        )
        self.rows.add(period)
        member.status = status
        member.organization = organization
        self._track(member, period, current)
        return period

    def register(
        self,
        data: PersonData,
        *,
        organization: Organization,
        admitted_on: dt.date,
        ceremony_on: dt.date | None = None,
        recognized_on: dt.date | None = None,
        card_number: str = "",
        arrived_on: dt.date | None = None,
        reason: str = REASON,
    ) -> Member:
        citizen_id = validate_person(data)
        validate_membership_dates(
            birth_date=data.birth_date,
            admitted_on=admitted_on,
            ceremony_on=ceremony_on,
            recognized_on=recognized_on,
            today=self.today,
        )
        assert organization.ended_on is None and (arrived_on is None or admitted_on <= arrived_on <= self.today)
        person = person_build(data, citizen_id)
        person.id = self.ids.take(Person)
        member = Member(
            id=self.ids.take(Member),
            person=person,
            admitted_on=admitted_on,
            ceremony_on=ceremony_on,
            recognized_on=recognized_on,
            card_number=card_number,
            status=Status.PROBATIONARY,
            organization=organization,
        )
        periods = initial_periods(
            member, start_event=StartEvent.TRANSFER_IN if arrived_on else StartEvent.ADMISSION, start_on=arrived_on
        )
        for period in periods:
            period.id = self.ids.take(MemberPeriod)
        member.status = periods[-1].status
        self.rows.add(person)
        self.rows.add(member)
        self.rows.extend(periods)
        self.by_id[member.id] = member
        self._track(member, periods[-1], None)
        self._audit(
            member,
            "member.register",
            diff({}, {f: getattr(data, f) for f in PERSON_FIELDS})
            | diff(
                {},
                {
                    "organization": organization.code,
                    "admitted_on": admitted_on,
                    "recognized_on": recognized_on,
                    "card_number": card_number,
                },
            ),
            reason,
        )
        return member

    def recognize(self, member: Member, on: dt.date, *, reason: str = REASON) -> None:
        assert member.status == Status.PROBATIONARY and on > member.admitted_on
        self._append(member, on, status=Status.FULL, organization=member.organization, start_event=StartEvent.RECOGNITION)
        member.recognized_on = on
        self._audit(
            member,
            "member.recognize",
            {"status": [Status.PROBATIONARY, Status.FULL], "recognized_on": [None, on.isoformat()]},
            reason,
        )

    def transfer_start(
        self,
        member: Member,
        on: dt.date,
        *,
        destination: Organization | None = None,
        destination_name: str = "",
        reason: str = REASON,
    ) -> None:
        assert member.status in ACTIVE_STATUSES
        source = member.organization
        before = member.status
        if destination is not None:
            assert destination.id != source.id and destination.ended_on is None
            self._append(
                member,
                on,
                status=Status.IN_TRANSIT,
                organization=destination,
                start_event=StartEvent.TRANSFER_OUT,
                note=source.code,
            )
            target = destination.code
        else:
            self._append(
                member,
                on,
                status=Status.TRANSFERRED_OUT,
                organization=source,
                start_event=StartEvent.TRANSFER_OUT,
                note=destination_name[:255],
            )
            target = destination_name
        self._audit(
            member, "member.transfer_start", {"organization": [source.code, target], "status": [before, member.status]}, reason
        )

    def transfer_receive(self, member: Member, on: dt.date, *, reason: str = REASON) -> None:
        transit = self.open[member.id]
        assert member.status == Status.IN_TRANSIT
        destination = self.orgs.orgs[transit.organization_id]
        assert destination.ended_on is None, destination
        self._append(
            member,
            on,
            status=transit.prev_status,
            organization=destination,
            start_event=StartEvent.TRANSFER_IN,
            note=transit.note,
        )
        self._audit(
            member,
            "member.transfer_receive",
            {"status": [Status.IN_TRANSIT, member.status], "organization": [transit.note, destination.code]},
            reason,
        )

    def transfer_temporary(
        self,
        member: Member,
        start_on: dt.date,
        end_on: dt.date,
        *,
        host: Organization | None = None,
        host_name: str = "",
        reason: str = REASON,
    ) -> None:
        assert member.status in ACTIVE_STATUSES and end_on > start_on
        name = (host.name if host else host_name.strip())[:255]
        self.rows.add(
            TemporaryTransfer(
                id=self.ids.take(TemporaryTransfer),
                member_id=member.id,
                host_id=host.id if host else None,
                host_name=name,
                start_on=start_on,
                end_on=end_on,
                note=reason[:255],
            )
        )
        self._audit(
            member,
            "member.transfer_temporary",
            {"temporary_host": [None, name], "from": [None, start_on.isoformat()], "to": [None, end_on.isoformat()]},
            reason,
        )

    def end(self, member: Member, status: str, on: dt.date, *, reason: str) -> None:
        assert member.status in ACTIVE_STATUSES
        before = member.status
        self._append(member, on, status=status, organization=member.organization, start_event=ENDINGS[status])
        self._audit(member, "member.end", {"status": [before, status]}, reason)

    def move_for_reorganization(self, *, moves: dict[int, Organization], on: dt.date, event: ReorgEvent) -> None:
        for member_id, target in moves.items():
            member = self.by_id[member_id]
            source_code = member.organization.code
            self._append(
                member, on, status=member.status, organization=target, start_event=StartEvent.REORGANIZATION, reorg_event=event
            )
            self._audit(
                member,
                "member.reorganize",
                {"organization": [source_code, target.code]},
                event.reason or str(event),
                organization=target,
            )
