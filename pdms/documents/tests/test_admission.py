import datetime as dt
import io
import zipfile
from decimal import Decimal

import docx
import pytest
from django.utils import translation
from docx.oxml.ns import qn

from pdms.core.errors import DomainError
from pdms.documents.admission import (
    AdmissionDecisionData,
    BranchResolutionData,
    PersonData,
    RecognitionDecisionData,
    admission_decision_docx,
    branch_resolution_docx,
    recognition_decision_docx,
)
from pdms.documents.testing import docx_lines

PERSON = PersonData(
    full_name="Nguyễn Thị Hoa",
    birth_date=dt.date(2001, 3, 7),
    sex_label="Nữ",
    hometown="xã Hà Mòn, tỉnh Quảng Ngãi",
    ethnicity="Ba Na",
    religion="Không",
    education="12/12",
    occupation="Giáo viên",
)
STATUTE = "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"
REGULATION = "Căn cứ Quy định số 294-QĐ/TW ngày 26/5/2025 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng;"


def resolution(**changes) -> BranchResolutionData:
    values = dict(
        superior_name="Đảng bộ xã Hà Mòn",
        branch_name="Chi bộ thôn 1",
        number="01-NQ/CB",
        place="Hà Mòn",
        meeting_on=dt.date(2026, 10, 5),
        person=PERSON,
        sponsors=["đồng chí Trần Văn Bình", "Ban Chấp hành Đoàn xã Hà Mòn"],
        eligible=7,
        present=7,
        votes_for=6,
        votes_against=1,
        percent_for=Decimal("85.714"),
        legal_basis=[STATUTE, REGULATION],
        signer_name="Lê Văn Dũng",
        signer_title="BÍ THƯ",
        report_to="Đảng ủy xã Hà Mòn",
    )
    return BranchResolutionData(**(values | changes))


def admission() -> AdmissionDecisionData:
    return AdmissionDecisionData(
        authority_name="Ban Thường vụ Đảng ủy xã Hà Mòn",
        superior_name="Đảng bộ tỉnh Quảng Ngãi",
        issuer_name="Đảng ủy xã Hà Mòn",
        number="125-QĐ/ĐU",
        place="Hà Mòn",
        decided_on=dt.date(2026, 10, 5),
        legal_basis=[STATUTE, REGULATION],
        branch_resolution="Nghị quyết số 01-NQ/CB ngày 05/10/2026 của Chi bộ thôn 1",
        person=PERSON,
        branch_name="Chi bộ thôn 1",
        signer_name="Phạm Văn Minh",
        signer_title="BÍ THƯ",
    )


def recognition(**changes) -> RecognitionDecisionData:
    values = dict(
        authority_name="Ban Thường vụ Đảng ủy xã Hà Mòn",
        superior_name="Đảng bộ tỉnh Quảng Ngãi",
        issuer_name="Đảng ủy xã Hà Mòn",
        number="210-QĐ/ĐU",
        place="Hà Mòn",
        decided_on=dt.date(2027, 11, 20),
        legal_basis=[STATUTE, REGULATION],
        branch_resolution="Nghị quyết số 07-NQ/CB ngày 02/11/2027 của Chi bộ thôn 1",
        person=PERSON,
        branch_name="Chi bộ thôn 1",
        admitted_on=dt.date(2026, 10, 5),
        ceremony_on=dt.date(2026, 10, 20),
        recognized_on=dt.date(2027, 10, 20),
        signer_name="Phạm Văn Minh",
        signer_title="K/T BÍ THƯ\nPHÓ BÍ THƯ",
        report_to="Ban Tổ chức Tỉnh ủy Quảng Ngãi",
    )
    return RecognitionDecisionData(**(values | changes))


