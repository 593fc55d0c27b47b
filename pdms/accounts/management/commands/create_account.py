"""Create a user account bound to an organization, from the server's command line."""

import getpass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from pdms.accounts.models import Role
from pdms.accounts.scope import system_scope
from pdms.accounts.services import user_create
from pdms.core.errors import DomainError
from pdms.organizations.selectors import get_organization_by_code_for_user


class Command(BaseCommand):
    help = "Create an account: a role and the organization whose subtree it may see."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--org", help="organization code (not for administrators)")
        parser.add_argument("--name", default="", help="full name, family name first")
        parser.add_argument("--password", help="read from the terminal when omitted")
        parser.add_argument("--dry-run", action="store_true", help="validate only; create nothing")

    def handle(self, *args, username, role, org, name, password, dry_run, **options):
        organization = None
        if org:
            organization = get_organization_by_code_for_user(system_scope(), org)
            if organization is None:
                raise CommandError(_("No organization has the code %(code)s.") % {"code": org})
        if password is None:
            password = getpass.getpass(_("Password: "))
        try:
            with transaction.atomic():
                user = user_create(username=username, password=password, role=role, organization=organization, actor=None, full_name=name)
                if dry_run:
                    transaction.set_rollback(True)
        except DomainError as exc:
            raise CommandError(exc.message)
        if options["verbosity"] >= 1:
            verb = _("Would create") if dry_run else _("Created")
            self.stdout.write(f"{verb}: {user.username} ({user.get_role_display()}) {organization or ''}")
