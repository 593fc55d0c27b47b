"""The summary report (``summary.SummaryReport``) as files: an Excel workbook with native
charts, and a Word document and a PDF in the form of a Party document with the charts as
images, each headed, numbered, signed and addressed as Hướng dẫn 36-HD/VPTW lays out a
report. The files are always in Vietnamese, whatever the request language."""

import io
import itertools
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from docx.shared import Mm, Pt
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font

from pdms.core.dates import format_date
from pdms.core.spreadsheets import workbook_bytes
from pdms.documents.docx_builder import TEXT_WIDTH, PartyDocument, place_and_date, report_line
from pdms.indicators.templatetags.figures import figure as ratio_text
from pdms.recruitment.selectors.dossiers import BLANK, committee_name, committee_symbol, place_of
from pdms.targets import charts
from pdms.targets.exports import FORMATS, excess_number_format, new_pdf, number_text, percent_text
from pdms.targets.reports import COUNTING_RULE, excess_text

from .summary import CHANGE, DAYS, Figure, SummaryReport

__all__ = ["FORMATS", "EXPORTERS", "summary_xlsx", "summary_docx", "summary_pdf", "summary_filename"]

XLSX_WIDTHS = (62, 14, 14, 12)
# The kind of document in its number ("Số …-BC/TU"): a report.
REPORT_SYMBOL = "BC"
UNIT_WIDTHS = (6, 10, 36, 10, 12, 12, 12, 12, 14, 14)


def figure_text(figure: Figure) -> str:
    """The figure as the report writes it: "3", "3/3 (100,00%)", "-12,50%", "45,5"."""
    if figure.kind == CHANGE:
        return percent_text(figure.result.value)
    if figure.kind == DAYS:
        return number_text(figure.result.value, 1)
    if figure.key == "quota_excess":
        return excess_text(figure.result.value)
    return ratio_text(figure.result)


def period_name(report: SummaryReport) -> str:
    if report.is_term:
        return _("in the term %(first)s–%(last)s") % {
            "first": report.plan.term_start.year, "last": report.plan.term_end.year,
        }
    return _("in %(year)s") % {"year": report.period}


def title(report: SummaryReport) -> str:
    return _("Report")


def subtitle(report: SummaryReport) -> str:
    return _("Results of the work of developing Party members %(period)s") % {"period": period_name(report)}


def scope_line(report: SummaryReport) -> str:
    return _("%(org)s; plan %(number)s; from %(start)s to %(end)s; figures as of %(as_of)s.") % {
        "org": report.head.name, "number": report.plan.number, "start": format_date(report.start),
        "end": format_date(report.end), "as_of": format_date(report.as_of),
    }


def quota_line(report: SummaryReport) -> str:
    quota = report.quota
    if quota is None:
        return _("Quota used: none was set for this period.")
    return _("Quota used: %(decision)s, version %(version)s of %(date)s.") % {
        "decision": quota.decision or quota.plan.number, "version": quota.version, "date": format_date(quota.decided_on),
    } + f" {COUNTING_RULE}"


def _superior(report: SummaryReport) -> str:
    """The organization above the issuer, as the heading names it; none above a
    provincial committee."""
    parent = report.organization.parent
    return parent.name if parent else ""


def _issuer(report: SummaryReport) -> str:
    return committee_name(report.organization)


def _number(report: SummaryReport) -> str:
    """"…………-BC/HU": the number itself is written when the report is issued."""
    symbol = committee_symbol(report.organization)
    return f"{BLANK}-{REPORT_SYMBOL}/{symbol}" if symbol else f"{BLANK}-{REPORT_SYMBOL}"


def _number_line(report: SummaryReport) -> str:
    return _("No. %(number)s") % {"number": _number(report)}


def _place_and_date(report: SummaryReport) -> str:
    return place_and_date(place_of(report.organization), report.as_of)


def _recipients(report: SummaryReport) -> list[str]:
    """The committee above, informed; a provincial committee reports to the Central
    Organization Commission. The issuer keeps a copy."""
    parent = report.organization.parent
    above = committee_name(parent) if parent else _("The Central Organization Commission")
    return [report_line(above), _("Filed at the committee office.")]


