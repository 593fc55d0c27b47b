"""Reading accounts: only administrators may, and they see every account."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import User
from .scope import Scope, require_account_admin


def accounts_for_admin(scope: Scope) -> QuerySet[User]:
    require_account_admin(scope.user)
    return User.objects.select_related("organization").order_by("-is_active", "username")


def get_account_for_admin_or_404(scope: Scope, user_id) -> User:
    require_account_admin(scope.user)
    return get_object_or_404(User.objects.select_related("organization"), pk=user_id)
