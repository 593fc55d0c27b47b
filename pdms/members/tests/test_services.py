import datetime as dt

import pytest

from pdms.audit.models import AuditEntry
from pdms.core.errors import DomainError
from pdms.core.testing import person, register
from pdms.members import services
from pdms.members.models import MemberPeriod, Status

D = dt.date


def test_registration_creates_probationary_then_full_periods(tree):
    an = tree.members["an"]
    periods = list(an.periods.order_by("valid_from"))
    assert [(p.status, p.valid_from, p.valid_to) for p in periods] == [
        ("probationary", D(2012, 3, 1), D(2013, 3, 1)),
        ("full", D(2013, 3, 1), None),
    ]
    assert periods[1].prev_status == "probationary"
    assert AuditEntry.objects.filter(object_type="member", object_id=an.pk, action="member.register").exists()


def test_the_citizen_id_is_stored_encrypted_and_shown_masked(tree):
    p = tree.members["an"].person
    assert p.citizen_id.startswith("001") and len(p.citizen_id) == 12
    assert p.citizen_id not in p.citizen_id_encrypted
    assert p.citizen_id_masked.endswith(p.citizen_id[-4:]) and p.citizen_id_masked.startswith("•")


def test_the_same_citizen_id_cannot_be_registered_twice(tree):
    existing = tree.members["an"].person
    data = person("Nguyễn Văn Khác", existing.birth_date, "male", citizen_id=existing.citizen_id)
    with pytest.raises(DomainError) as err:
        services.member_register(person=data, organization=tree.branch_a2, admitted_on=D(2015, 1, 1), actor=None, today=D(2026, 11, 23))
    assert err.value.field == "citizen_id"


@pytest.mark.parametrize(
    "born, admitted, recognized, field",
    [
        (D(2000, 1, 1), D(2017, 12, 31), None, "admitted_on"),  # not yet 18
        (D(1990, 1, 1), D(2027, 1, 1), None, "admitted_on"),  # future
        (D(1990, 1, 1), D(2015, 1, 1), D(2014, 1, 1), "recognized_on"),  # before admission
    ],
)
def test_it_refuses_impossible_membership_dates(tree, born, admitted, recognized, field):
    with pytest.raises(DomainError) as err:
        register(tree.branch_a1, "Đỗ Văn Sai", born=born, admitted=admitted, recognized=recognized)
    assert err.value.field == field


def test_recognition_turns_a_probationary_member_full(tree):
    anh = tree.members["anh"]
    with pytest.raises(DomainError) as err:
        services.member_recognize(member=anh, on=D(2026, 12, 1), actor=None)
    assert "01/12/2026" in err.value.message  # in the future
    services.member_recognize(member=anh, on=D(2026, 11, 20), actor=None)
    anh.refresh_from_db()
    assert anh.status == Status.FULL and anh.recognized_on == D(2026, 11, 20)
    with pytest.raises(DomainError):
        services.member_recognize(member=anh, on=D(2026, 11, 21), actor=None)


def test_a_permanent_transfer_goes_through_transit(tree):
    an = tree.members["an"]
    services.member_transfer_start(member=an, on=D(2024, 3, 1), destination=tree.branch_b1, actor=None)
    an.refresh_from_db()
    assert an.status == Status.IN_TRANSIT and an.organization == tree.branch_b1
    services.member_transfer_receive(member=an, on=D(2024, 3, 20), actor=None)
    an.refresh_from_db()
    assert an.status == Status.FULL and an.organization == tree.branch_b1
    assert an.periods.get(valid_to__isnull=True).start_event == "transfer_in"


def test_a_transfer_out_of_the_system_ends_the_membership_here(tree):
    an = tree.members["an"]
    with pytest.raises(DomainError):
        services.member_transfer_start(member=an, on=D(2024, 3, 1), actor=None)
    services.member_transfer_start(member=an, on=D(2024, 3, 1), destination_name="Đảng bộ tỉnh Quảng Ngãi", actor=None)
    an.refresh_from_db()
    assert an.status == Status.TRANSFERRED_OUT and an.organization == tree.branch_a1


def test_a_temporary_transfer_does_not_change_where_the_member_is_counted(tree):
    an = tree.members["an"]
    services.member_transfer_temporary(member=an, host=tree.branch_b1, start_on=D(2024, 1, 1), end_on=D(2024, 9, 1), actor=None)
    an.refresh_from_db()
    assert an.organization == tree.branch_a1 and an.periods.count() == 2
    with pytest.raises(DomainError):
        services.member_transfer_temporary(member=an, host_name="Trường Chính trị", start_on=D(2024, 6, 1), end_on=D(2024, 12, 1), actor=None)


def test_removal_needs_a_reason_and_ends_the_membership(tree):
    dat = tree.members["dat"]
    with pytest.raises(DomainError) as err:
        services.member_end(member=dat, status=Status.REMOVED, on=D(2024, 5, 1), actor=None)
    assert err.value.field == "reason"
    services.member_end(member=dat, status=Status.REMOVED, on=D(2024, 5, 1), actor=None, reason="Bỏ sinh hoạt 3 tháng")
    dat.refresh_from_db()
    assert dat.status == Status.REMOVED
    with pytest.raises(DomainError):
        services.member_end(member=dat, status=Status.DECEASED, on=D(2025, 1, 1), actor=None)


def test_a_change_dated_before_the_current_period_is_refused_without_side_effects(tree):
    an = tree.members["an"]
    before = MemberPeriod.objects.filter(member=an).count()
    with pytest.raises(DomainError):
        services.member_end(member=an, status=Status.DECEASED, on=D(2012, 6, 1), actor=None)
    assert MemberPeriod.objects.filter(member=an).count() == before
    an.refresh_from_db()
    assert an.status == Status.FULL


def test_a_transfer_is_audited_for_the_sending_organization(tree):
    an = tree.members["an"]
    services.member_transfer_start(member=an, on=D(2024, 3, 1), destination=tree.other_branch, actor=None)
    entry = AuditEntry.objects.get(object_id=an.pk, action="member.transfer_start")
    assert entry.organization == tree.branch_a1


def test_future_dates_are_refused_for_every_member_event(tree):
    an = tree.members["an"]
    with pytest.raises(DomainError):
        services.member_end(member=an, status=Status.DECEASED, on=D(2026, 12, 24), actor=None)
    with pytest.raises(DomainError):
        services.member_transfer_start(member=an, on=D(2027, 1, 1), destination=tree.branch_b1, actor=None)
    with pytest.raises(DomainError):
        services.member_transfer_temporary(member=an, host=tree.branch_b1, start_on=D(2027, 1, 1), end_on=D(2027, 6, 1), actor=None)
