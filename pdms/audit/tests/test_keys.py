"""The personal-data key check: a process whose key does not match the stored data refuses
to run, on every way it starts."""

import importlib
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from pdms.audit.keys import CANARY_NAME, check_personal_data_key, personal_data_key_matches
from pdms.audit.models import KeyCanary

OTHER_KEY = "a-key-the-data-was-never-encrypted-with-0123456789"


def test_a_migrated_database_holds_a_canary_that_the_configured_key_decrypts(db):
    assert KeyCanary.objects.filter(name=CANARY_NAME).exists()
    assert personal_data_key_matches() is True
    assert check_personal_data_key() == []


def test_with_another_key_the_system_check_is_critical(db, settings):
    settings.PERSONAL_DATA_KEY = OTHER_KEY
    [problem] = check_personal_data_key()
    assert problem.id == "pdms.E001" and "PERSONAL_DATA_KEY does not match the data" in problem.msg


def test_the_job_worker_refuses_to_start_with_another_key(db, settings):
    # runserver meets the same system check before it serves.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PERSONAL_DATA_KEY = OTHER_KEY
    with pytest.raises(SystemCheckError, match="PERSONAL_DATA_KEY does not match the data"):
        call_command("db_worker", batch=True, no_startup_delay=True, skip_checks=False, verbosity=0)


def test_the_wsgi_application_refuses_to_load_with_another_key(db, settings):
    settings.PERSONAL_DATA_KEY = OTHER_KEY
    sys.modules.pop("config.wsgi", None)
    try:
        with pytest.raises(ImproperlyConfigured, match="PERSONAL_DATA_KEY does not match the data"):
            importlib.import_module("config.wsgi")
    finally:
        sys.modules.pop("config.wsgi", None)


def test_the_wsgi_application_loads_with_the_right_key(db):
    sys.modules.pop("config.wsgi", None)
    try:
        assert importlib.import_module("config.wsgi").application is not None
    finally:
        sys.modules.pop("config.wsgi", None)


def test_migrating_a_database_of_citizen_ids_encrypted_with_another_key_stops(tree, settings):
    KeyCanary.objects.all().delete()  # a database from before the canary
    settings.PERSONAL_DATA_KEY = OTHER_KEY
    with pytest.raises(ImproperlyConfigured, match="PERSONAL_DATA_KEY does not match the data"):
        call_command("migrate", verbosity=0)
    assert not KeyCanary.objects.exists()


def test_migrating_a_database_of_citizen_ids_encrypted_with_this_key_stores_the_canary(tree):
    KeyCanary.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert personal_data_key_matches() is True
