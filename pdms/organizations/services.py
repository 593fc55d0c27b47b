"""Every change of the organization tree: one function per use case, each transactional,
validated and audited, each recorded as a dated ``ReorgEvent``.

A change effective on day D closes the organization's open version at D and opens a new
one from D. Changes are appended in date order: a change dated before the organization's
current state began is refused, so history is never silently rewritten.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from pdms.audit.services import audit_record, diff
from pdms.core.dates import format_date, today
from pdms.core.errors import DomainError

from .models import (
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
from .permissions import require_receive, require_reorganize, require_reorganize_under


@dataclass(frozen=True)
class NewOrganization:
    """What the user fills in for an organization created by a merge or split."""

    code: str
    name: str
    kind: str
    parent: Organization | None
    has_committee: bool = False


def _segment(org_id: int) -> str:
    return f"{org_id:0{PATH_SEGMENT - 1}d}."


def _snapshot(version: OrgVersion) -> dict:
    return {
        "name": version.name,
        "kind": version.kind,
        "parent": version.parent.code if version.parent_id else None,
        "has_committee": version.has_committee,
    }


def _open_version(org: Organization) -> OrgVersion:
    version = OrgVersion.objects.select_for_update().filter(organization=org, valid_to__isnull=True).first()
    if version is None:
        raise DomainError(
            _("%(org)s was dissolved on %(date)s and can no longer be changed.")
            % {"org": org.name, "date": format_date(org.ended_on)}
        )
    return version


def _check_date_order(org: Organization, version: OrgVersion, on: dt.date) -> None:
    if on < version.valid_from:
        raise DomainError(
            _("%(org)s already has a change effective %(current)s; a change dated %(date)s would rewrite history.")
            % {"org": org.name, "current": format_date(version.valid_from), "date": format_date(on)},
            field="on",
        )


def _check_kind_under(kind: str, parent_version: OrgVersion | None, on: dt.date) -> None:
    parent_kind = parent_version.kind if parent_version else None
    if parent_kind not in ALLOWED_PARENT_KINDS[OrgKind(kind)]:
        raise DomainError(
            _("A “%(kind)s” cannot stand under “%(parent)s”.")
            % {
                "kind": OrgKind(kind).label,
                "parent": OrgKind(parent_kind).label if parent_kind else _("no parent (the root)"),
            },
            field="parent",
        )
    if kind == OrgKind.DISTRICT and on >= DISTRICT_LEVEL_END:
        raise DomainError(
            _("District-level party committees ended on %(date)s.") % {"date": format_date(DISTRICT_LEVEL_END)},
            field="kind",
        )
    if kind == OrgKind.COMMUNE and on < DISTRICT_LEVEL_END:
        raise DomainError(
            _("Commune party committees exist from %(date)s.") % {"date": format_date(DISTRICT_LEVEL_END)},
            field="kind",
        )


def _parent_version_on(parent: Organization, on: dt.date) -> OrgVersion:
    """The parent's open version, which must already be in force on ``on``."""
    version = OrgVersion.objects.filter(organization=parent, valid_to__isnull=True).first()
    if version is None or parent.founded_on > on:
        raise DomainError(
            _("The parent organization %(org)s does not exist on %(date)s.") % {"org": parent.name, "date": format_date(on)},
            field="parent",
        )
    if version.valid_from > on:
        raise DomainError(
            _("The parent organization %(org)s changed on %(changed)s; record changes under it from that date on.")
            % {"org": parent.name, "changed": format_date(version.valid_from)},
            field="on",
        )
    return version


def _new_event(kind: str, on: dt.date, *, actor, reason: str, decision: str) -> ReorgEvent:
    # The current state must be true today, so changes are recorded once they take effect.
    if on > today():
        raise DomainError(_("The effective date %(date)s is in the future.") % {"date": format_date(on)}, field="on")
    return ReorgEvent.objects.create(
        kind=kind, on=on, reason=reason or "", decision=decision or "", actor=actor if getattr(actor, "pk", None) else None
    )


def _sync_current(org: Organization, version: OrgVersion) -> None:
    org.name = version.name
    org.kind = version.kind
    org.parent_id = version.parent_id
    org.path = version.path
    org.depth = version.depth
    org.has_committee = version.has_committee
    org.save()


def _change(org: Organization, on: dt.date, event: ReorgEvent, **changes) -> OrgVersion:
    """Close the open version at ``on`` and open one with ``changes`` applied."""
    current = _open_version(org)
    _check_date_order(org, current, on)
    if current.valid_from == on:
        # Two changes on one day: the later one amends that day's version.
        for field, value in changes.items():
            setattr(current, field, value)
        current.event = event
        current.save()
        new = current
    else:
        current.valid_to = on
        current.save(update_fields=["valid_to"])
        values = {f: getattr(current, f) for f in ("name", "kind", "parent", "path", "depth", "has_committee")}
        values.update(changes)
        new = OrgVersion.objects.create(organization=org, valid_from=on, event=event, **values)
    _sync_current(org, new)
    return new


