"""The standard layout of a Party document (Hướng dẫn 36-HD/VPTW) as a small .docx builder.

The builder only lays out text; callers pass text that is already translated and call it
inside ``translation.override("vi")`` so that the few fixed phrases here come out in
Vietnamese too.
"""

import datetime as dt
import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT_NAME = "Times New Roman"
BODY_SIZE = Pt(14)
HEADER_SIZE = Pt(13)
RECIPIENT_SIZE = Pt(12)

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
# The left header column holds the organisation names, the right one the Party heading and
# the place-and-date line, which is the longer of the two.
LEFT_COLUMN = Mm(75)
RIGHT_COLUMN = TEXT_WIDTH - LEFT_COLUMN
FIRST_LINE_INDENT = Cm(1.27)
# Room for the handwritten signature and the seal between the title and the signer's name.
SIGNATURE_GAP = Pt(84)


def report_line(body: str) -> str:
    """A recipient who receives the document to be informed: "Tỉnh ủy Kon Tum (để báo cáo),"."""
    return _("%(body)s (for reporting),") % {"body": body}


def place_and_date(place: str, day: dt.date) -> str:
    """“Hà Mòn, ngày 05 tháng 10 năm 2026”: day and month always with two digits."""
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}",
        "year": day.year,
    }


class PartyDocument:
    """An A4 Party document built top to bottom: ``header``, ``title``, body paragraphs,
    articles, ``closing``; ``to_bytes`` returns the .docx file."""

    def __init__(self) -> None:
        self.document = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        self._set_fonts()

    def _set_fonts(self) -> None:
        # The default template takes its fonts from the theme; Word would then show Calibri
        # wherever a style does not name a font, so the defaults name Times New Roman too.
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        _set_run_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
        normal = self.document.styles["Normal"]
        normal.font.name = FONT_NAME
        normal.font.size = BODY_SIZE
        _set_run_fonts(normal.element.get_or_add_rPr())
        fmt = normal.paragraph_format
        fmt.space_before, fmt.space_after = Pt(0), Pt(6)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE

    def header(self, *, superior: str, issuer: str, number: str, place: str, issued_on: dt.date) -> None:
        """The two-column heading: the superior organisation (none above a provincial
        committee), the issuing one and the document number on the left, the Party
        heading and the place and date on the right."""
        table = self._layout_table()
        left, right = table.rows[0].cells
        if superior:
            _line(left.paragraphs[0], superior.upper(), size=HEADER_SIZE)
        _line(left.add_paragraph() if superior else left.paragraphs[0], issuer.upper(), size=HEADER_SIZE, bold=True)
        _line(left.add_paragraph(), "*", size=HEADER_SIZE)
        _line(left.add_paragraph(), _("No. %(number)s") % {"number": number}, size=HEADER_SIZE)
        _line(right.paragraphs[0], _("COMMUNIST PARTY OF VIETNAM"), size=HEADER_SIZE, bold=True, underline=True)
        _line(right.add_paragraph(), place_and_date(place, issued_on), size=HEADER_SIZE, italic=True)

    def title(self, title: str, subtitle: str) -> None:
        """The document kind in capitals, the subject below it, then the short rule."""
        first = self.document.add_paragraph()
        first.paragraph_format.space_before = Pt(18)
        _line(first, title.upper(), bold=True)
        _line(self.document.add_paragraph(), subtitle, bold=True)
        rule = self.document.add_paragraph()
        rule.paragraph_format.space_after = Pt(12)
        _line(rule, "-----")

    def paragraph(self, text: str, *, lead: str = "") -> None:
        """A justified body paragraph with a first-line indent; ``lead`` is set in bold
        before the text."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = FIRST_LINE_INDENT
        if lead:
            paragraph.add_run(lead).bold = True
            paragraph.add_run(" ")
        paragraph.add_run(text)

    def item(self, text: str, *, sub: bool = False) -> None:
        """A dash item of a list inside the body; ``sub`` a plus item under the one before."""
        self.paragraph(f"{'+' if sub else '-'} {text}")

    def heading(self, text: str) -> None:
        """A centred bold line inside the body, such as “BAN THƯỜNG VỤ … QUYẾT ĐỊNH”."""
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(6)
        _line(paragraph, text, bold=True)

    def article(self, number: int, text: str) -> None:
        """“Điều 1. …” with the label in bold."""
        self.paragraph(text, lead=_("Article %(number)s.") % {"number": number})

    def grid(self, rows: list[list[str]], *, size=RECIPIENT_SIZE, bold_rows: int = 1):
        """A bordered table of text, its first ``bold_rows`` rows in bold."""
        table = self.document.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                paragraph = table.cell(r, c).paragraphs[0]
                paragraph.paragraph_format.space_after = Pt(0)
                run = paragraph.add_run(value)
                run.font.size = size
                run.bold = r < bold_rows or None
        return table

    def closing(self, *, recipients: list[str], on_behalf_of: str, signer_title: str, signer_name: str) -> None:
        """The recipients on the left and the signature block on the right.
        ``signer_title`` may hold several lines (e.g. "K/T BÍ THƯ\\nPHÓ BÍ THƯ")."""
        gap = self.document.add_paragraph()
        gap.paragraph_format.space_after = Pt(0)
        left, right = self._layout_table().rows[0].cells
        heading = left.paragraphs[0]
        heading.alignment = WD_ALIGN_PARAGRAPH.LEFT
        run = heading.add_run(_("Recipients:"))
        run.bold = run.italic = True
        for text in recipients:
            paragraph = left.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            paragraph.add_run(f"- {text}").font.size = RECIPIENT_SIZE
        _line(right.paragraphs[0], on_behalf_of.upper(), bold=True)
        for line in signer_title.upper().splitlines():
            _line(right.add_paragraph(), line, bold=True)
        name = right.add_paragraph()
        name.paragraph_format.space_before = SIGNATURE_GAP
        _line(name, signer_name, bold=True)

    def _layout_table(self):
        table = self.document.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _remove_borders(table)
        for column, width in zip(table.columns, (LEFT_COLUMN, RIGHT_COLUMN)):
            column.width = width
            # Word reads the cell widths, LibreOffice the grid; both must agree.
            for cell in column.cells:
                cell.width = width
        return table

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _set_run_fonts(rpr) -> None:
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT_NAME)
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.insert_element_before(language, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    language.set(qn("w:val"), "vi-VN")


def _remove_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    # Word refuses a file whose table properties are out of schema order.
    table._tbl.tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")


def _line(paragraph, text: str, *, size=None, bold=False, italic=False, underline=False) -> None:
    """A centred single-run line without the body spacing."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if paragraph.paragraph_format.space_after is None:
        paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    # None leaves the style's value in place instead of writing an explicit "off".
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    if size is not None:
        run.font.size = size
