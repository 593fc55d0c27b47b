import datetime as dt

import pytest

from pdms.core import citizen_id as cid
from pdms.core.errors import DomainError


def test_a_well_formed_number_passes_and_matches_birth_and_sex():
    assert cid.validate_citizen_id("001 090 123456", birth_date=dt.date(1990, 5, 1), sex="male") == "001090123456"
    assert cid.validate_citizen_id("079301000123", birth_date=dt.date(2001, 1, 1), sex="female") == "079301000123"


@pytest.mark.parametrize(
    "number, message",
    [
        ("00109012345", "12"),
        ("00109012345a", "12"),
        ("003090123456", "003"),
    ],
)
def test_malformed_numbers_are_refused_with_a_reason(number, message):
    with pytest.raises(DomainError) as err:
        cid.validate_citizen_id(number)
    assert message in err.value.message


def test_a_number_that_contradicts_the_birth_year_is_refused():
    with pytest.raises(DomainError):
        cid.validate_citizen_id("001090123456", birth_date=dt.date(1991, 5, 1), sex="male")


def test_a_number_that_contradicts_the_sex_is_refused():
    with pytest.raises(DomainError):
        cid.validate_citizen_id("001090123456", birth_date=dt.date(1990, 5, 1), sex="female")


def test_numbers_are_encrypted_and_indexed_without_clear_text():
    token = cid.encrypt("001090123456")
    assert "001090123456" not in token
    assert cid.decrypt(token) == "001090123456"
    assert cid.blind_index("001090123456") == cid.blind_index("001090123456") != cid.blind_index("001090123457")
    assert cid.mask("3456") == "••••••••3456"


def test_numbers_quoted_in_a_message_are_masked_but_dates_and_row_numbers_are_not():
    message = "Dòng 12: số CCCD “001 090 12345” phải có 12 chữ số; 001090123456 đã có; ngày 01/07/2025; thẻ 12345678"
    assert cid.mask_quoted(message) == (
        "Dòng 12: số CCCD “••••••••2345” phải có 12 chữ số; ••••••••3456 đã có; ngày 01/07/2025; thẻ 12345678"
    )