def _signature(report: SummaryReport) -> tuple[str, str, str]:
    """(on behalf of, title, name) of the signature block; the signer writes the name."""
    if committee_symbol(report.organization) == "CB":
        return _("ON BEHALF OF THE BRANCH"), _("SECRETARY"), BLANK
    return _("ON BEHALF OF THE STANDING COMMITTEE"), _("SECRETARY"), BLANK


def _section_titles() -> tuple[str, str, str]:
    return _("I. General results"), _("II. Results by unit"), _("III. Charts")


def _achievement_title() -> str:
    return _("Achievement of the quota by unit (%)")


def _series_title(report: SummaryReport) -> str:
    return _("Admissions per year") if report.is_term else _("Admissions per month")


def _lines(report: SummaryReport) -> list[tuple[Figure, bool]]:
    """(figure, whether it is a part of the one above) of section I in order: the general
    figures, then each source group under the sources, then the median days of each stage."""
    lines = []
    for figure in report.general:
        lines.append((figure, False))
        if figure.key == "sources_total":
            lines += [(group, True) for group in report.sources_by_group]
    lines += [(figure, False) for figure in report.stages]
    return lines


def _label(figure: Figure, sub: bool) -> str:
    return f"+ {figure.label}" if sub else figure.label


def _unit_headers() -> list[str]:
    return [_("No."), _("Code"), _("Unit"), _("Target"), _("Admitted"), _("Achievement %"), _("Excess"),
            _("Sources"), _("Dossiers in progress"), _("Probationary members")]


def _unit_values(report: SummaryReport) -> list[list]:
    rows = []
    for index, row in enumerate(report.units, start=1):
        r = row.results
        rows.append([
            index, row.organization.code, row.label, r["quota"].value, r["quota_achievement"].numerator,
            r["quota_achievement"].percent, r["quota_excess"].value, r["sources_total"].value,
            r["dossiers_in_progress"].value, r["members_probationary"].value,
        ])
    return rows


def _unit_cells(values: list) -> list[str]:
    return [str(values[0]), values[1], values[2], *(number_text(v) for v in values[3:5]), percent_text(values[5]),
            excess_text(values[6]), *(number_text(v) for v in values[7:])]


def _float(value):
    return float(value) if isinstance(value, Decimal) else value


# --- workbook ---------------------------------------------------------------------------


def summary_xlsx(report: SummaryReport) -> bytes:
    with translation.override("vi"):
        book = Workbook()
        _xlsx_summary(book.active, report)
        _xlsx_units(book.create_sheet(_("Units")[:31]), report)
        _xlsx_series(book.create_sheet(_("Over time")[:31]), report)
        return workbook_bytes(book)


def _xlsx_summary(sheet, report: SummaryReport) -> None:
    sheet.title = _("Report")[:31]
    sheet.append([_superior(report).upper(), "", "", _("COMMUNIST PARTY OF VIETNAM")])
    sheet.append([_issuer(report).upper(), "", "", _place_and_date(report)])
    sheet.append([_number_line(report)])
    sheet.append([])
    sheet.append([title(report).upper()])
    sheet.append([subtitle(report)])
    sheet.append([scope_line(report)])
    sheet.append([quota_line(report)])
    for row in (1, 2, 5, 6):
        sheet.cell(row, 1).font = sheet.cell(row, 4).font = Font(bold=True)
    sheet["A5"].font = Font(bold=True, size=14)
    sheet.append([])
    general, _units, _charts = _section_titles()
    sheet.append([general])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([_("Indicator"), _("Number"), _("Of"), _("Percent")])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for figure, sub in _lines(report):
        sheet.append([_label(figure, sub), _float(figure.number), figure.result.denominator, _float(figure.percent)])
        sheet.cell(sheet.max_row, 4).number_format = "0.00"
        if figure.key == "quota_excess":
            sheet.cell(sheet.max_row, 2).number_format = excess_number_format()
    _xlsx_closing(sheet, report)
    for column, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = width


