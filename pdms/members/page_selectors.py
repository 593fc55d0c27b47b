"""Reads behind the member pages that the shared selectors do not cover: the organization
picker, the period each listed member stood in on the list's date, transfers waiting to
be received, and a member's timeline and audit history as the detail page shows them.
Every function takes the user's scope, except the look-up of transfer destinations,
which says why."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pdms.accounts.scope import Scope
from pdms.audit.history import HistoryRow, history_for
from pdms.core.vntext import vn_normalize
from pdms.organizations.models import Organization, OrgVersion, valid_on
from pdms.organizations.selectors import organizations_for_user

from .models import Member, MemberPeriod, Person, Sex, Status, TemporaryTransfer
from .selectors import incoming_transfers, timeline_of

PICKER_LIMIT = 20


def organizations_matching(scope: Scope, text: str, *, limit: int = PICKER_LIMIT) -> list[Organization]:
    """Organizations in scope whose code or name matches ``text`` (diacritics-insensitive),
    dissolved ones included because lists can be run as of past dates."""
    needle = vn_normalize(text)
    if not needle:
        return []
    qs = organizations_for_user(scope).filter(Q(code__iexact=text.strip()) | Q(search_name__contains=needle))
    return list(qs.order_by("ended_on", "path")[:limit])


def writable_organizations(scope: Scope, *, limit: int = 300) -> list[Organization]:
    """Active organizations the user may register members into (suggestions for the code
    field; the code is checked again on submit)."""
    if not scope.can_write:
        return []
    return list(organizations_for_user(scope).filter(ended_on__isnull=True).order_by("path")[:limit])


def writable_organization(scope: Scope, *, code: str = "", pk=None) -> Organization | None:
    """The organization with this code (or id) if the user may register members in it."""
    if code:
        org = organizations_for_user(scope).filter(code__iexact=code.strip()).first()
    elif str(pk or "").isdigit():
        org = organizations_for_user(scope).filter(pk=int(pk)).first()
    else:
        return None
    return org if org is not None and scope.can_write_org(org) else None


def active_organization_by_code(code: str) -> Organization | None:
    """Any active organization with this code, inside the user's scope or not. This is
    the one deliberate exception to scoping: a member may be sent to (or hosted by) a
    branch of another commune or province, so transfer forms look destinations up across
    the whole system, by exact code only, revealing no more than that organization."""
    return Organization.objects.filter(code__iexact=(code or "").strip(), ended_on__isnull=True).first()


@dataclass
class ListRow:
    member: Member
    period: MemberPeriod
    organization_name: str


def list_rows(scope: Scope, members: list[Member], day: dt.date, statuses) -> list[ListRow]:
    """For members of a list as of ``day``: the period they stood in on that day and the
    name its organization had then."""
    periods = {
        p.member_id: p
        for p in MemberPeriod.objects.filter(
            valid_on(day), scope.orgs.q("organization_id"), member__in=members, status__in=statuses
        ).select_related("organization")
    }
    names = dict(
        OrgVersion.objects.filter(valid_on(day), organization_id__in={p.organization_id for p in periods.values()}).values_list(
            "organization_id", "name"
        )
    )
    rows = []
    for member in members:
        period = periods.get(member.pk)
        if period is not None:
            name = names.get(period.organization_id, period.organization.name)
            rows.append(ListRow(member=member, period=period, organization_name=name))
    return rows


def incoming_transfer_periods(scope: Scope) -> list[MemberPeriod]:
    """Open in-transit periods of members on their way to an organization the user may
    write, oldest first."""
    if not scope.can_write:
        return []
    members = incoming_transfers(scope, scope.orgs)
    periods = (
        MemberPeriod.objects.filter(member__in=members, valid_to__isnull=True)
        .select_related("member__person", "organization", "prev_organization")
        .order_by("valid_from", "member__person__sort_given", "member__person__sort_family", "member__person__sort_middle")
    )
    return [p for p in periods if scope.can_write_org(p.organization)]


@dataclass
class TimelineRow:
    period: MemberPeriod
    linkable: bool  # the organization is in the user's scope, so its page opens


def timeline_rows(scope: Scope, member: Member) -> list[TimelineRow]:
    periods = list(timeline_of(member))
    visible = {org_id for org_id in {p.organization_id for p in periods} if org_id in scope.orgs}
    return [TimelineRow(period=p, linkable=p.organization_id in visible) for p in periods]


def temporary_transfers_of(scope: Scope, member: Member) -> QuerySet[TemporaryTransfer]:
    return member.temporary_transfers.select_related("host")


# --- the audit history ----------------------------------------------------------------

ACTION_LABELS = {
    "member.register": _("Registered"),
    "member.update": _("Personal data corrected"),
    "member.recognize": _("Recognized as a full member"),
    "member.transfer_start": _("Permanent transfer started"),
    "member.transfer_receive": _("Received by transfer"),
    "member.transfer_temporary": _("Temporary transfer recorded"),
    "member.end": _("Membership ended"),
    "member.reorganize": _("Moved by a reorganization"),
    "member.view_citizen_id": _("Full citizen ID viewed"),
}

_EXTRA_FIELD_LABELS = {
    "citizen_id": _("citizen ID"),
    "temporary_host": _("host organization"),
    "from": _("from"),
    "to": _("to"),
}
_CHOICE_LABELS = {**dict(Status.choices), **dict(Sex.choices)}


def _field_label(name: str) -> str:
    for model in (Person, Member):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return str(_EXTRA_FIELD_LABELS.get(name, name))


def member_history(scope: Scope, member: Member) -> list[HistoryRow]:
    """The member's audit entries the user may read, newest first, labelled."""
    return history_for(
        scope, object_type="member", object_id=member.pk, actions=ACTION_LABELS, field_label=_field_label, choices=_CHOICE_LABELS
    )
