"""Login lockout: failures count per username across addresses (a new address does not
reset them) and per address (one address trying many usernames); behind a proxy, the
client's address comes from the header the proxy sets, so one client does not lock out
everyone behind it."""

import pytest
from django.urls import reverse

from pdms.core.testing import PASSWORD

LOCKED = 429


def attempt(client, username, password="sai-mat-khau", **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def test_failures_from_many_addresses_lock_the_username(client, commune_officer):
    for n in range(5):
        attempt(client, "commune", REMOTE_ADDR=f"203.0.113.{n}")
    response = attempt(client, "commune", PASSWORD, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == LOCKED and "Đăng nhập sai quá nhiều lần" in response.content.decode()


def test_one_address_trying_many_usernames_is_locked(client, tree, commune_officer):
    for n in range(5):
        attempt(client, f"khongco{n}", REMOTE_ADDR="203.0.113.5")
    assert attempt(client, "commune", PASSWORD, REMOTE_ADDR="203.0.113.5").status_code == LOCKED
    assert attempt(client, "commune", PASSWORD, REMOTE_ADDR="203.0.113.6").status_code == 302


def test_a_success_from_the_same_address_does_not_reset_another_usernames_failures(client, commune_officer, province_officer):
    for _ in range(4):
        attempt(client, "commune", REMOTE_ADDR="203.0.113.5")
    assert attempt(client, "province", PASSWORD, REMOTE_ADDR="203.0.113.5").status_code == 302
    client.logout()
    attempt(client, "commune", REMOTE_ADDR="203.0.113.8")
    assert attempt(client, "commune", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == LOCKED


@pytest.fixture
def behind_a_proxy(settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    settings.AXES_IPWARE_PROXY_COUNT = 1


def test_behind_a_proxy_one_client_does_not_lock_out_the_others(client, behind_a_proxy, tree, commune_officer):
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(5):
        attempt(client, f"khongco{n}", HTTP_X_FORWARDED_FOR="203.0.113.5, 10.0.0.1", **proxy)
    assert attempt(client, "commune", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5, 10.0.0.1", **proxy).status_code == LOCKED
    assert attempt(client, "commune", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.1", **proxy).status_code == 302


def test_without_a_proxy_setting_a_forged_header_does_not_change_the_address(client, tree, commune_officer):
    for n in range(5):
        attempt(client, f"khongco{n}", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}", REMOTE_ADDR="203.0.113.5")
    assert attempt(client, "commune", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99", REMOTE_ADDR="203.0.113.5").status_code == LOCKED