def _xlsx_closing(sheet, report: SummaryReport) -> None:
    """The recipients in the first column and the signature block in the fourth."""
    on_behalf, signer_title, signer_name = _signature(report)
    recipients = [_("Recipients:"), *(f"- {text}" for text in _recipients(report))]
    signature = [on_behalf, signer_title, "", "", signer_name]
    sheet.append([])
    first = sheet.max_row + 1
    for left, right in itertools.zip_longest(recipients, signature, fillvalue=""):
        sheet.append([left, "", "", right])
    sheet.cell(first, 1).font = Font(bold=True, italic=True)
    for offset in (0, 1, len(signature) - 1):
        sheet.cell(first + offset, 4).font = Font(bold=True)


def _xlsx_units(sheet, report: SummaryReport) -> None:
    sheet.append([_section_titles()[1]])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(_unit_headers())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for values in _unit_values(report):
        sheet.append([_float(v) for v in values])
        sheet.cell(sheet.max_row, 6).number_format = "0.00"
        sheet.cell(sheet.max_row, 7).number_format = excess_number_format()
    sheet.freeze_panes = "A3"
    for column, width in enumerate(UNIT_WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(2, column).column_letter].width = width
    if report.units:
        chart = BarChart()
        chart.type = "bar"
        chart.title = _achievement_title()
        chart.legend = None
        last = 2 + len(report.units)
        chart.add_data(Reference(sheet, min_col=6, min_row=3, max_row=last), titles_from_data=False)
        chart.set_categories(Reference(sheet, min_col=3, min_row=3, max_row=last))
        chart.height, chart.width = max(6, len(report.units) * 0.8), 18
        sheet.add_chart(chart, f"B{last + 3}")


