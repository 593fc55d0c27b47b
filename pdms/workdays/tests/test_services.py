"""Recording announced days: administrators may, nobody else; the calendar rules are
checked with messages that name the date; every change is audited and announced to the
apps that count deadlines, in the same transaction."""

import datetime as dt

import pytest
from django.db import connection

from pdms.audit.models import AuditEntry
from pdms.core.errors import DomainError, PermissionDenied
from pdms.workdays.models import CalendarDay
from pdms.workdays.services import calendar_day_remove, calendar_day_set
from pdms.workdays.signals import calendar_changed

D = dt.date
DAY_OFF, WORKING_DAY = CalendarDay.Kind.DAY_OFF, CalendarDay.Kind.WORKING_DAY


@pytest.fixture
def received():
    calls = []

    def receiver(sender, days, **kwargs):
        rows = set(CalendarDay.objects.values_list("day", flat=True))
        calls.append({"days": days, "in_transaction": connection.in_atomic_block, "rows": rows})

    calendar_changed.connect(receiver, dispatch_uid="workdays-test")
    yield calls
    calendar_changed.disconnect(dispatch_uid="workdays-test")


def test_an_administrator_records_an_extra_day_off(admin_user):
    entry = calendar_day_set(day=D(2026, 2, 13), kind=DAY_OFF, name="  Nghỉ thêm trước Tết ", actor=admin_user)
    assert (entry.day, entry.kind, entry.name, entry.created_by) == (D(2026, 2, 13), DAY_OFF, "Nghỉ thêm trước Tết", admin_user)


def test_an_administrator_makes_a_saturday_a_working_day(admin_user):
    entry = calendar_day_set(day=D(2026, 1, 10), kind=WORKING_DAY, name="Làm bù", actor=admin_user)
    assert entry.kind == WORKING_DAY


def test_recording_the_same_date_again_corrects_the_record(admin_user):
    calendar_day_set(day=D(2026, 2, 13), kind=DAY_OFF, name="Nghỉ bù", actor=admin_user)
    calendar_day_set(day=D(2026, 2, 13), kind=DAY_OFF, name="Nghỉ bù Tết", actor=admin_user)
    assert list(CalendarDay.objects.values_list("name", flat=True)) == ["Nghỉ bù Tết"]


@pytest.mark.parametrize("persona", ["province_officer", "commune_officer", "secretary", "viewer"])
def test_nobody_but_an_administrator_may_change_the_calendar(persona, request, admin_user):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied, match="Chỉ quản trị viên"):
        calendar_day_set(day=D(2026, 2, 13), kind=DAY_OFF, name="Nghỉ bù", actor=actor)
    calendar_day_set(day=D(2026, 2, 13), kind=DAY_OFF, name="Nghỉ bù", actor=admin_user)
    with pytest.raises(PermissionDenied):
        calendar_day_remove(day=D(2026, 2, 13), actor=actor)
    assert CalendarDay.objects.count() == 1


def test_a_weekday_may_not_be_made_a_working_day(admin_user):
    with pytest.raises(DomainError) as caught:
        calendar_day_set(day=D(2026, 3, 9), kind=WORKING_DAY, name="Làm bù", actor=admin_user)
    assert caught.value.field == "day"
    assert "09/03/2026 (Thứ Hai) đã là ngày làm việc" in caught.value.message


def test_a_saturday_may_not_be_announced_as_an_extra_day_off(admin_user):
    with pytest.raises(DomainError) as caught:
        calendar_day_set(day=D(2026, 2, 21), kind=DAY_OFF, name="Nghỉ", actor=admin_user)
    assert caught.value.field == "day"
    assert "21/02/2026 (Thứ Bảy) đã là ngày nghỉ" in caught.value.message


def test_a_public_holiday_may_not_be_announced_as_an_extra_day_off(admin_user):
    with pytest.raises(DomainError, match=r"17/02/2026 \(Tết Nguyên Đán\) đã là ngày nghỉ"):
        calendar_day_set(day=D(2026, 2, 17), kind=DAY_OFF, name="Nghỉ", actor=admin_user)


