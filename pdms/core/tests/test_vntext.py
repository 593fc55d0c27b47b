import unicodedata

import pytest

from pdms.core.vntext import clean_text, split_full_name, vn_normalize, vn_sort_key


def test_normalize_strips_diacritics_and_maps_d_with_stroke():
    assert vn_normalize("  Nguyễn   Văn ĐẠT ") == "nguyen van dat"
    assert vn_normalize("Đặng Thị Ưng") == "dang thi ung"


def test_text_is_composed_and_loses_its_invisible_characters():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert decomposed != "Nguyễn Thị Ánh" and clean_text(decomposed) == "Nguyễn Thị Ánh"
    assert clean_text("Ngu\u200byễn\u200c Th\u200dị\u2060 \ufeffÁ\u00adnh") == "Nguyễn Thị Ánh"


def test_a_search_key_ignores_invisible_characters():
    assert vn_normalize("Ngu\u200byễn Văn\u00ad An\ufeff") == "nguyen van an"


def test_normalize_of_nothing_is_empty():
    assert vn_normalize(None) == ""


def test_sort_key_follows_the_vietnamese_alphabet():
    words = ["Uyên", "Ánh", "Đạt", "Ơn", "An", "Dũng", "Ân", "Bình", "Ô", "Oanh", "Ưng", "Ăn"]
    ordered = sorted(words, key=vn_sort_key)
    assert ordered == ["An", "Ánh", "Ăn", "Ân", "Bình", "Dũng", "Đạt", "Oanh", "Ô", "Ơn", "Uyên", "Ưng"]


@pytest.mark.parametrize(
    "earlier, later",
    [("ma", "mà"), ("mà", "mả"), ("mả", "mã"), ("mã", "má"), ("má", "mạ"), ("a", "an"), ("á", "an"), ("Hà", "Hải")],
)
def test_tones_break_ties_after_letters(earlier, later):
    assert vn_sort_key(earlier) < vn_sort_key(later)


def test_full_name_splits_family_middle_given():
    assert split_full_name("Nguyễn Thị Minh Khai") == ("Nguyễn", "Thị Minh", "Khai")
    assert split_full_name("Lan") == ("", "", "Lan")