def opened(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def text(document) -> str:
    return "\n".join(docx_lines(document))


def header_cells(document) -> tuple[list[str], list[str]]:
    left, right = document.tables[0].rows[0].cells
    return [p.text for p in left.paragraphs], [p.text for p in right.paragraphs]


BUILDERS = [
    pytest.param(lambda: branch_resolution_docx(resolution()), id="branch resolution"),
    pytest.param(lambda: admission_decision_docx(admission()), id="admission decision"),
    pytest.param(lambda: recognition_decision_docx(recognition()), id="recognition decision"),
]


@pytest.mark.parametrize("build", BUILDERS)
def test_each_document_is_a_docx_file_that_python_docx_reopens(build):
    data = build()
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert "word/document.xml" in archive.namelist()
    assert opened(data).paragraphs


@pytest.mark.parametrize("build", BUILDERS)
def test_each_document_is_set_in_times_new_roman_on_a4_with_party_margins(build):
    document = opened(build())
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14
    fonts = normal.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert fonts.get(qn("w:hAnsi")) == "Times New Roman"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [20.0, 20.0, 30.0, 15.0]


@pytest.mark.parametrize("build", BUILDERS)
def test_each_document_is_in_vietnamese_even_when_the_request_is_in_english(build):
    with translation.override("en"):
        data = build()
        assert translation.get_language() == "en"
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text(opened(data))


@pytest.mark.parametrize("build", BUILDERS)
def test_the_header_tables_have_no_borders(build):
    for table in opened(build()).tables:
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_the_resolution_header_names_the_party_the_branch_and_the_date():
    left, right = header_cells(opened(branch_resolution_docx(resolution())))
    assert left == ["ĐẢNG BỘ XÃ HÀ MÒN", "CHI BỘ THÔN 1", "*", "Số 01-NQ/CB"]
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Hà Mòn, ngày 05 tháng 10 năm 2026"]


def test_the_header_sets_the_issuer_bold_the_party_underlined_and_the_date_in_italics():
    document = opened(branch_resolution_docx(resolution()))
    left, right = document.tables[0].rows[0].cells
    assert left.paragraphs[1].runs[0].bold
    assert not left.paragraphs[0].runs[0].bold
    party, date = right.paragraphs
    assert party.runs[0].bold and party.runs[0].underline
    assert date.runs[0].italic
    assert all(run.font.size.pt == 13 for cell in (left, right) for p in cell.paragraphs for run in p.runs)


def test_the_resolution_has_its_title_person_votes_and_signature():
    document = opened(branch_resolution_docx(resolution()))
    body = docx_lines(document)
    assert body[body.index("NGHỊ QUYẾT") + 1] == "Đề nghị kết nạp đảng viên"
    assert STATUTE in body and REGULATION in body
    content = "\n".join(body)
    assert "Ngày 05/10/2026, Chi bộ thôn 1 đã họp xét đề nghị kết nạp quần chúng Nguyễn Thị Hoa vào Đảng." in content
    assert "- Tổng số đảng viên chính thức của chi bộ: 7 đồng chí." in body
    assert "- Số đảng viên chính thức có mặt: 7 đồng chí; vắng mặt: 0 đồng chí." in body
    assert "- Họ và tên: Nguyễn Thị Hoa." in body
    assert "- Giới tính: Nữ; sinh ngày: 07/03/2001." in body
    assert "- Dân tộc: Ba Na; tôn giáo: Không." in body
    assert "- Được đồng chí Trần Văn Bình và Ban Chấp hành Đoàn xã Hà Mòn giới thiệu vào Đảng." in body
    assert (
        "- Số đảng viên chính thức đồng ý kết nạp quần chúng Nguyễn Thị Hoa vào Đảng: 6 đồng chí, "
        "đạt 85,71% so với tổng số đảng viên chính thức của chi bộ."
    ) in body
    assert "- Số không đồng ý: 1 đồng chí." in body
    assert body[-6:] == [
        "Nơi nhận:",
        "- Đảng ủy xã Hà Mòn (để báo cáo),",
        "- Lưu Chi bộ.",
        "T/M CHI BỘ",
        "BÍ THƯ",
        "Lê Văn Dũng",
    ]


def test_the_title_is_bold_and_centred_and_the_body_justified_with_an_indent():
    document = opened(branch_resolution_docx(resolution()))
    title = next(p for p in document.paragraphs if p.text == "NGHỊ QUYẾT")
    assert title.runs[0].bold and title.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    basis = next(p for p in document.paragraphs if p.text == STATUTE)
    assert basis.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(basis.paragraph_format.first_line_indent.cm, 2) == 1.27


def test_the_recipients_are_small_and_the_signer_bold():
    left, right = opened(branch_resolution_docx(resolution())).tables[-1].rows[0].cells
    heading, *items = left.paragraphs
    assert heading.runs[0].bold and heading.runs[0].italic
    assert all(run.font.size.pt == 12 for item in items for run in item.runs)
    assert right.paragraphs[-1].runs[0].bold
    assert right.paragraphs[-1].paragraph_format.space_before.pt > 40


def test_the_resolution_without_a_named_superior_reports_to_the_superior_committee():
    body = docx_lines(opened(branch_resolution_docx(resolution(report_to="", signer_title=""))))
    assert "- Cấp ủy cấp trên (để báo cáo)," in body
    assert body[-2] == "BÍ THƯ"


@pytest.mark.parametrize(
    "percent, shown", [(Decimal("85.714"), "85,71%"), (Decimal("100"), "100%"), (Decimal("66.665"), "66,67%")]
)
def test_the_share_in_favour_is_written_with_a_decimal_comma(percent, shown):
    content = text(opened(branch_resolution_docx(resolution(percent_for=percent))))
    assert f"đạt {shown} so với" in content


def test_a_resolution_with_more_present_than_members_is_refused():
    with pytest.raises(DomainError) as raised:
        branch_resolution_docx(resolution(present=8))
    assert "Nguyễn Thị Hoa" in raised.value.message and "8" in raised.value.message
    assert raised.value.field == "present"


def test_a_resolution_with_more_votes_than_members_present_is_refused():
    with pytest.raises(DomainError) as raised:
        branch_resolution_docx(resolution(present=6, votes_for=6, votes_against=1))
    assert raised.value.field == "votes_for"
    assert "Nguyễn Thị Hoa" in raised.value.message


def test_the_admission_decision_admits_the_person_as_a_probationary_member():
    document = opened(admission_decision_docx(admission()))
    left, right = header_cells(document)
    assert left == ["ĐẢNG BỘ TỈNH QUẢNG NGÃI", "ĐẢNG ỦY XÃ HÀ MÒN", "*", "Số 125-QĐ/ĐU"]
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Hà Mòn, ngày 05 tháng 10 năm 2026"]
    body = docx_lines(document)
    assert body[body.index("QUYẾT ĐỊNH") + 1] == "Kết nạp đảng viên"
    assert STATUTE in body and REGULATION in body
    assert "Xét Nghị quyết số 01-NQ/CB ngày 05/10/2026 của Chi bộ thôn 1 về việc đề nghị kết nạp đảng viên," in body
    assert "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ HÀ MÒN QUYẾT ĐỊNH" in body
    assert "Điều 1. Kết nạp quần chúng Nguyễn Thị Hoa vào Đảng Cộng sản Việt Nam, là đảng viên dự bị." in body
    assert "- Giới tính: Nữ; sinh ngày: 07/03/2001." in body
    assert "- Quê quán: xã Hà Mòn, tỉnh Quảng Ngãi." in body
    article_2 = next(line for line in body if line.startswith("Điều 2."))
    assert "Chi bộ thôn 1 có trách nhiệm tổ chức lễ kết nạp" in article_2
    assert "thời gian dự bị 12 tháng, kể từ ngày tổ chức lễ kết nạp" in article_2
    assert next(line for line in body if line.startswith("Điều 3.")).endswith("chịu trách nhiệm thi hành Quyết định này.")
    assert body[-6:] == [
        "Nơi nhận:",
        "- Như Điều 3,",
        "- Lưu hồ sơ đảng viên, Văn phòng cấp ủy.",
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Phạm Văn Minh",
    ]


def test_the_article_labels_are_bold():
    document = opened(admission_decision_docx(admission()))
    article = next(p for p in document.paragraphs if p.text.startswith("Điều 1."))
    assert article.runs[0].text == "Điều 1." and article.runs[0].bold
    assert not article.runs[-1].bold


def test_the_recognition_decision_takes_effect_from_the_end_of_the_probation():
    document = opened(recognition_decision_docx(recognition()))
    left, right = header_cells(document)
    assert left[-1] == "Số 210-QĐ/ĐU"
    assert right[-1] == "Hà Mòn, ngày 20 tháng 11 năm 2027"
    body = docx_lines(document)
    assert body[body.index("QUYẾT ĐỊNH") + 1] == "Công nhận đảng viên chính thức"
    assert STATUTE in body and REGULATION in body
    assert (
        "Xét Nghị quyết số 07-NQ/CB ngày 02/11/2027 của Chi bộ thôn 1 về việc đề nghị công nhận đảng viên chính thức,"
    ) in body
    article_1 = next(line for line in body if line.startswith("Điều 1."))
    assert "Công nhận đồng chí Nguyễn Thị Hoa, sinh ngày 07/03/2001" in article_1
    assert "quyết định ngày 05/10/2026" in article_1
    assert "20/10/2026" in article_1
    assert article_1.endswith("là đảng viên chính thức của Đảng Cộng sản Việt Nam kể từ ngày 20/10/2027.")
    assert body[-8:] == [
        "Nơi nhận:",
        "- Như Điều 2,",
        "- Ban Tổ chức Tỉnh ủy Quảng Ngãi (để báo cáo),",
        "- Lưu hồ sơ đảng viên, Văn phòng cấp ủy.",
        "T/M BAN THƯỜNG VỤ",
        "K/T BÍ THƯ",
        "PHÓ BÍ THƯ",
        "Phạm Văn Minh",
    ]


def test_a_recognition_dated_on_or_before_the_ceremony_is_refused():
    with pytest.raises(DomainError) as raised:
        recognition_decision_docx(recognition(recognized_on=dt.date(2026, 10, 20)))
    assert raised.value.field == "recognized_on"
    assert "Nguyễn Thị Hoa" in raised.value.message and "20/10/2026" in raised.value.message


def test_a_ceremony_before_the_admission_decision_is_refused():
    with pytest.raises(DomainError) as raised:
        recognition_decision_docx(recognition(ceremony_on=dt.date(2026, 10, 1)))
    assert raised.value.field == "ceremony_on"
