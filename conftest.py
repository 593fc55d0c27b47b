"""Shared fixtures: a small tree, personas and a frozen "today".

Personas (as in every access test): ``province_officer`` (staff of the province),
``commune_officer`` (staff of a commune inside it), ``outsider`` (staff of another
province), ``secretary`` (secretary of one branch) and ``viewer`` (read-only, province).
"""

import datetime as dt
import os
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db.models.signals import post_migrate

from pdms.core.testing import build_small_tree, make_user

TODAY = dt.date(2026, 11, 23)


def pytest_configure(config):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests of the two-factor login turn it on; elsewhere personas log in with a password.
    settings.OTP_REQUIRED = False
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    post_migrate.connect(_refill_reference_data, dispatch_uid="tests_refill_reference_data")


def _refill_reference_data(sender, **kwargs):
    """A transactional test (browser, concurrency) ends with a flush that also empties the
    lists a data migration filled; the flush then sends post_migrate, and this fills them
    again, so the tests that run after it in the same process find them as migrated."""
    if sender.label == "recruitment":
        import_module("pdms.recruitment.migrations.0002_source_groups").add_groups(django_apps, None)


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine} ({'DATABASE_URL' if os.environ.get('DATABASE_URL') else 'embedded SQLite'})"


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today(time_machine):
    """Freeze time at noon, Vietnam time, on TODAY."""
    time_machine.move_to(dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))), tick=False)
    return TODAY


@pytest.fixture
def tree(db, today):
    return build_small_tree()


@pytest.fixture
def province_officer(tree):
    return make_user("province", "staff", tree.province)


@pytest.fixture
def commune_officer(tree):
    return make_user("commune", "staff", tree.commune_a)


@pytest.fixture
def outsider(tree):
    return make_user("outsider", "staff", tree.other_province)


@pytest.fixture
def secretary(tree):
    return make_user("secretary", "secretary", tree.branch_a1)


@pytest.fixture
def viewer(tree):
    return make_user("viewer", "viewer", tree.province)


@pytest.fixture
def admin_user(tree):
    return make_user("admin", "admin", None)
