"""Remove old import files and mask the citizen ID numbers quoted in old import errors."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from pdms.imports.services import import_jobs_prune


class Command(BaseCommand):
    help = (
        "Delete uploaded files and error workbooks of import jobs finished more than --days ago, "
        "and mask the citizen ID numbers their error messages quote."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="keep files of jobs finished within this many days (default 30)")
        parser.add_argument("--dry-run", action="store_true", help="count only; delete nothing")

    def handle(self, *args, days, dry_run, **options):
        count = import_jobs_prune(older_than=dt.timedelta(days=days), actor=None, dry_run=dry_run)
        if options["verbosity"] >= 1:
            message = (
                _("Would prune %(count)s import jobs finished more than %(days)s days ago (files removed, citizen IDs in errors masked).")
                if dry_run
                else _("Pruned %(count)s import jobs finished more than %(days)s days ago (files removed, citizen IDs in errors masked).")
            )
            self.stdout.write(message % {"count": count, "days": days})
