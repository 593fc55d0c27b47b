"""Backups: a demo database backed up and restored into a fresh empty database has the
same number of rows in every table, its uploaded files and the same figures at its root;
a damaged backup, or a database that is not empty, is refused.

Each installation here is a scratch database of its own (a file on SQLite, a database
created and dropped on PostgreSQL) driven through manage.py, as an operator would; the
test database is never touched.
"""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
ON_POSTGRESQL = connection.vendor == "postgresql"

# Every table's row count and the code of the root organization, as JSON.
SNAPSHOT = """
import json
from django.db import connection
from pdms.organizations.models import Organization
with connection.cursor() as cursor:
    counts = {}
    for table in sorted(connection.introspection.table_names()):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
root = counts and Organization.objects.filter(parent__isnull=True).order_by("pk").first()
print(json.dumps({"counts": counts, "root": root.code if root else None}))
"""


class Installation:
    """One database and one folder of uploaded files, with the test suite's keys."""

    def __init__(self, folder: Path, database_url: str | None):
        self.media = folder / "media"
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
        self.env.update(DJANGO_SETTINGS_MODULE="config.test_settings", MEDIA_ROOT=str(self.media))
        if database_url:
            self.env["DATABASE_URL"] = database_url
        else:
            self.env["SQLITE_PATH"] = str(folder / "db.sqlite3")

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        run = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=600
        )
        if check and run.returncode != 0:
            pytest.fail(f"manage.py {' '.join(args)} failed:\n{run.stdout}\n{run.stderr}")
        return run

    def snapshot(self) -> dict:
        return json.loads(self.manage("shell", "--verbosity", "0", "--command", SNAPSHOT).stdout)

    def root_figures(self, root: str) -> dict:
        return json.loads(self.manage("indicators", "--org", root, "--format", "json").stdout)


def _server_connection():
    db = settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres", host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None,
        password=db["PASSWORD"] or None, autocommit=True,
    )


@pytest.fixture(scope="module")
def new_installation(tmp_path_factory):
    """Makes empty installations; on PostgreSQL each gets a scratch database, dropped at the end."""
    created = []

    def make() -> Installation:
        folder = tmp_path_factory.mktemp("installation")
        if not ON_POSTGRESQL:
            return Installation(folder, None)
        db = settings.DATABASES["default"]
        name = f"pdms_backup_test_{uuid.uuid4().hex[:12]}"
        with _server_connection() as server:
            server.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        credentials = quote(db["USER"], safe="") + (":" + quote(db["PASSWORD"], safe="") if db["PASSWORD"] else "")
        return Installation(folder, f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}")

    yield make
    if created:
        with _server_connection() as server:
            for name in created:
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def demo(new_installation, tmp_path_factory):
    """A commune-scale demo installation with an uploaded file, and its backup."""
    source = new_installation()
    source.manage("migrate", "--verbosity", "0")
    source.manage("seed_demo", "--scale", "commune", "--verbosity", "0")
    (source.media / "documents").mkdir(parents=True)
    (source.media / "documents" / "quyet-dinh.pdf").write_bytes(b"%PDF-1.4 scanned decision")
    folder = tmp_path_factory.mktemp("backups") / "backup"
    source.manage("backup", "--output", str(folder), "--verbosity", "0")
    return source, folder


def test_a_restored_backup_has_every_row_uploaded_file_and_figure_of_the_original(demo, new_installation):
    source, folder = demo
    target = new_installation()
    target.manage("restore", str(folder))

    before, after = source.snapshot(), target.snapshot()
    assert after["counts"] == before["counts"]
    assert before["counts"]["members_person"] > 0 and before["counts"]["audit_keycanary"] == 1
    assert target.root_figures(after["root"]) == source.root_figures(before["root"])
    assert (target.media / "documents" / "quyet-dinh.pdf").read_bytes() == b"%PDF-1.4 scanned decision"


def test_the_backup_holds_the_database_the_files_and_their_checksums_but_not_the_key(demo):
    _source, folder = demo
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    database = "database.dump" if ON_POSTGRESQL else "database.sqlite3"
    assert names == {database, "backup.json", "SHA256SUMS", "media/documents/quyet-dinh.pdf"}
    key = os.environ["PERSONAL_DATA_KEY"].encode()
    assert not any(key in (folder / name).read_bytes() for name in names)


def test_a_backup_with_a_changed_file_is_not_restored(demo, new_installation, tmp_path):
    _source, folder = demo
    damaged = tmp_path / "damaged"
    shutil.copytree(folder, damaged)
    (damaged / "media" / "documents" / "quyet-dinh.pdf").write_bytes(b"%PDF-1.4 another decision")
    target = new_installation()

    run = target.manage("restore", str(damaged), check=False)
    assert run.returncode != 0 and "media/documents/quyet-dinh.pdf" in run.stderr
    assert target.snapshot()["counts"] == {}
    assert not target.media.exists()


def test_a_backup_is_only_restored_into_an_empty_database(demo):
    source, folder = demo
    before = source.snapshot()
    run = source.manage("restore", str(folder), check=False)
    assert run.returncode != 0
    assert source.snapshot() == before
