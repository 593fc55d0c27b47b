"""Two-factor login: administrators and staff who must use it are sent to enrol after
their password and reach nothing else; once enrolled, every login asks for a code from
the app or a recovery code, each usable once."""

import datetime as dt

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pdms.accounts.two_factor import two_factor_reset
from pdms.audit.models import AuditEntry
from pdms.core.testing import PASSWORD


@pytest.fixture(autouse=True)
def required(settings):
    settings.OTP_REQUIRED = True


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def log_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def enrol(client, user) -> list[str]:
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:two_factor_setup"), {"token": code_of(device)})
    return response.context["codes"]


def test_a_staff_officer_without_a_device_is_sent_to_enrol_and_reaches_nothing_else(client, province_officer, tree):
    log_in(client, province_officer)
    for url in (reverse("members:search"), reverse("members:search"), reverse("accounts:password_change")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two_factor_setup")), url
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "otpauth://totp/" in page and "<svg" in page


def test_a_viewer_is_not_required_to_enrol(client, viewer):
    log_in(client, viewer)
    assert client.get(reverse("members:search")).status_code == 200


def test_nothing_is_required_when_the_setting_is_off(client, settings, province_officer):
    settings.OTP_REQUIRED = False
    log_in(client, province_officer)
    assert client.get(reverse("members:search")).status_code == 200


def test_enrolment_with_a_code_from_the_app_opens_the_session_and_shows_ten_recovery_codes(client, province_officer):
    log_in(client, province_officer)
    codes = enrol(client, province_officer)
    assert len(set(codes)) == 10
    assert client.get(reverse("members:search")).status_code == 200
    assert AuditEntry.objects.filter(action="user.two_factor_enrol", actor=province_officer).exists()


def test_a_wrong_code_does_not_enrol(client, province_officer):
    log_in(client, province_officer)
    client.get(reverse("accounts:two_factor_setup"))
    response = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert "Mã không đúng" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=province_officer, confirmed=True).exists()
    assert client.get(reverse("members:search")).status_code == 302


def test_an_enrolled_user_gives_a_code_at_the_next_login(client, time_machine, province_officer):
    log_in(client, province_officer)
    enrol(client, province_officer)
    client.post(reverse("logout"))
    time_machine.shift(dt.timedelta(seconds=60))  # a code is accepted once: wait for the next one
    log_in(client, province_officer)
    response = client.get(reverse("members:search"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two_factor_verify"))
    device = TOTPDevice.objects.get(user=province_officer)
    response = client.post(reverse("accounts:two_factor_verify"), {"token": code_of(device), "next": reverse("members:search")})
    assert response["Location"] == reverse("members:search")
    assert client.get(reverse("members:search")).status_code == 200


def test_a_wrong_code_at_login_is_refused_and_audited(client, province_officer):
    log_in(client, province_officer)
    enrol(client, province_officer)
    client.post(reverse("logout"))
    log_in(client, province_officer)
    response = client.post(reverse("accounts:two_factor_verify"), {"token": "123456"})
    assert response.status_code == 200 and "Mã không đúng" in response.content.decode()
    assert client.get(reverse("members:search")).status_code == 302
    assert AuditEntry.objects.filter(action="user.two_factor_failed", object_id=province_officer.pk).exists()


def test_a_recovery_code_works_once(client, province_officer):
    log_in(client, province_officer)
    code = enrol(client, province_officer)[0]
    for expected in (302, 200):
        client.post(reverse("logout"))
        log_in(client, province_officer)
        response = client.post(reverse("accounts:two_factor_verify"), {"token": code})
        assert response.status_code == expected
    assert AuditEntry.objects.filter(action="user.recovery_code_used", object_id=province_officer.pk).count() == 1


def test_the_setup_page_cannot_replace_an_enrolled_device_before_the_code_is_given(client, province_officer):
    log_in(client, province_officer)
    enrol(client, province_officer)
    client.post(reverse("logout"))
    log_in(client, province_officer)
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.status_code == 302 and not TOTPDevice.objects.filter(user=province_officer, confirmed=False).exists()


def test_an_administrator_resets_a_lost_device_and_the_user_enrols_again(client, admin_user, province_officer):
    log_in(client, province_officer)
    enrol(client, province_officer)
    two_factor_reset(user=province_officer, actor=admin_user)
    assert not TOTPDevice.objects.filter(user=province_officer).exists()
    client.post(reverse("logout"))
    log_in(client, province_officer)
    assert client.get(reverse("members:search"))["Location"].startswith(reverse("accounts:two_factor_setup"))
    assert AuditEntry.objects.filter(action="user.two_factor_reset", actor=admin_user).exists()


def test_the_code_page_never_sends_the_user_to_another_site(client, time_machine, province_officer):
    log_in(client, province_officer)
    enrol(client, province_officer)
    client.post(reverse("logout"))
    time_machine.shift(dt.timedelta(seconds=60))
    log_in(client, province_officer)
    device = TOTPDevice.objects.get(user=province_officer)
    response = client.post(reverse("accounts:two_factor_verify"), {"token": code_of(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")
