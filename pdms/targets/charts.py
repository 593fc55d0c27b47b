"""Charts as PNG images drawn with Pillow, for the Word documents and the PDFs of the
ranking and the summary report (workbooks have native charts): bars of achievement by
unit and columns of admissions over the period. Labels use the font the PDF uses, for its
Vietnamese glyphs."""

import io
from decimal import Decimal

from PIL import Image, ImageDraw, ImageFont

from pdms.core.errors import DomainError
from .fonts import pdf_fonts

WIDTH = 1600
BAR_COLOR = (200, 30, 30)
# Bars of units that met their quota, and of those short of it.
MET_COLOR, SHORT_COLOR = (200, 30, 30), (240, 160, 60)
INK, GRID = (30, 30, 30), (150, 150, 150)
MARGIN = 30


def _font(size: int, *, bold: bool = False):
    """The PDF's font when one is installed, else Pillow's own (which lacks some
    Vietnamese glyphs but keeps the chart)."""
    try:
        regular, bold_face = pdf_fonts()
    except DomainError:
        return ImageFont.load_default(size)
    return ImageFont.truetype(bold_face if bold and bold_face else regular, size)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _fit(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> str:
    """``text`` cut with an ellipsis to fit ``width`` pixels."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def achievement_chart(title: str, bars: list[tuple[str, Decimal | None]], value_text) -> bytes:
    """Horizontal bars of achievement (%) per unit, scaled to the highest (at least 100%),
    red from 100% up, orange below, with the 100% mark drawn across; a unit without a
    quota has no bar. ``value_text`` writes a percent as the report does."""
    title_font, font = _font(40, bold=True), _font(30)
    row, label_width = 56, 520
    height = MARGIN * 2 + 70 + row * max(len(bars), 1)
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, MARGIN), title, font=title_font, fill=INK)
    left, top = MARGIN + label_width, MARGIN + 70
    width = WIDTH - left - MARGIN - 200
    scale = max([Decimal(100)] + [value for _label, value in bars if value is not None])
    for index, (label, value) in enumerate(bars):
        y = top + index * row
        draw.text((left - 12, y + row // 2), _fit(draw, label, font, label_width - 20), font=font, fill=INK, anchor="rm")
        end = left
        if value is not None:
            end = left + max(2, int(width * float(value / scale)))
            draw.rectangle((left, y + 8, end, y + row - 8), fill=MET_COLOR if value >= 100 else SHORT_COLOR)
        draw.text((end + 10, y + row // 2), value_text(value), font=font, fill=INK, anchor="lm")
    mark = left + int(width * float(100 / scale))
    draw.line((mark, top, mark, top + row * max(len(bars), 1)), fill=GRID, width=3)
    return _png(image)


def columns_chart(title: str, columns: list[tuple[str, int]]) -> bytes:
    """Vertical columns of a count per month or year, each with its value on top."""
    title_font, font = _font(40, bold=True), _font(26)
    height, bottom = 600, 80
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, MARGIN), title, font=title_font, fill=INK)
    top, base = MARGIN + 110, height - bottom
    slot = (WIDTH - 2 * MARGIN) / max(len(columns), 1)
    scale = max([1] + [value for _label, value in columns])
    draw.line((MARGIN, base, WIDTH - MARGIN, base), fill=GRID, width=2)
    for index, (label, value) in enumerate(columns):
        x0 = MARGIN + index * slot + slot * 0.15
        x1 = MARGIN + (index + 1) * slot - slot * 0.15
        y = base - (base - top) * value / scale
        if value:
            draw.rectangle((x0, y, x1, base), fill=BAR_COLOR)
        centre = (x0 + x1) / 2
        draw.text((centre, y - 6), str(value), font=font, fill=INK, anchor="md")
        draw.text((centre, base + 12), _fit(draw, label, font, int(slot)), font=font, fill=INK, anchor="ma")
    return _png(image)
