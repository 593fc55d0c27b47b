"""The quota-progress report (``reports.progress_rows``) as files: an Excel workbook, a
Word document and a PDF, each with the organization's row, one row per unit with its
pipeline (sources, dossiers in progress, probationary members), as the ranking page shows
them, and a bar chart of achievement per unit. The rows must come from ``progress_rows``
with ``pipeline=True``. The files are always in Vietnamese, whatever the request language."""

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font

from pdms.core.dates import format_date
from pdms.core.spreadsheets import workbook_bytes
from pdms.documents.docx_builder import PartyDocument
from pdms.organizations.models import Organization

from . import charts
from .charts import MET_COLOR, SHORT_COLOR
from .fonts import pdf_fonts
from .models import Plan
from .reports import COUNTING_RULE, ProgressRow, excess_text

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
XLSX_WIDTHS = (10, 40, 10, 24, 10, 14, 12, 16, 10, 14, 14)


@dataclass
class QuotaProgressReport:
    """What ``reports.progress_rows`` returned for a plan, an organization and a day;
    ``units`` in the order the file should list them."""

    plan: Plan
    organization: Organization
    as_of: dt.date
    head: ProgressRow
    units: list[ProgressRow]

    @property
    def rows(self) -> list[ProgressRow]:
        return [self.head, *self.units]


@dataclass(frozen=True)
class Line:
    """One organization's figures as the files show them."""

    code: str
    name: str
    target: int | None
    version: str
    admitted: int | None
    achievement: Decimal | None
    excess: int | None
    change: Decimal | None
    sources: int | None
    dossiers: int | None
    probationary: int | None


def lines(report: QuotaProgressReport) -> list[Line]:
    """The organization first, then its units."""
    return [_line(row) for row in report.rows]


def _line(row: ProgressRow) -> Line:
    r = row.results
    return Line(
        code=row.organization.code, name=row.label, target=r["quota"].value, version=_version(row),
        admitted=r["quota_achievement"].numerator, achievement=r["quota_achievement"].percent,
        excess=r["quota_excess"].value, change=r["admissions_change_on_previous_year"].value,
        sources=r["sources_total"].value, dossiers=r["dossiers_in_progress"].value,
        probationary=r["members_probationary"].value,
    )


def _version(row: ProgressRow) -> str:
    if row.quota is None:
        return "—"
    return _("%(decision)s, version %(version)s of %(date)s") % {
        "decision": row.quota.decision or row.quota.plan.number, "version": row.quota.version,
        "date": format_date(row.quota.decided_on),
    }


def _title(report: QuotaProgressReport) -> str:
    return _("Progress of the admission quota: plan %(number)s — %(title)s") % {
        "number": report.plan.number, "title": report.plan.title,
    }


def _subtitle(report: QuotaProgressReport) -> str:
    return _("%(org)s; period %(start)s – %(end)s; as of %(as_of)s; quota used: %(version)s") % {
        "org": report.head.name, "start": format_date(report.head.ctx.start), "end": format_date(report.head.ctx.end),
        "as_of": format_date(report.as_of), "version": _version(report.head),
    } + f". {COUNTING_RULE}"


def _headers() -> list[str]:
    return [_("Code"), _("Organization"), _("Target"), _("Version"), _("Admitted"), _("Achievement %"), _("Excess"),
            _("Change on previous year %"), _("Sources"), _("Dossiers in progress"), _("Probationary members")]


def excess_number_format() -> str:
    """The spreadsheet format of an excess cell: a shortfall reads as one ("còn thiếu
    5.983"), the cell keeping its number."""
    return f'+#,##0;"{_("short of")} "#,##0;0'


def number_text(value, decimals: int = 0) -> str:
    """Vietnamese separators ("1.234", "85,71"), as the pages write figures: the files are
    made under the Vietnamese locale."""
    if value is None:
        return "—"
    return number_format(value, decimals, force_grouping=True)


def percent_text(value) -> str:
    """A percent as the files write it: "85,71%", or "—" when there is none."""
    return "—" if value is None else f"{number_text(value, 2)}%"


def _cells(line: Line) -> list[str]:
    return [line.code, line.name, number_text(line.target), line.version, number_text(line.admitted), number_text(line.achievement, 2),
            excess_text(line.excess), number_text(line.change, 2), *(number_text(n) for n in _pipeline(line))]


def _pipeline(line: Line) -> tuple:
    return line.sources, line.dossiers, line.probationary


