"""The importing user's scope, asked once per organization however many rows name it."""

from pdms.accounts.scope import Scope
from pdms.organizations.models import Organization


class Access:
    def __init__(self, scope: Scope):
        self.scope = scope
        self._visible: dict[int, bool] = {}
        self._writable: dict[int, bool] = {}

    @property
    def is_admin(self) -> bool:
        return self.scope.is_admin

    def visible(self, org: Organization) -> bool:
        if org.pk not in self._visible:
            self._visible[org.pk] = org.pk in self.scope.orgs
        return self._visible[org.pk]

    def writable(self, org: Organization) -> bool:
        if org.pk not in self._writable:
            self._writable[org.pk] = self.scope.can_write_org(org)
        return self._writable[org.pk]
