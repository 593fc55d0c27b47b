"""Reading a spreadsheet (.xlsx, or .csv in UTF-8 with or without BOM) into rows keyed by
column, with the header row matched without diacritics or case."""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath

import openpyxl
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from pdms.core.errors import DomainError
from pdms.core.vntext import vn_normalize

from .columns import Column

SUPPORTED_SUFFIXES = (".xlsx", ".csv")
# Limits checked while reading, before any row is used; the import page states them.
MAX_ROWS = 100_000
MAX_COLUMNS = 50
MAX_UNPACKED_MB = 100


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


def _check_unpacked_size(fileobj) -> None:
    """Refuse a workbook that unpacks to more than the limit, from the sizes its zip
    directory declares: Python's zipfile never inflates a member past its declared size, so
    a member that lies about it fails to read instead of filling the memory."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DomainError(_("The file cannot be read as an Excel workbook (.xlsx)."))
    finally:
        fileobj.seek(0)
    if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
        raise DomainError(
            _("The workbook unpacks to more than %(size)s MB; save only the sheet to import, without pictures or formatting.")
            % {"size": MAX_UNPACKED_MB}
        )


def _xlsx_rows(fileobj) -> Iterator[tuple]:
    _check_unpacked_size(fileobj)
    try:
        workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise DomainError(_("The file cannot be read as an Excel workbook (.xlsx)."))
    try:
        sheet = workbook.worksheets[0]
        # The dimension a file declares may be anything ("A1:XFD1048576" in a file of a
        # few bytes); rows are read as they come, one column past the limit so that a
        # wider sheet shows.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise DomainError(_("The file cannot be read as an Excel workbook (.xlsx)."))
    finally:
        workbook.close()


def _csv_rows(fileobj) -> Iterator[tuple]:
    try:
        text = fileobj.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("The CSV file is not in UTF-8. In Excel, save it as “CSV UTF-8 (Comma delimited)”."))
    first_line = text.split("\n", 1)[0]
    # Excel with Vietnamese regional settings writes semicolons.
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for row in reader:
        yield tuple(cell if cell.strip() else None for cell in row)


def _within_limits(raw_rows: Iterable[tuple]) -> Iterator[tuple[int, tuple]]:
    """The non-blank rows with their numbers, trimmed to ``MAX_COLUMNS``. Stops with an
    error at row ``MAX_ROWS + 2`` (blank rows count: a file may claim a million of them) or
    at a value past the last column, so a hostile file costs no more than a full one."""
    for number, row in enumerate(raw_rows, start=1):
        if number > MAX_ROWS + 1:
            raise DomainError(
                _("The sheet goes on past row %(last)s; an import takes at most %(rows)s rows of data. Split the file, or delete the empty rows at its end.")
                % {"last": number_format(MAX_ROWS + 1, force_grouping=True), "rows": number_format(MAX_ROWS, force_grouping=True)}
            )
        if not all(_is_blank_cell(cell) for cell in row[MAX_COLUMNS:]):
            raise DomainError(
                _("Row %(row)s has a value past column %(columns)s; an import reads at most %(columns)s columns.")
                % {"row": number, "columns": MAX_COLUMNS}
            )
        row = _without_trailing_blanks(row[:MAX_COLUMNS])
        if row:
            yield number, row


def _is_blank_cell(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _without_trailing_blanks(row: tuple) -> tuple:
    end = len(row)
    while end and _is_blank_cell(row[end - 1]):
        end -= 1
    return row[:end]


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
    and the others keep the number the spreadsheet shows. File-level problems, a file
    past the limits among them, raise DomainError."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DomainError(_("Only .xlsx and .csv files can be imported."))
    raw_rows = _xlsx_rows(fileobj) if suffix == ".xlsx" else _csv_rows(fileobj)
    numbered = list(_within_limits(raw_rows))
    if not numbered:
        raise DomainError(_("The file is empty."))
    (_header_number, header_row), *data = numbered
    positions, unknown = _match_headers(header_row, columns)
    rows = [Row(number, list(cells), positions) for number, cells in data]
    return Table(filename=filename, headers=list(header_row), rows=rows, present=frozenset(positions), unknown_headers=unknown)
