"""Importing organizations. Parents may come later in the file than their children; rows
are checked first, then founded parents first through ``organization_found``, all in one
transaction that is rolled back when any row is wrong."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.core.dates import format_date
from pdms.core.errors import DomainError
from pdms.organizations.models import Organization
from pdms.organizations.services import organization_found

from .access import Access
from .cells import RowReader
from .columns import BOOL_BY_WORD, KIND_BY_WORD, KIND_LABELS, NO, ORGANIZATION_COLUMNS, YES, header_of
from .outcome import Outcome, Progress
from .reading import Table

# DomainError.field of the organization services → the column to blame.
FIELD_COLUMNS = {
    "code": "code",
    "name": "name",
    "kind": "kind",
    "parent": "parent",
    "on": "founded_on",
    "has_committee": "has_committee",
}


@dataclass(eq=False)
class OrgRow:
    number: int
    code: str
    name: str
    kind: str | None
    parent_code: str
    founded_on: dt.date | None
    has_committee: bool | None  # None: the file has no such column
    valid: bool
    parent_row: "OrgRow | None" = None
    parent: Organization | None = None
    created: Organization | None = None


class _Run:
    def __init__(self, table: Table, scope: Scope, outcome: Outcome):
        self.table = table
        self.access = Access(scope)
        self.outcome = outcome

    def fail(self, row: OrgRow, key: str | None, message: str) -> None:
        row.valid = False
        self.outcome.add_error(row.number, header_of(ORGANIZATION_COLUMNS, key) if key else "", message)

    def parse(self, progress: Progress) -> list[OrgRow]:
        rows = []
        kinds = ", ".join(KIND_LABELS.values())
        for done, row in enumerate(self.table.rows, start=1):
            cells = RowReader(row, ORGANIZATION_COLUMNS, self.outcome)
            code = cells.text("code", required=True).upper()
            name = cells.text("name", required=True)
            kind = cells.word(
                "kind",
                KIND_BY_WORD,
                _("“%(value)s” is not a kind of organization; write one of: %(kinds)s."),
                required=True,
                kinds=kinds,
            )
            parent_code = cells.text("parent").upper()
            founded_on = cells.date("founded_on", required=True)
            has_committee = None
            if "has_committee" in self.table.present:
                has_committee = cells.word(
                    "has_committee", BOOL_BY_WORD, _("“%(value)s” must be %(yes)s or %(no)s."), default=False, yes=YES, no=NO
                )
            if code:
                rows.append(OrgRow(row.number, code, name, kind, parent_code, founded_on, has_committee, valid=not cells.failed))
            progress.tick(done, len(self.table.rows))
        return rows

    def drop_duplicates(self, rows: list[OrgRow]) -> list[OrgRow]:
        first: dict[str, OrgRow] = {}
        for row in rows:
            if row.code in first:
                self.fail(
                    row,
                    "code",
                    _("The code %(code)s is already used on row %(row)s of the file.")
                    % {"code": row.code, "row": first[row.code].number},
                )
            else:
                first[row.code] = row
        return list(first.values())

    def check_existing(self, row: OrgRow, org: Organization) -> None:
        """A row for an organization already recorded must say what the records say."""
        if not self.access.visible(org):
            self.fail(row, "code", _("The code %(code)s belongs to an organization outside your scope.") % {"code": row.code})
            return
        if org.ended_on is not None:
            self.fail(row, "code", _("%(org)s was dissolved on %(date)s.") % {"org": org, "date": format_date(org.ended_on)})
            return
        if not row.valid:
            return
        if org.kind != row.kind:
            self.fail(
                row,
                "kind",
                _("%(org)s is recorded as “%(recorded)s”; an import cannot change the kind.")
                % {"org": org, "recorded": KIND_LABELS[org.kind]},
            )
        recorded_parent = org.parent.code if org.parent_id else ""
        if recorded_parent != row.parent_code:
            message = (
                _("%(org)s stands under %(recorded)s; to move it, use Move on the organization's page.")
                if recorded_parent
                else _("%(org)s is recorded without a parent; to move it, use Move on the organization's page.")
            )
            self.fail(row, "parent", message % {"org": org, "recorded": recorded_parent})
        if org.name != row.name:
            self.fail(
                row,
                "name",
                _("%(org)s is recorded with the name “%(recorded)s”; to rename it, use Rename on the organization's page.")
                % {"org": org, "recorded": org.name},
            )
        if org.founded_on != row.founded_on:
            self.fail(
                row,
                "founded_on",
                _("%(org)s was founded on %(recorded)s according to the records.")
                % {"org": org, "recorded": format_date(org.founded_on)},
            )
        if row.has_committee is not None and row.has_committee != org.has_committee:
            message = (
                _("According to the records %(org)s has a branch committee; record a change on the organization's page.")
                if org.has_committee
                else _("According to the records %(org)s has no branch committee; record a change on the organization's page.")
            )
            self.fail(row, "has_committee", message % {"org": org})

    def resolve_parent(self, row: OrgRow, new: dict[str, OrgRow], existing: dict[str, Organization]) -> None:
        if not row.parent_code:
            if not self.access.is_admin:
                self.fail(row, "parent", _("Only administrators can create an organization without a parent."))
        elif row.parent_code in new:
            row.parent_row = new[row.parent_code]
        elif row.parent_code in existing and self.access.visible(existing[row.parent_code]):
            parent = existing[row.parent_code]
            if parent.ended_on is not None:
                self.fail(
                    row, "parent", _("%(org)s was dissolved on %(date)s.") % {"org": parent, "date": format_date(parent.ended_on)}
                )
            elif not self.access.writable(parent):
                self.fail(row, "parent", _("You may not add organizations under %(org)s.") % {"org": parent})
            row.parent = parent
        else:
            self.fail(
                row,
                "parent",
                _("No organization with the code %(code)s is in the file or in your scope.") % {"code": row.parent_code},
            )

    def founding_order(self, rows: list[OrgRow]) -> list[OrgRow]:
        """Parents before children; rows whose parent codes loop are reported."""
        order: list[OrgRow] = []
        state: dict[int, str] = {}
        for start in rows:
            path = []
            node = start
            while node is not None and id(node) not in state:
                state[id(node)] = "on_path"
                path.append(node)
                node = node.parent_row
            if node is not None and state[id(node)] == "on_path":
                self.report_cycle(path[path.index(node) :])
            for visited in reversed(path):
                state[id(visited)] = "done"
                order.append(visited)
        return order

    def report_cycle(self, cycle: list[OrgRow]) -> None:
        # Walking child → parent: show the chain from the top so it reads like the tree.
        codes = " → ".join(r.code for r in reversed(cycle + cycle[:1]))
        numbers = ", ".join(str(r.number) for r in sorted(cycle, key=lambda r: r.number))
        for row in cycle:
            self.fail(
                row,
                "parent",
                _("The parent codes go round in a circle (rows %(rows)s: %(codes)s).") % {"rows": numbers, "codes": codes},
            )

    def found(self, rows: list[OrgRow], *, actor, reason: str) -> int:
        created = 0
        for row in rows:
            if not row.valid or (row.parent_row is not None and row.parent_row.created is None):
                continue
            parent = row.parent_row.created if row.parent_row is not None else row.parent
            try:
                with transaction.atomic():
                    row.created = organization_found(
                        code=row.code,
                        name=row.name,
                        kind=row.kind,
                        parent=parent,
                        founded_on=row.founded_on,
                        has_committee=bool(row.has_committee),
                        actor=actor,
                        reason=reason,
                    )
            except DomainError as error:
                self.fail(row, FIELD_COLUMNS.get(error.field), error.message)
            else:
                created += 1
        return created


def import_organizations(table: Table, *, scope: Scope, actor, dry_run: bool, reason: str, progress: Progress) -> Outcome:
    outcome = Outcome(dry_run=dry_run, total=len(table.rows), warnings=table.warnings())
    run = _Run(table, scope, outcome)
    rows = run.drop_duplicates(run.parse(progress))
    codes = {r.code for r in rows} | {r.parent_code for r in rows if r.parent_code}
    existing = {org.code: org for org in Organization.objects.filter(code__in=codes).select_related("parent")}
    new: dict[str, OrgRow] = {}
    for row in rows:
        if row.code in existing:
            run.check_existing(row, existing[row.code])
            outcome.present += row.valid
        else:
            new[row.code] = row
    for row in new.values():
        run.resolve_parent(row, new, existing)
    order = run.founding_order(list(new.values()))
    progress.writing()
    with transaction.atomic():
        outcome.created = run.found(order, actor=actor, reason=reason)
        if outcome.errors or dry_run:
            transaction.set_rollback(True)
    return outcome
