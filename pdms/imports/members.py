"""Importing members. Every row is checked with the members services' own rules
(``validate_person``, ``validate_membership_dates``); then, in one transaction, new members
are written in bulk and changed personal data goes through ``member_update_person``.

Registering row by row with ``member_register`` costs about seven queries a row (half a
minute for 5,000 rows on PostgreSQL), so new members take a bulk path built from the same
building blocks as ``member_register``: ``person_build``, ``initial_periods`` and an audit
entry per member like the one it writes.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.audit.services import audit_bulk, audit_entry, diff
from pdms.core import citizen_id as cid
from pdms.core.dates import format_date, today
from pdms.core.errors import DomainError
from pdms.core.vntext import split_full_name
from pdms.members.identity import HeldElsewhere, citizen_id_lookup
from pdms.checks.probation import OVERDUE_WORKDAYS, overdue_since
from pdms.members.models import ACTIVE_STATUSES, Member, MemberPeriod, Person, Sex, StartEvent, Status
from pdms.members.services import (
    PERSON_FIELDS,
    PersonData,
    initial_periods,
    member_update_person,
    person_build,
    validate_membership_dates,
    validate_person,
)
from pdms.organizations.models import Organization
from pdms.workdays.calendar import WorkCalendar

from .access import Access
from .cells import RowReader, cell_text
from .columns import MEMBER_COLUMNS, SEX_BY_WORD, SEX_LABELS, header_of
from .outcome import Outcome, Progress
from .reading import Row, Table

BATCH = 500
# DomainError.field of the members services → the column to blame.
FIELD_COLUMNS = {
    "full_name": "full_name",
    "sex": "sex",
    "citizen_id": "citizen_id",
    "admitted_on": "admitted_on",
    "recognized_on": "recognized_on",
    "organization": "organization",
}


@dataclass(eq=False)
class MemberRow:
    number: int
    data: PersonData
    citizen_id: str
    organization: Organization
    admitted_on: dt.date
    recognized_on: dt.date | None
    card_number: str
    # Admitted elsewhere and arrived here on that date (``Ngày chuyển đến``), from where.
    arrived_on: dt.date | None = None
    arrived_from: str = ""
    valid: bool = True
    existing: Member | None = None

    @property
    def citizen_hash(self) -> str:
        return cid.blind_index(self.citizen_id)


def _chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Run:
    def __init__(self, table: Table, scope: Scope, outcome: Outcome):
        self.table = table
        self.access = Access(scope)
        self.outcome = outcome
        self.today = today()
        codes = {cell_text(row.raw("organization")).upper() for row in table.rows}
        self.orgs = {org.code: org for org in Organization.objects.filter(code__in=codes - {""})}
        self.first_row_of: dict[str, int] = {}
        self.sex_words = {"male": SEX_LABELS[Sex.MALE], "female": SEX_LABELS[Sex.FEMALE]}

    def fail(self, row: MemberRow, key: str | None, message: str) -> None:
        row.valid = False
        self.outcome.add_error(row.number, header_of(MEMBER_COLUMNS, key) if key else "", message)

    def organization(self, cells: RowReader) -> Organization | None:
        code = cells.text("organization", required=True).upper()
        if not code:
            return None
        org = self.orgs.get(code)
        if org is None or not self.access.visible(org):
            cells.fail("organization", _("No organization with the code %(code)s is in your scope.") % {"code": code})
        elif org.ended_on is not None:
            cells.fail("organization", _("%(org)s was dissolved on %(date)s.") % {"org": org, "date": format_date(org.ended_on)})
        elif not self.access.writable(org):
            cells.fail("organization", _("You may not change records of %(org)s.") % {"org": org})
        else:
            return org
        return None

    def check_unique_in_file(self, cells: RowReader, number: str) -> None:
        if not number:
            return
        if number in self.first_row_of:
            cells.fail(
                "citizen_id", _("This citizen ID is already on row %(row)s of the file.") % {"row": self.first_row_of[number]}
            )
        else:
            self.first_row_of[number] = cells.row.number

    def parse_row(self, row: Row) -> MemberRow | None:
        cells = RowReader(row, MEMBER_COLUMNS, self.outcome)
        full_name = cells.text("full_name", required=True)
        birth_date = cells.date("birth_date", required=True)
        sex = cells.word("sex", SEX_BY_WORD, _("“%(value)s” must be %(male)s or %(female)s."), required=True, **self.sex_words)
        number = cells.citizen_id("citizen_id")
        organization = self.organization(cells)
        admitted_on = cells.date("admitted_on", required=True)
        recognized_on = cells.date("recognized_on")
        arrived_on, arrived_from = self.arrival(cells, admitted_on)
        family, middle, given = split_full_name(full_name)
        data = PersonData(
            family_name=family,
            middle_name=middle,
            given_name=given,
            birth_date=birth_date,
            sex=sex,
            citizen_id=number,
            ethnicity=cells.text("ethnicity"),
            religion=cells.text("religion"),
        )
        self.check_unique_in_file(cells, number)
        if number:
            try:
                if birth_date and sex and full_name:
                    number = validate_person(data)
                else:
                    number = cid.validate_citizen_id(number)
            except DomainError as error:
                cells.fail(FIELD_COLUMNS.get(error.field), error.message)
        if birth_date and admitted_on:
            try:
                validate_membership_dates(
                    birth_date=birth_date,
                    admitted_on=admitted_on,
                    ceremony_on=None,
                    recognized_on=recognized_on,
                    today=self.today,
                )
            except DomainError as error:
                cells.fail(FIELD_COLUMNS.get(error.field), error.message)
        if cells.failed:
            return None
        data.citizen_id = number
        return MemberRow(
            row.number, data, number, organization, admitted_on, recognized_on, cells.text("card_number"), arrived_on, arrived_from
        )

    def arrival(self, cells: RowReader, admitted_on: dt.date | None) -> tuple[dt.date | None, str]:
        """The optional arrival date and place: a member admitted elsewhere is counted as
        arriving here on that date, not as admitted here."""
        arrived_on = cells.date("arrived_on")
        arrived_from = cells.text("arrived_from")
        if arrived_from and not arrived_on:
            cells.fail("arrived_on", _("Give the date the member arrived from %(place)s.") % {"place": arrived_from})
        if arrived_on and admitted_on and not admitted_on <= arrived_on <= self.today:
            cells.fail("arrived_on", _("The arrival date must be between the admission date and today."))
        return arrived_on, arrived_from

    def probation_warnings(self, rows: list[MemberRow]) -> list[str]:
        """Probationary members whose probation ended more than 30 working days ago with no
        recognition decision (the ``probation_overdue`` consistency rule)."""
        calendar = WorkCalendar()
        warnings = []
        for row in rows:
            if row.recognized_on is None and (ended := overdue_since(row.admitted_on, None, self.today, calendar)):
                warnings.append(
                    _("Row %(row)s: the 12 months of probation of %(name)s ended on %(date)s, more than %(days)s working days "
                      "ago, and no recognition date is given; record the recognition decision or the removal.")
                    % {"row": row.number, "name": row.data.full_name, "date": format_date(ended), "days": OVERDUE_WORKDAYS}
                )
        return warnings

    def existing_people(self, rows: list[MemberRow]) -> dict[str, Person]:
        hashes = [r.citizen_hash for r in rows]
        people = {}
        for chunk in _chunks(hashes):
            for person in Person.objects.filter(citizen_id_hash__in=chunk).select_related("member__organization"):
                people[person.citizen_id_hash] = person
        return people

    def merged_data(self, row: MemberRow, person: Person) -> PersonData:
        """The row's personal data; empty optional cells keep what is recorded, and a
        name written the same way keeps its recorded split into family, middle and given."""
        data = row.data
        name_source = person if data.full_name == person.full_name else data
        return PersonData(
            family_name=name_source.family_name,
            middle_name=name_source.middle_name,
            given_name=name_source.given_name,
            birth_date=data.birth_date,
            sex=data.sex,
            citizen_id=row.citizen_id,
            ethnicity=data.ethnicity or person.ethnicity,
            religion=data.religion or person.religion,
            hometown=person.hometown,
            education=person.education,
        )

    def check_existing(self, row: MemberRow, person: Person) -> PersonData | None:
        """For a person already recorded: the personal data to update them with (None
        when nothing changed or the row is wrong)."""
        member = getattr(person, "member", None)
        if member is None:
            self.fail(
                row,
                "citizen_id",
                _("A person with this citizen ID is already recorded but is not a Party member; an import cannot make them one."),
            )
            return None
        name = person.full_name
        if member.organization_id != row.organization.pk:
            self.fail(
                row,
                "organization",
                _("%(name)s is already a member of %(org)s; to move them, record a transfer (chuyển sinh hoạt đảng).")
                % {"name": name, "org": member.organization},
            )
            return None
        if member.status not in ACTIVE_STATUSES:
            self.fail(
                row,
                None,
                _("%(name)s is no longer an active member (%(status)s).") % {"name": name, "status": member.get_status_display()},
            )
            return None
        if member.admitted_on != row.admitted_on:
            self.fail(
                row,
                "admitted_on",
                _("The records give %(date)s as the admission date of %(name)s; an import cannot change it.")
                % {"date": format_date(member.admitted_on), "name": name},
            )
        if member.recognized_on != row.recognized_on:
            if member.recognized_on is None:
                message = _("%(name)s is a probationary member in the records; record the recognition on the member's page.") % {
                    "name": name
                }
            else:
                message = _("The records give %(date)s as the recognition date of %(name)s; an import cannot change it.") % {
                    "date": format_date(member.recognized_on),
                    "name": name,
                }
            self.fail(row, "recognized_on", message)
        if row.card_number and row.card_number != member.card_number:
            self.fail(
                row,
                "card_number",
                _("The card number of %(name)s in the records is “%(number)s”; an import cannot change it.")
                % {"name": name, "number": member.card_number},
            )
        if not row.valid:
            return None
        data = self.merged_data(row, person)
        if all(getattr(data, f) == getattr(person, f) for f in PERSON_FIELDS):
            return None
        return data

    def create(self, rows: list[MemberRow], *, actor, reason: str) -> int:
        taken = self.existing_people(rows)
        for row in rows:
            if row.citizen_hash in taken:
                self.fail(
                    row, "citizen_id", _("Someone registered a person with this citizen ID while the file was being imported.")
                )
        rows = [r for r in rows if r.valid]
        people = [person_build(r.data, r.citizen_id) for r in rows]
        members, periods = [], []
        for row, person in zip(rows, people):
            member = Member(
                person=person,
                admitted_on=row.admitted_on,
                recognized_on=row.recognized_on,
                card_number=row.card_number,
                status=Status.PROBATIONARY,
                organization=row.organization,
            )
            member_periods = initial_periods(
                member, start_event=StartEvent.TRANSFER_IN if row.arrived_on else StartEvent.ADMISSION, start_on=row.arrived_on
            )
            member_periods[0].note = row.arrived_from
            member.status = member_periods[-1].status
            members.append(member)
            periods.extend(member_periods)
        try:
            with transaction.atomic():
                Person.objects.bulk_create(people, batch_size=BATCH)
                Member.objects.bulk_create(members, batch_size=BATCH)
                MemberPeriod.objects.bulk_create(periods, batch_size=BATCH)
        except IntegrityError:
            self.outcome.add_error(
                None, "", _("Someone registered some of these people while the file was being imported; import the file again.")
            )
            return 0
        audit_bulk([self.registration_entry(row, member, actor=actor, reason=reason) for row, member in zip(rows, members)])
        return len(members)

    @staticmethod
    def registration_entry(row: MemberRow, member: Member, *, actor, reason: str):
        """The same entry ``member_register`` writes."""
        membership = {
            "organization": member.organization.code,
            "admitted_on": member.admitted_on,
            "recognized_on": member.recognized_on,
            "card_number": member.card_number,
        } | ({"arrived_on": row.arrived_on, "arrived_from": row.arrived_from} if row.arrived_on else {})
        return audit_entry(
            actor=actor,
            action="member.register",
            obj=member,
            object_type="member",
            organization=member.organization,
            changes=diff({}, {f: getattr(row.data, f) for f in PERSON_FIELDS}) | diff({}, membership),
            reason=reason,
        )

    def update(self, updates: list[tuple[MemberRow, PersonData]], *, actor, reason: str) -> int:
        updated = 0
        for row, data in updates:
            try:
                with transaction.atomic():
                    member_update_person(member=row.existing, data=data, actor=actor, reason=reason)
            except DomainError as error:
                self.fail(row, FIELD_COLUMNS.get(error.field), error.message)
            else:
                updated += 1
        return updated


def import_members(table: Table, *, scope: Scope, actor, dry_run: bool, reason: str, progress: Progress) -> Outcome:
    outcome = Outcome(dry_run=dry_run, total=len(table.rows), warnings=table.warnings())
    run = _Run(table, scope, outcome)
    rows = []
    for done, row in enumerate(table.rows, start=1):
        parsed = run.parse_row(row)
        if parsed is not None:
            rows.append(parsed)
        progress.tick(done, len(table.rows))
    try:
        # Only people within the scope come back; anyone else gets the one neutral message.
        people = citizen_id_lookup(numbers=[r.citizen_id for r in rows], actor=actor, purpose="member.import")
    except DomainError as error:
        outcome.add_error(None, "", error.message)
        return outcome
    creates, updates = [], []
    for row in rows:
        try:
            person = people.person(row.citizen_id)
        except HeldElsewhere as error:
            run.fail(row, "citizen_id", error.message)
            continue
        if person is None:
            creates.append(row)
            continue
        data = run.check_existing(row, person)
        if data is not None:
            row.existing = person.member
            updates.append((row, data))
        elif row.valid:
            outcome.present += 1
    new = [row for row in creates if row.valid]
    arrivals = sum(1 for row in new if row.arrived_on)
    if new:
        outcome.warnings.insert(0, _(
            "New members: %(admitted)s admitted here, %(arrived)s admitted elsewhere who arrived here on the date in "
            "column %(column)s."
        ) % {"admitted": len(new) - arrivals, "arrived": arrivals, "column": header_of(MEMBER_COLUMNS, "arrived_on")})
    outcome.warnings += run.probation_warnings([row for row in rows if row.valid])
    progress.writing()
    with transaction.atomic():
        outcome.created = run.create(creates, actor=actor, reason=reason)
        outcome.updated = run.update(updates, actor=actor, reason=reason)
        if outcome.errors or dry_run:
            transaction.set_rollback(True)
    return outcome
