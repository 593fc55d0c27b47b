"""The settings users feel: dates as dd/mm/yyyy, the login lockout, how passwords are
stored and the session cookie."""

import datetime as dt

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.template import Context, Template
from django.utils import translation

import config.settings
from pdms.core.testing import PASSWORD

LOCKED_OUT = "Đăng nhập sai quá nhiều lần"
WRONG_PASSWORD = "Sai tên đăng nhập hoặc mật khẩu."


class DateForm(forms.Form):
    day = forms.DateField()


@pytest.fixture(autouse=True)
def _default_language():
    with translation.override(settings.LANGUAGE_CODE):
        yield


def test_a_date_field_reads_day_first():
    assert forms.DateField().clean("05/06/2025") == dt.date(2025, 6, 5)
    assert forms.DateField().clean("25/06/2025") == dt.date(2025, 6, 25)


def test_a_date_field_refuses_month_first():
    with pytest.raises(forms.ValidationError):
        forms.DateField().clean("06/25/2025")


def test_a_date_field_shows_its_date_day_first():
    assert 'value="05/06/2025"' in str(DateForm(initial={"day": dt.date(2025, 6, 5)})["day"])


def test_the_date_filter_writes_dd_mm_yyyy():
    assert Template("{{ day|date }}").render(Context({"day": dt.date(2025, 6, 5)})) == "05/06/2025"


def log_in(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_a_wrong_password_is_refused_with_a_vietnamese_message(client, commune_officer):
    response = log_in(client, "commune", "sai-mat-khau")
    assert response.status_code == 200 and WRONG_PASSWORD in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_right_password_still_works_after_fewer_failures_than_the_limit(client, commune_officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "commune", "sai-mat-khau")
    assert log_in(client, "commune", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(commune_officer.pk)


def test_after_five_failures_even_the_right_password_is_refused(client, commune_officer):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(5):
        log_in(client, "commune", "sai-mat-khau")
    response = log_in(client, "commune", PASSWORD)
    assert response.status_code == 429 and LOCKED_OUT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_of_one_username_does_not_lock_another_from_another_address(client, commune_officer, province_officer):
    # The address that failed is locked too (pdms/accounts/tests/test_lockout.py).
    for _ in range(5):
        log_in(client, "commune", "sai-mat-khau")
    assert client.post("/login/", {"username": "province", "password": PASSWORD}, REMOTE_ADDR="198.51.100.2").status_code == 302


def test_passwords_are_hashed_with_argon2_in_production(settings):
    # The test run swaps in a fast hasher (conftest.py), so read the configured list itself.
    assert config.settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = config.settings.PASSWORD_HASHERS
    stored = make_password(PASSWORD)
    assert stored.startswith("argon2$") and check_password(PASSWORD, stored)


def test_the_session_cookie_is_hidden_from_scripts(client, commune_officer):
    response = log_in(client, "commune", PASSWORD)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["httponly"] is True


def test_pages_are_vietnamese_even_when_the_browser_asks_for_english(client, commune_officer):
    client.force_login(commune_officer)
    response = client.get("/members/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert "Đảng viên" in response.content.decode() and "Members" not in response.content.decode()
