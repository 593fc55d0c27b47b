"""Re-encrypt every citizen ID with a new personal-data key."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pdms.accounts.scope import system_scope
from pdms.core.errors import DomainError
from pdms.members.key_rotation import personal_data_key_rotate

NEW_KEY_VARIABLE = "NEW_PERSONAL_DATA_KEY"


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored citizen ID (and its keyed hash, and the key canary) from PERSONAL_DATA_KEY "
        f"to the key in the {NEW_KEY_VARIABLE} environment variable, in one transaction, audited. Stop the web "
        "and worker processes first; restart them with PERSONAL_DATA_KEY set to the new key."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="decrypt every ID with the current key, write nothing")

    def handle(self, *args, dry_run: bool, verbosity: int, **options):
        # From the environment, not the command line, so the key stays out of shell history.
        new_key = os.environ.get(NEW_KEY_VARIABLE, "")
        if not new_key.strip():
            raise CommandError(_("Set the new key in the %(name)s environment variable.") % {"name": NEW_KEY_VARIABLE})
        try:
            rotation = personal_data_key_rotate(new_key=new_key, scope=system_scope(), dry_run=dry_run)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if verbosity >= 1:
            if rotation.dry_run:
                self.stdout.write(
                    _("%(n)s citizen IDs decrypt with the current key; nothing was changed (dry run).") % {"n": rotation.people}
                )
            else:
                self.stdout.write(
                    _(
                        "%(n)s citizen IDs re-encrypted with the new key. Restart the web and worker processes "
                        "with PERSONAL_DATA_KEY set to the new key."
                    )
                    % {"n": rotation.people}
                )