def _live_descendants(org: Organization) -> list[Organization]:
    return list(
        Organization.objects.filter(path__startswith=org.path, ended_on__isnull=True).exclude(pk=org.pk).order_by("path")
    )


def _repath(org: Organization, on: dt.date, event: ReorgEvent, *, parent: Organization | None, parent_path: str) -> None:
    """Give ``org`` a new parent from ``on`` and rewrite the paths of its live subtree."""
    old_prefix = org.path
    new_path = parent_path + _segment(org.pk)
    descendants = _live_descendants(org)
    _change(org, on, event, parent=parent, path=new_path, depth=new_path.count("."))
    for child in descendants:
        child_path = new_path + child.path[len(old_prefix):]
        _change(child, on, event, path=child_path, depth=child_path.count("."))


def _audit(org: Organization, *, actor, action: str, changes: dict, reason: str) -> None:
    audit_record(
        actor=actor, action=action, obj=org, object_type="organization", organization=org, changes=changes, reason=reason
    )


def _clean_code(code: str) -> str:
    cleaned = (code or "").strip().upper()
    if not cleaned:
        raise DomainError(_("The organization code is required."), field="code")
    if len(cleaned) > 32 or any(ch.isspace() for ch in cleaned):
        raise DomainError(_("The code “%(code)s” must be at most 32 characters without spaces.") % {"code": code}, field="code")
    if Organization.objects.filter(code=cleaned).exists():
        raise DomainError(_("The code %(code)s is already used by another organization.") % {"code": cleaned}, field="code")
    return cleaned


def _clean_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise DomainError(_("The organization name is required."), field="name")
    return cleaned


def _found(spec: NewOrganization, on: dt.date, event: ReorgEvent, *, actor, reason: str) -> Organization:
    require_reorganize_under(actor, spec.parent)
    code = _clean_code(spec.code)
    name = _clean_name(spec.name)
    if spec.kind not in OrgKind.values:
        raise DomainError(_("Unknown organization kind “%(kind)s”.") % {"kind": spec.kind}, field="kind")
    parent_version = _parent_version_on(spec.parent, on) if spec.parent else None
    _check_kind_under(spec.kind, parent_version, on)
    org = Organization.objects.create(
        code=code, name=name, kind=spec.kind, parent=spec.parent, path="", founded_on=on, has_committee=spec.has_committee
    )
    path = (parent_version.path if parent_version else "") + _segment(org.pk)
    version = OrgVersion.objects.create(
        organization=org,
        name=name,
        kind=spec.kind,
        parent=spec.parent,
        path=path,
        depth=path.count("."),
        has_committee=spec.has_committee,
        valid_from=on,
        event=event,
    )
    _sync_current(org, version)
    _audit(org, actor=actor, action="organization.found", changes=diff({}, _snapshot(version)) | {"founded_on": [None, on.isoformat()]}, reason=reason)
    return org


@transaction.atomic
def organization_found(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Organization | None,
    founded_on: dt.date,
    has_committee: bool = False,
    actor,
    reason: str = "",
    decision: str = "",
) -> Organization:
    """Found a new organization under ``parent`` (None: a root)."""
    event = _new_event(ReorgKind.FOUND, founded_on, actor=actor, reason=reason, decision=decision)
    return _found(NewOrganization(code, name, kind, parent, has_committee), founded_on, event, actor=actor, reason=reason)


@transaction.atomic
def organization_rename(*, organization: Organization, name: str, on: dt.date, actor, reason: str = "", decision: str = "") -> Organization:
    require_reorganize(actor, organization)
    name = _clean_name(name)
    before = _snapshot(_open_version(organization))
    if name == before["name"]:
        raise DomainError(_("The new name is the same as the current one."), field="name")
    event = _new_event(ReorgKind.RENAME, on, actor=actor, reason=reason, decision=decision)
    version = _change(organization, on, event, name=name)
    _audit(organization, actor=actor, action="organization.rename", changes=diff(before, _snapshot(version)), reason=reason)
    return organization


@transaction.atomic
def organization_set_committee(
    *, organization: Organization, has_committee: bool, on: dt.date, actor, reason: str = "", decision: str = ""
) -> Organization:
    """Record from ``on`` whether the organization has a branch committee (chi ủy)."""
    require_reorganize(actor, organization)
    before = _snapshot(_open_version(organization))
    if before["has_committee"] == has_committee:
        raise DomainError(_("Nothing changes: the branch committee status is already that."), field="has_committee")
    event = _new_event(ReorgKind.COMMITTEE, on, actor=actor, reason=reason, decision=decision)
    version = _change(organization, on, event, has_committee=has_committee)
    _audit(organization, actor=actor, action="organization.committee", changes=diff(before, _snapshot(version)), reason=reason)
    return organization


