"""Reading a record's audit trail for display: the entries the user may read, newest
first, with actions, fields and values put in words. Each app supplies its labels."""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from pdms.accounts.scope import Scope
from pdms.core.dates import format_date

from .models import AuditEntry

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class HistoryRow:
    entry: AuditEntry
    action: str
    changes: list[Change]


def value_label(value, choices: dict) -> str:
    """A recorded value as a reader expects it: dates dd/mm/yyyy, choices by their label."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        return format_date(dt.date.fromisoformat(value))
    if isinstance(value, str) and value in choices:
        return str(choices[value])
    return str(value)


def history_for(
    scope: Scope, *, object_type: str, object_id: int, actions: dict, field_label: Callable[[str], str], choices: dict
) -> list[HistoryRow]:
    """Entries about one record that the user may read: each entry is scoped by the
    organization it was recorded for. Pairs that did not change (e.g. empty fields at
    creation) are left out."""
    entries = (
        AuditEntry.objects.filter(object_type=object_type, object_id=object_id)
        .filter(scope.orgs.q("organization_id"))
        .select_related("actor")
        .order_by("-at", "-id")
    )
    rows = []
    for entry in entries:
        changes = [
            Change(field_label(name), value_label(pair[0], choices), value_label(pair[1], choices))
            for name, pair in (entry.changes or {}).items()
            if isinstance(pair, (list, tuple)) and len(pair) == 2
        ]
        rows.append(
            HistoryRow(entry=entry, action=str(actions.get(entry.action, entry.action)), changes=[c for c in changes if c.before != c.after])
        )
    return rows
