"""Back up the database and the uploaded files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pdms.core.backups import MANIFEST, backup_create
from pdms.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Write a backup into a new folder: the database (pg_dump custom format, or a safe copy of the SQLite "
        f"file), the uploaded files and {MANIFEST} (their SHA-256). The personal-data key is not in the backup: "
        "keep it apart."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="a new or empty folder")

    def handle(self, *args, output: Path, verbosity: int, **options):
        try:
            backup = backup_create(output=output)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if verbosity >= 1:
            self.stdout.write(
                _(
                    "Backup written to %(folder)s: the %(engine)s database and %(media)s uploaded files, with their "
                    "checksums. The personal-data key is not in the backup: keep it apart."
                )
                % {"folder": backup.folder, "engine": backup.engine, "media": backup.media_files}
            )
