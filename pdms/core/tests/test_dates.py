import datetime as dt

import pytest
from django import forms
from django.utils import translation

from pdms.core.dates import DateField, parse_date, year_of
from pdms.core.errors import DomainError

D = dt.date


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def _refusal(value) -> str:
    with pytest.raises(DomainError) as caught:
        parse_date(value, field="on")
    assert caught.value.field == "on"
    return caught.value.message


@pytest.mark.parametrize("text, day", [
    ("01/01/1930", D(1930, 1, 1)), ("31/12/2100", D(2100, 12, 31)), ("3/2/2026", D(2026, 2, 3)),
    ("03-02-2026", D(2026, 2, 3)), ("2026-02-03", D(2026, 2, 3)), (" 29/02/2024 ", D(2024, 2, 29)),
])
def test_dates_are_read_as_vietnamese_write_them(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["31/02/2026", "29/02/2025", "31/04/2026", "99/99/9999", "2026-13-01"])
def test_a_date_the_calendar_does_not_have_is_said_not_to_exist(text):
    assert _refusal(text) == f"Ngày {text} không có."


@pytest.mark.parametrize("text", ["31/12/1929", "01/01/0001", "01/01/2101", "31/12/9999"])
def test_a_date_outside_1930_to_2100_is_refused_with_the_range(text):
    assert _refusal(text) == f"Ngày {text} nằm ngoài khoảng cho phép, từ 01/01/1930 đến 31/12/2100."


@pytest.mark.parametrize("text", ["99999999", "-1", "../", "hôm qua", "31/12", ""])
def test_text_that_is_not_a_date_is_told_how_to_write_one(text):
    assert _refusal(text) == f"“{text}” không phải ngày hợp lệ; hãy ghi theo dạng dd/mm/yyyy."


def test_dates_passed_as_dates_are_held_to_the_same_range():
    assert parse_date(dt.datetime(2026, 2, 3, 10, 0)) == D(2026, 2, 3)
    assert _refusal(D(9999, 12, 31)) == "Ngày 31/12/9999 nằm ngoài khoảng cho phép, từ 01/01/1930 đến 31/12/2100."


class _Form(forms.Form):
    on = DateField()


@pytest.mark.parametrize("text, message", [
    ("31/02/2026", "Ngày 31/02/2026 không có."),
    ("31/12/9999", "Ngày 31/12/9999 nằm ngoài khoảng cho phép, từ 01/01/1930 đến 31/12/2100."),
    ("mai", "“mai” không phải ngày hợp lệ; hãy ghi theo dạng dd/mm/yyyy."),
])
def test_a_form_refuses_a_date_with_the_same_message(text, message):
    form = _Form({"on": text})
    assert not form.is_valid()
    assert form.errors["on"] == [message]


def test_a_form_keeps_the_text_it_refused():
    assert 'value="31/02/2026"' in str(_Form({"on": "31/02/2026"})["on"])
    assert _Form({"on": "3/2/2026"}).is_valid()


@pytest.mark.parametrize("text, year", [("2026", 2026), ("1930", 1930), ("99999999", None), ("²", None), ("-1", None), ("", None)])
def test_a_year_is_at_most_four_plain_digits(text, year):
    assert year_of(text) == year
