"""The account pages: administrators list, create and change accounts, deactivate them
and reset their passwords; everyone else is refused; every user changes their own
password."""

import pytest
from django.urls import reverse

from pdms.accounts.models import Role, User
from pdms.audit.models import AuditEntry
from pdms.core.testing import PASSWORD

NEW_PASSWORD = "Mot-mat-khau-moi-2026"


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_an_administrator_sees_every_account(admin_client, commune_officer, outsider):
    body = admin_client.get(reverse("accounts:list")).content.decode()
    assert "commune" in body and "outsider" in body


def test_an_administrator_creates_an_account_from_the_page(admin_client, tree):
    response = admin_client.post(reverse("accounts:create"), {
        "username": "thuky", "full_name": "Lê Thị Ký", "role": "secretary", "organization": "C0101", "password": NEW_PASSWORD,
    })
    user = User.objects.get(username="thuky")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:detail", args=[user.pk])
    assert user.organization == tree.branch_a1 and user.check_password(NEW_PASSWORD)


def test_a_short_password_is_refused_on_the_page_in_vietnamese_and_nothing_is_created(admin_client, tree):
    response = admin_client.post(reverse("accounts:create"), {
        "username": "thuky", "role": "viewer", "organization": "T01", "password": "ngan",
    })
    assert response.status_code == 200 and "Mật khẩu quá ngắn" in response.content.decode()
    assert not User.objects.filter(username="thuky").exists()


def test_an_administrator_changes_the_role_and_organization_and_sees_it_in_the_history(admin_client, commune_officer, tree):
    url = reverse("accounts:detail", args=[commune_officer.pk])
    assert admin_client.post(url, {"role": "viewer", "organization": "T01"}).status_code == 302
    commune_officer.refresh_from_db()
    assert (commune_officer.role, commune_officer.organization) == (Role.VIEWER, tree.province)
    assert "Thay đổi vai trò hoặc tổ chức" in admin_client.get(url).content.decode()


def test_an_administrator_deactivates_and_reactivates_an_account(admin_client, commune_officer):
    url = reverse("accounts:set_active", args=[commune_officer.pk])
    admin_client.post(url, {"active": "0"})
    commune_officer.refresh_from_db()
    assert not commune_officer.is_active
    admin_client.post(url, {"active": "1"})
    commune_officer.refresh_from_db()
    assert commune_officer.is_active


def test_a_reset_shows_the_temporary_password_once_and_it_works(admin_client, client, commune_officer):
    response = admin_client.post(reverse("accounts:password_reset", args=[commune_officer.pk]), {"password": ""})
    assert response.status_code == 200 and "no-store" in response.get("Cache-Control", "")
    temporary = response.context["password"]
    assert temporary in response.content.decode()
    commune_officer.refresh_from_db()
    assert commune_officer.check_password(temporary)
    assert temporary not in admin_client.get(reverse("accounts:detail", args=[commune_officer.pk])).content.decode()


def test_a_typed_password_is_set_and_not_shown(admin_client, commune_officer):
    response = admin_client.post(reverse("accounts:password_reset", args=[commune_officer.pk]), {"password": NEW_PASSWORD})
    assert NEW_PASSWORD not in response.content.decode()
    commune_officer.refresh_from_db()
    assert commune_officer.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("persona", ["province_officer", "secretary", "viewer"])
def test_nobody_but_an_administrator_opens_or_uses_the_account_pages(client, request, persona, commune_officer):
    client.force_login(request.getfixturevalue(persona))
    target = commune_officer.pk
    assert client.get(reverse("accounts:list")).status_code == 403
    assert client.get(reverse("accounts:create")).status_code == 403
    assert client.get(reverse("accounts:detail", args=[target])).status_code == 403
    assert client.post(reverse("accounts:detail", args=[target]), {"role": "admin", "organization": ""}).status_code == 403
    assert client.post(reverse("accounts:set_active", args=[target]), {"active": "0"}).status_code == 403
    assert client.post(reverse("accounts:password_reset", args=[target]), {"password": NEW_PASSWORD}).status_code == 403
    commune_officer.refresh_from_db()
    assert commune_officer.is_active and commune_officer.role == Role.STAFF and commune_officer.check_password(PASSWORD)


def test_the_menu_offers_the_account_pages_to_administrators_only(client, admin_user, province_officer):
    client.force_login(province_officer)
    assert f'href="{reverse("accounts:list")}"' not in client.get(reverse("members:search")).content.decode()
    client.force_login(admin_user)
    assert f'href="{reverse("accounts:list")}"' in client.get(reverse("members:search")).content.decode()


def test_a_user_changes_their_own_password_and_stays_logged_in(client, secretary):
    client.force_login(secretary)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 302
    secretary.refresh_from_db()
    assert secretary.check_password(NEW_PASSWORD)
    assert client.get(reverse("members:search")).status_code == 200
    assert AuditEntry.objects.filter(action="user.password_change", actor=secretary).exists()


def test_a_wrong_old_password_changes_nothing(client, secretary):
    client.force_login(secretary)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": "sai-mat-khau-cu", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 200
    secretary.refresh_from_db()
    assert secretary.check_password(PASSWORD)
