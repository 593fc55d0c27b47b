"""Importing members: checked with the members' own rules, written all or nothing,
idempotent by citizen ID."""

import datetime as dt
import time

import pytest

from pdms.accounts.scope import Scope
from pdms.audit.models import AuditEntry
from pdms.core.citizen_id import blind_index
from pdms.core.errors import DomainError
from pdms.members.models import Member, Person, Status

from .sheets import MEMBER_HEADER, D, member_row, messages, run_import

KIND = "members"


def _rows():
    return [
        MEMBER_HEADER,
        member_row("Hoàng Văn Minh", D(1990, 5, 15), "Nam", "C0101", "10/01/2015", "10/01/2016", card="09001234"),
        member_row("Đinh Thị Hoa", D(1998, 2, 3), "Nữ", "C0102", "01/06/2026", "", ethnicity="Xơ Đăng", religion="Công giáo"),
        member_row("Y Bluk", D(1985, 12, 1), "nam", "C0201", "05/05/2010", "05/05/2011"),
    ]


def _member(rows, index) -> Member:
    return Member.objects.select_related("person").get(person__citizen_id_hash=blind_index(rows[index][3]))


def test_it_registers_the_members_of_a_file(tree, today):
    rows = _rows()
    _table, outcome = run_import(KIND, rows)
    assert outcome.errors == [] and outcome.created == 3 and outcome.written
    minh, hoa, bluk = (_member(rows, i) for i in (1, 2, 3))
    assert minh.status == Status.FULL and minh.organization == tree.branch_a1 and minh.card_number == "09001234"
    assert [(p.status, p.valid_from, p.valid_to) for p in minh.periods.order_by("valid_from")] == [
        ("probationary", D(2015, 1, 10), D(2016, 1, 10)),
        ("full", D(2016, 1, 10), None),
    ]
    assert hoa.status == Status.PROBATIONARY and hoa.recognized_on is None
    assert (hoa.person.family_name, hoa.person.middle_name, hoa.person.given_name) == ("Đinh", "Thị", "Hoa")
    assert (hoa.person.sex, hoa.person.ethnicity, hoa.person.religion) == ("female", "Xơ Đăng", "Công giáo")
    assert hoa.person.citizen_id == rows[2][3] and hoa.person.search_name == "dinh thi hoa"
    assert (bluk.person.family_name, bluk.person.given_name) == ("Y", "Bluk")
    entry = AuditEntry.objects.get(object_type="member", object_id=minh.pk)
    assert entry.action == "member.register" and entry.reason == "Nhập từ tệp members.xlsx"
    assert entry.changes["organization"] == [None, "C0101"] and entry.organization == tree.branch_a1


def test_it_reads_the_same_rows_from_csv(tree, today):
    _table, outcome = run_import(KIND, _rows(), fmt="csv")
    assert outcome.errors == [] and outcome.created == 3


def test_excel_date_cells_work(tree, today):
    rows = _rows()[:2]
    rows[1][1], rows[1][7], rows[1][8] = dt.datetime(1990, 5, 15), dt.datetime(2015, 1, 10), dt.date(2016, 1, 10)
    _table, outcome = run_import(KIND, rows)
    assert outcome.errors == []
    minh = _member(rows, 1)
    assert (minh.person.birth_date, minh.admitted_on, minh.recognized_on) == (D(1990, 5, 15), D(2015, 1, 10), D(2016, 1, 10))


def test_a_citizen_id_typed_as_a_number_gets_its_leading_zeros_back(tree, today):
    rows = _rows()[:2]
    number = rows[1][3]
    rows[1][3] = int(number)
    _table, outcome = run_import(KIND, rows)
    assert outcome.errors == [] and Person.objects.get(citizen_id_hash=blind_index(number)).citizen_id == number


