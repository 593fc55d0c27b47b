"""The Vietnamese catalogs are complete and compiled: no empty or fuzzy translation in any
.po file, and every .mo file holds exactly what its .po says — so a translation that was
never compiled fails here rather than showing English to users."""

import ast
import gettext
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PO_FILES = sorted([*ROOT.glob("locale/*/LC_MESSAGES/*.po"), *ROOT.glob("pdms/*/locale/*/LC_MESSAGES/*.po")])


@dataclass
class Entry:
    line: int
    flags: set = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict = field(default_factory=dict)  # plural index (0 when singular) -> text

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    def add(self, part: str, index: int, text: str) -> None:
        if part == "msgstr":
            self.msgstr[index] = self.msgstr.get(index, "") + text
        else:
            setattr(self, part, (getattr(self, part) or "") + text)


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file, obsolete ones (``#~``) left out."""
    entries, entry, target = [], Entry(1), None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        keyword, _, text = line.partition(" ")
        # A comment, a context or an msgid after a translation begins the next entry.
        if entry.msgstr and (line.startswith("#") or keyword in ("msgctxt", "msgid")):
            entries.append(entry)
            entry = Entry(number)
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith('"'):
            entry.add(*target, ast.literal_eval(line))
        elif not line.startswith("#"):
            # "msgstr[1]" -> ("msgstr", 1); the strings on the following lines continue it.
            part, _, index = keyword.rstrip("]").partition("[")
            target = (part, int(index or 0))
            entry.add(*target, ast.literal_eval(text))
    if entry.msgstr:
        entries.append(entry)
    return entries


def expected_catalog(entries: list[Entry]) -> dict:
    """What msgfmt compiles from the entries, keyed the way Python's gettext keys it."""
    catalog = {}
    for entry in entries:
        # msgfmt leaves out fuzzy and untranslated entries (the tests above refuse both).
        if "fuzzy" in entry.flags or not all(entry.msgstr.values()):
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.is_header:
            # msgfmt drops the creation date from the header, so that builds are reproducible.
            lines = entry.msgstr[0].splitlines(keepends=True)
            catalog[key] = "".join(line for line in lines if not line.startswith("POT-Creation-Date:"))
        elif entry.msgid_plural is None:
            catalog[key] = entry.msgstr[0]
        else:
            catalog.update({(key, index): text for index, text in entry.msgstr.items()})
    return catalog


def po_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_there_are_catalogs_to_check():
    assert ROOT / "locale/vi/LC_MESSAGES/django.po" in PO_FILES


@pytest.mark.parametrize("po", PO_FILES, ids=po_id)
def test_every_message_is_translated(po):
    untranslated = [
        f"line {e.line}: {e.msgid!r}" for e in parse_po(po) if not e.is_header and not all(e.msgstr.values())
    ]
    assert not untranslated, f"{po_id(po)} has empty translations:\n" + "\n".join(untranslated)


@pytest.mark.parametrize("po", PO_FILES, ids=po_id)
def test_no_translation_is_fuzzy(po):
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in parse_po(po) if "fuzzy" in e.flags]
    assert not fuzzy, f"{po_id(po)} has fuzzy entries; check them and remove the flag:\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("po", PO_FILES, ids=po_id)
def test_the_compiled_catalog_matches_its_source(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{po_id(mo)} is missing; run `django-admin compilemessages` in {po_id(po.parents[3])}"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    expected = expected_catalog(parse_po(po))
    stale = sorted(repr(key) for key in expected.keys() | compiled.keys() if expected.get(key) != compiled.get(key))
    assert not stale, f"{po_id(mo)} is out of date; run `django-admin compilemessages`. Differences:\n" + "\n".join(stale)


def test_the_interface_speaks_vietnamese_on_vietnam_time():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
