"""Managing accounts through the services: an administrator may, nobody else may; every
change is audited; a deactivated account or a reset password ends the sessions."""

import pytest
from django.urls import reverse

from pdms.accounts.models import Role, User
from pdms.accounts.services import user_change, user_create, user_password_change, user_password_reset, user_set_active
from pdms.audit.models import AuditEntry
from pdms.core.errors import DomainError, PermissionDenied
from pdms.core.testing import PASSWORD

NEW_PASSWORD = "Mot-mat-khau-moi-2026"


def entries(user, action):
    return AuditEntry.objects.filter(object_type="user", object_id=user.pk, action=action)


def test_an_administrator_creates_an_account_and_it_is_audited_with_the_actor(admin_user, tree):
    user = user_create(username="moi", password=NEW_PASSWORD, role=Role.VIEWER, organization=tree.commune_a, actor=admin_user)
    (entry,) = entries(user, "user.create")
    assert entry.actor == admin_user and entry.changes["organization"] == [None, "X01"]


@pytest.mark.parametrize("persona", ["province_officer", "secretary", "viewer"])
def test_nobody_but_an_administrator_may_create_an_account(request, tree, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        user_create(username="moi", password=NEW_PASSWORD, role=Role.VIEWER, organization=tree.commune_a, actor=actor)
    assert not User.objects.filter(username="moi").exists()


def test_an_administrator_changes_the_role_and_organization_and_the_change_is_audited(admin_user, commune_officer, tree):
    user_change(user=commune_officer, role=Role.SECRETARY, organization=tree.branch_a2, actor=admin_user)
    commune_officer.refresh_from_db()
    assert (commune_officer.role, commune_officer.organization) == (Role.SECRETARY, tree.branch_a2)
    (entry,) = entries(commune_officer, "user.change")
    assert entry.changes == {"role": ["staff", "secretary"], "organization": ["X01", "C0102"]}


def test_a_secretary_must_be_bound_to_a_branch(admin_user, commune_officer, tree):
    with pytest.raises(DomainError):
        user_change(user=commune_officer, role=Role.SECRETARY, organization=tree.commune_a, actor=admin_user)
    commune_officer.refresh_from_db()
    assert commune_officer.role == Role.STAFF


def test_a_staff_officer_may_not_change_an_account(province_officer, commune_officer, tree):
    with pytest.raises(PermissionDenied):
        user_change(user=commune_officer, role=Role.STAFF, organization=tree.province, actor=province_officer)


def test_the_last_active_administrator_cannot_be_demoted_or_deactivated(admin_user, tree):
    with pytest.raises(DomainError):
        user_change(user=admin_user, role=Role.STAFF, organization=tree.province, actor=None)
    with pytest.raises(DomainError):
        user_set_active(user=admin_user, active=False, actor=None)
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMIN and admin_user.is_active


def test_an_administrator_cannot_deactivate_their_own_account(admin_user, tree):
    user_create(username="admin2", password=NEW_PASSWORD, role=Role.ADMIN, organization=None, actor=None)
    with pytest.raises(DomainError):
        user_set_active(user=admin_user, active=False, actor=admin_user)


def test_a_deactivated_account_is_logged_out_and_cannot_log_in_until_reactivated(client, admin_user, commune_officer):
    client.force_login(commune_officer)
    user_set_active(user=commune_officer, active=False, actor=admin_user)
    assert client.get(reverse("members:search")).status_code == 302
    client.post(reverse("login"), {"username": "commune", "password": PASSWORD})
    assert client.get(reverse("members:search")).status_code == 302
    user_set_active(user=commune_officer, active=True, actor=admin_user)
    client.post(reverse("login"), {"username": "commune", "password": PASSWORD})
    assert client.get(reverse("members:search")).status_code == 200
    assert [e.action for e in AuditEntry.objects.filter(object_id=commune_officer.pk, action__in=["user.activate", "user.deactivate"]).order_by("id")] == ["user.deactivate", "user.activate"]


def test_a_temporary_password_works_ends_the_old_sessions_and_is_not_recorded(client, admin_user, commune_officer):
    client.force_login(commune_officer)
    temporary = user_password_reset(user=commune_officer, actor=admin_user)
    assert client.get(reverse("members:search")).status_code == 302
    commune_officer.refresh_from_db()
    assert commune_officer.check_password(temporary) and len(temporary) >= 10
    (entry,) = entries(commune_officer, "user.password_reset")
    assert temporary not in str(entry.changes) and entry.changes == {"temporary": [None, True]}


def test_a_typed_password_must_follow_the_password_rules(admin_user, commune_officer):
    with pytest.raises(DomainError) as error:
        user_password_reset(user=commune_officer, password="ngan", actor=admin_user)
    assert error.value.field == "password"
    commune_officer.refresh_from_db()
    assert commune_officer.check_password(PASSWORD)


def test_a_user_changes_only_their_own_password(commune_officer, province_officer):
    with pytest.raises(PermissionDenied):
        user_password_change(user=commune_officer, password=NEW_PASSWORD, actor=province_officer)
    user_password_change(user=commune_officer, password=NEW_PASSWORD, actor=commune_officer)
    commune_officer.refresh_from_db()
    assert commune_officer.check_password(NEW_PASSWORD)
    assert entries(commune_officer, "user.password_change").get().actor == commune_officer
