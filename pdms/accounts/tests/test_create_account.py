import pytest
from django.core.management import CommandError, call_command

from pdms.accounts.models import User
from pdms.audit.models import AuditEntry


def test_it_creates_a_scoped_account_and_audits_it(tree):
    call_command("create_account", "bithu", role="staff", org="x01", name="Nguyễn Văn Bí", password="Mot-mat-khau-dai-2026", verbosity=0)
    user = User.objects.get(username="bithu")
    assert user.organization == tree.commune_a and user.last_name == "Nguyễn Văn" and user.first_name == "Bí"
    assert user.check_password("Mot-mat-khau-dai-2026")
    assert AuditEntry.objects.filter(object_type="user", object_id=user.pk, action="user.create").exists()


def test_dry_run_creates_nothing(tree):
    call_command("create_account", "thu", role="viewer", org="T01", password="Mot-mat-khau-dai-2026", dry_run=True, verbosity=0)
    assert not User.objects.filter(username="thu").exists()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"role": "staff", "org": "KHONGCO", "password": "Mot-mat-khau-dai-2026"},
        {"role": "staff", "password": "Mot-mat-khau-dai-2026"},
        {"role": "secretary", "org": "X01", "password": "Mot-mat-khau-dai-2026"},
        {"role": "staff", "org": "X01", "password": "123"},
    ],
)
def test_it_refuses_bad_accounts(tree, kwargs):
    with pytest.raises(CommandError):
        call_command("create_account", "sai", verbosity=0, **kwargs)
    assert not User.objects.filter(username="sai").exists()
