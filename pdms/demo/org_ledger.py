"""The organization tree built in memory, change by change, with exactly the rows that
``pdms.organizations.services`` would write: a ``ReorgEvent`` per change, versions closed and
opened on the change's date with the materialized path of that date, predecessor →
successor links, the current state copied onto ``Organization``, and the audit entries.

The services check user input and answer with domain errors; here a failed check is a bug
of the demo scenario, so it stops with an AssertionError.
"""

import datetime as dt

from pdms.audit.models import AuditEntry
from pdms.audit.services import audit_entry, diff
from pdms.core.vntext import vn_normalize
from pdms.organizations.models import (
    ALLOWED_PARENT_KINDS,
    DISTRICT_LEVEL_END,
    PATH_SEGMENT,
    Organization,
    OrgKind,
    OrgVersion,
    ReorgEvent,
    ReorgKind,
    ReorgLink,
)
from pdms.organizations.services import NewOrganization

from .rows import Ids, Rows

REASON = "Dữ liệu mẫu"
_COPIED = ("name", "kind", "parent_id", "path", "depth", "has_committee")


def segment(org_id: int) -> str:
    return f"{org_id:0{PATH_SEGMENT - 1}d}."


class OrgLedger:
    def __init__(self, ids: Ids, rows: Rows):
        self.ids = ids
        self.rows = rows
        self.orgs: dict[int, Organization] = {}
        self.open: dict[int, OrgVersion] = {}
        self.children: dict[int, dict[int, None]] = {}
        self.codes: set[str] = set()
        self.members = None  # the MemberLedger, which moves members out of closed organizations

    # --- building blocks ------------------------------------------------------------------

    def event(self, kind: str, on: dt.date, *, decision: str = "", reason: str = REASON) -> ReorgEvent:
        event = ReorgEvent(id=self.ids.take(ReorgEvent), kind=kind, on=on, decision=decision, reason=reason)
        self.rows.add(event)
        return event

    def _snapshot(self, version: OrgVersion) -> dict:
        return {
            "name": version.name,
            "kind": version.kind,
            "parent": self.orgs[version.parent_id].code if version.parent_id else None,
            "has_committee": version.has_committee,
        }

    def _audit(self, org: Organization, action: str, changes: dict, reason: str) -> None:
        entry = audit_entry(
            actor=None, action=action, obj=org, object_type="organization", organization=org, changes=changes, reason=reason
        )
        entry.id = self.ids.take(AuditEntry)
        self.rows.add(entry)

    def _sync(self, org: Organization, version: OrgVersion) -> None:
        if version.parent_id and org.id not in self.children.get(version.parent_id, {}):
            self.children.get(org.parent_id, {}).pop(org.id, None)
            self.children.setdefault(version.parent_id, {})[org.id] = None
        for field in _COPIED:
            setattr(org, field, getattr(version, field))
        # What Organization.save() derives.
        org.search_name = vn_normalize(f"{org.code} {org.name}")

    def _check_kind_under(self, kind: str, parent: Organization | None, on: dt.date) -> None:
        parent_version = self.open[parent.id] if parent else None
        assert (parent_version.kind if parent_version else None) in ALLOWED_PARENT_KINDS[OrgKind(kind)], (kind, parent)
        assert parent_version is None or parent_version.valid_from <= on, (parent, on)
        assert not (kind == OrgKind.DISTRICT and on >= DISTRICT_LEVEL_END)
        assert not (kind == OrgKind.COMMUNE and on < DISTRICT_LEVEL_END)

    def _change(self, org: Organization, on: dt.date, event: ReorgEvent, **changes) -> OrgVersion:
        current = self.open[org.id]
        assert on >= current.valid_from, (org, on)
        if current.valid_from == on:
            for field, value in changes.items():
                setattr(current, field, value)
            current.event_id = event.id
            new = current
        else:
            current.valid_to = on
            values = {f: getattr(current, f) for f in _COPIED} | changes
            new = OrgVersion(id=self.ids.take(OrgVersion), organization_id=org.id, valid_from=on, event_id=event.id, **values)
            self.rows.add(new)
            self.open[org.id] = new
        self._sync(org, new)
        return new

    def live_children(self, org: Organization) -> list[Organization]:
        return sorted((self.orgs[i] for i in self.children.get(org.id, {})), key=lambda o: o.path)

    def _live_descendants(self, org: Organization) -> list[Organization]:
        found, stack = [], [org]
        while stack:
            for child in self.live_children(stack.pop()):
                found.append(child)
                stack.append(child)
        return sorted(found, key=lambda o: o.path)

    def _repath(self, org: Organization, on: dt.date, event: ReorgEvent, parent: Organization) -> None:
        old_prefix = org.path
        new_path = self.open[parent.id].path + segment(org.id)
        descendants = self._live_descendants(org)
        self._change(org, on, event, parent_id=parent.id, path=new_path, depth=new_path.count("."))
        for child in descendants:
            child_path = new_path + child.path[len(old_prefix) :]
            self._change(child, on, event, path=child_path, depth=child_path.count("."))

    def _found(self, spec: NewOrganization, on: dt.date, event: ReorgEvent, reason: str) -> Organization:
        assert spec.code not in self.codes, spec.code
        self._check_kind_under(spec.kind, spec.parent, on)
        org_id = self.ids.take(Organization)
        path = (self.open[spec.parent.id].path if spec.parent else "") + segment(org_id)
        org = Organization(id=org_id, code=spec.code, kind=spec.kind, parent_id=None, founded_on=on)
        version = OrgVersion(
            id=self.ids.take(OrgVersion),
            organization_id=org_id,
            name=spec.name,
            kind=spec.kind,
            parent_id=spec.parent.id if spec.parent else None,
            path=path,
            depth=path.count("."),
            has_committee=spec.has_committee,
            valid_from=on,
            event_id=event.id,
        )
        self.codes.add(spec.code)
        self.orgs[org_id] = org
        self.open[org_id] = version
        self.rows.add(org)
        self.rows.add(version)
        self._sync(org, version)
        self._audit(org, "organization.found", diff({}, self._snapshot(version)) | {"founded_on": [None, on.isoformat()]}, reason)
        return org

    def _end(self, org: Organization, on: dt.date) -> None:
        current = self.open.pop(org.id)
        assert current.valid_from < on, (org, on)
        current.valid_to = on
        org.ended_on = on
        self.children.get(org.parent_id, {}).pop(org.id, None)

    def _transfer_out(self, sources, on, event, *, child_moves, member_moves, default) -> None:
        source_ids = {s.id for s in sources}
        for child in [c for s in sources for c in self.live_children(s)]:
            target = (child_moves or {}).get(child.id, default)
            assert target is not None and target.id not in source_ids, child
            self._check_kind_under(child.kind, target, on)
            self._repath(child, on, event, target)
        moves = {}
        for member_id in self.members.active_in(source_ids):
            target = (member_moves or {}).get(member_id, default)
            assert target is not None and target.ended_on is None and target.id not in source_ids, member_id
            moves[member_id] = target
        self.members.move_for_reorganization(moves=moves, on=on, event=event)

    def _link(self, event: ReorgEvent, predecessors, successors) -> None:
        for p in predecessors:
            for s in successors:
                self.rows.add(ReorgLink(id=self.ids.take(ReorgLink), event_id=event.id, predecessor_id=p.id, successor_id=s.id))

    # --- the use cases, as in pdms.organizations.services ------------------------------------

    def found(self, spec: NewOrganization, on: dt.date, *, decision: str = "", reason: str = REASON) -> Organization:
        return self._found(spec, on, self.event(ReorgKind.FOUND, on, decision=decision, reason=reason), reason)

    def rename(self, org: Organization, name: str, on: dt.date, *, decision: str = "", reason: str = REASON) -> None:
        before = self._snapshot(self.open[org.id])
        assert name != before["name"], name
        version = self._change(org, on, self.event(ReorgKind.RENAME, on, decision=decision, reason=reason), name=name)
        self._audit(org, "organization.rename", diff(before, self._snapshot(version)), reason)

    def set_committee(self, org: Organization, has_committee: bool, on: dt.date, *, reason: str = REASON) -> None:
        before = self._snapshot(self.open[org.id])
        assert before["has_committee"] != has_committee
        version = self._change(org, on, self.event(ReorgKind.COMMITTEE, on, reason=reason), has_committee=has_committee)
        self._audit(org, "organization.committee", diff(before, self._snapshot(version)), reason)

    def move(self, org: Organization, new_parent: Organization, on: dt.date, *, decision: str = "", reason: str = REASON) -> None:
        before = self._snapshot(self.open[org.id])
        assert org.parent_id != new_parent.id and not new_parent.path.startswith(org.path)
        self._check_kind_under(org.kind, new_parent, on)
        self._repath(org, on, self.event(ReorgKind.MOVE, on, decision=decision, reason=reason), new_parent)
        self._audit(org, "organization.move", diff(before, self._snapshot(self.open[org.id])), reason)

    def dissolve(self, org, on, *, successor=None, member_moves=None, child_moves=None, decision="", reason=REASON) -> None:
        event = self.event(ReorgKind.DISSOLVE, on, decision=decision, reason=reason)
        self._transfer_out([org], on, event, child_moves=child_moves, member_moves=member_moves, default=successor)
        self._end(org, on)
        if successor is not None:
            self._link(event, [org], [successor])
        changes = {"ended_on": [None, on.isoformat()]} | ({"successor": [None, successor.code]} if successor else {})
        self._audit(org, "organization.dissolve", changes, reason)

    def merge(self, sources, on, *, into=None, new: NewOrganization | None = None, decision="", reason=REASON) -> Organization:
        assert (into is None) != (new is None) and len(sources) + (1 if into else 0) >= 2
        event = self.event(ReorgKind.MERGE, on, decision=decision, reason=reason)
        target = self._found(new, on, event, reason) if new is not None else into
        self._transfer_out(sources, on, event, child_moves=None, member_moves=None, default=target)
        for source in sources:
            self._end(source, on)
            self._audit(
                source, "organization.merge", {"ended_on": [None, on.isoformat()], "successor": [None, target.code]}, reason
            )
        self._link(event, sources, [target])
        return target

    def split(
        self, source, parts: list[NewOrganization], on, *, child_moves: dict[int, str], decision="", reason=REASON
    ) -> list[Organization]:
        """Split ``source``; its subordinate organizations go to the parts named by code
        (organizations directly under the province hold no members themselves)."""
        event = self.event(ReorgKind.SPLIT, on, decision=decision, reason=reason)
        created = [self._found(part, on, event, reason) for part in parts]
        by_code = {org.code: org for org in created}
        moves = {org_id: by_code[code] for org_id, code in child_moves.items()}
        self._transfer_out([source], on, event, child_moves=moves, member_moves=None, default=None)
        self._end(source, on)
        self._link(event, [source], created)
        self._audit(
            source,
            "organization.split",
            {"ended_on": [None, on.isoformat()], "successors": [None, [o.code for o in created]]},
            reason,
        )
        return created
