"""seed_demo and demo_logins as an operator runs them: they never load over existing
data, a dry run writes nothing, and the logins table never shows a password that does not
work."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pdms.accounts.models import User
from pdms.accounts.passwords import demo_database_mark
from pdms.core.errors import DomainError
from pdms.members.models import Member
from pdms.organizations.models import Organization

from ..accounts import DEMO_ACCOUNTS, PASSWORD, demo_accounts_create


def run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_seed_demo_if_empty_keeps_existing_data_and_says_so(tree):
    before = (Organization.objects.count(), Member.objects.count())
    output = run("seed_demo", scale="commune", if_empty=True)
    assert "đã có" in output  # "the database already holds organizations"
    assert (Organization.objects.count(), Member.objects.count()) == before


def test_seed_demo_refuses_to_load_over_existing_organizations(tree):
    with pytest.raises(CommandError):
        run("seed_demo", scale="commune")


def test_a_dry_run_builds_the_data_but_writes_nothing(db, today):
    output = run("seed_demo", scale="commune", dry_run=True)
    assert "Kon Tum" in output
    assert not Organization.objects.exists() and not Member.objects.exists()


def test_demo_logins_says_the_accounts_are_missing_and_shows_no_password(db):
    output = run("demo_logins")
    assert PASSWORD not in output
    assert "không có" in output or "chưa có" in output


def test_demo_logins_lists_the_accounts_and_hides_a_password_that_was_changed(tree):
    demo_database_mark()
    users = demo_accounts_create(province=tree.province, commune=tree.commune_a, branch=tree.branch_a1)
    changed = users[1]
    changed.set_password("Mot-mat-khau-khac-2026")
    changed.save()
    output = run("demo_logins")
    for account in DEMO_ACCOUNTS:
        assert account.username in output
    assert output.count(PASSWORD) == len(DEMO_ACCOUNTS) - 1
    assert tree.commune_a.name in output and tree.branch_a1.name in output


def test_the_demo_accounts_cannot_be_created_outside_a_demo_database(tree):
    with pytest.raises(DomainError):
        demo_accounts_create(province=tree.province, commune=tree.commune_a, branch=tree.branch_a1)
    assert not User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).exists()

