"""A list page downloaded as an .xlsx workbook: the rows the page's filters select, under a
heading that states those filters, written so that no cell runs as a formula and no citizen
ID leaves unmasked; every download is audited like any other file of personal data.

Pages call ``list_download`` with their own columns; the workbook's layout is the same for
every list."""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from pdms.core.citizen_id import mask_quoted
from pdms.core.dates import format_date
from pdms.core.spreadsheets import workbook_bytes

from .access import audit_download

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]
    width: int = 20


def list_workbook(*, title: str, filters: Sequence[tuple[str, str]], columns: Sequence[Column], rows: Iterable) -> bytes:
    """The workbook of a list: its title, one line per filter applied, the header row,
    then one row per record. Dates are date cells shown dd/mm/yyyy."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    for label, value in filters:
        sheet.append([label, value])
    sheet.append([])
    sheet.append([column.header for column in columns])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for record in rows:
        sheet.append([_cell(column.value(record)) for column in columns])
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(row=header_row, column=index).column_letter].width = column.width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    return workbook_bytes(book)


def _cell(value):
    # A citizen ID typed into a free-text field (a name, a note) must not leave in clear.
    return mask_quoted(value) if isinstance(value, str) else value


def list_download(
    *, actor, what: str, organization, title: str, filters: Sequence[tuple[str, str]], columns: Sequence[Column], rows: Iterable,
    filename_stem: str, day: dt.date,
) -> HttpResponse:
    """The .xlsx attachment of a list, with its download audited as a file of kind ``what``
    made from ``organization``'s records."""
    content = list_workbook(title=title, filters=filters, columns=columns, rows=rows)
    filename = f"{filename_stem}-{format_date(day).replace('/', '-')}.xlsx"
    # An administrator's list of every organization has none to name: the entry then
    # points at the user who took it.
    audit_download(actor=actor, what=what, obj=organization or actor, organization=organization, filename=filename)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def filter_line(label: str, value) -> tuple[str, str]:
    """One line of the heading: a filter's label and the value used (a date as dd/mm/yyyy,
    an empty value as "all")."""
    if isinstance(value, dt.date):
        return (label, format_date(value))
    return (label, str(value) if value not in (None, "") else _("all"))
