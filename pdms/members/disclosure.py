"""Showing a member's full citizen ID. Pages show it masked; a user who may change the
member's records can ask for the full number, and every such disclosure is audited."""

from django.db import transaction

from pdms.accounts.scope import Scope
from pdms.audit.services import audit_record

from .models import Member


@transaction.atomic
def citizen_id_disclose(*, member: Member, actor) -> str:
    """Return the member's full citizen ID after recording who asked for it. Raises
    PermissionDenied unless the actor may write the member's current organization."""
    Scope.of(actor).require_write(member.organization)
    audit_record(
        actor=actor,
        action="member.view_citizen_id",
        obj=member,
        object_type="member",
        organization=member.organization,
    )
    return member.person.citizen_id
