"""Every change to a model ships with its migration."""

from io import StringIO

import pytest
from django.core.management import call_command


def test_no_model_has_changed_without_a_migration(db):
    out = StringIO()
    try:
        call_command("makemigrations", check=True, dry_run=True, stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"Models changed without a migration; run `python manage.py makemigrations`:\n{out.getvalue()}")
