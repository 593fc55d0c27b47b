"""Rotating the personal-data key: every citizen ID stays revealable with the new key,
duplicates are still found, and a rotation that cannot finish changes nothing."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pdms.accounts.scope import Scope
from pdms.audit.keys import personal_data_key_matches
from pdms.audit.models import AuditEntry
from pdms.core import citizen_id as cid
from pdms.core.errors import DomainError, PermissionDenied
from pdms.core.testing import person
from pdms.members import services
from pdms.members.key_rotation import personal_data_key_rotate
from pdms.members.models import Person

NEW_KEY = "the-new-personal-data-key-for-these-tests-0123456789"


def stored():
    return {p.pk: (p.citizen_id_encrypted, p.citizen_id_hash) for p in Person.objects.all()}


@pytest.fixture
def new_key_in_environment(monkeypatch):
    monkeypatch.setenv("NEW_PERSONAL_DATA_KEY", NEW_KEY)


def test_after_rotation_every_citizen_id_is_revealed_with_the_new_key_and_the_old_key_is_refused(
    tree, settings, new_key_in_environment
):
    old_key = settings.PERSONAL_DATA_KEY
    numbers = {p.pk: p.citizen_id for p in Person.objects.all()}
    assert numbers and all(numbers.values())
    call_command("rotate_personal_data_key", verbosity=0)

    settings.PERSONAL_DATA_KEY = NEW_KEY
    assert {p.pk: p.citizen_id for p in Person.objects.all()} == numbers
    assert personal_data_key_matches() is True
    entry = AuditEntry.objects.get(action="personal_data_key.rotate")
    assert entry.actor is None and entry.changes == {"citizen_ids": [None, len(numbers)]}

    settings.PERSONAL_DATA_KEY = old_key
    assert personal_data_key_matches() is False


def test_after_rotation_a_citizen_id_already_registered_is_still_found_as_a_duplicate(tree, settings, new_key_in_environment):
    existing = tree.members["an"].person
    number = existing.citizen_id
    call_command("rotate_personal_data_key", verbosity=0)
    settings.PERSONAL_DATA_KEY = NEW_KEY

    assert Person.objects.get(citizen_id_hash=cid.blind_index(number)) == existing
    data = person("Nguyễn Văn Khác", existing.birth_date, "male", citizen_id=number)
    with pytest.raises(DomainError) as err:
        services.member_register(
            person=data, organization=tree.branch_a2, admitted_on=dt.date(2015, 1, 1), actor=None, today=dt.date(2026, 11, 23)
        )
    assert err.value.field == "citizen_id"


def test_a_dry_run_decrypts_every_id_and_changes_nothing(tree, new_key_in_environment, capsys):
    before = stored()
    call_command("rotate_personal_data_key", dry_run=True)
    assert stored() == before and personal_data_key_matches() is True
    assert not AuditEntry.objects.filter(action="personal_data_key.rotate").exists()
    assert f"{len(before)} " in capsys.readouterr().out


def test_a_rotation_started_with_a_key_that_does_not_match_the_data_is_refused(tree, settings, new_key_in_environment):
    before = stored()
    settings.PERSONAL_DATA_KEY = "a-key-the-data-was-never-encrypted-with-0123456789"
    with pytest.raises(CommandError):
        call_command("rotate_personal_data_key", verbosity=0)
    assert stored() == before


def test_one_id_that_does_not_decrypt_leaves_every_row_as_it_was(tree, new_key_in_environment):
    stray = tree.members["an"].person
    Person.objects.filter(pk=stray.pk).update(citizen_id_encrypted=cid.encrypt("001090123456", key="some-other-key-entirely"))
    before = stored()
    with pytest.raises(CommandError, match=rf"\b{stray.pk}\b"):
        call_command("rotate_personal_data_key", verbosity=0)
    assert stored() == before and personal_data_key_matches() is True


@pytest.mark.parametrize("new_key", ["", "too-short", "the key in use", "SECRET_KEY"])
def test_the_new_key_must_be_long_and_differ_from_the_keys_in_use(admin_user, settings, new_key):
    new_key = {"the key in use": settings.PERSONAL_DATA_KEY, "SECRET_KEY": settings.SECRET_KEY}.get(new_key, new_key)
    with pytest.raises(DomainError):
        personal_data_key_rotate(new_key=new_key, scope=Scope.of(admin_user))


def test_only_an_administrator_may_rotate_the_key(province_officer):
    with pytest.raises(PermissionDenied):
        personal_data_key_rotate(new_key=NEW_KEY, scope=Scope.of(province_officer))
