"""Print the demo accounts and their password, or say which are missing."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from pdms.demo.accounts import demo_logins


class Command(BaseCommand):
    help = "Print the demo accounts (username, password, role, organization)."

    def handle(self, *args, verbosity: int, **options):
        logins = demo_logins()
        present = [login for login in logins if login.present]
        if not present:
            self.stdout.write(
                _("The demo accounts do not exist in this database (demo data is loaded only into an empty database).")
            )
            return
        header = (_("Username"), _("Password"), _("Role"), _("Organization"))
        rows = [header] + [(login.username, login.password, login.role, login.organization) for login in logins]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        self.stdout.write(_("Demo accounts:"))
        for i, row in enumerate(rows):
            self.stdout.write("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
            if i == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
        missing = [login.username for login in logins if not login.present]
        if missing:
            self.stdout.write(_("Missing demo accounts: %(names)s.") % {"names": ", ".join(missing)})