def test_importing_the_same_file_again_creates_no_duplicates(tree, today):
    rows = _rows()
    run_import(KIND, rows)
    counts = (Person.objects.count(), Member.objects.count(), AuditEntry.objects.count())
    _table, outcome = run_import(KIND, rows)
    assert outcome.errors == [] and (outcome.created, outcome.present, outcome.updated) == (0, 3, 0)
    assert (Person.objects.count(), Member.objects.count(), AuditEntry.objects.count()) == counts


def test_a_changed_personal_field_updates_the_person(tree, today):
    rows = _rows()
    run_import(KIND, rows)
    rows[1][4] = "Tày"
    _table, outcome = run_import(KIND, rows, name="members-v2.xlsx")
    assert outcome.errors == [] and (outcome.present, outcome.updated) == (2, 1)
    minh = _member(rows, 1)
    assert minh.person.ethnicity == "Tày"
    entry = AuditEntry.objects.get(action="member.update", object_id=minh.pk)
    assert entry.changes == {"ethnicity": ["Kinh", "Tày"]} and entry.reason == "Nhập từ tệp members-v2.xlsx"


def test_empty_optional_cells_keep_what_is_recorded(tree, today):
    rows = _rows()
    run_import(KIND, rows)
    rows[2][4] = rows[2][5] = ""
    _table, outcome = run_import(KIND, rows)
    assert outcome.errors == [] and outcome.present == 3
    assert _member(rows, 2).person.ethnicity == "Xơ Đăng"


def test_a_member_recorded_in_another_organization_must_be_transferred(tree, today):
    an = tree.members["an"].person
    row = member_row("Nguyễn Văn An", an.birth_date, "Nam", "C0102", "01/03/2012", "01/03/2013", citizen_id=an.citizen_id)
    _table, outcome = run_import(KIND, [MEMBER_HEADER, row])
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "Mã tổ chức")]
    assert "Chi bộ thôn 1 (C0101)" in outcome.errors[0].message and "chuyển sinh hoạt đảng" in outcome.errors[0].message


def test_membership_dates_of_a_recorded_member_cannot_be_changed_by_an_import(tree, today):
    an = tree.members["an"].person
    row = member_row("Nguyễn Văn An", an.birth_date, "Nam", "C0101", "02/03/2012", "", citizen_id=an.citizen_id)
    _table, outcome = run_import(KIND, [MEMBER_HEADER, row])
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "Ngày vào Đảng"), (2, "Ngày chính thức")]


@pytest.mark.parametrize(
    "citizen_id, expected",
    [
        ("00109001234", "phải có đúng 12 chữ số"),
        ("999090012345", "không phải mã tỉnh"),
        ("001091012345", "không khớp với năm sinh"),
        ("001190012345", "không khớp với giới tính"),
    ],
)
def test_invalid_citizen_ids_are_errors(tree, today, citizen_id, expected):
    _table, outcome = run_import(KIND, [MEMBER_HEADER, member_row(born=D(1990, 5, 15), citizen_id=citizen_id)])
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "Số CCCD")]
    assert expected in outcome.errors[0].message


def test_a_citizen_id_given_twice_in_the_file_is_an_error(tree, today):
    first = member_row("Hoàng Văn Minh")
    second = member_row("Hoàng Văn Mình", citizen_id=first[3])
    _table, outcome = run_import(KIND, [MEMBER_HEADER, first, second])
    assert messages(outcome) == ["Dòng 3, cột Số CCCD: Số CCCD này đã có ở dòng 2 của tệp."]
    assert not Person.objects.filter(citizen_id_hash=blind_index(first[3])).exists()


def test_sex_must_be_nam_or_nu(tree, today):
    row = member_row()
    row[2] = "M"
    _table, outcome = run_import(KIND, [MEMBER_HEADER, row])
    assert messages(outcome) == ["Dòng 2, cột Giới tính: “M” phải là Nam hoặc Nữ."]


def test_missing_required_values_are_errors(tree, today):
    row = ["", "", "", "", "Kinh", "", "", "", "", ""]
    _table, outcome = run_import(KIND, [MEMBER_HEADER, row, member_row()])
    assert [e.column for e in outcome.errors] == ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Mã tổ chức", "Ngày vào Đảng"]
    assert {e.row for e in outcome.errors} == {2}


