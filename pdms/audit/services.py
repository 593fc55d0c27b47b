"""Writing audit entries. Services call these inside their own transaction."""

import datetime as dt
from decimal import Decimal

from django.db import models

from .models import AuditEntry


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields whose value changed."""
    keys = list(dict.fromkeys([*before, *after]))
    return {
        k: [_plain(before.get(k)), _plain(after.get(k))] for k in keys if _plain(before.get(k)) != _plain(after.get(k))
    }


def audit_entry(*, actor, action: str, obj, object_type: str, organization=None, changes=None, reason: str = "") -> AuditEntry:
    """Build an unsaved entry (for bulk writes)."""
    return AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=object_type,
        object_id=obj.pk,
        object_repr=str(obj)[:255],
        organization=organization,
        changes=changes or {},
        reason=reason or "",
    )


def audit_record(**kwargs) -> AuditEntry:
    entry = audit_entry(**kwargs)
    entry.save()
    return entry


def audit_bulk(entries: list[AuditEntry]) -> None:
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
