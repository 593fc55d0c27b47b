"""The shared .xlsx of a list: the filters as a heading, dates as dd/mm/yyyy, formula text
kept as text, citizen IDs masked, and the download audited."""

import datetime as dt
import io

from openpyxl import load_workbook

from pdms.audit.list_exports import Column, filter_line, list_download, list_workbook
from pdms.audit.models import AuditEntry

COLUMNS = [Column("Họ và tên", lambda row: row[0]), Column("Ngày sinh", lambda row: row[1])]


def sheet_of(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def test_the_workbook_states_its_filters_above_the_header_and_the_rows():
    content = list_workbook(
        title="Đảng viên", filters=[filter_line("Tính đến ngày", dt.date(2026, 11, 23)), filter_line("Tìm", "")],
        columns=COLUMNS, rows=[("Nguyễn Văn An", dt.date(1990, 1, 2))],
    )
    rows = list(sheet_of(content).iter_rows(values_only=True))
    assert rows[0][0] == "Đảng viên"
    assert rows[1][:2] == ("Tính đến ngày", "23/11/2026")
    assert rows[2][:2] == ("Tìm", "tất cả")
    assert rows[4][:2] == ("Họ và tên", "Ngày sinh")
    assert rows[5][:2] == ("Nguyễn Văn An", dt.datetime(1990, 1, 2))


def test_dates_are_shown_day_month_year():
    content = list_workbook(title="T", filters=[], columns=COLUMNS, rows=[("A", dt.date(1990, 1, 2))])
    assert sheet_of(content)["B4"].number_format == "DD/MM/YYYY"


def test_text_that_looks_like_a_formula_stays_text():
    content = list_workbook(title="T", filters=[], columns=COLUMNS, rows=[('=HYPERLINK("http://x","y")', None)])
    cell = sheet_of(content)["A4"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x","y")'


def test_a_citizen_id_typed_into_text_leaves_masked():
    content = list_workbook(title="T", filters=[], columns=COLUMNS, rows=[("CCCD 001090012345", None)])
    assert sheet_of(content)["A4"].value == "CCCD ••••••••2345"


def test_the_download_is_audited_with_its_file_name(tree, commune_officer):
    response = list_download(
        actor=commune_officer, what="member_list", organization=tree.commune_a, title="T", filters=[], columns=COLUMNS,
        rows=[], filename_stem="dang-vien", day=dt.date(2026, 11, 23),
    )
    assert response["Content-Disposition"] == 'attachment; filename="dang-vien-23-11-2026.xlsx"'
    entry = AuditEntry.objects.get(action="member_list.download")
    assert (entry.actor, entry.organization, entry.changes) == (commune_officer, tree.commune_a, {"file": [None, "dang-vien-23-11-2026.xlsx"]})
