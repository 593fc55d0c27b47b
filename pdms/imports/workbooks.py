"""Workbooks the import hands out: blank templates (with one example row and a sheet of
instructions) and the error workbook (the file's rows with a column of messages)."""

import csv
import datetime as dt
import io
from collections import defaultdict

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pdms.core.spreadsheets import workbook_bytes
from pdms.members.models import Sex
from pdms.organizations.models import OrgKind

from .columns import KIND_LABELS, MEMBER_COLUMNS, NO, ORGANIZATION_COLUMNS, SEX_LABELS, YES, Column
from .models import ImportKind
from .outcome import RowError
from .reading import Table

HEADER_FONT = Font(bold=True)
ERROR_FILL = PatternFill("solid", fgColor="FDE2E1")
TEXT_FORMAT = "@"
DATE_FORMAT = "DD/MM/YYYY"
# Rows of the template that offer the drop-down lists.
TEMPLATE_ROWS = 5000

COLUMNS = {ImportKind.ORGANIZATIONS: ORGANIZATION_COLUMNS, ImportKind.MEMBERS: MEMBER_COLUMNS}

EXAMPLES = {
    ImportKind.ORGANIZATIONS: ["C0199", "Chi bộ thôn Mẫu", KIND_LABELS[OrgKind.BRANCH], "X01", "01/07/2025", YES],
    ImportKind.MEMBERS: [
        "Nguyễn Văn An",
        "15/05/1990",
        SEX_LABELS[Sex.MALE],
        "001090012345",
        "Kinh",
        "Không",
        "C0101",
        "10/01/2015",
        "10/01/2016",
        "12345678",
        "",
        "",
    ],
}

# Columns kept as text in the template, so Excel neither drops the leading zeros of codes
# and citizen IDs nor reads 01/02/1990 as 2 January on a computer set up for the US.
TEXT_KEYS = {
    "code",
    "parent",
    "founded_on",
    "birth_date",
    "citizen_id",
    "organization",
    "admitted_on",
    "recognized_on",
    "card_number",
    "arrived_on",
}


def _guide(kind: str) -> dict[str, tuple[bool, str]]:
    """For each column: whether a value is required, and how to write it."""
    dates = _("A date written dd/mm/yyyy, e.g. 01/07/2025.")
    optional = _("May be empty.")
    if kind == ImportKind.ORGANIZATIONS:
        return {
            "code": (True, _("Unique code of the organization, without spaces.")),
            "name": (True, _("Full name of the organization.")),
            "kind": (True, _("One of: %(kinds)s.") % {"kinds": ", ".join(KIND_LABELS.values())}),
            "parent": (
                False,
                _(
                    "Code of the superior organization: already recorded, or on another row of this file (in any order). "
                    "Empty only for a province."
                ),
            ),
            "founded_on": (True, dates),
            "has_committee": (False, _("%(yes)s or %(no)s (empty: %(no)s).") % {"yes": YES, "no": NO}),
        }
    return {
        "full_name": (True, _("Family name, middle name and given name.")),
        "birth_date": (True, dates),
        "sex": (True, _("%(male)s or %(female)s.") % {"male": SEX_LABELS[Sex.MALE], "female": SEX_LABELS[Sex.FEMALE]}),
        "citizen_id": (True, _("The 12-digit citizen ID (CCCD). The same number in a later import means the same person.")),
        "ethnicity": (False, optional),
        "religion": (False, optional),
        "organization": (True, _("Code of the organization the member belongs to.")),
        "admitted_on": (True, dates),
        "recognized_on": (False, _("Empty for a probationary member; otherwise a date written dd/mm/yyyy.")),
        "card_number": (False, optional),
        "arrived_on": (
            False,
            _("For a member admitted in another Party organization: the date they arrived here (dd/mm/yyyy). Counted as "
              "an arrival on that date, not as an admission here. Empty for a member admitted here."),
        ),
        "arrived_from": (False, _("Where a member who arrived came from; may be empty.")),
    }


def _write_guide(workbook: Workbook, kind: str, columns: tuple[Column, ...]) -> None:
    sheet = workbook.create_sheet(_("Instructions"))
    sheet.append([_("Column"), _("Required"), _("How to fill it in")])
    for cell in sheet[1]:
        cell.font = HEADER_FONT
    guide = _guide(kind)
    for column in columns:
        required, how = guide[column.key]
        sheet.append([column.header, _("Yes") if required else _("No"), how])
    sheet.append([])
    sheet.append([_("Keep the first row of the first sheet as it is and replace the example row with your data.")])
    for letter, width in (("A", 22), ("B", 12), ("C", 100)):
        sheet.column_dimensions[letter].width = width


def template_workbook(kind: str) -> bytes:
    """The blank form: the header row, one example row and the instructions sheet."""
    columns = COLUMNS[kind]
    choices = {"kind": list(KIND_LABELS.values()), "has_committee": [YES, NO], "sex": list(SEX_LABELS.values())}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Data")
    sheet.append([c.header for c in columns])
    sheet.append(EXAMPLES[kind])
    for position, column in enumerate(columns, start=1):
        letter = get_column_letter(position)
        sheet.cell(row=1, column=position).font = HEADER_FONT
        dimension = sheet.column_dimensions[letter]
        dimension.width = max(14, len(column.header) + 4)
        if column.key in TEXT_KEYS:
            dimension.number_format = TEXT_FORMAT
        if column.key in choices:
            validation = DataValidation(type="list", formula1='"' + ",".join(choices[column.key]) + '"', allow_blank=True)
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    _write_guide(workbook, kind, columns)
    return workbook_bytes(workbook)


def template_csv(kind: str) -> bytes:
    """The same form as CSV, with a BOM so that Excel opens it as UTF-8."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in COLUMNS[kind]])
    writer.writerow(EXAMPLES[kind])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _append_as_read(sheet, number: int, values: list) -> list:
    """Append row ``number`` with its cells as they were read, with dates shown as
    dd/mm/yyyy (text that looks like a formula stays text: see ``workbook_bytes``). The
    cells are taken by position: ``sheet.max_row`` scans the whole sheet, which would make
    the workbook quadratic in its rows."""
    sheet.append(values)
    cells = [sheet.cell(row=number, column=column) for column in range(1, len(values) + 1)]
    for cell in cells:
        if isinstance(cell.value, (dt.date, dt.datetime)):
            cell.number_format = DATE_FORMAT
    return cells


def error_workbook(table: Table, errors: list[RowError]) -> bytes:
    """Every row of the file as it was read, with the messages of each row in a last
    column; rows with errors are shaded so they stand out."""
    by_row: dict[int, list[str]] = defaultdict(list)
    for error in errors:
        if error.row is not None:
            by_row[error.row].append(str(error))
    width = max([len(table.headers)] + [len(r.cells) for r in table.rows])
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Errors")
    for cell in _append_as_read(sheet, 1, list(table.headers) + [None] * (width - len(table.headers)) + [_("Errors")]):
        cell.font = HEADER_FONT
    for number, row in enumerate(table.rows, start=2):
        messages = by_row.get(row.number, [])
        cells = _append_as_read(sheet, number, list(row.cells) + [None] * (width - len(row.cells)) + ["\n".join(messages)])
        if messages:
            for cell in cells:
                cell.fill = ERROR_FILL
        cells[-1].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions[get_column_letter(width + 1)].width = 80
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(width + 1)}{len(table.rows) + 1}"
    return workbook_bytes(workbook)