def test_a_malformed_date_names_its_row_and_column(tree, today):
    row = member_row()
    row[1] = "31/02/1990"
    _table, outcome = run_import(KIND, [MEMBER_HEADER, member_row(), row])
    assert messages(outcome) == ["Dòng 3, cột Ngày sinh: Ngày 31/02/1990 không có."]


def test_a_member_admitted_before_18_is_an_error(tree, today):
    _table, outcome = run_import(KIND, [MEMBER_HEADER, member_row(born=D(2000, 3, 1), admitted="28/02/2018", recognized="")])
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "Ngày vào Đảng")]
    assert "18" in outcome.errors[0].message


def test_an_unknown_organization_code_is_an_error(tree, today):
    _table, outcome = run_import(KIND, [MEMBER_HEADER, member_row(org="C9999")])
    assert messages(outcome) == ["Dòng 2, cột Mã tổ chức: Không có tổ chức nào mang mã C9999 trong phạm vi của bạn."]


def test_commune_officer_cannot_import_members_into_another_communes_branches(tree, today, commune_officer):
    rows = [MEMBER_HEADER, member_row("Hoàng Văn Minh", org="C0101"), member_row("Y Bluk", org="C0201")]
    scope = Scope.of(commune_officer)
    _table, outcome = run_import(KIND, rows, scope=scope, actor=commune_officer)
    assert messages(outcome) == ["Dòng 3, cột Mã tổ chức: Không có tổ chức nào mang mã C0201 trong phạm vi của bạn."]
    assert Member.objects.count() == 5
    _table, outcome = run_import(KIND, rows[:2], scope=scope, actor=commune_officer)
    assert (
        outcome.created == 1
        and AuditEntry.objects.get(action="member.register", reason__startswith="Nhập").actor == commune_officer
    )


def test_secretary_may_import_only_into_their_branch(tree, today, secretary):
    rows = [MEMBER_HEADER, member_row("Hoàng Văn Minh", org="C0101"), member_row("Y Bluk", org="C0102")]
    _table, outcome = run_import(KIND, rows, scope=Scope.of(secretary), actor=secretary)
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "Mã tổ chức")]


def test_one_bad_row_among_good_ones_writes_nothing(tree, today):
    rows = _rows()
    rows.insert(2, member_row("Lò Văn Sai", sex="Nữ", citizen_id=member_row()[3]))
    counts = (Person.objects.count(), Member.objects.count(), AuditEntry.objects.count())
    _table, outcome = run_import(KIND, rows)
    assert [e.row for e in outcome.errors] == [3]
    assert (Person.objects.count(), Member.objects.count(), AuditEntry.objects.count()) == counts


def test_an_error_of_the_members_service_while_writing_rolls_everything_back(tree, today, monkeypatch):
    rows = _rows()
    run_import(KIND, rows[:2])
    rows[1][5] = "Phật giáo"
    counts = (Person.objects.count(), Member.objects.count())

    def refuse(**kwargs):
        raise DomainError("Số CCCD đã thuộc về người khác.", field="citizen_id")

    monkeypatch.setattr("pdms.imports.members.member_update_person", refuse)
    _table, outcome = run_import(KIND, rows)
    assert messages(outcome) == ["Dòng 2, cột Số CCCD: Số CCCD đã thuộc về người khác."]
    assert (Person.objects.count(), Member.objects.count()) == counts
    assert _member(rows, 1).person.religion == "Không"


def test_a_dry_run_checks_everything_and_writes_nothing(tree, today):
    counts = (Person.objects.count(), AuditEntry.objects.count())
    _table, outcome = run_import(KIND, _rows(), dry_run=True)
    assert outcome.errors == [] and outcome.created == 3 and not outcome.written
    assert (Person.objects.count(), AuditEntry.objects.count()) == counts


