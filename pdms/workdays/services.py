"""Recording the days the government announces: an extra day off, or a weekend or holiday
made a working day. Only administrators may; every change is audited and announced with
``calendar_changed`` in the same transaction, so deadlines follow it."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from pdms.accounts.models import Role
from pdms.audit.services import audit_record, diff
from pdms.core.dates import format_date
from pdms.core.errors import DomainError, PermissionDenied

from .calendar import is_workday_by_law, law_holiday_name, weekday_name
from .models import CalendarDay
from .signals import calendar_changed

OBJECT_TYPE = "calendar_day"
NAME_MAX_LENGTH = CalendarDay._meta.get_field("name").max_length


def _require_admin(actor) -> None:
    if getattr(actor, "role", None) != Role.ADMIN:
        raise PermissionDenied(_("Only an administrator may change the calendar of working days."))


def _describe(day: dt.date) -> str:
    """“21/02/2026 (Thứ Bảy)” or “17/02/2026 (Tết Nguyên Đán)”."""
    return f"{format_date(day)} ({law_holiday_name(day) or weekday_name(day)})"


def _validate(*, day: dt.date, kind: str, name: str) -> None:
    if kind not in CalendarDay.Kind.values:
        raise DomainError(_("Choose whether %(date)s is a day off or a working day.") % {"date": format_date(day)}, field="kind")
    if not name:
        raise DomainError(
            _("Give the name of the announced day %(date)s, e.g. “Nghỉ bù Tết”.") % {"date": format_date(day)}, field="name"
        )
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(
            _("The name of the announced day %(date)s is longer than %(limit)d characters.")
            % {"date": format_date(day), "limit": NAME_MAX_LENGTH},
            field="name",
        )
    if kind == CalendarDay.Kind.WORKING_DAY and is_workday_by_law(day):
        raise DomainError(
            _("%(date)s is already a working day; only a Saturday, a Sunday or a public holiday can be made a working day.")
            % {"date": _describe(day)},
            field="day",
        )
    if kind == CalendarDay.Kind.DAY_OFF and not is_workday_by_law(day):
        raise DomainError(
            _("%(date)s is already a day off; only a working day can be announced as an extra day off.")
            % {"date": _describe(day)},
            field="day",
        )


def _snapshot(entry: CalendarDay | None) -> dict:
    return {"kind": entry.kind, "name": entry.name} if entry else {}


@transaction.atomic
def calendar_day_set(*, day: dt.date, kind: str, name: str, actor, reason: str = "") -> CalendarDay:
    """Record what the government announced for ``day`` (or correct an earlier record of
    it): ``kind`` DAY_OFF on a day that is a working day under the law, WORKING_DAY on a
    weekend or public holiday."""
    _require_admin(actor)
    name = (name or "").strip()
    _validate(day=day, kind=kind, name=name)
    entry = CalendarDay.objects.select_for_update().filter(day=day).first()
    before = _snapshot(entry)
    if entry is None:
        entry = CalendarDay.objects.create(day=day, kind=kind, name=name, created_by=actor)
        action, changes = "calendar_day.create", diff({}, {"day": day, **_snapshot(entry)})
    else:
        entry.kind, entry.name = kind, name
        changes = diff(before, _snapshot(entry))
        if not changes:
            return entry
        entry.save(update_fields=["kind", "name"])
        action = "calendar_day.update"
    audit_record(
        actor=actor, action=action, obj=entry, object_type=OBJECT_TYPE, organization=None, changes=changes, reason=reason
    )
    if before.get("kind") != entry.kind:
        calendar_changed.send(sender=CalendarDay, days=[day])
    return entry


@transaction.atomic
def calendar_day_remove(*, day: dt.date, actor, reason: str = "") -> None:
    """Withdraw the announced day on ``day``; the law decides that date again."""
    _require_admin(actor)
    entry = CalendarDay.objects.select_for_update().filter(day=day).first()
    if entry is None:
        raise DomainError(_("No announced day is recorded on %(date)s.") % {"date": format_date(day)}, field="day")
    audit_record(
        actor=actor,
        action="calendar_day.remove",
        obj=entry,
        object_type=OBJECT_TYPE,
        organization=None,
        changes=diff({"day": day, **_snapshot(entry)}, {}),
        reason=reason,
    )
    entry.delete()
    calendar_changed.send(sender=CalendarDay, days=[day])
