"""Cells are read as the text they show: composed (NFC), without invisible characters."""

import unicodedata

from pdms.audit.models import AuditEntry
from pdms.members.models import Person

from .sheets import MEMBER_HEADER, D, member_row, run_import


def _rows():
    return [
        MEMBER_HEADER,
        member_row("Hoàng Văn Minh", D(1990, 5, 15), ethnicity="Kinh"),
        member_row("Đinh Thị Hoa", D(1998, 2, 3), "Nữ", "C0102", "01/06/2026", "", ethnicity="Xơ Đăng", religion="Công giáo"),
    ]


def _disguised(text: str) -> str:
    """The same text as another keyboard or a copy from the web may give it."""
    return unicodedata.normalize("NFD", text.replace(" ", "\u200b ", 1)) + "\u00ad"


def test_the_same_people_written_decomposed_or_with_invisible_characters_change_nothing(tree, today):
    rows = _rows()
    run_import("members", rows)
    counts = (Person.objects.count(), AuditEntry.objects.count())
    for row in rows[1:]:
        row[0], row[4] = _disguised(row[0]), _disguised(row[4])
    _table, outcome = run_import("members", rows, dry_run=True)
    assert outcome.errors == [] and (outcome.created, outcome.present, outcome.updated) == (0, 2, 0)
    _table, outcome = run_import("members", rows)
    assert (outcome.created, outcome.present, outcome.updated) == (0, 2, 0)
    assert (Person.objects.count(), AuditEntry.objects.count()) == counts


def test_a_name_is_stored_as_it_shows(tree, today):
    rows = _rows()[:2]
    rows[1][0] = _disguised("Lò Văn Páo")
    run_import("members", rows)
    assert Person.objects.get(given_name="Páo").full_name == "Lò Văn Páo"
