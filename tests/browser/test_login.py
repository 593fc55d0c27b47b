"""Smoke test of the browser set-up: the login form, as a user meets it."""

from playwright.sync_api import expect


def test_a_user_logs_in_through_the_form_and_sees_their_name(log_in, commune_officer):
    page = log_in(commune_officer)
    assert "/login/" not in page.url
    expect(page.locator("nav.navbar")).to_contain_text(commune_officer.get_full_name())


def test_a_wrong_password_is_refused_with_a_vietnamese_message(log_in, commune_officer):
    page = log_in(commune_officer, "sai-mat-khau")
    assert page.url.endswith("/login/")
    expect(page.locator("main .alert-danger")).to_have_text("Sai tên đăng nhập hoặc mật khẩu.")
