"""Reading files: formats, encodings, headers without diacritics, file-level errors."""

import datetime as dt
import io

import pytest

from pdms.core.errors import DomainError
from pdms.imports.columns import KIND_BY_WORD, KIND_LABELS, MEMBER_COLUMNS, ORGANIZATION_COLUMNS
from pdms.imports.reading import read_table
from pdms.organizations.models import OrgKind

from .sheets import MEMBER_HEADER, ORG_HEADER, csv_file, member_row, xlsx


def test_it_reads_the_first_sheet_of_an_xlsx_file_with_excel_date_cells():
    row = member_row()
    row[1] = dt.datetime(1990, 5, 15)
    table = read_table(xlsx([MEMBER_HEADER, row]), "members.xlsx", MEMBER_COLUMNS)
    assert [r.number for r in table.rows] == [2]
    assert table.rows[0].raw("birth_date") == dt.datetime(1990, 5, 15)
    assert table.rows[0].raw("full_name") == "Hoàng Văn Minh"


@pytest.mark.parametrize("bom", [True, False])
def test_it_reads_utf8_csv_with_or_without_a_bom(bom):
    table = read_table(csv_file([MEMBER_HEADER, member_row()], bom=bom), "members.csv", MEMBER_COLUMNS)
    assert table.rows[0].raw("full_name") == "Hoàng Văn Minh"
    assert table.unknown_headers == []


def test_it_reads_csv_written_with_semicolons_by_excel():
    table = read_table(
        csv_file([ORG_HEADER, ["C1", "Chi bộ 1", "Chi bộ trực thuộc", "X01", "01/01/2015", "Có"]], delimiter=";"),
        "o.csv",
        ORGANIZATION_COLUMNS,
    )
    assert table.rows[0].raw("kind") == "Chi bộ trực thuộc"


def test_headers_match_without_diacritics_or_case():
    header = [
        "HO VA TEN",
        "ngay sinh",
        "Gioi Tinh",
        "so cccd",
        "Dan toc",
        "TON GIAO",
        "ma to chuc",
        "Ngay vao dang",
        "NGÀY CHÍNH THỨC",
        " Số thẻ  đảng viên ",
    ]
    table = read_table(xlsx([header, member_row()]), "m.xlsx", MEMBER_COLUMNS)
    assert table.present == {c.key for c in MEMBER_COLUMNS} - {"arrived_on", "arrived_from"}  # optional, not given


def test_unknown_columns_are_reported_but_not_fatal():
    table = read_table(xlsx([MEMBER_HEADER + ["Quê quán"], member_row() + ["Hà Tĩnh"]]), "m.xlsx", MEMBER_COLUMNS)
    assert table.unknown_headers == ["Quê quán"]
    assert table.warnings() == ["Cột “Quê quán” không thuộc mẫu nhập; đã bỏ qua."]


def test_optional_columns_may_be_left_out():
    header = [h for h in MEMBER_HEADER if h not in ("Dân tộc", "Tôn giáo", "Số thẻ đảng viên")]
    table = read_table(xlsx([header]), "m.xlsx", MEMBER_COLUMNS)
    assert "ethnicity" not in table.present and table.rows == []


def test_a_missing_required_column_is_a_file_level_error_naming_it():
    header = [h for h in MEMBER_HEADER if h not in ("Số CCCD", "Ngày chính thức")]
    with pytest.raises(DomainError) as err:
        read_table(xlsx([header, ["x"] * len(header)]), "m.xlsx", MEMBER_COLUMNS)
    assert "Số CCCD, Ngày chính thức" in err.value.message


def test_a_column_given_twice_is_a_file_level_error():
    with pytest.raises(DomainError) as err:
        read_table(xlsx([ORG_HEADER + ["LOAI"]]), "o.xlsx", ORGANIZATION_COLUMNS)
    assert "Loại" in err.value.message


def test_blank_rows_are_skipped_and_rows_keep_the_numbers_the_spreadsheet_shows():
    table = read_table(xlsx([ORG_HEADER, [None] * 6, ["C1", "Chi bộ 1"], ["", " ", None]]), "o.xlsx", ORGANIZATION_COLUMNS)
    assert [r.number for r in table.rows] == [3]


@pytest.mark.parametrize(
    "content, filename, expected",
    [
        (b"not a zip", "o.xlsx", "không đọc được"),
        (b"M\xe3 t\xf4 ch\xfac,T\xean", "o.csv", "UTF-8"),
        (b"", "o.csv", "trống"),
        (b"x", "o.xls", ".xlsx"),
    ],
)
def test_unreadable_files_are_file_level_errors(content, filename, expected):
    with pytest.raises(DomainError) as err:
        read_table(io.BytesIO(content), filename, ORGANIZATION_COLUMNS)
    assert expected in err.value.message


def test_every_kind_has_one_vietnamese_label_accepted_without_diacritics():
    assert set(KIND_LABELS) == set(OrgKind.values)
    assert KIND_BY_WORD["dang bo truc thuoc tinh"] == OrgKind.PROVINCIAL_DIRECT
    assert KIND_BY_WORD["chi bo co so"] == OrgKind.GRASSROOTS_BRANCH
