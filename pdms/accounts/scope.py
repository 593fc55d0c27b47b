"""The one scoping layer. Every selector, page, export, job and command asks a ``Scope``
which organizations the user may see and whether they may change them."""

from dataclasses import dataclass
from functools import cached_property

from pdms.core.dates import today
from pdms.core.errors import PermissionDenied
from django.utils.translation import gettext as _

from .models import WRITING_ROLES, Role


@dataclass
class Scope:
    user: object

    @classmethod
    def of(cls, user) -> "Scope":
        if not getattr(user, "is_authenticated", False):
            raise PermissionDenied(_("You must log in."))
        return cls(user=user)

    @property
    def is_admin(self) -> bool:
        return self.user.role == Role.ADMIN

    @property
    def can_write(self) -> bool:
        return self.user.role in WRITING_ROLES

    @cached_property
    def orgs(self):
        """The organizations visible to the user: their organization's subtree today,
        with the history of everything that rolled up into it."""
        from pdms.organizations.rollup import OrgSet, rollup

        if self.is_admin:
            return OrgSet(everything=True)
        return rollup(self.user.organization, today())

    def can_write_org(self, organization) -> bool:
        return self.can_write and organization.ended_on is None and organization.pk in self.orgs

    def require_write(self, organization) -> None:
        if not self.can_write_org(organization):
            raise PermissionDenied(
                _("You may not change records of %(org)s.") % {"org": organization.name}
            )

    @property
    def root(self):
        return None if self.is_admin else self.user.organization


def require_account_admin(actor) -> None:
    """Accounts are managed by an administrator, or by the operator on the server's
    command line (``actor=None``)."""
    if actor is not None and getattr(actor, "role", None) != Role.ADMIN:
        raise PermissionDenied(_("Only an administrator may manage accounts."))


def system_scope() -> Scope:
    """Scope for management commands run by an operator on the server: everything."""
    from types import SimpleNamespace

    return Scope(user=SimpleNamespace(role=Role.ADMIN, is_authenticated=True, pk=None, organization=None))