def _check_not_inside(org: Organization, new_parent: Organization) -> None:
    if new_parent.pk == org.pk or new_parent.path.startswith(org.path):
        raise DomainError(
            _("%(parent)s is inside %(org)s; an organization cannot be moved under itself.")
            % {"parent": new_parent.name, "org": org.name},
            field="parent",
        )


@transaction.atomic
def organization_move(
    *, organization: Organization, new_parent: Organization, on: dt.date, actor, reason: str = "", decision: str = ""
) -> Organization:
    """Put the organization (with its whole subtree) under another parent from ``on``."""
    require_reorganize(actor, organization)
    require_reorganize_under(actor, new_parent)
    before = _snapshot(_open_version(organization))
    if organization.parent_id == new_parent.pk:
        raise DomainError(_("%(org)s is already under %(parent)s.") % {"org": organization.name, "parent": new_parent.name}, field="parent")
    _check_not_inside(organization, new_parent)
    parent_version = _parent_version_on(new_parent, on)
    _check_kind_under(organization.kind, parent_version, on)
    event = _new_event(ReorgKind.MOVE, on, actor=actor, reason=reason, decision=decision)
    _repath(organization, on, event, parent=new_parent, parent_path=parent_version.path)
    organization.refresh_from_db()
    _audit(organization, actor=actor, action="organization.move", changes=diff(before, _snapshot(_open_version(organization))), reason=reason)
    return organization


def _end(org: Organization, on: dt.date) -> None:
    current = _open_version(org)
    _check_date_order(org, current, on)
    if current.valid_from == on:
        raise DomainError(
            _("%(org)s changed on %(date)s; it can end at the earliest the day after.") % {"org": org.name, "date": format_date(on)},
            field="on",
        )
    current.valid_to = on
    current.save(update_fields=["valid_to"])
    org.ended_on = on
    org.save(update_fields=["ended_on"])


def _move_children(children_moves: dict[int, Organization], on: dt.date, event: ReorgEvent) -> None:
    for child_id, target in children_moves.items():
        child = Organization.objects.get(pk=child_id)
        target_version = _parent_version_on(target, on)
        _check_kind_under(child.kind, target_version, on)
        _repath(child, on, event, parent=target, parent_path=target_version.path)


def _resolve_moves(
    explicit: dict[int, Organization] | None, default: Organization | None, what: str, pending: list[int], names: dict[int, str]
) -> dict[int, Organization]:
    """Every pending id gets a destination: the explicit choice, else the default."""
    moves = {}
    missing = []
    for item_id in pending:
        target = (explicit or {}).get(item_id, default)
        if target is None:
            missing.append(names[item_id])
        else:
            moves[item_id] = target
    if missing:
        raise DomainError(
            _("Choose where these %(what)s go: %(names)s.") % {"what": what, "names": ", ".join(missing[:10])},
            field="moves",
        )
    return moves


def _transfer_out(sources: list[Organization], on: dt.date, event: ReorgEvent, *, child_moves, member_moves, default: Organization | None, actor) -> None:
    """Move the live children and the members of ``sources`` to their destinations."""
    from pdms.members import selectors as member_selectors
    from pdms.members import services as member_services

    source_ids = {s.pk for s in sources}
    children = [c for s in sources for c in Organization.objects.filter(parent=s, ended_on__isnull=True)]
    child_targets = _resolve_moves(
        child_moves, default, _("subordinate organizations"), [c.pk for c in children], {c.pk: c.name for c in children}
    )
    for target in child_targets.values():
        if target.pk in source_ids or target.path.startswith(tuple(s.path for s in sources)):
            raise DomainError(_("Organizations cannot be moved into an organization that is being closed."), field="moves")
    for target in {t.pk: t for t in child_targets.values()}.values():
        require_reorganize_under(actor, target)
    _move_children(child_targets, on, event)

    members = member_selectors.members_active_in(source_ids)
    member_targets = _resolve_moves(
        member_moves, default, _("members"), [m.pk for m in members], {m.pk: m.person.full_name for m in members}
    )
    for target in member_targets.values():
        if target.pk in source_ids or target.ended_on is not None:
            raise DomainError(_("Members cannot be moved into an organization that is being closed."), field="moves")
    require_receive(actor, member_targets.values())
    member_services.members_move_for_reorganization(moves=member_targets, on=on, event=event, actor=actor)


def _link(event: ReorgEvent, predecessors: list[Organization], successors: list[Organization]) -> None:
    ReorgLink.objects.bulk_create(
        [ReorgLink(event=event, predecessor=p, successor=s) for p in predecessors for s in successors]
    )


