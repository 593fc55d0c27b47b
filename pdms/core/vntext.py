"""Vietnamese text: one form for what users type, diacritics-insensitive search keys and
the name search over them, and alphabetical sort keys.

The keys are plain ASCII so that SQLite and PostgreSQL compare them the same way.
"""

import re
import unicodedata

from django.db.models import Case, Q, Value, When

_SPACES = re.compile(r"\s+")
# Characters that show nothing yet make two identical-looking texts differ: zero-width
# space, non-joiner and joiner, word joiner, byte order mark and soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

# Letters in Vietnamese alphabetical order; the foreign letters f, j, w, z take the
# places Latin gives them.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]
# Ranks are two digits. 00 ends a word, 01 is a space, digits come before letters.
_RANK = {" ": "01"}
_RANK.update({str(d): f"{2 + d:02d}" for d in range(10)})
_RANK.update({letter: f"{12 + i:02d}" for i, letter in enumerate(_ALPHABET)})
_OTHER = "99"

# Marks that form a letter (ă, â, ê, ô, ơ, ư) versus tone marks.
_LETTER_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
_COMPOSE = {
    ("a", "breve"): "ă", ("a", "circumflex"): "â", ("e", "circumflex"): "ê",
    ("o", "circumflex"): "ô", ("o", "horn"): "ơ", ("u", "horn"): "ư",
}
# Tone order as Vietnamese dictionaries (and ICU) use: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def clean_text(text: str) -> str:
    """``text`` as it looks: composed (NFC), as Vietnamese keyboards type it, with the
    invisible characters removed. "Nguyễn" typed letter and marks apart (NFD), or with a
    zero-width space inside, becomes the same "Nguyễn" as any other."""
    return unicodedata.normalize("NFC", text.translate(_INVISIBLE))


def vn_normalize(text: str | None) -> str:
    """Lower-case ASCII with diacritics and invisible characters removed and spaces
    collapsed: "Nguyễn  Văn Đạt" becomes "nguyen van dat". Used for search columns and for
    the search input alike."""
    if not text:
        return ""
    text = text.translate(_INVISIBLE).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def name_search_q(field: str, query: str) -> Q:
    """Rows whose search key ``field`` holds the typed words as whole syllables, starting at
    a syllable's start, the last word possibly cut short: "y hon" finds "Y Hồng" but not
    "Lý Hồng Giang", whose "y" ends a syllable. Call with a query that has a key."""
    needle = vn_normalize(query)
    return Q(**{f"{field}__startswith": needle}) | Q(**{f"{field}__contains": f" {needle}"})


def exact_match_first(field: str, query: str) -> Case:
    """An ordering term that puts rows whose search key ``field`` is the whole query first."""
    return Case(When(**{field: vn_normalize(query)}, then=Value(0)), default=Value(1))


def vn_sort_key(text: str | None) -> str:
    """A key whose byte order is Vietnamese alphabetical order: letters first (a < ă < â,
    d < đ, ...), then tones (ngang < huyền < hỏi < ngã < sắc < nặng) as a tie-break."""
    letters: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFD", _SPACES.sub(" ", (text or "").strip()).lower()):
        if ch in _LETTER_MARKS and letters:
            base, tone = letters[-1]
            letters[-1] = (_COMPOSE.get((base, _LETTER_MARKS[ch]), base), tone)
        elif ch in _TONES and letters:
            letters[-1] = (letters[-1][0], _TONES[ch])
        elif unicodedata.combining(ch):
            continue
        else:
            letters.append((ch, "0"))
    primary = "".join(_RANK.get(base, _OTHER) for base, _ in letters)
    tones = "".join(tone for _, tone in letters)
    return primary + "00" + tones


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """Split a Vietnamese full name (family name first) into family, middle and given
    names: "Nguyễn Thị Minh Khai" -> ("Nguyễn", "Thị Minh", "Khai")."""
    parts = _SPACES.sub(" ", (full_name or "").strip()).split(" ")
    parts = [p for p in parts if p]
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]
