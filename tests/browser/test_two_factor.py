"""Two-factor login in a real browser: a staff officer who must use it logs in, is sent
to enrol, scans (here: reads) the key, confirms with a code, keeps the recovery codes,
and at the next logins gives a code from the app, then a recovery code."""

import base64
import datetime as dt

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from .conftest import log_in_page


@pytest.fixture(autouse=True)
def required(settings):
    settings.OTP_REQUIRED = True


def code_for(secret: str) -> str:
    return f"{totp(base64.b32decode(secret)):06d}"


def give_code(page, code: str):
    page.locator("#id_token").fill(code)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()


def log_out(page):
    with page.expect_navigation():
        page.locator("nav form [type=submit]").click()


def test_a_staff_officer_enrols_then_logs_in_with_a_code_and_with_a_recovery_code(browser_page, time_machine, province_officer):
    page = log_in_page(browser_page, province_officer)
    assert "/accounts/two-factor/setup/" in page.url
    expect(page.locator("main svg")).to_be_visible()
    page.goto("/members/")  # nothing else opens before enrolment
    assert "/accounts/two-factor/setup/" in page.url

    secret = page.locator("#totp-secret").inner_text().strip()
    give_code(page, "000000")
    expect(page.locator("main")).to_contain_text("Mã không đúng")
    give_code(page, code_for(secret))
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Tiếp tục").click()
    expect(page.locator("nav.navbar")).to_contain_text(province_officer.get_full_name())

    log_out(page)
    time_machine.shift(dt.timedelta(seconds=60))  # each code is accepted once
    log_in_page(page, province_officer)
    assert "/accounts/two-factor/verify/" in page.url
    give_code(page, code_for(secret))
    expect(page.locator("nav.navbar")).to_contain_text(province_officer.get_full_name())

    log_out(page)
    log_in_page(page, province_officer)
    give_code(page, codes[0])
    expect(page.locator("nav.navbar")).to_contain_text(province_officer.get_full_name())
    page.goto("/members/")
    assert "/members/" in page.url
