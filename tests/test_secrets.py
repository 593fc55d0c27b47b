"""Keys and secrets: outside DEBUG the application does not start without its keys, the
development keys are reported by `check --deploy`, error pages never show a database
password, and static files are served with DEBUG off."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import RequestFactory
from django.views.debug import get_default_exception_reporter_filter, technical_500_response

ROOT = Path(settings.BASE_DIR)


def manage(*args, tmp_path, **env):
    """Run manage.py in a fresh process with the given environment and no keys of its own."""
    environ = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "PERSONAL_DATA_KEY", "DEBUG", "DATABASE_URL")}
    environ.update(DJANGO_SETTINGS_MODULE="config.settings", SQLITE_PATH=str(tmp_path / "db.sqlite3"), **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


def test_outside_debug_the_application_refuses_to_start_without_a_secret_key(tmp_path):
    run = manage("check", tmp_path=tmp_path, PERSONAL_DATA_KEY="p" * 50)
    assert run.returncode != 0
    assert "SECRET_KEY is not set. Outside DEBUG the application refuses to start" in run.stderr


def test_outside_debug_the_personal_data_key_no_longer_defaults_to_the_secret_key(tmp_path):
    run = manage("check", tmp_path=tmp_path, SECRET_KEY="s" * 50)
    assert run.returncode != 0
    assert "PERSONAL_DATA_KEY is not set. Outside DEBUG the application refuses to start" in run.stderr


def test_check_deploy_reports_the_development_keys_used_under_debug(tmp_path):
    run = manage("check", "--deploy", "--tag", "security", tmp_path=tmp_path, DEBUG="true")
    assert "security.W009" in run.stderr  # SECRET_KEY
    assert "pdms.W001" in run.stderr and "PERSONAL_DATA_KEY is not set" in run.stderr


def test_check_deploy_reports_a_personal_data_key_equal_to_the_secret_key(tmp_path):
    run = manage("check", "--deploy", "--tag", "security", tmp_path=tmp_path, SECRET_KEY="k" * 50, PERSONAL_DATA_KEY="k" * 50)
    assert "pdms.W002" in run.stderr


# Built from parts so that the page's source excerpts of this file cannot hold it whole.
DATABASE_PASSWORD = "-".join(["pw", "that", "must", "not", "show"])


def request_on_a_server_whose_environment_holds_the_database_url():
    # The development server copies its environment into request.META.
    url = f"postgres://pdms:{DATABASE_PASSWORD}@db.example:5432/pdms"
    return RequestFactory().get("/", DATABASE_URL=url)


def test_the_error_page_hides_the_database_password_and_url():
    request = request_on_a_server_whose_environment_holds_the_database_url()
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        page = technical_500_response(request, *sys.exc_info()).content.decode()
    assert "boom" in page and "DATABASE_URL" in page
    assert DATABASE_PASSWORD not in page

    safe = get_default_exception_reporter_filter().get_safe_settings()
    assert "DATABASE_URL" not in safe  # the URL is never kept as a setting
    assert safe["DATABASES"]["default"]["PASSWORD"] == get_default_exception_reporter_filter().cleansed_substitute


def test_static_files_are_served_with_debug_off(client):
    assert settings.DEBUG is False
    response = client.get("/static/vendor/htmx.min.js")
    assert response.status_code == 200
