"""The headers every response carries: a Content-Security-Policy that runs no inline code,
HSTS and the proxy's HTTPS header behind HTTPS, and no caching of anything a logged-in user
is shown or downloads."""

import base64
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse

from pdms.imports.models import ImportJob, JobStatus

ROOT = Path(settings.BASE_DIR)
SERVER_ERROR_PAGE = ROOT / "templates" / "500.html"
KEYS = {"SECRET_KEY": "s" * 50, "PERSONAL_DATA_KEY": "p" * 50}
# What the policy refuses to run or apply: <style> elements, style attributes, inline event
# handlers and <script> elements with code in them (data blocks, such as json_script's,
# are fine).
INLINE = re.compile(r"<style|\sstyle=|\son[a-z]+=|<script(?![^>]*\b(src|type=\"application/json\"))[^>]*>", re.I)


def _directives(response) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


def test_pages_allow_only_the_site_s_own_scripts_and_styles(client, commune_officer):
    client.force_login(commune_officer)
    policy = _directives(client.get(reverse("members:search")))
    assert policy["script-src"] == "'self'" and policy["style-src"] == f"'self' {settings.CSP_SERVER_ERROR_STYLE}"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in " ".join(policy.values())


def test_the_login_page_carries_the_policy_too(client, db):
    assert _directives(client.get(reverse("login")))["default-src"] == "'self'"


def test_no_template_has_inline_script_or_style():
    templates = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("pdms/*/templates/**/*.html")]
    offending = {
        f"{path.relative_to(ROOT)}: {match.group()}"
        for path in templates
        if path != SERVER_ERROR_PAGE
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    }
    assert len(templates) > 50 and sorted(offending) == []


def test_the_policy_allows_the_style_of_the_500_page_by_its_hash():
    """The 500 page is styled inline, since static files may be what failed."""
    styles = re.findall(r"<style>(.*?)</style>", SERVER_ERROR_PAGE.read_text(encoding="utf-8"), re.S)
    digests = [base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() for style in styles]
    assert [f"'sha256-{digest}'" for digest in digests] == [settings.CSP_SERVER_ERROR_STYLE]


def test_a_member_page_is_not_stored_by_any_cache(client, tree, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("members:detail", args=[tree.members["an"].pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_downloaded_file_is_not_stored_by_any_cache(client, tree, commune_officer):
    job = ImportJob(created_by=commune_officer, organization=tree.commune_a, kind="members", status=JobStatus.REJECTED)
    job.error_file.save("members-loi.xlsx", ContentFile(b"PK"), save=True)
    client.force_login(commune_officer)
    response = client.get(reverse("imports:errors", args=[job.pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_static_files_stay_cacheable_for_a_logged_in_user(client, commune_officer):
    client.force_login(commune_officer)
    response = client.get("/static/app.css")
    assert response.status_code == 200 and "no-store" not in response["Cache-Control"]


def _secure_settings(secure: str) -> str:
    """HSTS and the proxy header as the settings read them from a fresh environment."""
    code = "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ.update(DJANGO_SETTINGS_MODULE="config.settings", SECURE_COOKIES=secure, DEBUG="false", **KEYS)
    run = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=ROOT, env=environ,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_behind_https_browsers_are_told_to_keep_to_https_and_the_proxy_header_is_trusted():
    assert _secure_settings("true") == "31536000 ('HTTP_X_FORWARDED_PROTO', 'https')"
    assert _secure_settings("false") == "0 None"


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_a_request_the_proxy_marks_https_gets_the_hsts_header(client, db):
    assert client.get(reverse("login"), headers={"x-forwarded-proto": "https"})["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get(reverse("login"))
