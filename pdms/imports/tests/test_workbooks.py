"""The error workbook and the progress an import reports."""

import datetime as dt
import io

from openpyxl import load_workbook

from pdms.accounts.scope import system_scope
from pdms.imports.columns import MEMBER_COLUMNS
from pdms.imports.members import import_members
from pdms.imports.outcome import Progress, RowError
from pdms.imports.reading import read_table
from pdms.imports.workbooks import error_workbook

from .sheets import MEMBER_HEADER, csv_file, member_row, run_import


def test_the_error_workbook_keeps_cells_as_they_were_read(tree, today):
    rows = [MEMBER_HEADER + ["Ghi chú"], member_row() + ["=1+1"], member_row(org="C9999") + [None]]
    table, outcome = run_import("members", rows, fmt="csv")
    sheet = load_workbook(io.BytesIO(error_workbook(table, outcome.errors))).active
    assert sheet["M2"].value == "=1+1" and sheet["M2"].data_type == "s"
    assert sheet["N2"].value is None and sheet["N3"].value.startswith("Dòng 3, cột Mã tổ chức:")
    assert sheet["A3"].fill.fgColor.rgb.endswith("FDE2E1") and not sheet["A2"].fill.fgColor.rgb.endswith("FDE2E1")


def test_the_error_workbook_shows_excel_dates_as_dates(tree, today):
    row = member_row(org="C9999")
    row[1] = dt.datetime(1990, 5, 15)
    table, outcome = run_import("members", [MEMBER_HEADER, row])
    sheet = load_workbook(io.BytesIO(error_workbook(table, outcome.errors))).active
    assert sheet["B2"].value == dt.datetime(1990, 5, 15) and sheet["B2"].number_format == "DD/MM/YYYY"


class Recorder(Progress):
    def __init__(self):
        self.calls = []

    def checked(self, done, total):
        self.calls.append((done, total))

    def writing(self):
        self.calls.append("writing")


def test_an_import_tells_its_progress_every_hundred_rows_then_before_writing(tree, today):
    rows = [MEMBER_HEADER] + [member_row(f"Trần Văn Số{i}") for i in range(250)]
    table = read_table(csv_file(rows), "m.csv", MEMBER_COLUMNS)
    recorder = Recorder()
    outcome = import_members(table, scope=system_scope(), actor=None, dry_run=True, reason="", progress=recorder)
    assert outcome.created == 250
    assert recorder.calls == [(100, 250), (200, 250), (250, 250), "writing"]


def test_a_file_level_error_has_no_table(tree):
    table, outcome = run_import("members", [["Họ và tên"]])
    assert table is None and outcome.errors[0].row is None
    assert str(outcome.errors[0]).startswith("Dòng tiêu đề thiếu các cột bắt buộc: Ngày sinh")


def test_the_error_workbook_is_built_in_one_pass_over_the_rows(monkeypatch):
    """Asking a sheet for its last row scans every cell; once per row made 8,000 error rows
    take half a minute. The count of such scans must not grow with the rows."""
    from openpyxl.worksheet.worksheet import Worksheet

    scans = []
    last_row = Worksheet.max_row

    def counted(sheet):
        scans.append(1)
        return last_row.fget(sheet)

    monkeypatch.setattr(Worksheet, "max_row", property(counted))
    rows = [MEMBER_HEADER] + [member_row(org="C9999") for _ in range(8_000)]
    table = read_table(csv_file(rows), "m.csv", MEMBER_COLUMNS)
    errors = [RowError(row.number, "Mã tổ chức", "Sai mã") for row in table.rows]
    sheet = load_workbook(io.BytesIO(error_workbook(table, errors)), read_only=True).active
    assert len(scans) < 10
    assert sheet.max_row == 8_001 and sheet.cell(row=8_001, column=len(MEMBER_HEADER) + 1).value == "Dòng 8001, cột Mã tổ chức: Sai mã"
