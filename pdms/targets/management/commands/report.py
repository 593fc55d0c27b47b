"""Reports from the command line. ``report quota-progress`` prints, for an organization
and each unit directly under it, the quota of a plan (and the version used), admissions,
achievement, excess, the change on the same period of the previous year and the units
meeting their quota — the same indicators as the ranking page. ``report summary`` writes the
summary report (báo cáo kết quả công tác phát triển đảng viên) of the term or a year as an
.xlsx, .docx or .pdf file, as the reports page does in the background."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from pdms.accounts.scope import system_scope
from pdms.audit.access import audit_command_report
from pdms.core.dates import format_date, parse_date, today
from pdms.core.errors import DomainError
from pdms.organizations.selectors import get_organization_by_code_for_user
from pdms.reporting.exports import EXPORTERS as SUMMARY_EXPORTERS
from pdms.reporting.services import validate_summary_request
from pdms.reporting.summary import summary_report
from pdms.targets.exports import EXPORTERS, QuotaProgressReport
from pdms.targets.models import Plan
from pdms.targets.reports import ProgressRow, excess_text, progress_rows

EXPORT_FORMATS = tuple(EXPORTERS)


def _number(value, decimals: int = 0) -> str:
    if value is None:
        return "—"
    return number_format(value, decimals, force_grouping=True)


def _ratio(result) -> str:
    if result.denominator is None:
        return "—"
    return f"{result.numerator}/{result.denominator}"


class Command(BaseCommand):
    help = (
        "quota-progress: quota progress of an organization and its direct units under a plan, for the term or a year "
        "of it, as of a date: target (with the quota version used), admitted, achievement, excess, change on the "
        "previous year and units meeting their quota. summary: the summary report of the results of developing Party "
        "members in the term or a year, written as an xlsx, docx or pdf file (--format and --output required)."
    )

    def add_arguments(self, parser):
        parser.add_argument("report", choices=("quota-progress", "summary"), help="which report")
        parser.add_argument("--org", required=True, help="organization code")
        parser.add_argument("--plan", required=True, help="plan number, e.g. 09-KH/TU")
        parser.add_argument("--as-of", dest="as_of", help="dd/mm/yyyy (default: today)")
        parser.add_argument("--period", default="term", help="term (default) or a year of the term, e.g. 2022")
        parser.add_argument("--format", dest="output_format", choices=("table", "json", *EXPORT_FORMATS), default="table")
        parser.add_argument("--output", help="file to write (required for xlsx, docx and pdf)")

    def handle(self, *args, report, org, plan, as_of, period, output_format, output, verbosity, **options):
        if report == "summary":
            self._summary(org, plan, as_of, period, output_format, output, verbosity)
            return
        if output_format in EXPORT_FORMATS and not output:
            raise CommandError(
                _("The %(format)s format writes a file: give its path with --output.") % {"format": output_format}, returncode=2
            )
        scope = system_scope()
        organization = get_organization_by_code_for_user(scope, org)
        if organization is None:
            raise CommandError(_("No organization has the code %(code)s.") % {"code": org})
        plan_obj = Plan.objects.filter(number__iexact=plan.strip(), organization__in=_self_and_ancestors(organization)).first()
        if plan_obj is None:
            raise CommandError(
                _("No plan numbered %(number)s was issued by %(org)s or a committee above it.") % {"number": plan, "org": organization.name}
            )
        audit_command_report(report=report, plan=plan_obj, organization=organization, output=output)
        try:
            day = parse_date(as_of, field="as_of") if as_of else today()
            head, units = progress_rows(scope, plan_obj, organization, day, period, pipeline=output_format in EXPORT_FORMATS)
        except DomainError as exc:
            raise CommandError(exc.message)
        if output_format in EXPORT_FORMATS:
            try:
                content = EXPORTERS[output_format](QuotaProgressReport(plan_obj, organization, day, head, units))
            except DomainError as exc:
                raise CommandError(exc.message)
            Path(output).write_bytes(content)
            if verbosity >= 1:
                self.stdout.write(_("Wrote %(path)s.") % {"path": output})
            return
        if output_format == "json":
            payload = {
                "plan": plan_obj.number,
                "as_of": day.isoformat(),
                "from": head.ctx.start.isoformat(),
                "to": head.ctx.end.isoformat(),
                "organization": _json_row(head),
                "units": [_json_row(row) for row in units],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if verbosity >= 2:
            self.stdout.write(
                _("%(org)s, plan %(number)s, period %(start)s – %(end)s, as of %(as_of)s")
                % {"org": organization.name, "number": plan_obj.number, "start": format_date(head.ctx.start),
                   "end": format_date(head.ctx.end), "as_of": format_date(day)}
            )
        rows = [_table_row(head)] + [_table_row(row) for row in units]
        if verbosity >= 1:
            rows.insert(0, [_("Code"), _("Organization"), _("Target"), _("Version"), _("Admitted"), _("Achievement %"),
                            _("Excess"), _("Change on previous year %"), _("Units meeting quota")])
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        for r in rows:
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip())


    def _summary(self, org, plan, as_of, period, output_format, output, verbosity):
        """Exit 2, with the reason, on anything wrong in what was asked."""
        if output_format not in SUMMARY_EXPORTERS or not output:
            raise CommandError(_("The summary report is a file: give --format xlsx, docx or pdf and its path with --output."), returncode=2)
        scope = system_scope()
        organization = get_organization_by_code_for_user(scope, org)
        if organization is None:
            raise CommandError(_("No organization has the code %(code)s.") % {"code": org}, returncode=2)
        plan_obj = Plan.objects.filter(number__iexact=plan.strip(), organization__in=_self_and_ancestors(organization)).first()
        if plan_obj is None:
            raise CommandError(
                _("No plan numbered %(number)s was issued by %(org)s or a committee above it.") % {"number": plan, "org": organization.name},
                returncode=2,
            )
        audit_command_report(report="summary", plan=plan_obj, organization=organization, output=output)
        try:
            day = parse_date(as_of, field="as_of") if as_of else today()
            period = validate_summary_request(scope=scope, organization=organization, plan=plan_obj, period=period, as_of=day)
            content = SUMMARY_EXPORTERS[output_format](summary_report(scope, plan_obj, organization, day, period))
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2)
        Path(output).write_bytes(content)
        if verbosity >= 1:
            self.stdout.write(_("Wrote %(path)s.") % {"path": output})


def _self_and_ancestors(organization):
    ids = [int(seg) for seg in organization.path.strip(".").split(".") if seg]
    return ids or [organization.pk]


def _version(row: ProgressRow) -> str:
    return f"{row.quota.decision or row.quota.plan.number} v{row.quota.version}" if row.quota else "—"


def _table_row(row: ProgressRow) -> list[str]:
    r = row.results
    return [
        row.organization.code, row.label, _number(r["quota"].value), _version(row),
        _number(r["quota_achievement"].numerator), _number(r["quota_achievement"].percent, 2), excess_text(r["quota_excess"].value),
        _number(r["admissions_change_on_previous_year"].value, 2), _ratio(r["units_meeting_quota"]),
    ]


def _float(value):
    return None if value is None else float(value)


def _json_row(row: ProgressRow) -> dict:
    r = row.results
    return {
        "code": row.organization.code,
        "name": row.name,
        "ended_on": row.ended_on.isoformat() if row.ended_on else None,
        "went_to": row.successors,
        "target": r["quota"].value,
        "quota_version": row.quota.version if row.quota else None,
        "quota_decision": row.quota.decision if row.quota else None,
        "admitted": r["quota_achievement"].numerator,
        "achievement_percent": _float(r["quota_achievement"].percent),
        "excess": r["quota_excess"].value,
        "change_on_previous_year_percent": _float(r["admissions_change_on_previous_year"].value),
        "units_meeting_quota": r["units_meeting_quota"].numerator,
        "units_with_quota": r["units_meeting_quota"].denominator,
    }
