"""Run the consistency check over an organization's subtree and period, as of a date, and
print the findings as a table or as JSON. Exit code 1 when anything is found, 0 when the
records are consistent, 2 on bad input."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pdms.accounts.scope import system_scope
from pdms.core.dates import parse_date, today
from pdms.core.errors import DomainError
from pdms.indicators.engine import Context
from pdms.organizations.selectors import get_organization_by_code_for_user

from ...registry import all_rules, run_checks

BAD_INPUT = 2
FOUND = 1


class Command(BaseCommand):
    help = (
        "Check the records of an organization's subtree for a period, as of a date, and list every inconsistency "
        "with the records involved. Exit code 1 when anything is found, 2 on bad input."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organization code")
        parser.add_argument("--from", dest="start", help="start of the period, dd/mm/yyyy (default: 1 January of the as-of year)")
        parser.add_argument("--to", dest="end", help="end of the period, dd/mm/yyyy (default: the as-of date)")
        parser.add_argument("--as-of", dest="as_of", help="date of the tree's structure and of the records, dd/mm/yyyy (default: today)")
        parser.add_argument("--format", dest="output_format", choices=("table", "json"), default="table")

    def handle(self, *args, org, start, end, as_of, output_format, verbosity, **options):
        scope = system_scope()
        organization = get_organization_by_code_for_user(scope, org)
        if organization is None:
            raise CommandError(_("No organization has the code %(code)s.") % {"code": org}, returncode=BAD_INPUT)
        try:
            ctx = Context.build(
                scope=scope,
                organization=organization,
                as_of=parse_date(as_of, field="as_of") if as_of else today(),
                start=parse_date(start, field="from") if start else None,
                end=parse_date(end, field="to") if end else None,
            )
        except DomainError as exc:
            raise CommandError(exc.message, returncode=BAD_INPUT)
        findings = run_checks(ctx)

        if output_format == "json":
            payload = {
                "organization": organization.code,
                "as_of": ctx.as_of.isoformat(),
                "from": ctx.start.isoformat(),
                "to": ctx.end.isoformat(),
                "count": len(findings),
                "findings": [finding.as_dict() for finding in findings],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self._write_table(findings, verbosity)
        if findings:
            sys.exit(FOUND)

    def _write_table(self, findings, verbosity):
        if not findings:
            if verbosity >= 1:
                self.stdout.write(_("No inconsistency found."))
            return
        labels = {item.key: str(item.label) for item in all_rules()}
        current = None
        for finding in findings:
            if finding.rule != current and verbosity >= 1:
                current = finding.rule
                self.stdout.write(f"\n== {labels[finding.rule]} ({finding.rule})")
            self.stdout.write(f"- {finding.message}")
            if verbosity >= 2:
                for record in finding.records:
                    self.stdout.write(f"    {record.type} #{record.id}: {record.label}  {record.url}")
        if verbosity >= 1:
            self.stdout.write("\n" + _("%(count)s inconsistencies found.") % {"count": len(findings)})
