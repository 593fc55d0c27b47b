"""What both import commands share: read the file, import it with the whole system in
scope, print the summary and every row error, exit non-zero when any row is wrong."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pdms.accounts.scope import system_scope
from pdms.imports.services import import_file


class ImportCommand(BaseCommand):
    kind: str

    def add_arguments(self, parser):
        parser.add_argument("file", help="an .xlsx or .csv (UTF-8) file with the Vietnamese header row")
        parser.add_argument("--dry-run", action="store_true", help="check every row; write nothing")

    def handle(self, *args, file, dry_run, verbosity, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": file})
        with path.open("rb") as fileobj:
            _table, outcome = import_file(
                kind=self.kind, fileobj=fileobj, filename=path.name, scope=system_scope(), actor=None, dry_run=dry_run
            )
        for error in outcome.sorted_errors():
            self.stderr.write(str(error))
        if verbosity >= 1:
            for warning in outcome.warnings:
                self.stderr.write(warning)
            self.stdout.write(self.summary(outcome))
        if outcome.errors:
            raise CommandError(
                _("%(rows)s of %(total)s rows have errors; nothing was written.")
                % {"rows": outcome.error_rows, "total": outcome.total}
                if outcome.error_rows
                else _("The file could not be imported; nothing was written.")
            )

    @staticmethod
    def summary(outcome) -> str:
        counts = {
            "created": outcome.created,
            "present": outcome.present,
            "updated": outcome.updated,
            "errors": outcome.error_rows,
        }
        if outcome.written:
            return (
                _("Created: %(created)s, already present: %(present)s, updated: %(updated)s, rows with errors: %(errors)s.")
                % counts
            )
        return (
            _(
                "Nothing written. Would create: %(created)s, already present: %(present)s, "
                "would update: %(updated)s, rows with errors: %(errors)s."
            )
            % counts
        )
