"""Reading accounts: only administrators may, and they see every account."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from pdms.core.errors import PermissionDenied

from .models import User
from .scope import Scope


def _require_admin(scope: Scope) -> None:
    if not scope.is_admin:
        raise PermissionDenied(_("Only an administrator may manage accounts."))


def accounts_for_admin(scope: Scope) -> QuerySet[User]:
    _require_admin(scope)
    return User.objects.select_related("organization").order_by("-is_active", "username")


def get_account_for_admin_or_404(scope: Scope, user_id) -> User:
    _require_admin(scope)
    return get_object_or_404(User.objects.select_related("organization"), pk=user_id)