def _xlsx_series(sheet, report: SummaryReport) -> None:
    sheet.append([_series_title(report)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Year") if report.is_term else _("Month"), _("Admitted")])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for point in report.series:
        sheet.append([point.label, point.figure.number])
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 14
    if report.series:
        chart = BarChart()
        chart.type = "col"
        chart.title = _series_title(report)
        chart.legend = None
        last = 2 + len(report.series)
        chart.add_data(Reference(sheet, min_col=2, min_row=3, max_row=last), titles_from_data=False)
        chart.set_categories(Reference(sheet, min_col=1, min_row=3, max_row=last))
        chart.height, chart.width = 8, 18
        sheet.add_chart(chart, "D2")


# --- images of the charts ---------------------------------------------------------------


def chart_images(report: SummaryReport) -> list[bytes]:
    """The PNG charts of section III: achievement by unit (when there are units), then
    admissions over the period."""
    images = []
    if report.units:
        bars = [(row.name, row.achievement) for row in report.units]
        images.append(charts.achievement_chart(_achievement_title(), bars, percent_text))
    columns = [(point.label, point.figure.number) for point in report.series]
    images.append(charts.columns_chart(_series_title(report), columns))
    return images


# --- Word -------------------------------------------------------------------------------


def summary_docx(report: SummaryReport) -> bytes:
    with translation.override("vi"):
        document = PartyDocument()
        document.header(
            superior=_superior(report), issuer=_issuer(report), number=_number(report),
            place=place_of(report.organization), issued_on=report.as_of,
        )
        document.title(title(report), subtitle(report))
        document.paragraph(scope_line(report))
        document.paragraph(quota_line(report))
        general, units, chart_title = _section_titles()
        document.heading(general)
        for figure, sub in _lines(report):
            document.item(f"{figure.label}: {figure_text(figure)}", sub=sub)
        document.heading(units)
        _docx_units(document, report)
        document.heading(chart_title)
        for image in chart_images(report):
            document.document.add_picture(io.BytesIO(image), width=TEXT_WIDTH)
        on_behalf, signer_title, signer_name = _signature(report)
        document.closing(
            recipients=_recipients(report), on_behalf_of=on_behalf, signer_title=signer_title, signer_name=signer_name,
        )
        return document.to_bytes()


def _docx_units(document: PartyDocument, report: SummaryReport) -> None:
    rows = [_unit_headers()] + [_unit_cells(values) for values in _unit_values(report)]
    if len(rows) == 1:
        document.paragraph(_("No units."))
        return
    table = document.grid(rows, size=Pt(10))
    table.columns[2].width = Mm(40)


# --- PDF --------------------------------------------------------------------------------


def summary_pdf(report: SummaryReport) -> bytes:
    with translation.override("vi"):
        pdf = new_pdf("portrait", (20, 15, 15))
        _pdf_header(pdf, report)
        general, units, chart_title = _section_titles()
        _pdf_heading(pdf, general)
        pdf.set_font("body", "", 10)
        with pdf.table(col_widths=(125, 50), text_align=("LEFT", "RIGHT"), first_row_as_headings=False) as table:
            for figure, sub in _lines(report):
                table.row([_label(figure, sub), figure_text(figure)])
        _pdf_heading(pdf, units)
        rows = [_unit_headers()] + [_unit_cells(values) for values in _unit_values(report)]
        pdf.set_font("body", "", 8)
        if len(rows) > 1:
            with pdf.table(col_widths=(8, 14, 40, 14, 15, 18, 14, 15, 19, 19), text_align="LEFT") as table:
                for values in rows:
                    table.row(values)
        _pdf_heading(pdf, chart_title)
        width = pdf.w - pdf.l_margin - pdf.r_margin
        for image in chart_images(report):
            pdf.image(io.BytesIO(image), w=width)
            pdf.ln(4)
        _pdf_closing(pdf, report)
        return bytes(pdf.output())


def _pdf_header(pdf: FPDF, report: SummaryReport) -> None:
    left = 75
    right = pdf.w - pdf.l_margin - pdf.r_margin - left
    top = pdf.get_y()
    pdf.set_font("body", "", 11)
    if _superior(report):
        pdf.multi_cell(left, 5, _superior(report).upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "B", 11)
    pdf.multi_cell(left, 5, _issuer(report).upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 11)
    pdf.multi_cell(left, 5, "*", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(left, 5, _number_line(report), align="C", new_x="LMARGIN", new_y="NEXT")
    bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + left, top)
    pdf.set_font("body", "B", 11)
    pdf.multi_cell(right, 5, _("COMMUNIST PARTY OF VIETNAM"), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("body", "", 11)
    pdf.multi_cell(right, 5, _place_and_date(report), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(bottom, pdf.get_y()) + 6)
    pdf.set_font("body", "B", 14)
    pdf.multi_cell(0, 7, title(report).upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "B", 12)
    pdf.multi_cell(0, 6, subtitle(report), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("body", "", 10)
    pdf.multi_cell(0, 5, f"{scope_line(report)} {quota_line(report)}", new_x="LMARGIN", new_y="NEXT")


def _pdf_closing(pdf: FPDF, report: SummaryReport) -> None:
    """The recipients on the left and the signature block on the right, kept together."""
    left = 75
    right = pdf.w - pdf.l_margin - pdf.r_margin - left
    pdf.ln(6)
    if pdf.get_y() + 50 > pdf.h - pdf.b_margin:
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_font("body", "B", 10)
    pdf.multi_cell(left, 5, _("Recipients:"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 9)
    for text in _recipients(report):
        pdf.multi_cell(left, 5, f"- {text}", new_x="LMARGIN", new_y="NEXT")
    on_behalf, signer_title, signer_name = _signature(report)
    pdf.set_xy(pdf.l_margin + left, top)
    pdf.set_font("body", "B", 11)
    for text in (on_behalf, signer_title):
        pdf.multi_cell(right, 5, text, align="C", new_x="LEFT", new_y="NEXT")
    # Room for the handwritten signature and the seal.
    pdf.set_y(pdf.get_y() + 25)
    pdf.set_x(pdf.l_margin + left)
    pdf.multi_cell(right, 5, signer_name, align="C", new_x="LMARGIN", new_y="NEXT")


def _pdf_heading(pdf: FPDF, text: str) -> None:
    pdf.ln(4)
    pdf.set_font("body", "B", 12)
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


EXPORTERS = {"xlsx": summary_xlsx, "docx": summary_docx, "pdf": summary_pdf}


def summary_filename(report_period: str, organization_code: str, as_of, form: str) -> str:
    """An ASCII name for the download: ``bao-cao-phat-trien-dang-vien-H01-2022-20220630.pdf``."""
    code = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in organization_code)
    period = "nhiem-ky" if report_period == "term" else report_period
    return f"bao-cao-phat-trien-dang-vien-{code}-{period}-{as_of:%Y%m%d}.{form}"
