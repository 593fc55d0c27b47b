from decimal import Decimal

import pytest
from django.utils import translation

from pdms.documents.formats import vn_join, vn_number, vn_percent


def test_thousands_are_grouped_with_dots():
    assert vn_number(7) == "7"
    assert vn_number(1234567) == "1.234.567"


@pytest.mark.parametrize(
    "value, shown",
    [
        (Decimal("85.714"), "85,71%"),
        (Decimal("66.665"), "66,67%"),
        (Decimal("50.0"), "50%"),
        (Decimal("100"), "100%"),
        (Decimal("2.5"), "2,50%"),
    ],
)
def test_percentages_take_a_decimal_comma_and_two_places_unless_whole(value, shown):
    assert vn_percent(value) == shown


def test_lists_end_with_and_in_vietnamese():
    with translation.override("vi"):
        assert vn_join(["A"]) == "A"
        assert vn_join(["A", "B"]) == "A và B"
        assert vn_join(["A", "B", "C"]) == "A, B và C"
    assert vn_join([]) == ""
