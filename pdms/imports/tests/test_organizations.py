"""Importing organizations: the tree from a file, checked row by row, all or nothing."""

import datetime as dt

import pytest

from pdms.accounts.scope import Scope
from pdms.audit.models import AuditEntry
from pdms.organizations.models import Organization, OrgKind

from .sheets import ORG_HEADER, messages, org_row, run_import

KIND = "organizations"


def _new_commune_rows():
    """A grassroots committee under the district and two branches, children first."""
    return [
        ORG_HEADER,
        org_row("C0301", "Chi bộ thôn Kon Mo", "chi bo truc thuoc", "X03", "01/03/2016", "Có"),
        org_row("C0302", "Chi bộ thôn Kon Tu", "CHI BỘ TRỰC THUỘC", "X03", "01/03/2016"),
        org_row("X03", "Đảng bộ xã Đắk Mar", "Đảng bộ cơ sở", "H01", "01/01/2015"),
    ]


def test_it_founds_the_organizations_of_a_file_with_parents_after_their_children(tree):
    _table, outcome = run_import(KIND, _new_commune_rows())
    assert outcome.errors == [] and outcome.created == 3
    commune = Organization.objects.get(code="X03")
    branch = Organization.objects.get(code="C0301")
    assert commune.parent == tree.district and commune.kind == OrgKind.GRASSROOTS_COMMITTEE
    assert branch.parent == commune and branch.kind == OrgKind.BRANCH and branch.has_committee
    assert not Organization.objects.get(code="C0302").has_committee
    assert branch.path.startswith(commune.path) and branch.founded_on.isoformat() == "2016-03-01"
    entry = AuditEntry.objects.get(object_type="organization", object_id=branch.pk)
    assert entry.action == "organization.found" and entry.reason == "Nhập từ tệp organizations.xlsx"


def test_it_reads_the_same_rows_from_csv(tree):
    _table, outcome = run_import(KIND, _new_commune_rows(), fmt="csv")
    assert outcome.errors == [] and outcome.created == 3


def test_importing_the_same_file_again_creates_no_duplicates(tree):
    run_import(KIND, _new_commune_rows())
    count = Organization.objects.count()
    _table, outcome = run_import(KIND, _new_commune_rows())
    assert outcome.errors == [] and (outcome.created, outcome.present) == (0, 3)
    assert Organization.objects.count() == count


def test_rows_for_recorded_organizations_are_already_present(tree):
    _table, outcome = run_import(KIND, [ORG_HEADER, org_row("C0101", "Chi bộ thôn 1", "Chi bộ trực thuộc", "X01", "01/01/2010")])
    assert outcome.errors == [] and outcome.present == 1 and outcome.created == 0


def test_an_unknown_kind_is_an_error(tree):
    _table, outcome = run_import(KIND, [ORG_HEADER, org_row("C0103", "Chi bộ thôn 3", "Tổ đảng", "X01")])
    assert messages(outcome) == [
        (
            "Dòng 2, cột Loại: “Tổ đảng” không phải loại tổ chức đảng; hãy ghi một trong các loại: Đảng bộ tỉnh, Đảng bộ huyện, "
            "Đảng bộ trực thuộc tỉnh, Đảng bộ xã, Đảng bộ cơ sở, Chi bộ cơ sở, Đảng bộ bộ phận, Chi bộ trực thuộc."
        )
    ]


def test_an_unknown_parent_code_is_an_error(tree):
    _table, outcome = run_import(KIND, [ORG_HEADER, org_row("C0103", "Chi bộ thôn 3", "Chi bộ trực thuộc", "X99")])
    assert messages(outcome) == [
        "Dòng 2, cột Mã cấp trên: Không có tổ chức nào mang mã X99 trong tệp hoặc trong phạm vi của bạn."
    ]
    assert not Organization.objects.filter(code="C0103").exists()


def test_parent_codes_that_go_round_in_a_circle_are_reported_on_every_row_of_the_circle(tree):
    rows = [
        ORG_HEADER,
        org_row("A1", "Chi bộ A1", "Chi bộ trực thuộc", "A3"),
        org_row("OK1", "Đảng bộ xã Tốt", "Đảng bộ cơ sở", "H01"),
        org_row("A2", "Chi bộ A2", "Chi bộ trực thuộc", "A1"),
        org_row("A3", "Chi bộ A3", "Chi bộ trực thuộc", "A2"),
        org_row("S1", "Chi bộ S1", "Chi bộ trực thuộc", "S1"),
    ]
    _table, outcome = run_import(KIND, rows)
    by_row = {e.row: e for e in outcome.errors}
    assert set(by_row) == {2, 4, 5, 6}
    assert all(e.column == "Mã cấp trên" for e in outcome.errors)
    assert "dòng 2, 4, 5" in by_row[2].message and "A1 → A2 → A3 → A1" in by_row[4].message
    assert "dòng 6" in by_row[6].message
    assert not Organization.objects.filter(code__in=["OK1", "A1", "S1"]).exists()


def test_a_code_given_twice_in_the_file_is_an_error(tree):
    rows = [
        ORG_HEADER,
        org_row("C0103", "Chi bộ thôn 3", "Chi bộ trực thuộc", "X01"),
        org_row("c0103", "Chi bộ thôn 3B", "Chi bộ trực thuộc", "X01"),
    ]
    _table, outcome = run_import(KIND, rows)
    assert messages(outcome) == ["Dòng 3, cột Mã tổ chức: Mã C0103 đã dùng ở dòng 2 của tệp."]


