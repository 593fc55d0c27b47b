"""Creating and changing user accounts. Only an administrator (or the operator on the
server's command line, ``actor=None``) manages accounts; every user changes their own
password. Every change is audited; passwords never are."""

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pdms.audit.services import audit_record, diff
from pdms.core.errors import DomainError, PermissionDenied
from pdms.organizations.models import BRANCH_KINDS

from .models import Role, User
from .scope import require_account_admin


def _check_binding(role: str, organization) -> None:
    if role not in Role.values:
        raise DomainError(_("Unknown role “%(role)s”.") % {"role": role}, field="role")
    if role != Role.ADMIN and organization is None:
        raise DomainError(_("Every account except an administrator's is bound to an organization."), field="organization")
    if role != Role.ADMIN and organization.ended_on is not None:
        raise DomainError(_("%(org)s has ended; bind the account to an organization that exists today.") % {"org": organization.name}, field="organization")
    if role == Role.SECRETARY and organization.kind not in BRANCH_KINDS:
        raise DomainError(_("A branch secretary must be bound to a branch."), field="organization")


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password")


def _binding(user: User) -> dict:
    return {"role": user.role, "organization": user.organization.code if user.organization else None}


def _other_active_admins(user: User):
    return User.objects.filter(role=Role.ADMIN, is_active=True).exclude(pk=user.pk)


@transaction.atomic
def user_create(*, username: str, password: str, role: str, organization, actor, full_name: str = "", check_password: bool = True) -> User:
    """Create an account bound to an organization (administrators may have none)."""
    require_account_admin(actor)
    username = (username or "").strip()
    if not username:
        raise DomainError(_("The username is required."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("The username %(name)s is taken.") % {"name": username}, field="username")
    _check_binding(role, organization)
    parts = full_name.split()
    user = User(
        username=username,
        role=role,
        organization=organization if role != Role.ADMIN else None,
        last_name=" ".join(parts[:-1]),
        first_name=parts[-1] if parts else "",
        is_staff=False,
    )
    if check_password:
        _check_password(password, user)
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor, action="user.create", obj=user, object_type="user", organization=user.organization,
        changes={"username": [None, username], **diff({}, _binding(user))},
    )
    return user


@transaction.atomic
def user_change(*, user: User, role: str, organization, actor, reason: str = "") -> User:
    """Change an account's role and organization."""
    require_account_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_binding(role, organization)
    if user.role == Role.ADMIN and role != Role.ADMIN and user.is_active and not _other_active_admins(user).exists():
        raise DomainError(_("%(name)s is the last active administrator; make another one first.") % {"name": user}, field="role")
    before = _binding(user)
    user.role = role
    user.organization = organization if role != Role.ADMIN else None
    user.save(update_fields=["role", "organization"])
    audit_record(
        actor=actor, action="user.change", obj=user, object_type="user", organization=user.organization,
        changes=diff(before, _binding(user)), reason=reason,
    )
    return user


@transaction.atomic
def user_set_active(*, user: User, active: bool, actor, reason: str = "") -> User:
    """Deactivate an account (it can no longer log in and its sessions end) or reactivate it."""
    require_account_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not active and actor is not None and user.pk == actor.pk:
        raise DomainError(_("You cannot deactivate your own account."))
    if not active and user.role == Role.ADMIN and not _other_active_admins(user).exists():
        raise DomainError(_("%(name)s is the last active administrator; make another one first.") % {"name": user})
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor, action="user.activate" if active else "user.deactivate", obj=user, object_type="user",
            organization=user.organization, changes={"is_active": [not active, active]}, reason=reason,
        )
    return user


@transaction.atomic
def user_password_reset(*, user: User, actor, password: str = "") -> str:
    """Set the password an administrator typed, or a random temporary one; return it so
    that it can be shown once. The user's sessions end."""
    require_account_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    temporary = not password
    if temporary:
        password = secrets.token_urlsafe(12)
    else:
        _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=actor, action="user.password_reset", obj=user, object_type="user", organization=user.organization,
        changes={"temporary": [None, temporary]},
    )
    return password


@transaction.atomic
def user_password_change(*, user: User, password: str, actor) -> User:
    """A user changes their own password (the old one was checked by the form)."""
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied(_("Only the account's owner may change its password this way."))
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="user.password_change", obj=user, object_type="user", organization=user.organization)
    return user