def quota_progress_xlsx(report: QuotaProgressReport) -> bytes:
    with translation.override("vi"):
        book = Workbook()
        sheet = book.active
        sheet.title = _("Quota progress")[:31]
        sheet.append([f"{_title(report)}. {_subtitle(report)}"])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(XLSX_WIDTHS))
        sheet.row_dimensions[1].height = 36
        sheet["A1"].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.append(_headers())
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for index, line in enumerate(lines(report)):
            sheet.append([line.code, line.name, line.target, line.version, line.admitted,
                          _number(line.achievement), line.excess, _number(line.change), *_pipeline(line)])
            row = sheet.max_row
            sheet.cell(row, 6).number_format = sheet.cell(row, 8).number_format = "0.00"
            sheet.cell(row, 7).number_format = excess_number_format()
            if index == 0:
                for cell in sheet[row]:
                    cell.font = Font(bold=True)
        sheet.freeze_panes = "A3"
        for column, width in enumerate(XLSX_WIDTHS, start=1):
            sheet.column_dimensions[sheet.cell(2, column).column_letter].width = width
        if report.units:
            sheet.add_chart(_xlsx_chart(sheet, len(report.units)), f"A{sheet.max_row + 3}")
        return workbook_bytes(book)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _xlsx_chart(sheet, units: int) -> BarChart:
    first, last = 4, 3 + units  # row 3 is the organization itself
    chart = BarChart()
    chart.type = "bar"
    chart.title = _("Achievement of the quota by unit (%)")
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=6, min_row=first, max_row=last), titles_from_data=False)
    chart.set_categories(Reference(sheet, min_col=2, min_row=first, max_row=last))
    chart.height, chart.width = max(6, units * 0.8), 18
    return chart


def quota_progress_docx(report: QuotaProgressReport) -> bytes:
    with translation.override("vi"):
        document = PartyDocument()
        # Eight columns do not fit the width of a portrait page at a readable size.
        section = document.document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        section.left_margin = section.right_margin = Mm(20)
        document.title(_title(report), _subtitle(report))
        all_lines = lines(report)
        rows = [_headers()] + [_cells(line) for line in all_lines]
        document.grid(rows, size=Pt(10), bold_rows=2)  # the header and the organization's own row
        if report.units:
            document.document.add_picture(io.BytesIO(_achievement_png(all_lines[1:])), width=Mm(200))
        return document.to_bytes()


def _achievement_png(units: list[Line]) -> bytes:
    return charts.achievement_chart(
        _("Achievement of the quota by unit (%)"), [(line.name, line.achievement) for line in units], percent_text
    )


def new_pdf(orientation: str, margins: tuple[int, int, int]) -> FPDF:
    """An A4 PDF with its first page, writing in the "body" font (regular and bold) of
    ``pdf_fonts``; margins (left, top, right) in millimetres."""
    regular, bold = pdf_fonts()
    pdf = FPDF(orientation=orientation, format="A4")
    pdf.set_margins(*margins)
    pdf.add_font("body", "", regular)
    pdf.add_font("body", "B", bold or regular)
    pdf.add_page()
    return pdf


def quota_progress_pdf(report: QuotaProgressReport) -> bytes:
    with translation.override("vi"):
        pdf = new_pdf("landscape", (15, 15, 15))
        pdf.set_font("body", "B", 14)
        pdf.multi_cell(0, 7, _title(report), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", "", 11)
        pdf.multi_cell(0, 6, _subtitle(report), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font("body", "", 9)
        all_lines = lines(report)
        widths = (14, 46, 15, 44, 16, 21, 20, 24, 17, 25, 25)
        with pdf.table(col_widths=widths, text_align="LEFT", first_row_as_headings=True) as table:
            for values in [_headers()] + [_cells(line) for line in all_lines]:
                table.row(values)
        _pdf_chart(pdf, all_lines[1:])
        return bytes(pdf.output())


def _pdf_chart(pdf: FPDF, units: list[Line]) -> None:
    """Horizontal bars of achievement, scaled to the highest (at least 100%), with the
    100% mark drawn across."""
    if not units:
        return
    label_width, bar_height, gap = 70, 6, 2
    pdf.ln(6)
    if pdf.get_y() + 12 + len(units) * (bar_height + gap) > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.set_font("body", "B", 12)
    pdf.cell(0, 8, _("Achievement of the quota by unit (%)"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 9)
    scale_max = max([Decimal(100)] + [u.achievement for u in units if u.achievement is not None])
    left = pdf.l_margin + label_width
    width = pdf.w - pdf.r_margin - left - 20
    top = pdf.get_y()
    for line in units:
        y = pdf.get_y()
        if y + bar_height > pdf.h - pdf.b_margin:
            break
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(label_width - 2, bar_height, line.name[:45], align="R")
        if line.achievement is not None:
            bar = float(line.achievement / scale_max) * width
            pdf.set_fill_color(*(MET_COLOR if line.achievement >= 100 else SHORT_COLOR))
            pdf.rect(left, y + 1, max(bar, 0.3), bar_height - 2, style="F")
            pdf.set_xy(left + bar + 1, y)
        else:
            pdf.set_xy(left, y)
        pdf.cell(18, bar_height, percent_text(line.achievement))
        pdf.set_xy(pdf.l_margin, y + bar_height + gap)
    mark = left + float(100 / scale_max) * width
    pdf.set_draw_color(60, 60, 60)
    pdf.line(mark, top, mark, pdf.get_y())


EXPORTERS = {"xlsx": quota_progress_xlsx, "docx": quota_progress_docx, "pdf": quota_progress_pdf}


def export_filename(report: QuotaProgressReport, form: str) -> str:
    """An ASCII name for the download: ``tien-do-chi-tieu-09-KH-HU-20220630.xlsx``."""
    number = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in report.plan.number)
    return f"tien-do-chi-tieu-{number}-{report.as_of:%Y%m%d}.{form}"
