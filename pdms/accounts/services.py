"""Creating and changing user accounts."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pdms.audit.services import audit_record
from pdms.core.errors import DomainError
from pdms.organizations.models import BRANCH_KINDS

from .models import Role, User


@transaction.atomic
def user_create(*, username: str, password: str, role: str, organization, actor, full_name: str = "", check_password: bool = True) -> User:
    """Create an account bound to an organization (administrators may have none)."""
    username = (username or "").strip()
    if not username:
        raise DomainError(_("The username is required."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("The username %(name)s is taken.") % {"name": username}, field="username")
    if role not in Role.values:
        raise DomainError(_("Unknown role “%(role)s”.") % {"role": role}, field="role")
    if role != Role.ADMIN and organization is None:
        raise DomainError(_("Every account except an administrator's is bound to an organization."), field="organization")
    if role == Role.SECRETARY and organization.kind not in BRANCH_KINDS:
        raise DomainError(_("A branch secretary must be bound to a branch."), field="organization")
    if check_password:
        try:
            validate_password(password)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), field="password")
    parts = full_name.split()
    user = User(
        username=username,
        role=role,
        organization=organization if role != Role.ADMIN else None,
        last_name=" ".join(parts[:-1]),
        first_name=parts[-1] if parts else "",
        is_staff=False,
    )
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor, action="user.create", obj=user, object_type="user", organization=user.organization,
        changes={"username": [None, username], "role": [None, role], "organization": [None, organization.code if organization else None]},
    )
    return user