def test_a_public_holiday_may_be_made_a_working_day(admin_user):
    assert calendar_day_set(day=D(2026, 11, 24), kind=WORKING_DAY, name="Làm việc", actor=admin_user).pk


def test_an_announced_day_needs_a_name(admin_user):
    with pytest.raises(DomainError) as caught:
        calendar_day_set(day=D(2026, 2, 13), kind=DAY_OFF, name="  ", actor=admin_user)
    assert caught.value.field == "name"
    assert "13/02/2026" in caught.value.message
    assert not CalendarDay.objects.exists()


def test_an_unknown_kind_is_refused(admin_user):
    with pytest.raises(DomainError) as caught:
        calendar_day_set(day=D(2026, 2, 13), kind="holiday", name="Nghỉ", actor=admin_user)
    assert caught.value.field == "kind"


def test_withdrawing_a_day_that_was_never_announced_is_refused(admin_user):
    with pytest.raises(DomainError, match="13/02/2026"):
        calendar_day_remove(day=D(2026, 2, 13), actor=admin_user)


def test_every_change_is_audited_for_no_organization(admin_user):
    entry = calendar_day_set(day=D(2026, 2, 13), kind=DAY_OFF, name="Nghỉ bù", actor=admin_user, reason="Thông báo 1/TB")
    calendar_day_set(day=D(2026, 2, 13), kind=DAY_OFF, name="Nghỉ bù Tết", actor=admin_user)
    calendar_day_remove(day=D(2026, 2, 13), actor=admin_user, reason="Đính chính")
    audit = list(AuditEntry.objects.filter(object_type="calendar_day", object_id=entry.pk).order_by("id"))
    assert [a.action for a in audit] == ["calendar_day.create", "calendar_day.update", "calendar_day.remove"]
    assert audit[0].changes == {"day": [None, "2026-02-13"], "kind": [None, "day_off"], "name": [None, "Nghỉ bù"]}
    assert audit[0].reason == "Thông báo 1/TB"
    assert audit[1].changes == {"name": ["Nghỉ bù", "Nghỉ bù Tết"]}
    assert audit[2].changes["day"] == ["2026-02-13", None]
    assert all(a.actor == admin_user and a.organization is None for a in audit)


def test_recording_the_same_thing_twice_writes_nothing(admin_user, received):
    calendar_day_set(day=D(2026, 2, 13), kind=DAY_OFF, name="Nghỉ bù", actor=admin_user)
    calendar_day_set(day=D(2026, 2, 13), kind=DAY_OFF, name="Nghỉ bù", actor=admin_user)
    assert AuditEntry.objects.filter(object_type="calendar_day").count() == 1
    assert len(received) == 1


def test_the_apps_counting_deadlines_hear_of_each_change_inside_its_transaction(admin_user, received):
    calendar_day_set(day=D(2026, 2, 13), kind=DAY_OFF, name="Nghỉ bù", actor=admin_user)
    calendar_day_remove(day=D(2026, 2, 13), actor=admin_user)
    assert [call["days"] for call in received] == [[D(2026, 2, 13)], [D(2026, 2, 13)]]
    assert all(call["in_transaction"] for call in received)
    assert [call["rows"] for call in received] == [{D(2026, 2, 13)}, set()]


def test_a_receiver_that_fails_undoes_the_change(admin_user):
    def failing(sender, days, **kwargs):
        raise RuntimeError("deadline recomputation failed")

    calendar_changed.connect(failing, dispatch_uid="workdays-failing")
    try:
        with pytest.raises(RuntimeError):
            calendar_day_set(day=D(2026, 2, 13), kind=DAY_OFF, name="Nghỉ bù", actor=admin_user)
    finally:
        calendar_changed.disconnect(dispatch_uid="workdays-failing")
    assert not CalendarDay.objects.exists()
    assert not AuditEntry.objects.filter(object_type="calendar_day").exists()