@pytest.mark.parametrize(
    "row, column",
    [
        (org_row("C0101", "Chi bộ thôn 1", "Chi bộ trực thuộc", "X02", "01/01/2010"), "Mã cấp trên"),
        (org_row("C0101", "Chi bộ thôn 1", "Chi bộ cơ sở", "X01", "01/01/2010"), "Loại"),
        (org_row("C0101", "Chi bộ thôn Một", "Chi bộ trực thuộc", "X01", "01/01/2010"), "Tên tổ chức"),
        (org_row("C0101", "Chi bộ thôn 1", "Chi bộ trực thuộc", "X01", "02/01/2010"), "Ngày thành lập"),
        (org_row("C0101", "Chi bộ thôn 1", "Chi bộ trực thuộc", "X01", "01/01/2010", "Có"), "Có chi ủy"),
    ],
)
def test_a_recorded_code_with_other_data_is_an_error(tree, row, column):
    _table, outcome = run_import(KIND, [ORG_HEADER, row])
    assert [(e.row, e.column) for e in outcome.errors] == [(2, column)]
    assert "Chi bộ thôn 1 (C0101)" in outcome.errors[0].message


def test_malformed_dates_are_errors_and_excel_date_cells_work(tree, today):
    rows = [
        ORG_HEADER,
        org_row("C0103", "Chi bộ thôn 3", "Chi bộ trực thuộc", "X01", "31/02/2015"),
        org_row("C0104", "Chi bộ thôn 4", "Chi bộ trực thuộc", "X01", dt.datetime(2015, 2, 28)),
    ]
    _table, outcome = run_import(KIND, rows)
    assert messages(outcome) == ["Dòng 2, cột Ngày thành lập: Ngày 31/02/2015 không có."]
    _table, outcome = run_import(KIND, [rows[0], rows[2]])
    assert outcome.errors == [] and Organization.objects.get(code="C0104").founded_on == dt.date(2015, 2, 28)


def test_missing_required_values_are_errors(tree):
    _table, outcome = run_import(KIND, [ORG_HEADER, ["C0103", "", "", "X01", "", ""]])
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "Tên tổ chức"), (2, "Loại"), (2, "Ngày thành lập")]
    assert outcome.errors[0].message == "Thiếu giá trị bắt buộc."


def test_one_bad_row_among_good_ones_writes_nothing(tree):
    count = Organization.objects.count()
    rows = _new_commune_rows() + [org_row("C0303", "Chi bộ thôn 3", "Chi bộ", "X03")]
    _table, outcome = run_import(KIND, rows)
    assert [e.row for e in outcome.errors] == [5]
    assert Organization.objects.count() == count
    assert not AuditEntry.objects.filter(reason="Nhập từ tệp organizations.xlsx").exists()


def test_an_error_of_the_founding_service_rolls_everything_back_and_names_its_row(tree):
    rows = [
        ORG_HEADER,
        org_row("X03", "Đảng bộ xã Đắk Mar", "Đảng bộ cơ sở", "H01", "01/01/2020"),
        # Founded before its parent: only the organizations service knows this rule.
        org_row("C0301", "Chi bộ thôn Kon Mo", "Chi bộ trực thuộc", "X03", "01/01/2019"),
        # District committees ended on 01/07/2025.
        org_row("H02", "Đảng bộ huyện Mới", "Đảng bộ huyện", "T01", "01/08/2025"),
    ]
    _table, outcome = run_import(KIND, rows)
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "Mã cấp trên"), (4, "Loại")]
    assert not Organization.objects.filter(code__in=["X03", "C0301", "H02"]).exists()


def test_a_dry_run_checks_everything_and_writes_nothing(tree):
    count = Organization.objects.count()
    _table, outcome = run_import(KIND, _new_commune_rows(), dry_run=True)
    assert outcome.errors == [] and outcome.created == 3 and not outcome.written
    assert Organization.objects.count() == count


def test_commune_officer_may_found_branches_of_their_commune_but_not_of_another(tree, commune_officer):
    rows = [
        ORG_HEADER,
        org_row("C0103", "Chi bộ thôn 3", "Chi bộ trực thuộc", "X01"),
        org_row("C0202", "Chi bộ thôn Kon Gung 2", "Chi bộ trực thuộc", "X02"),
    ]
    _table, outcome = run_import(KIND, rows, scope=Scope.of(commune_officer), actor=commune_officer)
    assert messages(outcome) == [
        "Dòng 3, cột Mã cấp trên: Không có tổ chức nào mang mã X02 trong tệp hoặc trong phạm vi của bạn."
    ]
    _table, outcome = run_import(KIND, rows[:2], scope=Scope.of(commune_officer), actor=commune_officer)
    assert outcome.errors == [] and outcome.created == 1
    assert AuditEntry.objects.get(action="organization.found", object_repr__contains="C0103").actor == commune_officer


def test_commune_officer_cannot_name_organizations_outside_their_scope_nor_create_a_root(tree, commune_officer):
    rows = [
        ORG_HEADER,
        org_row("X02", "Đảng bộ xã Ngọc Wang", "Đảng bộ cơ sở", "H01", "01/01/2010"),
        org_row("T09", "Đảng bộ tỉnh Mới", "Đảng bộ tỉnh", ""),
    ]
    _table, outcome = run_import(KIND, rows, scope=Scope.of(commune_officer), actor=commune_officer)
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "Mã tổ chức"), (3, "Mã cấp trên")]
    assert "ngoài phạm vi" in outcome.errors[0].message and "Ngọc Wang" not in outcome.errors[0].message


def test_a_viewer_may_not_found_anything(tree, viewer):
    _table, outcome = run_import(
        KIND, [ORG_HEADER, org_row("C0103", "Chi bộ thôn 3", "Chi bộ trực thuộc", "X01")], scope=Scope.of(viewer)
    )
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "Mã cấp trên")]
