"""Print indicators of an organization's subtree for a period, as of a date, as an aligned
table or as JSON — the same figures the pages show, from the same engine, each followed
by its breakdown when it has one."""

import json
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from pdms.accounts.scope import system_scope
from pdms.core.dates import format_date, parse_date, today
from pdms.core.errors import DomainError
from pdms.indicators.engine import Context, Part, Result, evaluate, get
from pdms.organizations.selectors import get_organization_by_code_for_user


class Command(BaseCommand):
    help = (
        "Show indicators of an organization's subtree for a period, as of a date (all indicators when no KEY is given), "
        "each followed by its breakdown when it has one."
    )

    def add_arguments(self, parser):
        parser.add_argument("keys", nargs="*", metavar="KEY", help="indicator keys, e.g. members_total")
        parser.add_argument("--org", required=True, help="organization code")
        parser.add_argument("--from", dest="start", help="start of the period, dd/mm/yyyy (default: 1 January of the as-of year)")
        parser.add_argument("--to", dest="end", help="end of the period, dd/mm/yyyy (default: the as-of date)")
        parser.add_argument("--as-of", dest="as_of", help="date of the tree's structure and of the records, dd/mm/yyyy (default: today)")
        parser.add_argument("--format", dest="output_format", choices=("table", "json"), default="table")

    def handle(self, *args, keys, org, start, end, as_of, output_format, verbosity, **options):
        scope = system_scope()
        organization = get_organization_by_code_for_user(scope, org)
        if organization is None:
            raise CommandError(_("No organization has the code %(code)s.") % {"code": org})
        try:
            day = parse_date(as_of, field="as_of") if as_of else today()
            ctx = Context.build(
                scope=scope,
                organization=organization,
                as_of=day,
                start=parse_date(start, field="from") if start else None,
                end=parse_date(end, field="to") if end else None,
            )
            results = evaluate(ctx, keys)
        except DomainError as exc:
            raise CommandError(exc.message)
        parts = {result.key: get(result.key).parts(ctx) for result in results}

        if output_format == "json":
            self.stdout.write(json.dumps(_payload(organization.code, ctx, results, parts), ensure_ascii=False, indent=2))
            return
        if verbosity >= 2:
            self.stdout.write(
                _("%(org)s (%(code)s), as of %(as_of)s, period %(start)s – %(end)s")
                % {
                    "org": organization.name,
                    "code": organization.code,
                    "as_of": format_date(ctx.as_of),
                    "start": format_date(ctx.start),
                    "end": format_date(ctx.end),
                }
            )
        rows = []
        for result in results:
            rows.append(_row(result))
            rows.extend(_part_row(part) for part in parts[result.key])
        if verbosity >= 1:
            rows.insert(0, [_("Key"), _("Indicator"), _("Value"), _("Numerator/denominator"), _("Percent")])
        self.stdout.write(_table(rows))


def _payload(code: str, ctx: Context, results: list[Result], parts: dict[str, list[Part]]) -> dict:
    return {
        "organization": code,
        "as_of": ctx.as_of.isoformat(),
        "from": ctx.start.isoformat(),
        "to": ctx.end.isoformat(),
        "indicators": [_indicator_dict(result, parts[result.key]) for result in results],
    }


def _indicator_dict(result: Result, parts: list[Part]) -> dict:
    data = result.as_dict()
    if parts:
        data["parts"] = [{"key": part.key, "label": part.label, "value": part.value} for part in parts]
    return data


def _number(value) -> str:
    if value is None:
        return ""
    # Vietnamese grouping and decimal comma: 60.000 members, 33,33 %.
    return number_format(value, decimal_pos=None if isinstance(value, int) else 2, force_grouping=True)


def _row(result: Result) -> list[str]:
    ratio = f"{_number(result.numerator)}/{_number(result.denominator)}" if result.denominator is not None else ""
    pct = f"{_number(result.percent)}%" if result.percent is not None else ""
    return [result.key, result.label, _number(result.value), ratio, pct]


def _part_row(part: Part) -> list[str]:
    # Indented under the indicator it breaks down.
    return [f"  {part.key}", f"  {part.label}", _number(part.value), "", ""]


def _width(text: str) -> int:
    # Decomposed Vietnamese letters carry combining marks that take no column.
    return sum(1 for ch in text if not unicodedata.combining(ch))


def _table(rows: list[list[str]]) -> str:
    """Columns padded to their widest cell: text left-aligned, figures right-aligned."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell + " " * (width - _width(cell)) if i < 2 else " " * (width - _width(cell)) + cell
            for i, (cell, width) in enumerate(zip(row, widths))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