@transaction.atomic
def organization_dissolve(
    *,
    organization: Organization,
    on: dt.date,
    actor,
    successor: Organization | None = None,
    member_moves: dict[int, Organization] | None = None,
    child_moves: dict[int, Organization] | None = None,
    reason: str = "",
    decision: str = "",
) -> Organization:
    """End the organization on ``on``. Its live subordinate organizations and its members
    must go somewhere: to ``successor`` by default, or as chosen one by one. With a
    successor, its history rolls up into the successor."""
    require_reorganize(actor, organization)
    if successor is not None:
        require_receive(actor, [successor])
    _check_date_order(organization, _open_version(organization), on)
    if successor is not None and successor.pk == organization.pk:
        raise DomainError(_("An organization cannot be its own successor."), field="successor")
    event = _new_event(ReorgKind.DISSOLVE, on, actor=actor, reason=reason, decision=decision)
    _transfer_out([organization], on, event, child_moves=child_moves, member_moves=member_moves, default=successor, actor=actor)
    _end(organization, on)
    if successor is not None:
        _link(event, [organization], [successor])
    _audit(
        organization,
        actor=actor,
        action="organization.dissolve",
        changes={"ended_on": [None, on.isoformat()]} | ({"successor": [None, successor.code]} if successor else {}),
        reason=reason,
    )
    return organization


@transaction.atomic
def organizations_merge(
    *,
    sources: list[Organization],
    on: dt.date,
    actor,
    into: Organization | None = None,
    new: NewOrganization | None = None,
    member_moves: dict[int, Organization] | None = None,
    child_moves: dict[int, Organization] | None = None,
    reason: str = "",
    decision: str = "",
) -> Organization:
    """Merge ``sources`` into an existing organization (``into``) or a new one (``new``).
    Sources end on ``on``; their subordinates and members move to the result unless chosen
    otherwise; their history rolls up into it."""
    if (into is None) == (new is None):
        raise DomainError(_("Merge into either an existing organization or a new one."), field="into")
    sources = list({s.pk: s for s in sources}.values())
    if len(sources) + (1 if into else 0) < 2:
        raise DomainError(_("A merger needs at least two organizations."), field="sources")
    if into is not None and any(s.pk == into.pk for s in sources):
        raise DomainError(_("The organization merged into cannot also be one of those merged."), field="into")
    for source in sources:
        require_reorganize(actor, source)
        _check_date_order(source, _open_version(source), on)
    if into is not None:
        require_receive(actor, [into])
    event = _new_event(ReorgKind.MERGE, on, actor=actor, reason=reason, decision=decision)
    if new is not None:
        if new.parent is not None and any(new.parent.path.startswith(s.path) for s in sources):
            raise DomainError(_("The new organization cannot stand under an organization that is being merged."), field="parent")
        target = _found(new, on, event, actor=actor, reason=reason)
    else:
        target = into
        _parent_version_on(target, on)
    _transfer_out(sources, on, event, child_moves=child_moves, member_moves=member_moves, default=target, actor=actor)
    for source in sources:
        _end(source, on)
        _audit(source, actor=actor, action="organization.merge", changes={"ended_on": [None, on.isoformat()], "successor": [None, target.code]}, reason=reason)
    _link(event, sources, [target])
    return target


@transaction.atomic
def organization_split(
    *,
    source: Organization,
    parts: list[NewOrganization],
    on: dt.date,
    actor,
    member_moves: dict[int, str],
    child_moves: dict[int, str] | None = None,
    reason: str = "",
    decision: str = "",
) -> list[Organization]:
    """Split ``source`` into new organizations. Each member and each subordinate
    organization is assigned to a part by the part's code; the source ends on ``on`` and
    its history rolls up into every part."""
    if len(parts) < 2:
        raise DomainError(_("A split needs at least two new organizations."), field="parts")
    require_reorganize(actor, source)
    _check_date_order(source, _open_version(source), on)
    event = _new_event(ReorgKind.SPLIT, on, actor=actor, reason=reason, decision=decision)
    created = [_found(part, on, event, actor=actor, reason=reason) for part in parts]
    by_code = {org.code: org for org in created}

    def targets(moves: dict[int, str] | None) -> dict[int, Organization]:
        result = {}
        for item_id, code in (moves or {}).items():
            key = (code or "").strip().upper()
            if key not in by_code:
                raise DomainError(_("%(code)s is not one of the new organizations.") % {"code": code}, field="moves")
            result[item_id] = by_code[key]
        return result

    _transfer_out([source], on, event, child_moves=targets(child_moves), member_moves=targets(member_moves), default=None, actor=actor)
    _end(source, on)
    _link(event, [source], created)
    _audit(source, actor=actor, action="organization.split", changes={"ended_on": [None, on.isoformat()], "successors": [None, [o.code for o in created]]}, reason=reason)
    return created
