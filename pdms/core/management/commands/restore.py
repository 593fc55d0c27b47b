"""Restore a backup made by `backup` into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pdms.core.backups import MANIFEST, backup_restore
from pdms.core.errors import DomainError


class Command(BaseCommand):
    help = (
        f"Restore a backup folder (its {MANIFEST} checksums verified first) into an empty database (created, "
        "not migrated) and an empty folder of uploaded files. Start the application with the personal-data key "
        "the backup was made with."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="the folder written by `backup`")
        parser.add_argument("--dry-run", action="store_true", help="verify the backup and the targets, write nothing")

    def handle(self, *args, folder: Path, dry_run: bool, verbosity: int, **options):
        try:
            backup = backup_restore(source=folder, dry_run=dry_run)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if dry_run:
            if verbosity >= 1:
                self.stdout.write(_("The backup is intact and the targets are empty; nothing was restored (dry run)."))
            return
        if verbosity >= 1:
            self.stdout.write(
                _("Restored the %(engine)s database and %(media)s uploaded files from %(folder)s.")
                % {"engine": backup.engine, "media": backup.media_files, "folder": backup.folder}
            )
        # The restored data now meets the system checks, the personal-data key's included:
        # say at once when this installation's key does not decrypt it.
        self.check()
