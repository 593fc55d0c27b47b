"""Reading a spreadsheet (.xlsx, or .csv in UTF-8 with or without BOM) into rows keyed by
column, with the header row matched without diacritics or case."""

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from pdms.core.errors import DomainError
from pdms.core.vntext import vn_normalize

from .columns import Column

SUPPORTED_SUFFIXES = (".xlsx", ".csv")


@dataclass
class Row:
    number: int
    cells: list
    positions: dict[str, int]

    def raw(self, key: str):
        position = self.positions.get(key)
        if position is None or position >= len(self.cells):
            return None
        return self.cells[position]


@dataclass
class Table:
    filename: str
    headers: list
    rows: list[Row]
    present: frozenset[str]
    unknown_headers: list[str]

    def warnings(self) -> list[str]:
        return [
            _("The column “%(column)s” is not one the import knows; it was ignored.") % {"column": header}
            for header in self.unknown_headers
        ]


def _xlsx_rows(fileobj) -> list[tuple]:
    try:
        workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise DomainError(_("The file cannot be read as an Excel workbook (.xlsx)."))
    try:
        return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _csv_rows(fileobj) -> list[tuple]:
    try:
        text = fileobj.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("The CSV file is not in UTF-8. In Excel, save it as “CSV UTF-8 (Comma delimited)”."))
    first_line = text.split("\n", 1)[0]
    # Excel with Vietnamese regional settings writes semicolons.
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [tuple(cell if cell.strip() else None for cell in row) for row in reader]


def _is_blank(row: tuple) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def _match_headers(header_row: tuple, columns: tuple[Column, ...]) -> tuple[dict[str, int], list[str]]:
    by_word = {vn_normalize(c.header): c for c in columns}
    positions: dict[str, int] = {}
    unknown = []
    for position, cell in enumerate(header_row):
        text = " ".join(str(cell).split()) if cell is not None else ""
        if not text:
            continue
        column = by_word.get(vn_normalize(text))
        if column is None:
            unknown.append(text)
        elif column.key in positions:
            raise DomainError(_("The column “%(column)s” appears twice in the header row.") % {"column": column.header})
        else:
            positions[column.key] = position
    missing = [c.header for c in columns if c.required and c.key not in positions]
    if missing:
        raise DomainError(
            _("The header row lacks the required columns: %(columns)s. The first row of the sheet must hold the column names.")
            % {"columns": ", ".join(missing)}
        )
    return positions, unknown


def read_table(fileobj, filename: str, columns: tuple[Column, ...]) -> Table:
    """The rows of the file's first sheet after its header row; blank rows are left out
    and the others keep the number the spreadsheet shows. File-level problems raise
    DomainError."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DomainError(_("Only .xlsx and .csv files can be imported."))
    raw_rows = _xlsx_rows(fileobj) if suffix == ".xlsx" else _csv_rows(fileobj)
    numbered = [(number, row) for number, row in enumerate(raw_rows, start=1) if not _is_blank(row)]
    if not numbered:
        raise DomainError(_("The file is empty."))
    (_header_number, header_row), *data = numbered
    positions, unknown = _match_headers(header_row, columns)
    rows = [Row(number, list(cells), positions) for number, cells in data]
    return Table(filename=filename, headers=list(header_row), rows=rows, present=frozenset(positions), unknown_headers=unknown)
