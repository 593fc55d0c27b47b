"""A member file's citizen IDs never name or place anyone outside the importing user's
scope, even in a dry run: every such row gets the same neutral answer, the lookups are
audited, and a file full of them is throttled."""

import pytest

from pdms.accounts.scope import Scope
from pdms.audit.models import AuditEntry
from pdms.members.identity import ELSEWHERE, FOUND, UNKNOWN
from pdms.members.models import Member
from pdms.recruitment.services.sources import candidate_drop
from pdms.recruitment.testing import make_candidate

from .sheets import MEMBER_HEADER, D, member_row, messages, run_import

NEUTRAL = "Số CCCD này đã có trong hệ thống ở một tổ chức khác; liên hệ cấp ủy cấp trên để chuyển."


@pytest.fixture
def strangers(tree):
    """People of commune X02, outside the commune officer's scope."""
    kon = make_candidate(tree.branch_b1, "Y Văn Kôn", added=D(2025, 2, 1))
    hoa = make_candidate(tree.branch_b1, "Đinh Thị Hoa", sex="female", born=D(2001, 3, 8), added=D(2024, 5, 1))
    candidate_drop(candidate=hoa, on=D(2025, 6, 1), reason="Đi học xa", actor=None)
    return [tree.members["binh"].person, kon.person, hoa.person]


def row_of(p):
    """A row that passes every check but the citizen ID's owner."""
    return member_row(p.full_name, p.birth_date, "Nữ" if p.sex == "female" else "Nam", citizen_id=p.citizen_id, admitted="10/01/2024", recognized="")


def dry_run(rows, user):
    return run_import("members", [MEMBER_HEADER, *rows], scope=Scope.of(user), actor=user, dry_run=True)[1]


def test_a_dry_run_gives_one_neutral_answer_for_a_member_an_open_and_a_dropped_candidate_elsewhere(tree, today, commune_officer, strangers):
    rows = [row_of(p) for p in strangers]
    outcome = dry_run(rows, commune_officer)
    assert [(e.row, e.column, e.message) for e in outcome.errors] == [(n, "Số CCCD", NEUTRAL) for n in (2, 3, 4)]
    for text in messages(outcome):
        assert tree.commune_b.name not in text and tree.branch_b1.name not in text
    assert AuditEntry.objects.filter(action=ELSEWHERE, actor=commune_officer).count() == 3


def test_the_answer_does_not_depend_on_the_name_in_the_file(tree, today, commune_officer):
    binh = tree.members["binh"].person
    outcome = dry_run([member_row("Tên Bịa Đặt", binh.birth_date, citizen_id=binh.citizen_id)], commune_officer)
    assert [e.message for e in outcome.errors] == [NEUTRAL]


def test_members_within_the_scope_are_still_checked_in_detail(tree, today, commune_officer):
    dat = tree.members["dat"]
    row = member_row(dat.person.full_name, dat.person.birth_date, citizen_id=dat.person.citizen_id, admitted="05/05/2016", recognized="05/05/2017")
    outcome = dry_run([row, member_row("Hoàng Văn Minh")], commune_officer)
    assert len(outcome.errors) == 1 and "Trần Quốc Đạt" in outcome.errors[0].message and "Chi bộ thôn 2" in outcome.errors[0].message
    assert set(AuditEntry.objects.filter(actor=commune_officer, object_type="citizen_id").values_list("action", flat=True)) == {FOUND, UNKNOWN}


def test_a_file_that_finds_too_many_people_elsewhere_is_refused_whole(tree, today, commune_officer, strangers, settings):
    settings.CITIZEN_ID_LOOKUP_LIMIT = 2
    rows = [row_of(p) for p in strangers] + [member_row("Hoàng Văn Minh")]
    outcome = dry_run(rows, commune_officer)
    assert [(e.row, e.column) for e in outcome.errors] == [(None, "")] and "quá nhiều số CCCD" in outcome.errors[0].message
    assert NEUTRAL not in messages(outcome)[0]
    again = run_import("members", [MEMBER_HEADER, member_row("Hoàng Văn Minh")], scope=Scope.of(commune_officer), actor=commune_officer)[1]
    assert "quá nhiều số CCCD" in messages(again)[0] and Member.objects.count() == 5
