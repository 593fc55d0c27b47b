"""Hostile files: every limit is checked while reading, before a row is used, so that no
file can hold the worker for long."""

import io
import re
import zipfile

import pytest

from pdms.core.errors import DomainError
from pdms.imports import reading
from pdms.imports.columns import MEMBER_COLUMNS, ORGANIZATION_COLUMNS
from pdms.imports.reading import read_table

from .sheets import MEMBER_HEADER, ORG_HEADER, csv_file, member_row, xlsx

SHEET = "xl/worksheets/sheet1.xml"


def rewritten(buffer: io.BytesIO, name: str, change) -> io.BytesIO:
    """The workbook with the XML of member ``name`` passed through ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item.filename, change(data.decode()).encode() if item.filename == name else data)
    out.seek(0)
    return out


def org_sheet(*rows) -> io.BytesIO:
    return xlsx([ORG_HEADER, *rows])


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_parsed(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNPACKED_MB", 1)
    parsed = []
    monkeypatch.setattr(reading.openpyxl, "load_workbook", lambda *args, **kwargs: parsed.append(args))
    # Two megabytes of one repeated cell: a few kilobytes once zipped.
    padding = "<c><v>0</v></c>" * 150_000
    bomb = rewritten(org_sheet(["C1"]), SHEET, lambda xml: xml.replace("</row>", padding + "</row>", 1))
    assert len(bomb.getvalue()) < 100_000
    with pytest.raises(DomainError, match="giải nén"):
        read_table(bomb, "bomb.xlsx", ORGANIZATION_COLUMNS)
    assert parsed == []


def test_a_member_that_unpacks_past_its_declared_size_cannot_be_read():
    honest = org_sheet(["C1", "Chi bộ 1", "Chi bộ trực thuộc", "X01", "01/01/2015"])
    data = bytearray(honest.getvalue())
    # Shrink the declared size of the sheet in the central directory: zipfile stops there.
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        size = archive.getinfo(SHEET).file_size
    entry = data.rfind(SHEET.encode(), 0, len(data))
    header = entry - 46
    assert int.from_bytes(data[header + 24 : header + 28], "little") == size
    data[header + 24 : header + 28] = (10).to_bytes(4, "little")
    with pytest.raises(DomainError, match="không đọc được"):
        read_table(io.BytesIO(bytes(data)), "lying.xlsx", ORGANIZATION_COLUMNS)


def test_the_dimension_a_workbook_declares_is_not_trusted():
    claims_everything = rewritten(
        org_sheet(["C1", "Chi bộ 1", "Chi bộ trực thuộc", "X01", "01/01/2015"]),
        SHEET,
        lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', xml),
    )
    table = read_table(claims_everything, "tiny.xlsx", ORGANIZATION_COLUMNS)
    assert len(table.headers) == len(ORG_HEADER)
    assert [(row.number, len(row.cells)) for row in table.rows] == [(2, 5)]


def test_a_sheet_that_goes_on_past_the_row_limit_is_refused_at_the_limit(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    # One cell on the sheet's last row: the rows between are never all produced.
    far = rewritten(
        org_sheet(["C1"]), SHEET, lambda xml: xml.replace("</sheetData>", '<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>')
    )
    with pytest.raises(DomainError, match="quá dòng 4"):
        read_table(far, "far.xlsx", ORGANIZATION_COLUMNS)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_row_limit_counts_data_rows_after_the_header(monkeypatch, fmt):
    monkeypatch.setattr(reading, "MAX_ROWS", 2)
    make = xlsx if fmt == "xlsx" else csv_file
    rows = [MEMBER_HEADER, member_row(), member_row("Lê Thị Thu", sex="Nữ")]
    assert len(read_table(make(rows), f"m.{fmt}", MEMBER_COLUMNS).rows) == 2
    with pytest.raises(DomainError, match="tối đa 2 dòng"):
        read_table(make(rows + [member_row("Trần Văn Ba")]), f"m.{fmt}", MEMBER_COLUMNS)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_value_past_the_last_column_is_refused(monkeypatch, fmt):
    monkeypatch.setattr(reading, "MAX_COLUMNS", 8)
    make = xlsx if fmt == "xlsx" else csv_file
    row = ["C1", "Chi bộ 1", "Chi bộ trực thuộc", "X01", "01/01/2015", "Có", None, None, "thừa"]
    with pytest.raises(DomainError, match="Dòng 2 có giá trị vượt quá cột 8"):
        read_table(make([ORG_HEADER, row]), f"o.{fmt}", ORGANIZATION_COLUMNS)


def test_a_cell_far_to_the_right_does_not_widen_its_row():
    wide = rewritten(
        org_sheet(["C1", "Chi bộ 1"]),
        SHEET,
        lambda xml: xml.replace("</row>", '<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>', 1),
    )
    table = read_table(wide, "wide.xlsx", ORGANIZATION_COLUMNS)
    assert len(table.headers) == len(ORG_HEADER) and table.rows[0].cells == ["C1", "Chi bộ 1"]


def test_empty_cells_past_the_data_are_dropped():
    table = read_table(csv_file([ORG_HEADER + [""] * 60, ["C1", "Chi bộ 1"] + [""] * 60]), "o.csv", ORGANIZATION_COLUMNS)
    assert len(table.headers) == len(ORG_HEADER) and table.rows[0].cells == ["C1", "Chi bộ 1"]
