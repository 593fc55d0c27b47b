"""Saving the .xlsx files the product writes, so that no text in them runs as a formula.

Names and other text come from users: an organization named ``=HYPERLINK("http://…"&A1,"…")``
must reach the reader as those characters, not as a live link that sends the sheet away.
"""

import io

from openpyxl import Workbook

# Spreadsheet programs start a formula with any of these (tab and carriage return let a
# formula hide behind leading white space when the cell is pasted or saved as CSV).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def workbook_bytes(book: Workbook) -> bytes:
    """The .xlsx file of ``book``, with every text cell that starts like a formula stored
    as plain text and flagged with Excel's quote prefix, so that editing the cell keeps it
    text. The text itself is unchanged; numbers and dates are left as they are."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
