"""Who may change the tree. Reorganizations are decided by the committee above: founding
an organization, renaming, moving, setting its branch committee, dissolving, merging and
splitting it need write access to its parent. A branch secretary never reorganizes, and
nobody but an administrator founds or changes a top-level organization.

Pages ask ``may_*`` to decide what to offer; the services call ``require_*``, which
refuse with a Vietnamese message. An actor of None is the system (demo data, tests,
commands run by an operator) and may do anything."""

from django.utils.translation import gettext as _

from pdms.accounts.models import Role
from pdms.accounts.scope import Scope
from pdms.core.dates import format_date
from pdms.core.errors import PermissionDenied

from .models import Organization

REORGANIZING_ROLES = (Role.ADMIN, Role.STAFF)


def may_reorganize_under(scope: Scope, parent: Organization | None) -> bool:
    """Whether the user may found, change or close organizations directly under
    ``parent`` (None: top-level ones)."""
    if parent is None:
        return scope.is_admin
    return scope.user.role in REORGANIZING_ROLES and scope.can_write_org(parent)


def may_reorganize(scope: Scope, organization: Organization) -> bool:
    """Whether the user may rename, move, dissolve, merge or split ``organization`` or
    set its branch committee."""
    return organization.ended_on is None and may_reorganize_under(scope, organization.parent)


def require_reorganize_under(actor, parent: Organization | None) -> None:
    if actor is None or may_reorganize_under(Scope.of(actor), parent):
        return
    if parent is None:
        raise PermissionDenied(_("Only an administrator may found or change a top-level organization."))
    raise PermissionDenied(
        _("Only the staff of %(parent)s may found, change or close the organizations under it.") % {"parent": parent.name}
    )


def require_reorganize(actor, organization: Organization) -> None:
    if organization.ended_on is not None:
        raise PermissionDenied(
            _("%(org)s was dissolved on %(date)s and can no longer be changed.")
            % {"org": organization.name, "date": format_date(organization.ended_on)}
        )
    require_reorganize_under(actor, organization.parent)


def require_receive(actor, organizations) -> None:
    """Organizations that take in members (a successor, an organization merged into, a
    destination) must be writable by the actor."""
    if actor is None:
        return
    scope = Scope.of(actor)
    for organization in {org.pk: org for org in organizations}.values():
        scope.require_write(organization)
