"""What a citizen ID typed by a user tells them: within their scope, the person; outside
it, one neutral answer; every lookup audited; finds outside the scope throttled."""

import datetime as dt

import pytest

from pdms.audit.models import AuditEntry
from pdms.core.errors import DomainError
from pdms.core.testing import citizen_id_for, person
from pdms.members.identity import ELSEWHERE, FOUND, UNKNOWN, HeldElsewhere, citizen_id_lookup, person_for_citizen_id
from pdms.members.models import Member
from pdms.members.services import member_register, member_update_person

D = dt.date
NEUTRAL = "Số CCCD này đã có trong hệ thống ở một tổ chức khác; liên hệ cấp ủy cấp trên để chuyển."


def look_up(number, actor):
    return person_for_citizen_id(number=number, actor=actor, purpose="test")


def test_an_id_within_the_scope_gives_the_person(tree, commune_officer):
    an = tree.members["an"].person
    assert look_up(an.citizen_id, commune_officer) == an


def test_an_id_held_outside_the_scope_gives_the_neutral_answer_without_the_name(tree, commune_officer):
    binh = tree.members["binh"].person
    with pytest.raises(HeldElsewhere) as error:
        look_up(binh.citizen_id, commune_officer)
    assert error.value.message == NEUTRAL and error.value.field == "citizen_id"
    assert "Bình" not in error.value.message and tree.commune_b.name not in error.value.message


def test_the_province_sees_what_a_commune_does_not(tree, province_officer, outsider):
    binh = tree.members["binh"].person
    assert look_up(binh.citizen_id, province_officer) == binh
    with pytest.raises(HeldElsewhere):
        look_up(binh.citizen_id, outsider)


def test_an_unknown_id_gives_nobody(tree, commune_officer):
    assert look_up(citizen_id_for(D(1990, 1, 1), "male"), commune_officer) is None


def test_every_lookup_by_a_user_is_audited_with_the_masked_id_only(tree, commune_officer):
    an, binh = tree.members["an"].person, tree.members["binh"].person
    unknown = citizen_id_for(D(1990, 1, 1), "male")
    citizen_id_lookup(numbers=[an.citizen_id, binh.citizen_id, unknown], actor=commune_officer, purpose="member.import")
    entries = {e.action: e for e in AuditEntry.objects.filter(object_type="citizen_id")}
    assert set(entries) == {FOUND, ELSEWHERE, UNKNOWN}
    assert entries[ELSEWHERE].object_repr == "••••••••" + binh.citizen_id[-4:] and entries[ELSEWHERE].object_id == binh.pk
    assert all(e.actor == commune_officer and e.reason == "member.import" for e in entries.values())
    assert all(binh.citizen_id not in str(e.changes) + e.object_repr for e in entries.values())


def test_lookups_by_the_system_are_not_audited(tree):
    look_up(tree.members["binh"].person.citizen_id, None)
    assert not AuditEntry.objects.filter(object_type="citizen_id").exists()


def test_finds_outside_the_scope_are_throttled_whatever_is_asked_next(tree, commune_officer, settings):
    settings.CITIZEN_ID_LOOKUP_LIMIT = 2
    binh, uyen, an = (tree.members[k].person for k in ("binh", "uyen", "an"))
    for number in (binh.citizen_id, uyen.citizen_id):
        with pytest.raises(HeldElsewhere):
            look_up(number, commune_officer)
    with pytest.raises(DomainError) as error:
        look_up(an.citizen_id, commune_officer)
    assert not isinstance(error.value, HeldElsewhere)
    assert "quá nhiều số CCCD" in error.value.message and "12:00 24/11/2026" in error.value.message


def test_unknown_ids_are_not_counted(tree, commune_officer, settings):
    settings.CITIZEN_ID_LOOKUP_LIMIT = 1
    for _ in range(3):
        assert look_up(citizen_id_for(D(1990, 1, 1), "male"), commune_officer) is None
    assert look_up(tree.members["an"].person.citizen_id, commune_officer) is not None


def test_a_long_list_cannot_go_past_the_limit_in_one_lookup(tree, commune_officer, settings):
    settings.CITIZEN_ID_LOOKUP_LIMIT = 1
    numbers = [tree.members[k].person.citizen_id for k in ("binh", "uyen")]
    with pytest.raises(DomainError) as error:
        citizen_id_lookup(numbers=numbers, actor=commune_officer, purpose="member.import")
    assert "quá nhiều số CCCD" in error.value.message
    assert AuditEntry.objects.filter(action=ELSEWHERE, actor=commune_officer).count() == 2


def test_the_throttle_lifts_when_the_window_has_passed(tree, commune_officer, settings, time_machine):
    settings.CITIZEN_ID_LOOKUP_LIMIT = 1
    binh = tree.members["binh"].person
    with pytest.raises(HeldElsewhere):
        look_up(binh.citizen_id, commune_officer)
    with pytest.raises(DomainError):
        look_up(tree.members["an"].person.citizen_id, commune_officer)
    time_machine.shift(dt.timedelta(minutes=settings.CITIZEN_ID_LOOKUP_WINDOW_MINUTES, seconds=1))
    assert look_up(tree.members["an"].person.citizen_id, commune_officer) is not None


def test_one_user_being_throttled_does_not_stop_another(tree, commune_officer, secretary, settings):
    settings.CITIZEN_ID_LOOKUP_LIMIT = 1
    with pytest.raises(HeldElsewhere):
        look_up(tree.members["binh"].person.citizen_id, commune_officer)
    assert look_up(tree.members["an"].person.citizen_id, secretary) is not None


def test_registering_a_member_with_an_id_held_elsewhere_gives_the_neutral_answer(tree, commune_officer, today):
    binh = tree.members["binh"].person
    with pytest.raises(HeldElsewhere):
        member_register(
            person=person("Phạm Thanh Bình", binh.birth_date, citizen_id=binh.citizen_id), organization=tree.branch_a1,
            admitted_on=D(2015, 1, 10), actor=commune_officer, today=today,
        )
    assert Member.objects.count() == 5
    assert AuditEntry.objects.filter(action=ELSEWHERE, actor=commune_officer).exists()


def test_correcting_a_citizen_id_to_one_held_elsewhere_gives_the_neutral_answer(tree, commune_officer):
    an, binh = tree.members["an"], tree.members["binh"].person
    data = person("Nguyễn Văn An", an.person.birth_date, citizen_id=binh.citizen_id)
    with pytest.raises(HeldElsewhere):
        member_update_person(member=an, data=data, actor=commune_officer)
    an.person.refresh_from_db()
    assert an.person.citizen_id != binh.citizen_id