def test_five_thousand_rows_import_well_under_a_minute(tree, today):
    rows = [MEMBER_HEADER] + [
        member_row(
            f"Nguyễn Văn Số{i}",
            D(1960 + i % 30, 1 + i % 12, 1 + i % 28),
            "Nam" if i % 2 else "Nữ",
            ("C0101", "C0102", "C0201")[i % 3],
        )
        for i in range(5000)
    ]
    started = time.perf_counter()
    _table, outcome = run_import(KIND, rows)
    elapsed = time.perf_counter() - started
    assert outcome.errors == [] and outcome.created == 5000
    assert Member.objects.count() == 5005 and AuditEntry.objects.filter(action="member.register").count() == 5005
    assert elapsed < 30, f"5,000 rows took {elapsed:.1f} s"


def _arrival_rows():
    return [
        MEMBER_HEADER,
        member_row(
            "Lê Thị Nhập Một", D(1995, 1, 1), "Nữ", "C0101", "15/06/2020", "15/06/2021", arrived="01/03/2026",
            arrived_from="Đảng bộ tỉnh Gia Lai",
        ),
        member_row("Lê Văn Tại Chỗ", D(1995, 1, 1), "Nam", "C0101", "15/06/2020", "15/06/2021"),
    ]


def test_a_member_admitted_elsewhere_is_counted_as_arriving_on_the_arrival_date_not_as_an_admission(tree, today):
    from pdms.accounts.scope import system_scope
    from pdms.indicators.engine import Context, get

    rows = _arrival_rows()
    _table, outcome = run_import(KIND, rows)
    assert outcome.errors == [] and outcome.created == 2
    assert outcome.warnings[0] == (
        "Đảng viên mới: 1 người kết nạp tại đây, 1 người kết nạp nơi khác chuyển đến (ngày ở cột Ngày chuyển đến)."
    )
    arrived = _member(rows, 1)
    assert arrived.admitted_on == D(2020, 6, 15)  # the admission stays theirs
    assert [(p.start_event, p.status, p.valid_from, p.note) for p in arrived.periods.order_by("valid_from")] == [
        ("transfer_in", "full", D(2026, 3, 1), "Đảng bộ tỉnh Gia Lai"),
    ]
    year_2020 = Context.build(scope=system_scope(), organization=tree.province, as_of=today, start=D(2020, 1, 1), end=D(2020, 12, 31))
    assert get("admissions").compute(year_2020).value == 1  # Lê Văn Tại Chỗ only
    year_2026 = Context.build(scope=system_scope(), organization=tree.province, as_of=today, start=D(2026, 1, 1))
    assert [p.member_id for p in get("balance_transferred_in").records(year_2026)] == [arrived.pk]


def test_an_arrival_needs_its_date_after_the_admission(tree, today):
    rows = _arrival_rows()[:2]
    rows[1][-2] = "01/01/2019"
    _table, outcome = run_import(KIND, rows)
    assert messages(outcome) == ["Dòng 2, cột Ngày chuyển đến: Ngày chuyển đến phải từ ngày kết nạp đến hôm nay."]
    rows[1][-2] = ""
    _table, outcome = run_import(KIND, rows)
    assert messages(outcome) == ["Dòng 2, cột Ngày chuyển đến: Hãy ghi ngày đảng viên chuyển đến từ Đảng bộ tỉnh Gia Lai."]


def test_the_import_warns_of_a_probation_left_without_a_recognition_decision(tree, today):
    rows = [MEMBER_HEADER, member_row("Lê Văn Quá Hạn", D(1995, 1, 1), "Nam", "C0101", "02/03/2018", "")]
    _table, outcome = run_import(KIND, rows, dry_run=True)
    assert outcome.errors == []
    assert outcome.warnings[1] == (
        "Dòng 2: 12 tháng dự bị của Lê Văn Quá Hạn đã hết ngày 02/03/2019, quá 30 ngày làm việc, mà chưa ghi ngày chính thức; "
        "hãy ghi quyết định công nhận đảng viên chính thức hoặc xóa tên."
    )
