from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader


def run(*args):
    out = StringIO()
    call_command("report", "summary", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_the_summary_workbook(progress, plan, tmp_path):
    path = tmp_path / "bao-cao.xlsx"
    out = run("--org", "H01", "--plan", "09-KH/HU", "--as-of", "30/06/2022", "--format", "xlsx", "--output", str(path))
    assert str(path) in out
    book = openpyxl.load_workbook(path)
    assert [row[1] for row in book.worksheets[1].iter_rows(min_row=3, values_only=True)] == ["X01", "X02"]
    assert [row[1] for row in book.worksheets[2].iter_rows(min_row=3, values_only=True)] == [0, 1, 2]


def test_the_command_writes_a_year_report_as_pdf(progress, plan, tmp_path, pdf_font):
    path = tmp_path / "bao-cao.pdf"
    run("--org", "X01", "--plan", "09-KH/HU", "--as-of", "30/06/2022", "--period", "2022", "--format", "pdf", "--output", str(path))
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Chi bộ thôn 2" in text and "HÀ MÒN" in text
    assert sum(len(page.images) for page in PdfReader(path).pages) == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["--org", "H01", "--plan", "09-KH/HU", "--format", "table"], "--output"),
        (["--org", "ZZ9", "--plan", "09-KH/HU", "--format", "xlsx", "--output", "x.xlsx"], "ZZ9"),
        (["--org", "H01", "--plan", "99-KH/HU", "--format", "xlsx", "--output", "x.xlsx"], "99-KH/HU"),
        (["--org", "H01", "--plan", "09-KH/HU", "--as-of", "31/02/2022", "--format", "xlsx", "--output", "x.xlsx"], "31/02/2022"),
        (["--org", "H01", "--plan", "09-KH/HU", "--as-of", "30/06/2022", "--period", "2030", "--format", "xlsx",
          "--output", "x.xlsx"], "09-KH/HU"),
    ],
)
def test_bad_input_exits_with_code_2_and_writes_nothing(progress, plan, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError, match=message) as error:
        run(*args)
    assert error.value.returncode == 2 and not any(tmp_path.iterdir())
