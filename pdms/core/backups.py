"""Backups: the database, the uploaded files and a checksum manifest, in one folder.

PostgreSQL is written by pg_dump in its custom format and read back by pg_restore in one
transaction; SQLite is copied with its online backup API, which is safe while the web and
worker processes write. ``SHA256SUMS`` lists every file with its SHA-256 (the format of
``sha256sum -c``) and is verified before anything is restored. The personal-data key is
never part of a backup: a stolen backup holds citizen IDs only in encrypted form.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient as PostgresClient
from django.utils.translation import gettext as _

from .errors import DomainError

MANIFEST = "SHA256SUMS"
INFO = "backup.json"
MEDIA = "media"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
FORMAT = 1


@dataclass(frozen=True)
class Backup:
    folder: Path
    engine: str
    files: dict  # relative path -> SHA-256

    @property
    def media_files(self) -> int:
        return sum(1 for name in self.files if name.startswith(MEDIA + "/"))


def _engine(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in DATABASE_FILES:
        raise DomainError(_("Backups support PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": vendor})
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _run(command: list[str], env: dict | None) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise DomainError(_("%(program)s is not installed on this machine.") % {"program": command[0]}) from None
    except subprocess.CalledProcessError as exc:
        raise DomainError(
            _("%(program)s failed: %(error)s") % {"program": command[0], "error": exc.stderr.strip()[-2000:]}
        ) from None


def _postgres(alias: str, parameters: list[str]) -> tuple[list[str], dict | None]:
    """Connection options for the PostgreSQL programs (the password goes in the environment)."""
    args, env = PostgresClient.settings_to_cmd_args_env(connections[alias].settings_dict, [*parameters, "--dbname"])
    return args[1:], ({**os.environ, **env} if env else None)


def _dump_database(alias: str, engine: str, target: Path) -> None:
    if engine == "postgresql":
        options, env = _postgres(alias, ["--format=custom", "--no-owner", "--no-privileges", "--file", str(target)])
        _run(["pg_dump", *options], env)
    else:
        connection = connections[alias]
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()


def backup_create(*, output: Path, alias: str = "default") -> Backup:
    """Write a backup of the database ``alias`` and of MEDIA_ROOT into the new folder ``output``."""
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise DomainError(_("The folder %(folder)s is not empty; choose a new folder for the backup.") % {"folder": output})
    engine = _engine(alias)
    output.mkdir(parents=True, exist_ok=True)
    _dump_database(alias, engine, output / DATABASE_FILES[engine])
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, output / MEDIA)
    info = {"format": FORMAT, "engine": engine, "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    (output / INFO).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    files = {name: _sha256(output / name) for name in _files_under(output)}
    (output / MANIFEST).write_text("".join(f"{digest}  {name}\n" for name, digest in files.items()), encoding="utf-8")
    return Backup(folder=output, engine=engine, files=files)


def backup_verify(folder: Path) -> Backup:
    """The backup in ``folder`` if every file is listed in its manifest with the right
    checksum and nothing is missing or added; DomainError saying what is wrong otherwise."""
    folder = Path(folder)
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise DomainError(_("%(folder)s is not a backup: it has no %(manifest)s file.") % {"folder": folder, "manifest": MANIFEST})
    files = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        digest, _sep, name = line.partition("  ")
        files[name] = digest
    present = set(_files_under(folder)) - {MANIFEST}
    if present != set(files):
        names = sorted(present.symmetric_difference(files))
        raise DomainError(
            _("The backup does not match its manifest (missing or added files: %(names)s); it was not restored.")
            % {"names": ", ".join(names[:5])}
        )
    for name, digest in files.items():
        if _sha256(folder / name) != digest:
            raise DomainError(_("The checksum of %(name)s in the backup is wrong; it was not restored.") % {"name": name})
    try:
        engine = json.loads((folder / INFO).read_text(encoding="utf-8"))["engine"]
    except (OSError, ValueError, KeyError):
        raise DomainError(_("The backup has no valid %(info)s file.") % {"info": INFO}) from None
    if DATABASE_FILES.get(engine) not in files:
        raise DomainError(_("The backup holds no database file."))
    return Backup(folder=folder, engine=engine, files=files)


def backup_restore(*, source: Path, alias: str = "default", dry_run: bool = False) -> Backup:
    """Restore the backup in ``source`` into the empty database ``alias`` and an empty
    MEDIA_ROOT. The backup and the targets are checked before anything is written; with
    ``dry_run`` nothing is."""
    backup = backup_verify(source)
    engine = _engine(alias)
    if backup.engine != engine:
        raise DomainError(
            _("The backup holds a %(backup)s database; this installation uses %(engine)s.") % {"backup": backup.engine, "engine": engine}
        )
    connection = connections[alias]
    if connection.introspection.table_names():
        raise DomainError(_("The database is not empty; a backup is only restored into an empty database (without migrations)."))
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        raise DomainError(_("The folder of uploaded files %(folder)s is not empty.") % {"folder": media})
    if dry_run:
        return backup
    database_file = backup.folder / DATABASE_FILES[engine]
    if engine == "postgresql":
        options, env = _postgres(alias, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"])
        _run(["pg_restore", *options, str(database_file)], env)
    else:
        connection.close()
        source_db, target_db = sqlite3.connect(database_file), sqlite3.connect(connection.settings_dict["NAME"])
        try:
            source_db.backup(target_db)
        finally:
            source_db.close()
            target_db.close()
    if (backup.folder / MEDIA).is_dir():
        shutil.copytree(backup.folder / MEDIA, media, dirs_exist_ok=True)
    return backup
